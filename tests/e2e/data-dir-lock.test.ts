/**
 * One process owns an embedded data directory: the real entry point started on a directory a
 * running server holds stops with a clear message, and the running server is unharmed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { client, invoiceRequest, startOnDisk, type StartedServer } from './support';

const engineDir = fileURLToPath(new URL('../../engine', import.meta.url));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `node dist/main.js` in engine/, as `pnpm start` runs it; killed if it is still running after the timeout. */
function runMain(env: Record<string, string>, timeoutMs = 60_000): Promise<Exit> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv['DATABASE_URL'];
  delete childEnv['INIT_CWD'];
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
    cwd: engineDir,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('a second process on the same PGlite data directory', () => {
  let first: StartedServer & { dataDir: string };
  beforeAll(async () => {
    first = await startOnDisk();
  }, 120_000);
  afterAll(async () => {
    await first?.stop();
  }, 60_000);

  it('exits non-zero naming the directory, and the first server keeps deciding', async () => {
    const api = client({ url: first.url, target: 'pglite', firstKey: '' });
    const before = await api.decide(invoiceRequest({ invoiceId: 'LOCK-1', asOf: '2026-04-01' }));
    expect(before.outcome).toBe('action');

    const second = await runMain({ DUNWELL_DATA_DIR: first.dataDir, PORT: '0', HOST: '127.0.0.1' });
    expect(second.signal, `the second process did not stop by itself: ${second.stdout}`).toBeNull();
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(first.dataDir);
    expect(second.stderr).toContain('already in use');
    expect(second.stdout).not.toContain('listening');

    const after = await api.decide(invoiceRequest({ invoiceId: 'LOCK-1', asOf: '2026-04-08' }));
    expect(after).toMatchObject({ outcome: 'action', action: { type: 'call' } });
    const { items } = await api.get('/v1/decisions?invoiceId=LOCK-1');
    expect(items.map((i: { decision: { decisionId: string } }) => i.decision.decisionId)).toEqual([
      after.decisionId,
      before.decisionId,
    ]);
    expect((await api.get('/healthz')).status).toBe('ok');
  }, 90_000);
});
