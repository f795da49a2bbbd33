/**
 * The dashboard in Chromium on the demo ledger with its 90 days of runs: DSO, the worklist's size
 * and cash at risk, and the running experiments are the API's figures; a tile leads to its
 * screen. No console error and no serious accessibility problem.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureEditorBuilt, launchChromium, startEditorServer, type EditorServer } from '../../editor/testing/browser';
import { consoleErrors, describeInBrowser, openPage, SCREENSHOTS, seriousAccessibilityProblems } from './support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describeInBrowser('the dashboard in Chromium', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const today = new Date().toISOString().slice(0, 10);

  const api = async (path: string): Promise<Json> => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(200);
    return res.json();
  };
  const money = (value: number, currency: string) =>
    new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);

  beforeAll(async () => {
    ensureEditorBuilt();
    server = await startEditorServer({ demo: true });
    browser = await launchChromium();
    page = await openPage(browser);
    errors = consoleErrors(page);
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByTestId('tile-worklist-total').waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the API’s DSO, worklist and experiments', async () => {
    const worklist = await api(`/v1/worklist?asOf=${today}&limit=1`);
    expect(await page.getByTestId('tile-worklist-total').textContent()).toBe(
      `${worklist.total} invoices need a person`,
    );
    expect(await page.getByTestId('tile-worklist-cash').textContent()).toBe(
      `${money(worklist.totalCashAtRisk, worklist.currency)} cash at risk`,
    );
    const months = new Date();
    const from = new Date(Date.UTC(months.getUTCFullYear(), months.getUTCMonth() - 5, 1)).toISOString().slice(0, 10);
    const { periods } = await api(`/v1/reports/kpis?from=${from}&to=${today}&interval=month`);
    const dso = periods.at(-1).dso;
    await expect.poll(() => page.getByTestId('tile-dso').textContent()).toContain(`${dso.toFixed(1)} days`);
    expect(await page.getByTestId('tile-kpis').locator('.recharts-line').count()).toBe(2);

    const report = await api('/v1/experiments/standard-b2b/channel-test');
    const experiment = page.getByTestId('tile-experiment-channel-test');
    await experiment.waitFor();
    for (const arm of report.arms) {
      expect(await experiment.textContent()).toContain(`${arm.label}: ${arm.invoices} invoices`);
    }
    await page.screenshot({ path: `${SCREENSHOTS}dashboard.png`, fullPage: true });
  });

  it('has no console error and no serious accessibility problem', async () => {
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('leads from a tile to its screen', async () => {
    await page.getByRole('link', { name: 'Worklist today' }).click();
    await page.getByTestId('worklist-total').waitFor();
    expect(new URL(page.url()).pathname).toBe('/worklist');
  });
});
