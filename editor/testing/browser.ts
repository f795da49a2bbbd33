/**
 * Shared by the browser tests and the benchmark: build the editor when its build is missing or
 * older than its sources, launch Debian's Chromium through playwright-core, and start the engine
 * in-process on a fresh data folder, serving that build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const EDITOR_DIR = fileURLToPath(new URL('..', import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ENGINE_POLICY_DIR = fileURLToPath(new URL('../../engine/src/policy', import.meta.url));
const ENGINE_DECIDE_DIR = fileURLToPath(new URL('../../engine/src/decide', import.meta.url));

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/**
 * Builds editor/dist unless it is newer than every source it is built from. Always a production
 * build: vitest sets NODE_ENV=test, and a build inheriting it bundles React's development build
 * (in the canvas benchmark: loading ~4× and each drag move ~2× slower), which the benchmark would
 * then reuse as up to date.
 */
export function ensureEditorBuilt(): void {
  const index = join(EDITOR_DIR, 'dist', 'index.html');
  const sources = [
    join(EDITOR_DIR, 'src'),
    join(EDITOR_DIR, 'index.html'),
    join(EDITOR_DIR, 'vite.config.ts'),
    ENGINE_POLICY_DIR,
    ENGINE_DECIDE_DIR,
  ];
  if (existsSync(index) && statSync(index).mtimeMs > Math.max(...sources.map(newestMtime))) return;
  execFileSync(join(EDITOR_DIR, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
    cwd: EDITOR_DIR,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM_PATH);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface EditorServer {
  url: string;
  /** With keys on: the first admin key. */
  firstKey?: string;
  close(): Promise<void>;
}

/**
 * The engine on a free loopback port with its own embedded database, serving editor/dist; API keys
 * off unless asked for. With `demo`, as a first start of `pnpm start` is: the shipped models and
 * the demo ledger with its 90 days of runs up to today.
 */
export async function startEditorServer(
  options: { auth?: 'keys' | 'off'; demo?: boolean } = {},
): Promise<EditorServer> {
  const { startServer } = await import('@dunwell/engine/server');
  const { SHIPPED_MODELS_DIR } = await import('@dunwell/engine/paths');
  const dataDir = join(mkdtempSync(join(tmpdir(), 'dunwell-editor-')), 'data');
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    auth: options.auth ?? 'off',
    ...(options.demo ? { demoLedger: true, modelsDir: SHIPPED_MODELS_DIR } : {}),
  });
  return {
    url: server.url,
    firstKey: server.firstKey,
    close: async () => {
      await server.close();
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    },
  };
}
