/**
 * The sample policy over one invoice's life, decided over HTTP at several dates, with each step
 * taken fed back as the memory of steps, as a collections system would, under the deployment's
 * default contact rules (business days of the account's country, Germany; 08:00-18:00).
 */
import { expect, it } from 'vitest';

import { client, describeEachServer, invoiceRequest, type Json } from './support';

const PREFIX = ['start', 'paid', 'hold', 'stage'];

describeEachServer('sample policy over an invoice life', (server) => {
  const api = client(server);
  let history: { actions: Array<{ step: string; type: string; date: string }> } | undefined;

  /** Decides, checks the logged facts against the explanation, and feeds an action back into the history. */
  async function decideAt(asOf: string, extra: Partial<Parameters<typeof invoiceRequest>[0]> = {}): Promise<Json> {
    const decision = await api.decide(
      invoiceRequest({ invoiceId: 'LIFE-1', asOf, ...(history ? { history } : {}), ...extra }),
    );
    expect(decision.policy).toMatchObject({
      id: 'standard-b2b',
      version: 1,
      contentHash: expect.stringMatching(/^sha256:/),
    });

    const { facts } = await api.get(`/v1/decisions/${decision.decisionId}`);
    const { path, terminal } = decision.explanation;
    expect(path[0].nodeId).toBe('start');
    expect(path.at(-1).nodeId).toBe(terminal);
    for (const step of path) {
      for (const condition of step.conditions ?? []) {
        expect(condition.factValue, `${step.nodeId}: ${condition.fact}`).toEqual(facts[condition.fact]);
        expect(condition.missing).toBe(facts[condition.fact] === undefined);
      }
      if (step.wait) expect(step.wait.factValue).toEqual(facts[step.wait.fact]);
    }
    if (decision.outcome === 'action') {
      const { step, type } = decision.action;
      history = { actions: [...(history?.actions ?? []), { step, type, date: asOf.slice(0, 10) }] };
    }
    return decision;
  }

  const nodes = (decision: Json): string[] => decision.explanation.path.map((s: Json) => s.nodeId);
  const step = (decision: Json, nodeId: string): Json =>
    decision.explanation.path.find((s: Json) => s.nodeId === nodeId);

  it('waits until 3 days before the due date', async () => {
    const d = await decideAt('2026-03-20T08:00:00Z');
    expect(d).toMatchObject({ outcome: 'wait', reviewAt: '2026-03-28', nextReviewAt: '2026-03-28' });
    expect(d.action).toBeUndefined();
    expect(nodes(d)).toEqual([...PREFIX, 'pre-due']);
    expect(step(d, 'pre-due').wait).toEqual({
      fact: 'daysPastDue',
      days: -3,
      factValue: -11,
      missing: false,
      held: true,
    });
    expect(step(d, 'stage')).toMatchObject({ handle: 'default' });
    expect(step(d, 'paid').conditions).toEqual([
      { fact: 'openAmount', operator: 'lessThanInclusive', value: 0, factValue: 12000, missing: false, result: false },
    ]);
  });

  it('holds the friendly reminder due 3 days before the due date, a Saturday, until Monday', async () => {
    const d = await decideAt('2026-03-28T08:00:00Z');
    expect(d).toMatchObject({ outcome: 'wait', reason: 'not_business_day', reviewAt: '2026-03-30' });
    expect(d.nextReviewAt).toBe('2026-03-30');
    expect(nodes(d)).toEqual([...PREFIX, 'pre-due', 'friendly']);
    expect(d.explanation.overrides).toEqual([
      {
        rule: 'not_business_day',
        message: '2026-03-28 is a Saturday: no contact until the next business day, 2026-03-30',
      },
    ]);
  });

  it('sends the friendly reminder on the Monday', async () => {
    const d = await decideAt('2026-03-30T08:00:00Z');
    expect(d).toMatchObject({
      outcome: 'action',
      action: {
        type: 'email',
        template: 'friendly-reminder',
        level: 0,
        priority: 'low',
        step: 'friendly',
        occurrence: 1,
        sendAt: '2026-03-30T08:00:00.000Z',
      },
      // Once the reminder is taken, nothing changes until the first overdue reminder is due.
      nextReviewAt: '2026-04-01',
    });
    expect(d.reviewAt).toBeUndefined();
    expect(nodes(d)).toEqual([...PREFIX, 'pre-due', 'friendly']);
    expect(history).toEqual({ actions: [{ step: 'friendly', type: 'email', date: '2026-03-30' }] });
  });

  it('after that reminder, remembers it and waits until the day after the due date', async () => {
    const d = await decideAt('2026-03-31T08:00:00Z');
    expect(d).toMatchObject({
      outcome: 'wait',
      reason: 'step_done',
      reviewAt: '2026-04-01',
      nextReviewAt: '2026-04-01',
    });
    expect(nodes(d)).toEqual([...PREFIX, 'pre-due', 'friendly']);
    expect(d.explanation.overrides).toEqual([
      { rule: 'step_done', message: 'This step was already taken (last on 2026-03-30); it is not taken again' },
    ]);
  });

  it('sends the first overdue reminder one day after the due date', async () => {
    const d = await decideAt('2026-04-01T08:00:00Z');
    expect(d).toMatchObject({
      outcome: 'action',
      action: { type: 'email', template: 'reminder-1', level: 1 },
      nextReviewAt: '2026-04-07',
    });
    expect(nodes(d)).toEqual([...PREFIX, 'email-1']);
    expect(step(d, 'stage')).toMatchObject({ handle: 'd1' });
  });

  it('calls a week later, as the amount is large', async () => {
    const d = await decideAt('2026-04-08T08:00:00Z');
    expect(d).toMatchObject({
      outcome: 'action',
      action: { type: 'call', template: 'call-overdue', level: 3, priority: 'high' },
    });
    expect(nodes(d)).toEqual([...PREFIX, 'big-or-late', 'call']);
    expect(step(d, 'big-or-late').conditions).toEqual([
      expect.objectContaining({ fact: 'openAmount', factValue: 12000, result: true }),
      expect.objectContaining({ fact: 'lateRate', missing: true, result: false }),
    ]);
  });

  it('holds the final notice due 31 days past due over May Day, a public holiday in Germany', async () => {
    const held = await decideAt('2026-05-01T08:00:00Z');
    expect(held).toMatchObject({ outcome: 'wait', reason: 'not_business_day', reviewAt: '2026-05-04' });
    expect(held.explanation.overrides[0].message).toContain('a public holiday in DE');
    const d = await decideAt('2026-05-04T08:00:00Z');
    expect(d).toMatchObject({ outcome: 'action', action: { type: 'letter', template: 'final-notice', level: 4 } });
    expect(nodes(d)).toEqual([...PREFIX, 'final-letter']);
    expect(d.nextReviewAt).toBe('2026-05-15');
  });

  it('hands over to a collector 46 days past due, and then leaves it to the collector', async () => {
    const d = await decideAt('2026-05-16T08:00:00Z');
    expect(d).toMatchObject({
      outcome: 'action',
      action: { type: 'escalate', target: 'collector', template: 'handover-collector', level: 5, priority: 'high' },
    });
    expect(nodes(d)).toEqual([...PREFIX, 'with-collector', 'escalate']);
    expect(step(d, 'with-collector').conditions[0]).toMatchObject({
      fact: 'lastActionType',
      factValue: 'letter',
      result: false,
    });

    const after = await decideAt('2026-05-20T08:00:00Z');
    expect(after).toMatchObject({ outcome: 'stop', reason: 'escalated' });
    expect(nodes(after)).toEqual([...PREFIX, 'with-collector', 'stop-escalated']);
  });

  it('stops on a dispute at any date', async () => {
    for (const asOf of ['2026-03-05', '2026-03-28', '2026-04-08', '2026-05-16']) {
      const d = await decideAt(asOf, { disputed: true, history: undefined });
      expect(d, asOf).toMatchObject({ outcome: 'stop', reason: 'disputed' });
      expect(nodes(d)).toEqual(['start', 'paid', 'hold', 'stop-disputed']);
      expect(step(d, 'hold')).toMatchObject({
        handle: 'disputed',
        conditions: [expect.objectContaining({ fact: 'disputed', factValue: true, result: true })],
      });
    }
  });

  it('stops while a promise to pay is in force, and resumes once its date has passed', async () => {
    const promised = await decideAt('2026-04-10', { promiseToPayDate: '2026-04-20', history: undefined });
    expect(promised).toMatchObject({ outcome: 'stop', reason: 'promise_active' });
    expect(nodes(promised)).toEqual(['start', 'paid', 'hold', 'stop-promise']);
    expect(step(promised, 'hold').conditions).toEqual([
      expect.objectContaining({ fact: 'disputed', result: false }),
      expect.objectContaining({ fact: 'promiseActive', factValue: true, result: true }),
    ]);

    const onTheDay = await decideAt('2026-04-20', { promiseToPayDate: '2026-04-20', history: undefined });
    expect(onTheDay).toMatchObject({ outcome: 'stop', reason: 'promise_active' });

    const broken = await api.decide(
      invoiceRequest({ invoiceId: 'LIFE-2', asOf: '2026-04-21', promiseToPayDate: '2026-04-20' }),
    );
    expect(broken).toMatchObject({ outcome: 'action', action: { type: 'call' } });
  });

  it('logged every decision of the invoice', async () => {
    const { items } = await api.get('/v1/decisions?invoiceId=LIFE-1&limit=100');
    // 10 days of its life, 4 disputes, 2 promises.
    expect(items).toHaveLength(16);
    expect(items.every((i: Json) => i.decision.policy.version === 1)).toBe(true);
  });
});
