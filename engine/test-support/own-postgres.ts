/**
 * A PostgreSQL server of a test's own, for tests that stop the database: initdb and pg_ctl into a
 * temporary folder, on a free port, never the machine's shared server. As root, the server runs as
 * the `postgres` user (PostgreSQL refuses to run as root).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './engine-process';

const run = promisify(execFile);

export interface OwnPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  /** Stops the server the way an operator's fast shutdown does: sessions are cut, queries fail. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  dispose(): Promise<void>;
}

/** Where initdb and pg_ctl are, or undefined on a machine without a PostgreSQL server installed. */
export async function postgresBinDir(): Promise<string | undefined> {
  try {
    const { stdout } = await run('pg_config', ['--bindir']);
    const dir = stdout.trim();
    if (existsSync(path.join(dir, 'initdb'))) return dir;
  } catch {
    // No pg_config: look where Debian puts the server.
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? (await fs.readdir(root)).sort().reverse() : [];
  return versions.map((v) => path.join(root, v, 'bin')).find((dir) => existsSync(path.join(dir, 'initdb')));
}

const asRoot = process.getuid?.() === 0;

/** Runs a server program, as `postgres` when this process is root. */
async function pg(bin: string, args: string[]): Promise<void> {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  await run(file, argv, { timeout: 60_000 });
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = await postgresBinDir();
  if (!bin) throw new Error('No PostgreSQL server programs (initdb, pg_ctl) on this machine');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dunwell-pg-'));
  if (asRoot) await run('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  const port = await freePort();
  await pg(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const ctl = (...args: string[]) => pg(path.join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '60', ...args]);
  const start = () => ctl('-o', options, '-l', path.join(dir, 'server.log'), 'start');
  await start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: async () => {
      await start();
      running = true;
    },
    stop: async () => {
      await ctl('-m', 'fast', 'stop');
      running = false;
    },
    dispose: async () => {
      if (running) await ctl('-m', 'immediate', 'stop').catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
