/**
 * Processes that serve on a port, for the tests across processes and the HTTP bench: above all the
 * engine as `pnpm start` runs it, the production build (`node dist/main.js`; tests/build-engine.ts
 * builds it before the tests, `pnpm bench` before the HTTP bench).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const engineDir = fileURLToPath(new URL('..', import.meta.url));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Served {
  url: string;
  child: ChildProcess;
  /** The first admin API key the engine printed, when it started with keys on and made one. */
  firstKey?: string;
  stop(): Promise<void>;
}

/** Node with `args` in engine/ on a free port (PORT, HOST), once it prints that it is listening. */
export async function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const port = await freePort();
  // Request lines only when asked for (the HTTP bench does, as production logs them).
  const merged: NodeJS.ProcessEnv = {
    DUNWELL_LOG_LEVEL: 'warn',
    ...process.env,
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  delete merged.INIT_CWD;
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  const child = spawn(process.execPath, args, { cwd: engineDir, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start: ${output}`)), 90_000);
    const started = (c: Buffer) => {
      output += c.toString();
      if (!output.includes('listening')) return;
      clearTimeout(timer);
      // Read on, so the child never blocks on a full pipe, but keep nothing.
      child.stdout!.off('data', started).on('data', () => undefined);
      resolve();
    };
    child.stdout!.on('data', started);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    firstKey: /first admin API key[^:]*: (dw_\S+)/.exec(output)?.[1],
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export type Engine = Served;

/** The engine's production build on a PostgreSQL database, with an empty ledger, keys off unless `env` turns them on. */
export function startEngine(databaseUrl: string, env: NodeJS.ProcessEnv = {}): Promise<Engine> {
  return serve(['--enable-source-maps', 'dist/main.js'], {
    DATABASE_URL: databaseUrl,
    DUNWELL_RUN_CHUNK_SIZE: '100',
    // A chunk whose process was killed is retried this soon.
    DUNWELL_RUN_CHUNK_TIMEOUT_SECONDS: '15',
    DUNWELL_DEMO_LEDGER: '0',
    DUNWELL_AUTH: 'off',
    ...env,
  });
}
