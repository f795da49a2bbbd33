/**
 * The policy editor end to end, in real Chromium against the engine started in-process: draw a
 * policy from an empty canvas, see and fix a validation error, publish, simulate, publish again,
 * compare the versions, roll back, and check through the API that decide follows the rollback.
 */
import { readFileSync } from 'node:fs';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureEditorBuilt, launchChromium, startEditorServer, type EditorServer } from '../../editor/testing/browser';
import { describeInBrowser, SCREENSHOTS } from './support';

/** Generous for a loaded CI machine; a passing check returns at once. */
const poll = <T>(check: () => T | Promise<T>) => expect.poll(check, { timeout: 10_000, interval: 50 });

/** 12 days past due on 2026-03-15, every channel consented: the "12 days late" preset of the simulator. */
const lateInvoice = {
  invoice: {
    id: 'INV-E2E',
    accountId: 'ACME',
    amount: 18500,
    currency: 'EUR',
    issueDate: '2026-02-01',
    dueDate: '2026-03-03',
  },
  account: { id: 'ACME', emailAllowed: true, smsAllowed: true, callAllowed: true },
  asOf: '2026-03-15',
};

describeInBrowser('the policy editor in Chromium', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    ensureEditorBuilt();
    server = await startEditorServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid="node-start"]');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const shot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
  const node = (id: string) => page.getByTestId(`node-${id}`);
  const nodeCount = () => page.locator('.react-flow__node').count();
  const edgeCount = () => page.locator('.react-flow__edge').count();
  const problemCount = async (id: string) => Number(await node(id).getAttribute('data-problems'));

  async function centre(locator: Locator) {
    const box = (await locator.boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  async function drag(from: { x: number; y: number }, to: { x: number; y: number }) {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 6 });
    await page.mouse.move(to.x, to.y, { steps: 6 });
    await page.mouse.up();
  }

  /** Drags a kind from the palette and drops it `dx`, `dy` from the start node's centre. */
  async function dropFromPalette(kind: string, dx: number, dy: number) {
    const start = await centre(node('start'));
    await drag(await centre(page.getByTestId(`palette-${kind}`)), { x: start.x + dx, y: start.y + dy });
  }

  async function connect(source: string, handle: string, target: string) {
    await drag(
      await centre(page.locator(`.react-flow__handle.source[data-nodeid="${source}"][data-handleid="${handle}"]`)),
      await centre(page.locator(`.react-flow__handle.target[data-nodeid="${target}"]`)),
    );
  }

  async function openTab(name: string) {
    await page.getByRole('tab', { name }).click();
  }

  async function expectNotice(text: RegExp) {
    await page.getByText(text).first().waitFor();
  }

  it('creates a policy that starts as an empty canvas', async () => {
    await page.getByTestId('new-policy').click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('E2E dunning');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('policy') === 'e2e-dunning');
    expect(await nodeCount()).toBe(1);
    await poll(() => page.getByTestId('draft-status').textContent()).toContain('Never published');
  });

  it('draws a policy by dragging steps from the palette and connecting their handles', async () => {
    // Once the new canvas has been fitted to the screen, pan the start step up to make room below it.
    await poll(async () => {
      const before = await centre(node('start'));
      await page.waitForTimeout(150);
      const after = await centre(node('start'));
      return before.x === after.x && before.y === after.y;
    }).toBe(true);
    const start = await centre(node('start'));
    await drag({ x: start.x + 300, y: start.y + 100 }, { x: start.x + 300, y: start.y - 220 });
    await dropFromPalette('condition', 0, 150);
    await dropFromPalette('wait', -200, 300);
    await dropFromPalette('stop', 220, 300);
    await dropFromPalette('action', -200, 450);
    await poll(nodeCount).toBe(5);
    for (const id of ['condition-1', 'wait-1', 'stop-1', 'action-1']) await node(id).waitFor();
    expect(await node('condition-1').textContent()).toContain('Days past due ≥ 7');

    await connect('start', 'next', 'condition-1');
    await connect('condition-1', 'yes', 'wait-1');
    await poll(edgeCount).toBe(2);

    // A loop is refused while dragging, and so is a second connection from a used output.
    await connect('wait-1', 'next', 'condition-1');
    await connect('start', 'next', 'stop-1');
    await poll(edgeCount).toBe(2);
    await page
      .getByText(/would make a loop/)
      .first()
      .waitFor();

    await connect('wait-1', 'next', 'action-1');
    await poll(edgeCount).toBe(3);
    // The condition's "no" output is still open: the node says so.
    expect(await problemCount('condition-1')).toBeGreaterThan(0);
    expect(await node('condition-1').textContent()).toContain('The “no” output is not connected');
  });

  it('shows a validation error on the node, and the fix in the inspector clears it (keyboard only)', async () => {
    await node('action-1').click();
    await page.getByRole('combobox', { name: 'Action' }).selectOption('escalate');
    await poll(() => node('action-1').textContent()).toContain('Say who the invoice is escalated to');
    expect(await page.getByTestId('publish').isDisabled()).toBe(true);
    await shot('validation-error');

    // The problems list works with the keyboard: Home, arrows, Enter select the step.
    const list = page.getByTestId('problems-list');
    await list.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('inspector').getAttribute('data-node')).toBe('condition-1');
    // The stop, dropped and not connected yet, shows one hint on the canvas and is not in the list.
    expect(await page.getByTestId('hint-stop-1').innerText()).toContain('Not connected yet');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('inspector').getAttribute('data-node')).toBe('action-1');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('inspector').getAttribute('data-node')).toBe('condition-1');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('inspector').getAttribute('data-node')).toBe('action-1');

    // Tab from the list into the inspector until the escalation target, then choose with the arrow keys.
    const target = page.getByRole('combobox', { name: 'Escalate to' });
    for (let i = 0; i < 20 && !(await target.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    expect(await target.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await poll(() => target.inputValue()).toBe('collector');
    await poll(() => problemCount('action-1')).toBe(0);

    // Template: Tab to it and type.
    const template = page.getByRole('textbox', { name: 'Template' });
    for (let i = 0; i < 5 && !(await template.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('handover-v1');
    await poll(() => node('action-1').textContent()).toContain('Escalate to collector: handover-v1, level 1');

    // A new stop has no reason yet, which is a problem until it is given in words; the code follows.
    await node('stop-1').click();
    expect(await node('stop-1').textContent()).toContain('It needs a reason, too');
    await page.getByRole('combobox', { name: 'Reason' }).fill('Paid');
    expect(await page.getByRole('textbox', { name: 'Code' }).inputValue()).toBe('paid');

    await connect('condition-1', 'no', 'stop-1');
    await poll(edgeCount).toBe(4);
    await poll(() => page.getByTestId('problems-toggle').textContent()).toContain('No problems');
    expect(await page.getByTestId('publish').isDisabled()).toBe(false);
  });

  it('saves the draft and publishes version 1', async () => {
    await page.getByTestId('save-draft').click();
    await expectNotice(/Draft saved/);
    await page.getByTestId('publish').click();
    await page.getByTestId('publish-note').fill('First version: escalate after a week');
    await page.getByTestId('publish-confirm').click();
    await expectNotice(/Published version 1/);
    await poll(() => page.getByTestId('draft-status').textContent()).toContain('Active: v1');
    await shot('published-policy');
  });

  it('simulates an invoice and highlights its path on the canvas', async () => {
    await openTab('Simulate');
    await page.getByTestId('sim-preset').selectOption('late-large');
    await page.getByTestId('sim-run').click();
    await poll(() => page.getByTestId('decision-outcome').textContent()).toBe(
      'Escalate to collector: handover-v1, level 1',
    );
    for (const id of ['start', 'condition-1', 'wait-1', 'action-1'])
      expect(await node(id).getAttribute('class')).toContain('mark-path');
    expect(await node('stop-1').getAttribute('class')).toContain('mark-off-path');
    expect(await page.locator('.react-flow__edge-path.mark-path').count()).toBe(3);
    expect(await page.getByTestId('decision').textContent()).toContain('Days past due ≥ 7');
    await shot('simulation-path');

    await page.getByTestId('sim-timeline').click();
    await page.getByTestId('timeline').waitFor();
    expect(await page.locator('.calendar__day').count()).toBe(91);
    expect(await page.locator('.calendar__day--action').count()).toBeGreaterThan(0);
    await shot('simulation-timeline');
  });

  it('publishes a second version and shows the diff of the two on the canvas', async () => {
    await page.getByTestId('path-banner').getByRole('button', { name: 'Clear' }).click();
    await openTab('Inspect');
    await node('action-1').click();
    await page.getByRole('textbox', { name: 'Template' }).fill('handover-v2');
    await page.getByTestId('publish').click();
    await page.getByTestId('publish-note').fill('Second version: new hand-over letter');
    await page.getByTestId('publish-confirm').click();
    await expectNotice(/Published version 2/);

    await openTab('Versions');
    await page.getByTestId('version-2').waitFor();
    await page.getByTestId('diff-from').selectOption('1');
    await page.getByTestId('diff-to').selectOption('2');
    await page.getByTestId('diff-show').click();
    await poll(() => page.getByTestId('diff-banner').textContent()).toContain('1 changed');
    // The change in words: the step by its title, its old logic → its new logic.
    const words = await page.getByTestId('diff-words').locator('li').allTextContents();
    expect(words).toHaveLength(1);
    expect(words[0]).toMatch(/^Changed “.+”: .*handover-v1.* → .*handover-v2/);
    expect(await node('action-1').getAttribute('class')).toContain('mark-changed');
    expect(await node('condition-1').getAttribute('class')).toContain('mark-unchanged');
    await shot('version-diff');
    await page.getByTestId('diff-close').click();
  });

  it('rolls back to version 1 after confirming, and decide uses it', async () => {
    await page.getByTestId('activate-1').click();
    await page.getByTestId('activate-dialog').getByText('From now on').waitFor();
    await shot('rollback-confirm');
    await page.getByTestId('activate-confirm').click();
    await expectNotice(/Version 1 is active/);
    await poll(() => page.getByTestId('draft-status').textContent()).toContain('Active: v1');

    const response = await fetch(`${server.url}/v1/decide`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...lateInvoice, policyId: 'e2e-dunning', dryRun: true }),
    });
    expect(response.status).toBe(200);
    const decision = (await response.json()) as {
      policy: { version: number };
      action: { type: string; template: string };
    };
    expect(decision.policy.version).toBe(1);
    expect(decision.action).toMatchObject({ type: 'escalate', template: 'handover-v1' });
  });

  it('offers to restore the rolled-back version into the draft, so the next publish does not ship v2 again', async () => {
    const draftTemplate = async () => {
      const policy = (await (await fetch(`${server.url}/v1/policies/e2e-dunning`)).json()) as {
        draft: { graph: { nodes: Array<{ id: string; action?: { template: string } }> } };
      };
      return policy.draft.graph.nodes.find((n) => n.id === 'action-1')!.action!.template;
    };
    expect(await draftTemplate()).toBe('handover-v2');
    await page.getByRole('button', { name: 'Restore version 1 into the draft' }).click();
    await expectNotice(/The draft is version 1 again/);
    await poll(draftTemplate).toBe('handover-v1');
    await node('action-1').click();
    await openTab('Inspect');
    await poll(() => page.getByRole('textbox', { name: 'Template' }).inputValue()).toBe('handover-v1');
    // Any version can be restored from the list, too.
    await openTab('Versions');
    await page.getByTestId('restore-2').click();
    await poll(draftTemplate).toBe('handover-v2');
    await page.getByTestId('restore-1').click();
    await poll(draftTemplate).toBe('handover-v1');
  });

  it('disables Publish while the draft equals the active version, starts each note afresh, and publishes without activating', async () => {
    // The draft is version 1 again (restored above), and version 1 is active: nothing to publish.
    await poll(() => page.getByTestId('publish').isDisabled()).toBe(true);
    expect(await page.getByTestId('publish').getAttribute('title')).toBe(
      'Nothing to publish: the draft is the same as the active version 1',
    );
    await node('action-1').click();
    await openTab('Inspect');
    await page.getByRole('textbox', { name: 'Template' }).fill('handover-v3');
    await poll(() => page.getByTestId('publish').isDisabled()).toBe(false);

    await page.getByTestId('publish').click();
    await page.getByTestId('publish-note').fill('a note I did not mean');
    await page.getByTestId('publish-dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('publish').click();
    expect(await page.getByTestId('publish-note').inputValue()).toBe('');
    await page.getByTestId('publish-note').fill('Third version, to try first');
    await page.getByTestId('publish-when-later').check();
    expect(await page.getByTestId('publish-confirm').textContent()).toBe('Publish without activating');
    await page.getByTestId('publish-confirm').click();
    await expectNotice(/Published version 3; version 1 stays active/);

    const versions = (await (await fetch(`${server.url}/v1/policies/e2e-dunning/versions`)).json()) as {
      items: Array<{ version: number; note: string; active: boolean }>;
    };
    expect(versions.items.find((v) => v.version === 3)).toMatchObject({
      note: 'Third version, to try first',
      active: false,
    });
    expect(versions.items.find((v) => v.active)!.version).toBe(1);
    await poll(() => page.getByTestId('draft-status').textContent()).toContain('Active: v1');
  });

  it('schedules version 3 for a date and time, shows who drafted and published it, and cancels the schedule', async () => {
    await openTab('Versions');
    await poll(() => page.getByTestId('version-3-people').textContent()).toBe('Drafted by local · published by local');
    await page.getByTestId('activate-3').click();
    await page.getByTestId('activate-when-at').check();
    expect(await page.getByTestId('activate-confirm').isDisabled()).toBe(true);
    await page.getByTestId('activate-when-at-input').fill('2020-03-01T09:00');
    await page.getByTestId('activate-dialog').getByText('That time has passed').waitFor();
    expect(await page.getByTestId('activate-confirm').isDisabled()).toBe(true);
    const year = new Date().getFullYear() + 1;
    await page.getByTestId('activate-when-at-input').fill(`${year}-01-04T06:00`);
    expect(await page.getByTestId('activate-confirm').textContent()).toBe('Schedule version 3');
    await shot('schedule-activation');
    await page.getByTestId('activate-confirm').click();
    await expectNotice(/Version 3 becomes active on 4 Jan/);

    const read = async () =>
      (await (await fetch(`${server.url}/v1/policies/e2e-dunning`)).json()) as {
        activeVersion: number;
        scheduledActivation: { version: number; at: string } | null;
      };
    // The browser's time zone is the engine's here, so 06:00 local is the instant stored.
    expect(await read()).toMatchObject({
      activeVersion: 1,
      scheduledActivation: { version: 3, at: new Date(`${year}-01-04T06:00`).toISOString() },
    });
    await poll(() => page.getByTestId('scheduled-activation').textContent()).toMatch(
      /Version 3 becomes active on 4 Jan \d{4}, 06:00; until then decisions use version 1/,
    );
    await page.getByTestId('scheduled-cancel').click();
    await expectNotice(/Version 3 will not be activated/);
    await poll(async () => (await read()).scheduledActivation).toBe(null);
    expect(await page.getByTestId('scheduled-activation').count()).toBe(0);
  });

  it('edits the canvas: copy/paste, undo/redo, clicking an edge to delete it, multi-select, auto-layout', async () => {
    await openTab('Inspect');
    await node('stop-1').click();
    await page.keyboard.press('ControlOrMeta+c');
    await page.keyboard.press('ControlOrMeta+v');
    await poll(nodeCount).toBe(6);
    await node('stop-2').waitFor();
    await page.keyboard.press('ControlOrMeta+z');
    await poll(nodeCount).toBe(5);
    await page.keyboard.press('ControlOrMeta+Shift+z');
    await poll(nodeCount).toBe(6);
    await page.keyboard.press('ControlOrMeta+z');
    await poll(nodeCount).toBe(5);

    // An edge is clicked at its path's midpoint, then deleted with the keyboard, then restored.
    const noEdge = page
      .locator('.react-flow__edge')
      .filter({ has: page.locator('path.react-flow__edge-path') })
      .nth(3);
    const middle = await noEdge.locator('path.react-flow__edge-path').evaluate((el) => {
      const path = el as SVGPathElement;
      const p = path.getPointAtLength(path.getTotalLength() / 2);
      const m = path.getScreenCTM()!;
      return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
    });
    await page.mouse.click(middle.x, middle.y);
    await page.getByTestId('inspector').getByRole('heading', { name: 'Connection' }).waitFor();
    await page.keyboard.press('Delete');
    await poll(edgeCount).toBe(3);
    expect(await page.getByTestId('publish').isDisabled()).toBe(true);
    await page.keyboard.press('ControlOrMeta+z');
    await poll(edgeCount).toBe(4);

    await node('wait-1').click();
    await node('action-1').click({ modifiers: ['Shift'] });
    await page.getByText('2 steps selected').waitFor();

    const before = await node('wait-1').boundingBox();
    await page.getByTestId('auto-layout').click();
    await poll(async () => JSON.stringify(await node('wait-1').boundingBox())).not.toBe(JSON.stringify(before));
    expect(await nodeCount()).toBe(5);
    await page.waitForTimeout(500);
    await shot('auto-layout');
  });

  it('opens another policy from the picker and lays it out', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('policy-picker').selectOption('standard-b2b');
    await node('big-or-late').waitFor();
    await page.getByTestId('auto-layout').click();
    await page.waitForTimeout(800);
    await node('big-or-late').click();
    await shot('sample-policy-inspector');

    await openTab('Simulate');
    await page.getByTestId('sim-preset').selectOption('late-large');
    await page.getByTestId('sim-run').click();
    await page.getByTestId('decision-outcome').waitFor();
    expect(await node('big-or-late').getAttribute('class')).toContain('mark-path');
    await shot('sample-policy-simulation');
  });

  it('exports the draft as JSON and imports it as a new policy', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    expect(download.suggestedFilename()).toBe('standard-b2b.json');
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      id: string;
      graph: { nodes: unknown[] };
    };
    expect(exported).toMatchObject({ id: 'standard-b2b', name: 'Standard B2B dunning' });

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('new-policy').click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Imported copy');
    await page.getByTestId('import-file').setInputFiles({
      name: 'standard-b2b.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(exported)),
    });
    await page.waitForFunction(() => new URL(location.href).searchParams.get('policy') === 'imported-copy');
    await poll(nodeCount).toBe(exported.graph.nodes.length);
    await poll(() => page.getByTestId('policy-picker').inputValue()).toBe('imported-copy');
  });

  it('lays out a policy created through the API without positions', async () => {
    const graph = {
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'check', kind: 'condition', predicate: { fact: 'disputed', operator: 'equal', value: true } },
        { id: 'halt', kind: 'stop', reason: 'disputed' },
        { id: 'send', kind: 'action', action: { type: 'letter', template: 'notice', level: 1, priority: 'normal' } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'check' },
        { id: 'e2', source: 'check', sourceHandle: 'yes', target: 'halt' },
        { id: 'e3', source: 'check', sourceHandle: 'no', target: 'send' },
      ],
    };
    const created = await fetch(`${server.url}/v1/policies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'no-layout', name: 'No layout', graph }),
    });
    expect(created.status).toBe(201);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.goto(`${server.url}/?policy=no-layout`);
    await node('send').waitFor();
    const overlaps = async () => {
      const boxes = await Promise.all(graph.nodes.map((n) => node(n.id).boundingBox()));
      return boxes.some((a, i) =>
        boxes.some(
          (b, j) =>
            i < j &&
            a!.x < b!.x + b!.width &&
            b!.x < a!.x + a!.width &&
            a!.y < b!.y + b!.height &&
            b!.y < a!.y + a!.height,
        ),
      );
    };
    await poll(overlaps).toBe(false);
    await poll(() => page.getByTestId('draft-status').textContent()).toContain('Saved');
  });

  it('logged no console errors on the way', () => {
    expect(consoleErrors).toEqual([]);
  });
});
