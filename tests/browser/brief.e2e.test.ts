/**
 * A credit manager's brief, built from an empty canvas in Chromium with the keyboard and the mouse:
 * "enterprise over 50k called at +5 days, everyone else emailed at +1 and +10, letter at +30, stop
 * when disputed, hand over at +60", in at most 12 steps (the email at +1 and +10 is one repeating
 * step). Then its timeline is simulated to 90 days past due, for an enterprise invoice over 50k and
 * for everyone else, and a disputed invoice is decided.
 */
import { type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  type EditorSession,
  openEditor,
  SCREENSHOTS,
  seriousAccessibilityProblems,
} from './support';

const poll = <T>(check: () => T | Promise<T>) => expect.poll(check, { timeout: 10_000, interval: 50 });
const MAX_STEPS = 12;
const DAY_MS = 86_400_000;

describeInBrowser('the brief, drawn from an empty canvas and simulated to +90 days', () => {
  let editor: EditorSession;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    editor = await openEditor({
      // "Over 50k" is money in the reporting currency, whatever the invoice's currency.
      prepare: async (url) => {
        const rates = await fetch(`${url}/v1/settings/fx-rates`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ reportingCurrency: 'EUR', rates: { USD: 0.92 } }),
        });
        expect(rates.status).toBe(200);
      },
    });
    ({ page, errors } = editor);
    page.setDefaultTimeout(10_000);
  }, 180_000);

  afterAll(() => editor?.close());

  const shot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
  const inspector = () => page.getByTestId('inspector');
  const node = (id: string) => page.getByTestId(`node-${id}`);

  /** Adds a step from the palette with the keyboard; returns its id. */
  async function add(kind: string): Promise<string> {
    const before = await page
      .locator('.react-flow__node')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    await page.getByTestId(`palette-${kind}`).focus();
    await page.keyboard.press('Enter');
    await poll(() => page.locator('.react-flow__node').count()).toBe(before.length + 1);
    const after = await page
      .locator('.react-flow__node')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    return after.find((id) => !before.includes(id))!;
  }

  /** Selects a step and names it, typing into the inspector. */
  async function name(id: string, title: string) {
    await page.getByTestId('step-search').fill('');
    await node(id).click();
    await poll(() => inspector().getAttribute('data-node')).toBe(id);
    await inspector().getByLabel('Name on the canvas').fill(title);
  }

  /** Points an output of the selected step at a step, from its list under Connections. */
  async function lead(from: string, handle: string, to: string) {
    await node(from).click();
    await poll(() => inspector().getAttribute('data-node')).toBe(from);
    const output = page.getByTestId(`output-${handle}`);
    await output.focus();
    await output.selectOption({ label: to });
  }

  async function fill(locator: Locator, text: string) {
    await locator.click();
    await locator.press('ControlOrMeta+a');
    await locator.pressSequentially(text);
  }

  it('draws the brief from an empty canvas in at most 12 steps, with no problem left', async () => {
    await page.getByTestId('new-policy').click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('The brief');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('policy') === 'the-brief');
    await poll(() => page.locator('.react-flow__node').count()).toBe(1);
    await name('start', 'Open invoice');

    // Stop when disputed.
    const disputed = await add('condition');
    await name(disputed, 'Disputed?');
    await inspector().getByRole('combobox', { name: 'Fact' }).selectOption('disputed');
    const stopped = await add('stop');
    await name(stopped, 'Disputed: stop');
    await inspector().getByRole('combobox', { name: 'Reason' }).fill('Disputed');

    // The stages: +60 hand over, +30 letter, enterprise over 50k called, everyone else emailed.
    const stages = await add('switch');
    await name(stages, 'How late?');
    const case1 = inspector().getByTestId('case-case-1');
    await case1.getByLabel('Case 1 name').fill('60+ days');
    await fill(case1.getByRole('spinbutton', { name: 'Value' }), '60');
    const case2 = inspector().getByTestId('case-case-2');
    await case2.getByLabel('Case 2 name').fill('30+ days');
    await fill(case2.getByRole('spinbutton', { name: 'Value' }), '30');
    await inspector().getByRole('button', { name: '+ Case' }).click();
    const case3 = inspector().getByTestId('case-case-3');
    await case3.getByLabel('Case 3 name').fill('Enterprise over 50k');
    await case3.getByRole('combobox', { name: 'Fact' }).selectOption('segment');
    await case3.getByRole('combobox', { name: 'Value' }).selectOption('enterprise');
    await case3.getByRole('button', { name: '+ Condition' }).click();
    const amount = case3.locator('.predicate__item').nth(1);
    await amount.getByRole('combobox', { name: 'Fact' }).selectOption('reportingOpenAmount');
    await amount.getByRole('combobox', { name: 'Operator' }).selectOption('greaterThan');
    await fill(amount.getByRole('spinbutton', { name: 'Value' }), '50000');
    await poll(() => node(stages).innerText()).toContain(
      'Segment is enterprise and Open amount in the reporting currency > 50,000',
    );

    const handOver = await add('action');
    await name(handOver, 'Hand over');
    await inspector().getByRole('combobox', { name: 'Action' }).selectOption('escalate');
    await inspector().getByRole('combobox', { name: 'Escalate to' }).selectOption('collector');
    await fill(inspector().getByRole('textbox', { name: 'Template' }), 'hand-over');

    const letter = await add('action');
    await name(letter, 'Final letter');
    await inspector().getByRole('combobox', { name: 'Action' }).selectOption('letter');
    await fill(inspector().getByRole('textbox', { name: 'Template' }), 'final-letter');

    const fiveDays = await add('wait');
    await name(fiveDays, 'Until 5 days late');
    await fill(inspector().getByRole('spinbutton', { name: 'Until it reaches' }), '5');
    const call = await add('action');
    await name(call, 'Call the enterprise');
    await inspector().getByRole('combobox', { name: 'Action' }).selectOption('call');
    await fill(inspector().getByRole('textbox', { name: 'Template' }), 'enterprise-call');

    const oneDay = await add('wait');
    await name(oneDay, 'Until 1 day late');
    await fill(inspector().getByRole('spinbutton', { name: 'Until it reaches' }), '1');
    const email = await add('action');
    await name(email, 'Email reminder');
    await fill(inspector().getByRole('textbox', { name: 'Template' }), 'reminder');
    // One step, twice: at +1 and again nine days later, at +10.
    await inspector().getByRole('combobox', { name: 'How often' }).selectOption('repeat');
    await fill(inspector().getByRole('spinbutton', { name: 'Every' }), '9');
    await fill(inspector().getByRole('spinbutton', { name: 'At most' }), '2');

    // Connected from the keyboard, each output from its list.
    await lead('start', 'next', 'Disputed?');
    await lead(disputed, 'yes', 'Disputed: stop');
    await lead(disputed, 'no', 'How late?');
    await lead(stages, 'case-1', 'Hand over');
    await lead(stages, 'case-2', 'Final letter');
    await lead(stages, 'case-3', 'Until 5 days late');
    await lead(stages, 'default', 'Until 1 day late');
    await lead(fiveDays, 'next', 'Call the enterprise');

    // The last one with the mouse, after laying the steps out.
    await page.getByTestId('auto-layout').click();
    await page.waitForTimeout(600);
    await page.locator('.react-flow__controls-fitview').click();
    await page.waitForTimeout(400);
    const centre = async (locator: Locator) => {
      const box = (await locator.boundingBox())!;
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };
    const from = await centre(
      page.locator(`.react-flow__handle.source[data-nodeid="${oneDay}"][data-handleid="next"]`),
    );
    const to = await centre(page.locator(`.react-flow__handle.target[data-nodeid="${email}"]`));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 6 });
    await page.mouse.move(to.x, to.y, { steps: 6 });
    await page.mouse.up();

    await poll(() => page.locator('.react-flow__edge').count()).toBe(9);
    const steps = await page.locator('.react-flow__node').count();
    expect(steps).toBe(10);
    expect(steps).toBeLessThanOrEqual(MAX_STEPS);
    await poll(() => page.getByTestId('problems-toggle').innerText()).toContain('No problems');
    await page.locator('.react-flow__controls-fitview').click();
    await shot('brief-drawn');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  });

  /** The days past due (from the due date in the form) on which each step fired, in order. */
  async function firedAt(due: string): Promise<Array<{ what: string; dpd: number }>> {
    const cells = page.locator('.calendar__day--action');
    const fired = await cells.evaluateAll((els) =>
      els.map((e) => ({
        date: e.getAttribute('data-testid')!.slice(4),
        what: e.querySelector('.calendar__action')!.textContent!,
      })),
    );
    return fired.map(({ date, what }) => ({ what, dpd: (Date.parse(date) - Date.parse(due)) / DAY_MS }));
  }

  async function timeline(segment: string, amount: string) {
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByTestId('sim-preset').selectOption('late-large');
    const invoice = page.getByTestId('sim-group-invoice');
    if ((await invoice.getAttribute('open')) === null) await invoice.locator('summary').click();
    await invoice.getByLabel('Amount', { exact: true }).fill(amount);
    const account = page.getByTestId('sim-group-account');
    if ((await account.getAttribute('open')) === null) await account.locator('summary').click();
    await account.getByLabel('Segment').selectOption(segment);
    // 30-day terms: 120 days from issue is 90 days past due.
    await page.getByTestId('sim-length').selectOption('120');
    await page.getByTestId('sim-timeline').click();
    await page.getByTestId('timeline').waitFor();
    await poll(() => page.locator('.calendar__day').count()).toBe(121);
  }

  /** Fired on the day its rule says, or up to three days later when a weekend held it back. */
  const onOrJustAfter = (dpd: number, day: number) => dpd >= day && dpd <= day + 3;

  it('calls an enterprise invoice over 50k at +5, sends the letter at +30 and hands it over at +60', async () => {
    await timeline('enterprise', '60000');
    const fired = await firedAt('2026-03-03');
    expect(fired.map((f) => f.what)).toEqual(['Call', 'Letter', 'Escalate']);
    expect(onOrJustAfter(fired[0]!.dpd, 5), `call at +${fired[0]!.dpd}`).toBe(true);
    expect(onOrJustAfter(fired[1]!.dpd, 30), `letter at +${fired[1]!.dpd}`).toBe(true);
    expect(onOrJustAfter(fired[2]!.dpd, 60), `hand-over at +${fired[2]!.dpd}`).toBe(true);
    await shot('brief-timeline-enterprise');
  });

  it('emails everyone else at +1 and +10 with one repeating step, then the letter and the hand-over', async () => {
    await timeline('small_business', '18500');
    const fired = await firedAt('2026-03-03');
    expect(fired.map((f) => f.what)).toEqual(['Email', 'Email ×2', 'Letter', 'Escalate']);
    expect(onOrJustAfter(fired[0]!.dpd, 1), `first email at +${fired[0]!.dpd}`).toBe(true);
    expect(onOrJustAfter(fired[1]!.dpd, 10), `second email at +${fired[1]!.dpd}`).toBe(true);
    expect(onOrJustAfter(fired[2]!.dpd, 30), `letter at +${fired[2]!.dpd}`).toBe(true);
    expect(onOrJustAfter(fired[3]!.dpd, 60), `hand-over at +${fired[3]!.dpd}`).toBe(true);
    // An enterprise invoice under 50k is "everyone else" too.
    await timeline('enterprise', '18500');
    expect((await firedAt('2026-03-03')).map((f) => f.what)).toEqual(['Email', 'Email ×2', 'Letter', 'Escalate']);
    await shot('brief-timeline-everyone-else');
  });

  it('stops a disputed invoice, whatever else', async () => {
    const invoice = page.getByTestId('sim-group-invoice');
    await invoice.getByLabel('Disputed').check();
    await page.getByTestId('sim-run').click();
    await poll(() => page.getByTestId('decision-outcome').textContent()).toBe('Stop: Disputed');
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
