import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { DataDirLockedError } from './errors';
import { createPolicy, getPolicy } from './policies';
import { createTempPostgresDatabase, queryRows, testDatabaseUrl } from './testing';

const engineDir = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./hold-data-dir.fixture.ts', import.meta.url));
const SLOW = 90_000;

const draft = { nodes: [], edges: [] };

async function appliedMigrations(db: Parameters<typeof queryRows>[0]): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return Number(row?.n);
}

/** A child process that opens dataDir with openDatabase and holds it until its stdin closes. */
async function holdInChild(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], {
    cwd: engineDir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before it was ready: ${stderr}`)));
  });
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', '']);
  return result.pid!;
}

describe('PGlite data directory', () => {
  let root: string;
  let dataDir: string;
  let lockFile: string;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dunwell-store-'));
    dataDir = path.join(root, 'nested', 'data');
    lockFile = path.join(dataDir, 'dunwell.lock');
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it(
    'creates, migrates and reopens a data directory without migrating twice',
    async () => {
      const first = await openDatabase({ dataDir });
      expect(first.kind).toBe('pglite');
      expect(fs.readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid));
      await createPolicy(first.db, { id: 'kept', name: 'Kept', draft });
      const migrations = await appliedMigrations(first.db);
      expect(migrations).toBeGreaterThanOrEqual(2);
      await first.close();
      expect(fs.existsSync(lockFile)).toBe(false);

      const second = await openDatabase({ dataDir });
      try {
        expect(await appliedMigrations(second.db)).toBe(migrations);
        expect((await getPolicy(second.db, 'kept'))?.name).toBe('Kept');
      } finally {
        await second.close();
      }
    },
    SLOW,
  );

  it(
    'refuses a second open in the same process',
    async () => {
      const first = await openDatabase({ dataDir });
      try {
        const second = openDatabase({ dataDir: path.relative(process.cwd(), dataDir) });
        await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
        await expect(second).rejects.toMatchObject({ pid: process.pid, dataDir });
      } finally {
        await first.close();
      }
      const again = await openDatabase({ dataDir });
      await again.close();
    },
    SLOW,
  );

  it(
    'refuses a data directory another live process holds, and opens it once that process let go',
    async () => {
      const child = await holdInChild(dataDir);
      children.push(child);

      const error = await openDatabase({ dataDir }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as DataDirLockedError).pid).toBe(child.pid);
      expect((error as Error).message).toBe(
        `Data directory ${dataDir} is already in use by process ${child.pid}. ` +
          'Stop that process or set DUNWELL_DATA_DIR to another directory.',
      );

      child.stdin!.end();
      await exited(child);
      expect(child.exitCode).toBe(0);
      expect(fs.existsSync(lockFile)).toBe(false);

      const reopened = await openDatabase({ dataDir });
      await reopened.close();
    },
    SLOW,
  );

  it(
    'takes over a lock file naming a dead process',
    async () => {
      const pid = deadPid();
      fs.writeFileSync(lockFile, `${pid}\n`);

      const database = await openDatabase({ dataDir });
      try {
        expect(fs.readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid));
      } finally {
        await database.close();
      }
      expect(fs.existsSync(lockFile)).toBe(false);
    },
    SLOW,
  );

  it(
    'takes over the lock of a killed process and finds its data intact',
    async () => {
      const child = await holdInChild(dataDir);
      children.push(child);
      child.kill('SIGKILL');
      await exited(child);
      expect(fs.readFileSync(lockFile, 'utf8').trim()).toBe(String(child.pid));

      const database = await openDatabase({ dataDir });
      try {
        expect((await getPolicy(database.db, 'kept'))?.name).toBe('Kept');
      } finally {
        await database.close();
      }
    },
    SLOW,
  );
});

describe.skipIf(!testDatabaseUrl())('PostgreSQL start-up', () => {
  it(
    'lets several processes start at once on a new database and migrates it once',
    async () => {
      const temp = await createTempPostgresDatabase(testDatabaseUrl()!);
      try {
        const opened = await Promise.all(
          Array.from({ length: 4 }, () => openDatabase({ databaseUrl: temp.url, maxConnections: 2 })),
        );
        try {
          expect(opened.every((d) => d.kind === 'postgres')).toBe(true);
          const [first] = opened;
          const rows = await queryRows<{ hash: string }>(first!.db, sql`select hash from drizzle.__drizzle_migrations`);
          expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);
          expect(rows.length).toBeGreaterThanOrEqual(2);
        } finally {
          await Promise.all(opened.map((d) => d.close()));
        }
      } finally {
        await temp.drop();
      }
    },
    SLOW,
  );
});
