/**
 * The editor with API keys on, in real Chromium: it asks for a key, refuses a wrong one, shows who
 * is signed in, edits and saves, and is refused publishing its own draft under four-eyes; another
 * key publishes it.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureEditorBuilt, launchChromium, startEditorServer, type EditorServer } from '../../editor/testing/browser';
import { describeInBrowser, SCREENSHOTS } from './support';

describeInBrowser('the editor signed in with an API key, under four-eyes', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  let ana: { id: string; token: string };

  const api = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    ensureEditorBuilt();
    server = await startEditorServer({ auth: 'keys' });
    const made = await api('POST', '/v1/keys', server.firstKey!, {
      name: 'Ana Credit',
      scopes: ['policies:edit', 'policies:publish', 'reports:read'],
    });
    expect(made.status).toBe(201);
    ana = made.body;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.url}/`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const shot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}${name}.png` });

  it('asks for a key and refuses a wrong one', async () => {
    await page.getByTestId('api-key').waitFor();
    await shot('sign-in');
    await page.getByTestId('api-key').fill(`dw_000000000000_${'A'.repeat(43)}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'unknown or revoked' }).waitFor();
  });

  it('signs in, shows who is signed in, and opens the default policy', async () => {
    await page.getByTestId('api-key').fill(ana.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('[data-testid="node-start"]');
    expect(await page.getByTestId('signed-in').textContent()).toContain('Ana Credit');
  });

  it('edits and saves, then is refused publishing its own draft; another key publishes it', async () => {
    await page.getByTestId('node-start').click();
    await page.getByLabel('Name on the canvas').fill('Every open invoice');
    await page.getByTestId('save-draft').click();
    await page
      .getByText(/Draft saved/)
      .first()
      .waitFor();

    await page.getByTestId('publish').click();
    await page.getByTestId('publish-note').fill('Renamed the start');
    await page.getByTestId('publish-confirm').click();
    await page
      .getByText(/Four-eyes/)
      .first()
      .waitFor();
    await shot('four-eyes-refused');
    expect(await page.getByTestId('draft-status').textContent()).toContain('Active: v1');

    const published = await api('POST', '/v1/policies/standard-b2b/versions', server.firstKey!, { note: 'Reviewed' });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 2, author: ana.id });
  });
});
