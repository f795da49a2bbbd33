/**
 * Drawing on a laptop screen (1280×720) in Chromium: nothing is cut and the page does not scroll
 * sideways; steps added from the keyboard land at free spots, each with one gentle hint instead of
 * errors until it is connected; steps are connected from the keyboard; Tab reaches steps, not
 * connections; steps are found by title or fact; the panels, the problems list and the map fold
 * away. axe-core finds nothing serious on the way.
 */
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  type EditorSession,
  openEditor,
  SCREENSHOTS,
  seriousAccessibilityProblems,
} from './support';

const poll = <T>(check: () => T | Promise<T>) => expect.poll(check, { timeout: 10_000, interval: 50 });
const VIEWPORT = { width: 1280, height: 720 };

describeInBrowser('drawing at 1280×720, by keyboard and mouse, in Chromium', () => {
  let editor: EditorSession;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    editor = await openEditor({ viewport: VIEWPORT });
    ({ page, errors } = editor);
  }, 180_000);

  afterAll(() => editor?.close());

  const shot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
  const node = (id: string) => page.getByTestId(`node-${id}`);
  const box = async (selector: string) => (await page.locator(selector).boundingBox())!;
  const noSidewaysScroll = () =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  it('fits a 1280×720 screen: Publish wholly inside it, no sideways scroll, on every side panel', async () => {
    for (const tab of ['Inspect', 'Simulate', 'Versions', 'Backtest']) {
      await page.getByRole('tab', { name: tab }).click();
      const publish = await box('[data-testid="publish"]');
      expect(publish.x).toBeGreaterThanOrEqual(0);
      expect(publish.y).toBeGreaterThanOrEqual(0);
      expect(publish.x + publish.width).toBeLessThanOrEqual(VIEWPORT.width);
      expect(publish.y + publish.height).toBeLessThanOrEqual(VIEWPORT.height);
      expect(await page.getByTestId('publish').innerText()).toBe('Publish');
      expect(await noSidewaysScroll()).toBe(true);
    }
    await page.getByRole('tab', { name: 'Inspect' }).click();
    // The sample policy's start is on screen although its view was saved on a larger one.
    const start = await box('[data-testid="node-start"]');
    const canvas = await box('#policy-canvas');
    expect(start.x).toBeGreaterThanOrEqual(canvas.x);
    expect(start.y).toBeGreaterThanOrEqual(canvas.y);
    expect(start.x + start.width).toBeLessThanOrEqual(canvas.x + canvas.width);
    await shot('editor-1280x720');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  });

  it('adds steps from the keyboard at free spots, each with one hint instead of errors', async () => {
    await page.getByTestId('new-policy').click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Drawn by keyboard');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('policy') === 'drawn-by-keyboard');
    for (const kind of ['condition', 'action', 'stop']) {
      await page.getByTestId(`palette-${kind}`).focus();
      await page.keyboard.press('Enter');
    }
    for (const id of ['condition-1', 'action-1', 'stop-1']) await node(id).waitFor();
    await shot('drawing-added');
    const boxes = await Promise.all(['start', 'condition-1', 'action-1', 'stop-1'].map((id) => node(id).boundingBox()));
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `steps ${i} and ${j} overlap`).toBe(true);
      }
    // One hint each, and no structure errors while they are being placed.
    for (const id of ['condition-1', 'action-1', 'stop-1']) {
      await page.getByTestId(`hint-${id}`).waitFor();
      expect(await node(id).locator('.pnode__problem--error').allInnerTexts()).not.toContainEqual(
        expect.stringMatching(/No path from the start|leads nowhere|output is not connected/),
      );
    }
    // The new policy's start counts too: four steps to connect, and no error listed yet.
    expect(await page.getByTestId('problems-toggle').innerText()).toContain('4 new steps to connect');
    expect(await page.getByTestId('problems-toggle').innerText()).not.toContain('error');
    expect(await page.getByTestId('publish').getAttribute('title')).toContain('4 steps not connected yet');
    await shot('drawing-hints');
  });

  it('connects steps from the keyboard: focus an output, pick the step', async () => {
    await node('start').click();
    const next = page.getByTestId('output-next');
    await next.focus();
    await next.selectOption({ label: 'Days past due ≥ 7' });
    await poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    // Connected: the hint gives way to what is still missing, named by the output's label.
    await poll(() => page.getByTestId('hint-condition-1').count()).toBe(0);
    await node('condition-1').click();
    await page.getByTestId('output-yes').selectOption({ label: 'Email: reminder-1, level 1' });
    await page.getByTestId('output-no').selectOption({ label: 'Stop: no reason yet' });
    await poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    expect(await page.getByTestId('connections').innerText()).toContain('Comes from Every open invoice starts here');
    // A loop is offered but cannot be chosen.
    await node('action-1').click();
    expect(await page.getByTestId('output-yes').count()).toBe(0);
    await node('condition-1').click();
    const loop = page.getByTestId('output-yes').locator('option', { hasText: 'Every open invoice' });
    expect(await loop.count()).toBe(0);
  });

  it('walks steps with Tab, not connections', async () => {
    expect(await page.locator('.react-flow__edge[tabindex="0"]').count()).toBe(0);
    await page.getByTestId('palette-stop').focus();
    let reached = '';
    for (let i = 0; i < 12 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const el = document.activeElement;
        if (el?.closest('.react-flow__edge')) return 'edge';
        return el?.closest('.react-flow__node') ? 'node' : '';
      });
    }
    expect(reached).toBe('node');
  });

  it('finds a step by its title or a fact it tests', async () => {
    await page.getByTestId('step-search').fill('days past');
    await poll(() => page.getByTestId('step-search-results').innerText()).toContain('Days past due ≥ 7');
    await page.getByTestId('step-search').fill('daysPastDue');
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('inspector').getAttribute('data-node')).toBe('condition-1');
    await page.getByTestId('step-search').fill('shoe size');
    await poll(() => page.getByTestId('step-search-results').innerText()).toContain('No step matches');
    await page.getByTestId('step-search').fill('');
  });

  it('folds the steps panel, the side panel, the problems list and the map', async () => {
    const before = (await box('#policy-canvas')).width;
    await page.getByTestId('toggle-left').click();
    await page.getByTestId('toggle-right').click();
    await poll(async () => (await box('#policy-canvas')).width).toBeGreaterThan(before + 500);
    await page.getByTestId('toggle-map').click();
    expect(await page.locator('.react-flow__minimap').count()).toBe(0);
    const problemsOpen = await page.getByTestId('problems-toggle').getAttribute('aria-expanded');
    await page.getByTestId('problems-toggle').click();
    expect(await page.getByTestId('problems-toggle').getAttribute('aria-expanded')).not.toBe(problemsOpen);
    expect(await noSidewaysScroll()).toBe(true);
    await shot('drawing-folded');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.getByTestId('toggle-left').click();
    await page.getByTestId('toggle-right').click();
    await page.getByTestId('toggle-map').click();
    await page.getByTestId('problems-toggle').click();
    expect(await page.locator('.react-flow__minimap').count()).toBe(1);
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
