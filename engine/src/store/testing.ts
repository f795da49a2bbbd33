/** Test helpers shared by every suite that needs a store (store, API, decide); index.ts does not export them. */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe } from 'vitest';
import { MIGRATIONS_DIR } from '../paths';
import { MEMORY_DATA_DIR, openDatabase, type Database, type Db } from './database';

export interface OpenedStore {
  database: Database;
  /** Closes the database and, for Postgres, drops it. */
  dispose(): Promise<void>;
}

export interface StoreTarget {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database. */
  open(): Promise<OpenedStore>;
}

const OPEN_TIMEOUT_MS = 60_000;

/**
 * The Postgres server for tests, from TEST_DATABASE_URL. Missing is fine on a
 * developer's machine (the Postgres suites are left out) but an error in CI,
 * where silently testing only PGlite would hide Postgres-only breakage.
 */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env['TEST_DATABASE_URL']?.trim();
  if (url) return url;
  if (isCi(env)) {
    throw new Error(
      'TEST_DATABASE_URL is not set, but CI is: the store suites must also run against PostgreSQL in CI. ' +
        'Start the server and set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test.',
    );
  }
  return undefined;
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env['CI']?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

export function storeTargets(env: NodeJS.ProcessEnv = process.env): StoreTarget[] {
  const targets: StoreTarget[] = [{ name: 'pglite', open: openMemoryStore }];
  const url = testDatabaseUrl(env);
  if (url) targets.push({ name: 'postgres', open: () => openPostgresStore(url) });
  return targets;
}

async function openMemoryStore(): Promise<OpenedStore> {
  let template: Blob | undefined;
  try {
    template = await migratedTemplate();
  } catch {
    template = undefined; // a cache problem must not fail a test: start from an empty cluster
  }
  const database = await openDatabase({ dataDir: MEMORY_DATA_DIR, loadDataDir: template }).catch(async (error) => {
    if (!template) throw error;
    templatePromise = undefined;
    return openDatabase({ dataDir: MEMORY_DATA_DIR });
  });
  return { database, dispose: () => database.close() };
}

// A new in-memory PGlite runs initdb (~4 s); loading a dump of an already
// migrated cluster takes under 1 s. The dump is cached in the OS temp folder,
// keyed by the migrations' content, and shared by every test worker.
let templatePromise: Promise<Blob> | undefined;

function migratedTemplate(): Promise<Blob> {
  return (templatePromise ??= loadOrBuildTemplate());
}

async function loadOrBuildTemplate(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `dunwell-pglite-template-${await migrationsDigest()}.tar`);
  try {
    return new Blob([await fs.readFile(file)]);
  } catch {
    // Not built yet by any worker.
  }
  const client = await PGlite.create(MEMORY_DATA_DIR);
  try {
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR });
    const dump = await client.dumpDataDir('none');
    const temp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temp, new Uint8Array(await dump.arrayBuffer()));
    await fs.rename(temp, file);
    await removeOtherTemplates(file);
    return dump;
  } finally {
    await client.close();
  }
}

/** Templates of older migration sets are never read again. */
async function removeOtherTemplates(keep: string): Promise<void> {
  const dir = path.dirname(keep);
  for (const name of await fs.readdir(dir)) {
    if (name.startsWith('dunwell-pglite-template-') && name.endsWith('.tar') && path.join(dir, name) !== keep) {
      await fs.rm(path.join(dir, name), { force: true });
    }
  }
}

async function migrationsDigest(): Promise<string> {
  const hash = createHash('sha256');
  const files = (await fs.readdir(MIGRATIONS_DIR, { recursive: true })).sort();
  for (const name of files) {
    const full = path.join(MIGRATIONS_DIR, name);
    if (!(await fs.stat(full)).isFile()) continue;
    hash
      .update(name)
      .update('\0')
      .update(await fs.readFile(full))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

async function openPostgresStore(serverUrl: string): Promise<OpenedStore> {
  const temp = await createTempPostgresDatabase(serverUrl);
  try {
    const database = await openDatabase({ databaseUrl: temp.url });
    return {
      database,
      async dispose() {
        await database.close();
        await temp.drop();
      },
    };
  } catch (error) {
    await temp.drop();
    throw error;
  }
}

/** An empty database (no migrations run) on the server of serverUrl, one per caller, so test files can run in parallel. */
export async function createTempPostgresDatabase(
  serverUrl: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `dunwell_t_${randomBytes(8).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.unsafe(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin(serverUrl, (admin) => admin.unsafe(`drop database if exists "${name}" with (force)`)),
  };
}

async function withAdmin(serverUrl: string, run: (admin: postgres.Sql) => Promise<unknown>): Promise<void> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await run(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/**
 * Runs `body` once per target in a describe block named `${title} (${target})`,
 * with a fresh database opened before its tests and disposed after them.
 * `store.db` / `store.database` are only readable inside hooks and tests.
 */
export function describeEachStore(title: string, body: (store: StoreAccessor) => void): void {
  const targets = storeTargets();
  if (!targets.some((t) => t.name === 'postgres')) {
    // Listed as skipped, so a local run shows what it did not cover.
    const absent: StoreTarget = {
      name: 'postgres',
      open: () => Promise.reject(new Error('TEST_DATABASE_URL is not set')),
    };
    describe.skip(`${title} (postgres: set TEST_DATABASE_URL to run)`, () =>
      body(storeAccessor(absent, () => undefined)));
  }
  for (const target of targets) {
    describe(`${title} (${target.name})`, () => {
      let opened: OpenedStore | undefined;
      beforeAll(async () => {
        opened = await target.open();
      }, OPEN_TIMEOUT_MS);
      afterAll(async () => {
        await opened?.dispose();
      }, OPEN_TIMEOUT_MS);
      body(storeAccessor(target, () => opened?.database));
    });
  }
}

export interface StoreAccessor {
  readonly db: Db;
  readonly database: Database;
  readonly target: StoreTarget;
}

function storeAccessor(target: StoreTarget, current: () => Database | undefined): StoreAccessor {
  const database = () => {
    const opened = current();
    if (!opened) throw new Error('The store is not open yet: use it inside a hook or a test.');
    return opened;
  };
  return {
    get db() {
      return database().db;
    },
    get database() {
      return database();
    },
    target,
  };
}

export { queryRows } from './database';
