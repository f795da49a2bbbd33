/**
 * `pnpm keys` on the embedded database (the production build, as `pnpm keys` runs it): a key made
 * on the command line works against the engine started on the same folder afterwards, and a key
 * revoked there stops working.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '@dunwell/engine/server';
import { freshDataDir, http } from './support';

const run = promisify(execFile);
const engineDir = fileURLToPath(new URL('../../engine/', import.meta.url));

describe('pnpm keys', () => {
  let dataDir: string;
  const keys = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DUNWELL_DATA_DIR: dataDir };
    delete env['DATABASE_URL'];
    delete env['INIT_CWD'];
    return run(process.execPath, ['dist/keys-cli.js', ...args], { cwd: engineDir, env });
  };

  beforeAll(async () => {
    dataDir = await freshDataDir();
  });
  afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

  it('makes a key that works, lists it, revokes it, and refuses unknown scopes', async () => {
    const made = await keys('create', '--name', 'billing system', '--scopes', 'ledger:write,reports:read');
    const token = /token \(shown this once; keep it\): (dw_\S+)/.exec(made.stdout)?.[1];
    expect(token).toBeDefined();
    const id = token!.slice(3, 15);
    expect((await keys('list')).stdout).toContain(`${id}  live     billing system  [ledger:write, reports:read]`);
    await expect(keys('create', '--name', 'x', '--scopes', 'everything')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Unknown scope: everything'),
    });

    const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, auth: 'keys' });
    try {
      // A key exists, so the first start made no admin key of its own.
      expect(server.firstKey).toBeUndefined();
      const me = await http(server.url, 'GET', '/v1/keys/me', undefined, { authorization: `Bearer ${token}` });
      expect(me.body).toMatchObject({ id, name: 'billing system' });
    } finally {
      await server.close();
    }
    expect((await keys('revoke', id)).stdout).toContain('revoked');
    const again = await startServer({ host: '127.0.0.1', port: 0, dataDir, auth: 'keys' });
    try {
      const refused = await http(again.url, 'GET', '/v1/keys/me', undefined, { authorization: `Bearer ${token}` });
      expect(refused.status).toBe(401);
    } finally {
      await again.close();
    }
  }, 120_000);
});
