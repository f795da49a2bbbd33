/**
 * The decision log screen in Chromium: logged decisions newest first, searched by outcome and
 * invoice, and a row opened to its explanation.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureEditorBuilt, launchChromium, startEditorServer, type EditorServer } from '../../editor/testing/browser';
import { describeInBrowser, SCREENSHOTS } from './support';

const request = (id: string, extra: { disputed?: boolean; openAmount?: number; dueDate?: string } = {}) => ({
  invoice: {
    id,
    accountId: `ACC-${id}`,
    amount: 5000,
    openAmount: extra.openAmount ?? 5000,
    currency: 'EUR',
    issueDate: '2026-01-15',
    dueDate: extra.dueDate ?? '2026-02-14',
    disputed: extra.disputed ?? false,
  },
  account: { id: `ACC-${id}`, country: 'DE', emailAllowed: true, smsAllowed: true, callAllowed: true },
  asOf: '2026-03-10T09:00:00Z',
});

describeInBrowser('the decision log screen in Chromium', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  const outcomes = new Map<string, string>();

  beforeAll(async () => {
    ensureEditorBuilt();
    server = await startEditorServer();
    for (const body of [
      request('LOG-LATE'),
      request('LOG-DISPUTED', { disputed: true }),
      request('LOG-PAID', { openAmount: 0 }),
      request('LOG-EARLY', { dueDate: '2026-04-30' }),
    ]) {
      const res = await fetch(`${server.url}/v1/decide`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      outcomes.set(body.invoice.id, ((await res.json()) as { outcome: string }).outcome);
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid="node-start"]');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const rows = () => page.getByTestId('log-table').locator('tbody tr');
  // One read of the whole column: a row that goes away while the table re-renders is not waited for.
  const column = async (i: number) =>
    (
      await page
        .getByTestId('log-table')
        .locator(`tbody tr td:nth-child(${i + 1})`)
        .allTextContents()
    ).map((t) => t.trim());

  it('lists every logged decision from the navigation', async () => {
    await page.getByRole('link', { name: 'Decisions' }).click();
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(4);
    expect((await column(1)).sort()).toEqual(['LOG-DISPUTED', 'LOG-EARLY', 'LOG-LATE', 'LOG-PAID']);
  });

  it('searches by outcome and by invoice', async () => {
    const stops = [...outcomes].filter(([, o]) => o === 'stop').map(([id]) => id);
    expect(stops.length).toBeGreaterThan(0);
    await page.getByTestId('log-outcome').selectOption('stop');
    await page.getByTestId('log-search').click();
    await expect.poll(async () => (await column(1)).sort(), { timeout: 10_000 }).toEqual(stops.sort());
    expect(new Set(await column(3))).toEqual(new Set(['stop']));

    await page.getByTestId('log-outcome').selectOption('');
    await page.getByTestId('log-invoice').fill('LOG-LATE');
    await page.getByTestId('log-search').click();
    await expect.poll(() => column(1), { timeout: 10_000 }).toEqual(['LOG-LATE']);
  });

  it('opens a decision to its explanation', async () => {
    await rows().first().click();
    const detail = page.getByTestId('log-detail');
    await detail.waitFor();
    expect(await detail.getByTestId('decision-outcome').textContent()).toBe(
      await rows().first().locator('td').nth(4).textContent(),
    );
    expect(await detail.locator('.step').count()).toBeGreaterThan(2);
    await page.screenshot({ path: `${SCREENSHOTS}decision-log.png` });
  });
});
