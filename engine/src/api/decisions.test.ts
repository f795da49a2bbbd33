import { beforeAll, expect, it } from 'vitest';

import { createApp } from '../app';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { expectClientError, get, post, sampleRequest, type App, type Json } from '../../test-support/api';

describeEachStore('decisions log API', (store) => {
  let app: App;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    app = createApp(store.database);
    const made: Array<[string, ReturnType<typeof sampleRequest>]> = [
      ['a-0320', sampleRequest({ invoiceId: 'LOG-A', accountId: 'LOG-ACME', asOf: '2026-03-20T10:00:00Z' })],
      ['a-0401', sampleRequest({ invoiceId: 'LOG-A', accountId: 'LOG-ACME', asOf: '2026-04-01T10:00:00Z' })],
      ['a-0408', sampleRequest({ invoiceId: 'LOG-A', accountId: 'LOG-ACME', asOf: '2026-04-08T10:00:00Z' })],
      ['b-0402', sampleRequest({ invoiceId: 'LOG-B', accountId: 'LOG-ACME', asOf: '2026-04-02T10:00:00Z' })],
      ['c-0403', sampleRequest({ invoiceId: 'LOG-C', accountId: 'LOG-OTHER', asOf: '2026-04-03T10:00:00Z' })],
    ];
    for (const [name, request] of made) {
      const reply = await post(app, '/v1/decide', request);
      if (reply.status !== 200) throw new Error(`setup decision ${name} failed: ${reply.text}`);
      ids[name] = reply.body.decisionId;
    }
  });

  it('reads one decision with the request and the facts it saw', async () => {
    const reply = await get(app, `/v1/decisions/${ids['a-0320']}`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.decision).toMatchObject({
      decisionId: ids['a-0320'],
      invoiceId: 'LOG-A',
      outcome: 'wait',
      reviewAt: '2026-03-28',
      policy: { id: 'standard-b2b', version: 1 },
    });
    expect(reply.body.facts).toMatchObject({
      daysPastDue: -11,
      daysSinceIssue: 19,
      termsDays: 30,
      openAmount: 12000,
      disputed: false,
      promiseActive: false,
      emailAllowed: true,
      'split.channel-test': expect.any(Number),
    });
    // Facts the request did not give stay missing rather than becoming 0.
    expect(reply.body.facts).not.toHaveProperty('stepsTaken');
    expect(reply.body.facts).not.toHaveProperty('daysSinceLastAction');
    expect(reply.body.request).toMatchObject({
      invoice: { id: 'LOG-A', dueDate: '2026-03-31' },
      asOf: '2026-03-20T10:00:00Z',
    });
    expect(Number.isNaN(Date.parse(reply.body.loggedAt))).toBe(false);
  });

  it('answers an unknown decision with 404', async () => {
    expectClientError(await get(app, '/v1/decisions/00000000-0000-0000-0000-000000000000'), 404, 'decision_not_found');
    expectClientError(await get(app, '/v1/decisions/not-a-uuid'), 404, 'decision_not_found');
  });

  it('lists decisions newest first, filtered by invoice or account', async () => {
    const byInvoice = await get(app, '/v1/decisions?invoiceId=LOG-A');
    expect(byInvoice.status).toBe(200);
    expect(byInvoice.body.items.map((i: Json) => i.decision.decisionId)).toEqual([
      ids['a-0408'],
      ids['a-0401'],
      ids['a-0320'],
    ]);
    expect(byInvoice.body.nextCursor).toBeNull();
    expect(byInvoice.body.items[0].facts.daysPastDue).toBe(8);

    const byAccount = await get(app, '/v1/decisions?accountId=LOG-ACME');
    expect(byAccount.body.items.map((i: Json) => i.decision.decisionId)).toEqual([
      ids['a-0408'],
      ids['b-0402'],
      ids['a-0401'],
      ids['a-0320'],
    ]);

    const other = await get(app, '/v1/decisions?accountId=LOG-OTHER');
    expect(other.body.items.map((i: Json) => i.decision.invoiceId)).toEqual(['LOG-C']);

    expect((await get(app, '/v1/decisions?invoiceId=LOG-NONE')).body).toEqual({ items: [], nextCursor: null });
  });

  it('filters by outcome', async () => {
    const all = (await get(app, '/v1/decisions?limit=1000')).body.items as Json[];
    for (const outcome of ['action', 'wait', 'stop']) {
      const only = (await get(app, `/v1/decisions?outcome=${outcome}&limit=1000`)).body.items as Json[];
      expect(only.map((i) => i.decision.decisionId)).toEqual(
        all.filter((i) => i.decision.outcome === outcome).map((i) => i.decision.decisionId),
      );
    }
    expect(new Set(all.map((i) => i.decision.outcome)).size).toBeGreaterThan(1);
    expectClientError(await get(app, '/v1/decisions?outcome=maybe'), 400, 'invalid_request');
  });

  it('filters by asOf: from inclusive, to exclusive', async () => {
    const window = await get(app, '/v1/decisions?from=2026-04-01T10:00:00Z&to=2026-04-08T10:00:00Z');
    expect(window.status, window.text).toBe(200);
    expect(window.body.items.map((i: Json) => i.decision.decisionId)).toEqual([
      ids['c-0403'],
      ids['b-0402'],
      ids['a-0401'],
    ]);

    const fromDay = await get(app, '/v1/decisions?accountId=LOG-ACME&from=2026-04-02');
    expect(fromDay.body.items.map((i: Json) => i.decision.decisionId)).toEqual([ids['a-0408'], ids['b-0402']]);

    expectClientError(await get(app, '/v1/decisions?from=yesterday'), 400, 'invalid_request');
  });

  it('pages with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/v1/decisions?accountId=LOG-ACME&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await get(app, query);
      expect(page.status, page.text).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((i: Json) => i.decision.decisionId));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toEqual([ids['a-0408'], ids['b-0402'], ids['a-0401'], ids['a-0320']]);

    expectClientError(await get(app, '/v1/decisions?cursor=not-a-cursor'), 400, 'invalid_cursor');
    expectClientError(await get(app, '/v1/decisions?limit=0'), 400, 'invalid_request');
  });
});
