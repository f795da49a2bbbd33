/** An engine process started as `pnpm start` starts it (`node dist/main.js`), for tests across processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const engineDir = fileURLToPath(new URL('../../engine', import.meta.url));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Engine {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The engine's entry point as `pnpm start` runs it, on the database, listening once it says so. */
export async function startEngine(databaseUrl: string): Promise<Engine> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    DUNWELL_RUN_CHUNK_SIZE: '100',
    // A chunk whose process was killed is retried this soon.
    DUNWELL_RUN_CHUNK_TIMEOUT_SECONDS: '15',
    DUNWELL_DEMO_LEDGER: '0',
  };
  delete env.INIT_CWD;
  // The production build (tests/build-engine.ts builds it before the tests), as `pnpm start` runs it.
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
    cwd: engineDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the engine did not start: ${output}`)), 90_000);
    child.stdout!.on('data', (c: Buffer) => {
      output += c.toString();
      if (output.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the engine exited with ${code}: ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
