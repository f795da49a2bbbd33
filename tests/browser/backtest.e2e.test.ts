/**
 * The backtest panel in Chromium on the demo ledger with its 90 days of runs: a draft that calls
 * only customers late nine times in ten (not one in two) is replayed against the active version
 * over the last four weeks;
 * the figures on screen are the API's, each differing decision opens to both paths; the active
 * version against itself differs nowhere. No console error and no serious accessibility problem.
 */
import { type Browser, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureEditorBuilt, launchChromium, startEditorServer, type EditorServer } from '../../editor/testing/browser';
import { consoleErrors, describeInBrowser, openPage, SCREENSHOTS, seriousAccessibilityProblems } from './support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const POLICY = 'standard-b2b';

describeInBrowser('the backtest panel in Chromium', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    expect(res.status, text).toBeLessThan(300);
    return JSON.parse(text) as Json;
  };
  /** Runs the backtest on screen and returns it as the API has it once done. */
  const runOnScreen = async (): Promise<Json> => {
    const started = page.waitForResponse(
      (r: Response) => r.request().method() === 'POST' && r.url().endsWith(`/v1/policies/${POLICY}/backtests`),
    );
    await page.getByTestId('backtest-run').click();
    const { id } = (await (await started).json()) as Json;
    let backtest: Json;
    await expect
      .poll(async () => (backtest = await api('GET', `/v1/policies/${POLICY}/backtests/${id}`)).status, {
        timeout: 30_000,
      })
      .toBe('done');
    await page.getByTestId('backtest-result').waitFor();
    return backtest;
  };
  const cells = async () =>
    Promise.all(
      (await page.getByTestId('backtest-table').locator('tbody tr').all()).map(async (row) =>
        (await row.locator('th, td').allTextContents()).map((t) => t.trim()),
      ),
    );

  beforeAll(async () => {
    ensureEditorBuilt();
    server = await startEditorServer({ demo: true });
    // The manager keeps calls for customers who are nearly always late, in the draft.
    const policy = await api('GET', `/v1/policies/${POLICY}`);
    const graph = structuredClone(policy.draft.graph);
    graph.nodes.find((n: Json) => n.id === 'big-or-late').predicate.any[1].value = 0.9;
    await api('PUT', `/v1/policies/${POLICY}/draft`, { graph }, { 'if-match': `"${policy.draft.revision}"` });
    browser = await launchChromium();
    page = await openPage(browser);
    errors = consoleErrors(page);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid="node-start"]');
    await page.getByRole('tab', { name: 'Backtest' }).click();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows what the draft would change over the last four weeks, as the API has it', async () => {
    const { result } = await runOnScreen();
    expect(result.decisions).toBeGreaterThan(0);
    expect(result.candidate.label).toBe('draft');
    const table = await cells();
    expect(table[0]).toEqual([
      'Actions',
      String(result.candidate.outcomes.action),
      String(result.baseline.outcomes.action),
      expect.any(String),
    ]);
    expect(table[3]!.slice(1, 3)).toEqual([String(result.candidate.contacts), String(result.baseline.contacts)]);
    expect(table[4]!.slice(1, 3)).toEqual([
      result.candidate.contactsPerInvoice.toFixed(2),
      result.baseline.contactsPerInvoice.toFixed(2),
    ]);
    // Fewer calls: the draft differs, and its contacts cost less.
    expect(result.differing.count).toBeGreaterThan(0);
    expect(result.candidate.contactCost).toBeLessThan(result.baseline.contactCost);
    expect(await page.getByTestId('backtest-differing').textContent()).toContain(
      `${result.differing.count} of ${result.decisions} decisions differ, on ${result.differing.invoices} invoices`,
    );
    const first = page.locator('.backtest__differences details').first();
    await first.locator('summary').click();
    await expect.poll(() => first.locator('.step').count()).toBeGreaterThan(4);
    expect(await first.locator('summary').textContent()).toContain(result.differing.items[0].invoiceId);
    expect(await page.getByTestId('backtest-chart').locator('.recharts-line').count()).toBe(2);
    await page.screenshot({ path: `${SCREENSHOTS}backtest-draft.png`, fullPage: true });
  });

  it('finds no difference between the active version and itself', async () => {
    await page.getByTestId('backtest-candidate').selectOption('1');
    const { result } = await runOnScreen();
    expect(result.differing.count).toBe(0);
    await page.getByText('No decision differs.').waitFor();
  });

  it('says when the range is beyond the decision log', async () => {
    await page.getByTestId('backtest-from').fill('2020-01-01');
    await page.getByTestId('backtest-run').click();
    await page.getByRole('alert').filter({ hasText: 'holds' }).waitFor();
  });

  it('has no console error and no serious accessibility problem', async () => {
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
