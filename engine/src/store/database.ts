/** Opens the store: PGlite in a data folder or in memory, or a PostgreSQL server; migrates it at start-up. */
import { PGlite } from '@electric-sql/pglite';
import { type PgDatabase, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import postgres from 'postgres';
import { MIGRATIONS_DIR } from '../paths';
import { acquireDataDirLock } from './data-dir-lock';
import * as schema from './schema';

export type Schema = typeof schema;
/** A drizzle database over either driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What repositories accept: the database itself or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Calls onNotify for each notice on the channel; onListen each time the listener is (re)connected.
   * Resolves once listening, to the function that stops it.
   */
  listen(channel: string, onNotify: () => void, onListen: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A postgres:// URL; when set, dataDir is ignored. */
  databaseUrl?: string | undefined;
  /** Postgres pool size; default 10. */
  maxConnections?: number | undefined;
  /** PGlite data directory, or 'memory://' for a throwaway in-memory database. */
  dataDir?: string | undefined;
  /** In-memory PGlite only: start from this data directory dump (PGlite's dumpDataDir) instead of an empty cluster. */
  loadDataDir?: Blob | undefined;
}

export const MEMORY_DATA_DIR = 'memory://';

// Any fixed 64-bit number; it only has to be the same in every engine process.
const MIGRATION_LOCK_KEY = 4_711_202_611_230_001n;

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.maxConnections ?? 10);
  return openPglite(options.dataDir ?? MEMORY_DATA_DIR, options.loadDataDir);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  await migratePostgresLocked(url);
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // A server that cannot be reached fails requests within seconds (503), not after the default 30 s.
    connect_timeout: 5,
    // Reconnect within a second of the server's return: the default backoff grows to 20 s after a
    // few failed attempts, and requests would wait that long after an outage.
    backoff: (attempts: number) => Math.min(0.05 * 2 ** attempts, 1),
  });
  const db = drizzlePostgres({ client, schema });
  // postgres.js listens on a connection of its own and listens again after reconnecting.
  const listen = async (channel: string, onNotify: () => void, onListen: () => void) => {
    const { unlisten } = await client.listen(channel, onNotify, onListen);
    return unlisten;
  };
  return { db, kind: 'postgres', listen, close: once(() => client.end({ timeout: 5 })) };
}

/**
 * Several engine processes may start at once against one server: a session
 * advisory lock, held on a dedicated single connection, lets one migrate while
 * the others wait and then find nothing left to do.
 */
async function migratePostgresLocked(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY.toString()}::bigint)`;
    try {
      await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY.toString()}::bigint)`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function openPglite(dataDir: string, loadDataDir: Blob | undefined): Promise<Database> {
  const inMemory = dataDir === MEMORY_DATA_DIR;
  if (loadDataDir && !inMemory) throw new Error('loadDataDir is only supported with an in-memory database.');
  const lock = inMemory ? undefined : acquireDataDirLock(dataDir);
  let client: PGlite | undefined;
  try {
    client = await PGlite.create(lock?.dataDir ?? MEMORY_DATA_DIR, loadDataDir ? { loadDataDir } : {});
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR });
    const opened = client;
    const close = once(async () => {
      try {
        await opened.close();
      } finally {
        lock?.release();
      }
    });
    const listen = async (channel: string, onNotify: () => void, onListen: () => void) => {
      const unlisten = await opened.listen(channel, onNotify);
      onListen();
      return unlisten;
    };
    return { db, kind: 'pglite', listen, close };
  } catch (error) {
    await client?.close().catch(() => {});
    lock?.release();
    throw error;
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

/** Rows of a raw `db.execute` result: PGlite answers `{ rows }`, postgres-js an array. */
export async function queryRows<T = Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
