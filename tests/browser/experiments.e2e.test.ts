/**
 * A split node's live results in Chromium, on the demo ledger with its 90 days of runs: the node on
 * the canvas and the inspector show the API's figures for the sample policy's channel test, and
 * "promote" drafts the policy with the chosen arm in the split's place. No console error and no
 * serious accessibility problem.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureEditorBuilt, launchChromium, startEditorServer, type EditorServer } from '../../editor/testing/browser';
import { consoleErrors, describeInBrowser, openPage, SCREENSHOTS, seriousAccessibilityProblems } from './support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const POLICY = 'standard-b2b';
const SPLIT = 'channel-test';

describeInBrowser('experiments in Chromium', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let report: Json;

  const api = async (path: string): Promise<Json> => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    ensureEditorBuilt();
    server = await startEditorServer({ demo: true });
    report = await api(`/v1/experiments/${POLICY}/${SPLIT}`);
    browser = await launchChromium();
    page = await openPage(browser);
    errors = consoleErrors(page);
    await page.goto(`${server.url}/`);
    await page.waitForSelector(`[data-testid="node-${SPLIT}"]`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the channel test among the experiments', async () => {
    const { items } = await api('/v1/experiments');
    expect(items).toContainEqual(expect.objectContaining({ policyId: POLICY, splitNodeId: SPLIT }));
    expect(report.arms.map((a: Json) => a.armId)).toEqual(['champion', 'challenger']);
  });

  it('shows the live results on the node and in the inspector, as the API has them', async () => {
    const entered = report.arms.reduce((n: number, a: Json) => n + a.invoices, 0);
    await expect.poll(() => page.getByTestId(`live-${SPLIT}`).textContent()).toContain(`${entered} invoices`);
    await page.getByTestId(`node-${SPLIT}`).click();
    const table = page.getByTestId('experiment-table');
    await table.waitFor();
    const rows = await table.locator('tbody tr').all();
    expect(rows).toHaveLength(2);
    for (const [i, row] of rows.entries()) {
      const arm = report.arms[i];
      const cells = (await row.locator('th, td').allTextContents()).map((t) => t.trim());
      expect(cells[0]).toContain(arm.label);
      expect(cells[1]).toBe(String(arm.invoices));
      const share = arm.paidWithin30.share;
      expect(cells[2]).toBe(share === null ? '–' : `${Math.round(share * 100)} %`);
    }
    await page.screenshot({ path: `${SCREENSHOTS}experiment-results.png`, fullPage: true });
  });

  it('has no serious accessibility problem with the results open', async () => {
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  });

  it('promotes the challenger into the draft', async () => {
    const challenger = report.arms[1];
    await page.getByRole('button', { name: `Promote ${challenger.label}` }).click();
    await page.getByTestId('promote-confirm').click();
    await page.locator(`[data-testid="node-${SPLIT}"]`).waitFor({ state: 'detached' });
    const policy = await api(`/v1/policies/${POLICY}`);
    const ids = policy.draft.graph.nodes.map((n: Json) => n.id);
    expect(ids).not.toContain(SPLIT);
    expect(ids).toContain('sms');
    expect(ids).not.toContain('email-2');
    expect(policy.activeVersion).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}experiment-promoted.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
});
