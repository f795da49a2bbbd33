/** The sample policy's channel test (email champion vs SMS challenger, 50/50) over HTTP. */
import { createHash } from 'node:crypto';

import { expect, it } from 'vitest';

import { client, describeEachServer, invoiceRequest, type Json } from './support';

/** The split bucket of docs/policy.md, computed independently: first 4 bytes of sha256(accountId + U+001F + nodeId), big-endian, mod 100. */
const bucket = (accountId: string) =>
  createHash('sha256').update(`${accountId}\u001fchannel-test`).digest().readUInt32BE(0) % 100;

/** A small invoice 7+ days past due whose last reminder is old enough: the split decides the channel. */
const splitRequest = (accountId: string, invoiceId: string, asOf: string, amount: number) =>
  invoiceRequest({
    invoiceId,
    accountId,
    asOf,
    amount,
    account: { lateRate: 0.1 },
    history: { stepsTaken: 2, lastActionType: 'email', lastActionDate: '2026-04-01' },
  });

const armOf = (decision: Json): string =>
  decision.explanation.path.find((s: Json) => s.nodeId === 'channel-test').split.arm;

describeEachServer('champion/challenger split', (server) => {
  const api = client(server);

  async function batch(items: unknown[]): Promise<Json[]> {
    const { results } = await api.post('/v1/decide/batch', { items });
    expect(results).toHaveLength(items.length);
    for (const r of results) expect(r.ok, JSON.stringify(r.error)).toBe(true);
    return results.map((r: Json) => r.decision);
  }

  it('keeps each account in one arm across invoices and dates', async () => {
    const accounts = Array.from({ length: 20 }, (_, i) => `STABLE-${i}`);
    const items = accounts.flatMap((accountId) =>
      ['2026-04-08', '2026-04-15', '2026-04-29'].flatMap((asOf) =>
        [800, 2500, 9000].map((amount) => splitRequest(accountId, `${accountId}-INV-${amount}`, asOf, amount)),
      ),
    );
    const decisions = await batch(items);
    const arms = new Map<string, Set<string>>();
    for (const d of decisions) {
      expect(d.explanation.terminal).toBe(armOf(d) === 'champion' ? 'email-2' : 'sms');
      if (!arms.has(d.accountId)) arms.set(d.accountId, new Set());
      arms.get(d.accountId)!.add(armOf(d));
    }
    for (const accountId of accounts) {
      expect([...arms.get(accountId)!], accountId).toEqual([bucket(accountId) < 50 ? 'champion' : 'challenger']);
    }
    // And again later, in another request: the same arms.
    const again = await batch(accounts.map((a) => splitRequest(a, `${a}-LATER`, '2026-04-20', 4000)));
    for (const d of again) expect([...arms.get(d.accountId)!]).toEqual([armOf(d)]);
  });

  it('splits 200 accounts roughly 50/50, each by the documented bucket', async () => {
    const accounts = Array.from({ length: 200 }, (_, i) => `CC-ACCOUNT-${i}`);
    const decisions = await batch(accounts.map((a) => splitRequest(a, `${a}-INV`, '2026-04-10', 1500)));
    let champion = 0;
    for (const d of decisions) {
      const step = d.explanation.path.find((s: Json) => s.nodeId === 'channel-test');
      expect(step.split.bucket, d.accountId).toBe(bucket(d.accountId));
      expect(step.split.arm).toBe(bucket(d.accountId) < 50 ? 'champion' : 'challenger');
      if (step.split.arm === 'champion') {
        champion++;
        expect(d.action).toMatchObject({ type: 'email', template: 'reminder-2' });
      } else {
        expect(d.action).toMatchObject({ type: 'sms', template: 'sms-reminder' });
      }
    }
    expect(champion).toBeGreaterThanOrEqual(70);
    expect(champion).toBeLessThanOrEqual(130);
  });
});
