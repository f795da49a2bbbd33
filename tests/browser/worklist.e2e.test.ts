/**
 * The worklist screen in Chromium on the demo ledger with its 90 days of runs: the rows and the
 * total are the API's, a row opens the invoice's decision and timeline, a collector records a
 * promise and the invoice is decided again, a refused outcome says why; no console error and no
 * serious accessibility problem.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureEditorBuilt, launchChromium, startEditorServer, type EditorServer } from '../../editor/testing/browser';
import { consoleErrors, describeInBrowser, openPage, SCREENSHOTS, seriousAccessibilityProblems } from './support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describeInBrowser('the worklist screen in Chromium', () => {
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
    await page.getByRole('link', { name: 'Worklist' }).click();
    await page.getByTestId('worklist-total').waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the API’s worklist, riskiest first', async () => {
    const listed = await api(`/v1/worklist?asOf=${today}&limit=50`);
    expect(listed.total).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('worklist-total').textContent()).toContain(`${listed.total} invoice`);
    const rows = page.getByTestId('worklist-table').locator('tbody tr');
    expect(await rows.count()).toBe(listed.items.length);
    for (const i of [0, listed.items.length - 1]) {
      const item = listed.items[i];
      const cells = (await rows.nth(i).locator('td').allTextContents()).map((t) => t.trim());
      expect(cells[0]).toBe(item.invoiceId);
      expect(cells[4]).toBe(String(item.daysPastDue));
      expect(cells[5]).toBe(money(item.openAmount, item.currency));
      expect(cells[7]).toBe(money(item.cashAtRisk, listed.currency));
    }
    await page.screenshot({ path: `${SCREENSHOTS}worklist.png`, fullPage: true });
  });

  it('opens a row, records a promise, and shows the invoice decided again', async () => {
    const [first] = (await api(`/v1/worklist?asOf=${today}&limit=1`)).items;
    await page.getByTestId('worklist-table').locator('tbody tr').first().click();
    const detail = page.getByTestId('worklist-detail');
    await detail.getByRole('heading', { name: new RegExp(first.invoiceId) }).waitFor();
    await expect.poll(() => detail.getByTestId('worklist-timeline').locator('li').count()).toBeGreaterThan(2);

    const promised = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await detail.getByLabel('Promise to pay').check();
    await detail.getByLabel('Promised for').fill(promised);
    await detail.getByTestId('outcome-record').click();
    await expect.poll(() => detail.getByTestId('outcome-result').textContent()).toMatch(/^Promise to pay recorded/);

    const story = await api(`/v1/invoices/${first.invoiceId}/timeline`);
    expect(story.events).toContainEqual(expect.objectContaining({ kind: 'promise_made', at: today }));
    const [latest] = (await api(`/v1/decisions?invoiceId=${first.invoiceId}&limit=1`)).items;
    expect(latest.decision).toMatchObject({ outcome: 'stop', reason: 'promise_active' });
    expect(await detail.getByTestId('outcome-result').textContent()).toContain('Decided again: ');
    await expect
      .poll(() => detail.getByTestId('worklist-timeline').textContent())
      .toContain(`Promised to pay by ${promised}`);
    // The list was asked for again: its total is the API's after the promise.
    const after = await api(`/v1/worklist?asOf=${today}&limit=1`);
    await expect.poll(() => page.getByTestId('worklist-total').textContent()).toContain(`${after.total} invoice`);
    await page.screenshot({ path: `${SCREENSHOTS}worklist-promise.png`, fullPage: true });
  });

  it('says why an outcome is refused', async () => {
    const detail = page.getByTestId('worklist-detail');
    await detail.getByLabel('Paid').check();
    await detail.getByLabel(/^Amount/).fill('999999999');
    await detail.getByTestId('outcome-record').click();
    await detail.getByRole('alert').filter({ hasText: 'still owed' }).waitFor();
  });

  it('has no console error and no serious accessibility problem', async () => {
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
