/**
 * The dashboard, the KPI report, aging, the cash forecast and the decision log in Chromium on the demo ledger with its 90
 * days of runs: DSO, what is open by days past due, the cash expected and its backtest, the
 * worklist's size and cash at risk, the running experiments, each month's KPIs and the newest decisions are the API's figures; a tile leads to its screen. No console
 * error and no serious accessibility problem on any of them.
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
    const aging = await api(`/v1/reports/aging?asOf=${today}&by=segment`);
    await expect
      .poll(() => page.getByTestId('tile-aging-open').textContent())
      .toBe(`${money(aging.total.openAmount, aging.currency)} open`);
    const cash = await api(`/v1/reports/cash-forecast?asOf=${today}&weeks=13`);
    const expected = cash.forecast.reduce((s: number, w: Json) => s + w.expected, 0);
    expect(await page.getByTestId('tile-forecast-total').textContent()).toBe(
      `${money(expected, cash.currency)} expected`,
    );
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

  it('tabulates the API’s KPIs for the last twelve months', async () => {
    await page.getByRole('link', { name: 'Reports' }).click();
    const rows = page.getByTestId('kpi-table').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const from = await page.getByTestId('kpi-from').inputValue();
    const to = await page.getByTestId('kpi-to').inputValue();
    const { periods } = await api(`/v1/reports/kpis?from=${from}&to=${to}&interval=month`);
    expect(await rows.count()).toBe(periods.length);
    const last = periods.at(-1);
    const cells = (
      await rows
        .nth(periods.length - 1)
        .locator('td')
        .allTextContents()
    ).map((t) => t.trim());
    expect(cells[0]).toBe(`${last.start} – ${last.end}`);
    expect(cells[5]).toBe(last.dso === null ? '–' : last.dso.toFixed(1));
    expect(cells[8]).toBe(last.cei === null ? '–' : `${last.cei.toFixed(1)} %`);
    await page.screenshot({ path: `${SCREENSHOTS}demo-kpis.png`, fullPage: true });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  });

  it('shows the API’s aging, by segment and by currency', async () => {
    await page.getByRole('link', { name: 'Aging' }).click();
    const rows = page.getByTestId('aging-table').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(1);
    for (const by of ['segment', 'currency']) {
      await page.getByTestId('aging-by').selectOption(by);
      const report = await api(`/v1/reports/aging?asOf=${today}&by=${by}`);
      await expect.poll(() => rows.count()).toBe(report.groups.length + 1);
      const total = (await rows.last().locator('td').allTextContents()).map((t) => t.trim());
      expect(total[0]).toBe('All');
      expect(total.slice(1, 6)).toEqual(report.total.cells.map((c: Json) => money(c.openAmount, report.currency)));
      expect(total[6]).toBe(money(report.total.openAmount, report.currency));
    }
    expect(await page.getByTestId('aging-chart').locator('.recharts-bar').count()).toBe(5);
    await page.screenshot({ path: `${SCREENSHOTS}demo-aging.png`, fullPage: true });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  });

  it('shows the API’s cash forecast and its backtest', async () => {
    await page.getByRole('link', { name: 'Forecast' }).click();
    await page.getByTestId('forecast-backtest').waitFor();
    const report = await api(`/v1/reports/cash-forecast?asOf=${today}&weeks=13`);
    const total = report.forecast.reduce((s: number, w: Json) => s + w.expected, 0);
    expect(await page.getByTestId('forecast-total').textContent()).toContain(
      `${money(total, report.currency)} expected over 13 weeks`,
    );
    const backtest = await page.getByTestId('forecast-backtest').textContent();
    expect(backtest).toContain(
      `The forecast made on ${report.backtest.origin} expected ${money(report.backtest.totalExpected, report.currency)}`,
    );
    expect(backtest).toContain(`${money(report.backtest.totalCollected, report.currency)} came in`);
    expect(await page.getByTestId('forecast-backtest-chart').locator('.recharts-line').count()).toBe(2);
    await page.screenshot({ path: `${SCREENSHOTS}demo-forecast.png`, fullPage: true });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  });

  it('lists the API’s newest decisions in the log and opens one', async () => {
    await page.getByRole('link', { name: 'Decisions' }).click();
    const rows = page.getByTestId('log-table').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const { items } = await api('/v1/decisions?limit=50');
    const invoices = (await rows.locator('td:nth-child(2)').allTextContents()).map((t) => t.trim());
    expect(invoices).toEqual(items.map((d: Json) => d.decision.invoiceId));
    await rows.first().click();
    await page.getByTestId('log-detail').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}demo-decisions.png`, fullPage: true });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
