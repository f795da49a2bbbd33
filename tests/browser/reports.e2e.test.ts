/**
 * The reports screen in Chromium: reached from the policy editor's navigation, it charts and
 * tabulates the KPIs of the ledger (the hand-computed example of docs/measures.md), and says what
 * to do when a currency has no rate.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureEditorBuilt, launchChromium, startEditorServer, type EditorServer } from '../../editor/testing/browser';
import { describeInBrowser, SCREENSHOTS } from './support';

const invoice = (invoiceId: string, issueDate: string, dueDate: string, amount: number, currency = 'EUR') => ({
  invoiceId,
  accountId: 'ACME',
  issueDate,
  dueDate,
  amount,
  currency,
  settledDate: null,
  disputed: null,
});

describeInBrowser('the reports screen in Chromium', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;

  const send = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
  };

  beforeAll(async () => {
    ensureEditorBuilt();
    server = await startEditorServer();
    await send('POST', '/v1/ledger/invoices', {
      invoices: [
        invoice('I1', '2026-01-05', '2026-02-04', 1000),
        invoice('I2', '2026-01-10', '2026-02-09', 2000),
        invoice('I3', '2026-01-25', '2026-02-24', 100, 'USD'),
        invoice('I4', '2026-02-10', '2026-03-12', 3000),
        invoice('I5', '2026-02-01', '2026-02-28', 400),
      ],
    });
    await send('POST', '/v1/ledger/payments', {
      payments: [
        { id: 'P1', invoiceId: 'I1', amount: 1000, paidOn: '2026-01-20' },
        { id: 'P2', invoiceId: 'I2', amount: 500, paidOn: '2026-02-15' },
      ],
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid="node-start"]');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says which currency needs a rate before it adds them up', async () => {
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByTestId('kpi-from').fill('2026-01-01');
    await page.getByTestId('kpi-to').fill('2026-02-28');
    await page.getByRole('alert').filter({ hasText: 'EUR, USD' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/reports');
  });

  it('charts and tabulates DSO, best possible DSO, ADD and CEI per month', async () => {
    await send('PUT', '/v1/settings/fx-rates', { reportingCurrency: 'EUR', rates: { USD: 0.9 } });
    // Another month and back: the report is asked for again.
    await page.getByTestId('kpi-to').fill('2026-01-31');
    await page.getByTestId('kpi-to').fill('2026-02-28');
    const rows = page.getByTestId('kpi-table').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    const cells = async (i: number) => (await rows.nth(i).locator('td').allTextContents()).map((t) => t.trim());
    const [jan, feb] = [await cells(0), await cells(1)];
    expect(jan[0]).toBe('2026-01-01 – 2026-01-31');
    expect(jan.slice(5)).toEqual(['21.0', '21.0', '0.0', '100.0 %']);
    expect(feb[0]).toBe('2026-02-01 – 2026-02-28');
    expect(feb[3]).toBe('€4,990');
    expect(feb.slice(5)).toEqual(['41.1', '28.0', '13.1', '23.9 %']);
    expect(await page.getByTestId('kpi-chart').locator('.recharts-line').count()).toBe(3);
    await page.screenshot({ path: `${SCREENSHOTS}reports-kpis.png`, fullPage: true });
  });
});
