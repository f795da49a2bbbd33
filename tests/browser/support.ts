/**
 * What every browser suite starts from: `describeInBrowser` runs with Chromium, is skipped without
 * it on a developer's machine, and fails in CI, where Chromium must be installed; screenshots go
 * to test-results/screenshots/; axe-core checks a page's accessibility.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import {
  chromiumAvailable,
  CHROMIUM_PATH,
  ensureEditorBuilt,
  launchChromium,
  startEditorServer,
  type EditorServer,
} from '../../editor/testing/browser';

const inCi = ['1', 'true'].includes((process.env.CI ?? '').toLowerCase());
if (!chromiumAvailable() && inCi) {
  throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: CI must install it (apt-get install -y chromium)`);
}

export const describeInBrowser = chromiumAvailable() ? describe : describe.skip;

export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });

/** axe-core's serious and critical findings on the page as it stands, one line each. */
export async function seriousAccessibilityProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.any[0]?.message ?? ''}`).join('; ')}`,
    );
}

/**
 * Errors the page logs to its console, from now on. Chromium logs every 4xx answer as a failed
 * resource; those are the API refusing input on purpose, which the page shows in its own words.
 */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  const refused = /^Failed to load resource: the server responded with a status of 4\d\d/;
  page.on('console', (message) => {
    if (message.type() === 'error' && !refused.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** A page in its own browser context, as axe-core needs to run its checks. */
export async function openPage(browser: Browser, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  return context.newPage();
}

export interface EditorSession {
  server: EditorServer;
  browser: Browser;
  page: Page;
  /** What the page logs as errors from the start (see consoleErrors). */
  errors: string[];
  close(): Promise<void>;
}

/**
 * The editor built and served on a fresh embedded database, open in Chromium at `path` once its
 * canvas shows a start; `prepare` runs against the engine first (settings, policies by the API).
 */
export async function openEditor(
  options: {
    viewport?: { width: number; height: number };
    path?: string;
    prepare?: (url: string) => Promise<void>;
  } = {},
): Promise<EditorSession> {
  ensureEditorBuilt();
  const server = await startEditorServer();
  await options.prepare?.(server.url);
  const browser = await launchChromium();
  const page = await openPage(browser, options.viewport);
  const errors = consoleErrors(page);
  await page.goto(`${server.url}${options.path ?? '/'}`);
  await page.waitForSelector('[data-testid="node-start"]');
  return {
    server,
    browser,
    page,
    errors,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
