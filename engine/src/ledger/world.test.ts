import { describe, expect, it } from 'vitest';
import { addDays, dayNumber } from '../features/days';
import { accountRecord, disputeRecord, paymentRecord, promiseRecord } from './records';
import { canonicalInvoiceSchema } from './canonical';
import { World, type Happenings } from './world';

const START = '2026-03-02';

/** Every payment of the world's invoices over `days` from the start, contacting each open invoice as `contact` says. */
function payDays(
  world: World,
  days: number,
  contact?: (invoiceId: string, day: string) => void,
  promises: Happenings['promises'] = [],
): Map<string, string> {
  const paid = new Map<string, string>();
  const open = new Set(world.history().invoices.map((i) => i.invoiceId));
  for (const p of world.history().payments) open.delete(p.invoiceId);
  for (let i = 0; i < days; i++) {
    const date = addDays(START, i);
    if (contact && i === 0) for (const id of open) contact(id, date);
    const happened = world.on(date);
    for (const p of happened.payments) paid.set(p.invoiceId, p.paidOn);
    promises.push(...happened.promises);
  }
  return paid;
}

describe('the synthetic world', () => {
  const world = new World({ invoices: 3000, seed: 5, start: START, futureDays: 30 });
  const history = world.history();

  it('has every kind of record, each valid for the ledger, dated before the start', () => {
    expect(history.accounts.length).toBe(120);
    for (const a of history.accounts) expect(accountRecord.safeParse(a).success, a.id).toBe(true);
    for (const i of history.invoices) expect(canonicalInvoiceSchema.safeParse(i).success).toBe(true);
    for (const p of history.payments) expect(paymentRecord.safeParse(p).success).toBe(true);
    for (const d of history.disputes) expect(disputeRecord.safeParse(d).success).toBe(true);
    expect(history.invoices.every((i) => i.issueDate < START)).toBe(true);
    expect(history.payments.every((p) => p.paidOn < START)).toBe(true);
    // Some customers pay in two parts; some disputes are resolved, some still open.
    expect(history.payments.filter((p) => p.id.endsWith(':part-1')).length).toBeGreaterThan(50);
    expect(history.disputes.some((d) => d.resolvedOn)).toBe(true);
    expect(history.disputes.some((d) => !d.resolvedOn)).toBe(true);
    // Payments never exceed an invoice.
    const paid = new Map<string, number>();
    for (const p of history.payments) paid.set(p.invoiceId, (paid.get(p.invoiceId) ?? 0) + p.amount);
    const amounts = new Map(history.invoices.map((i) => [i.invoiceId, i.amount]));
    for (const [id, sum] of paid) expect(sum).toBeLessThanOrEqual(amounts.get(id)! + 0.005);
  });

  it('is the same world for the same seed, and hands out each record once', () => {
    const again = new World({ invoices: 3000, seed: 5, start: START, futureDays: 30 });
    expect(again.history()).toEqual(history);
    const first: Happenings = again.on(START);
    expect(again.on(START)).toEqual({ invoices: [], payments: [], disputes: [], promises: [] });
    expect(first.invoices.every((i) => i.issueDate === START)).toBe(true);
  });

  it('brings payments forward when customers are contacted, by channel and segment', () => {
    const days = 60;
    const untouched = payDays(new World({ invoices: 3000, seed: 5, start: START }), days);
    const called = new World({ invoices: 3000, seed: 5, start: START });
    const promises: Happenings['promises'] = [];
    const afterCall = payDays(called, days, (id, day) => called.contact(id, 'call', day), promises);
    const mean = (paid: Map<string, string>) =>
      [...paid.values()].reduce((sum, d) => sum + dayNumber(d) - dayNumber(START), 0) / paid.size;
    expect(afterCall.size).toBeGreaterThanOrEqual(untouched.size);
    expect(mean(afterCall)).toBeLessThan(mean(untouched) - 2);
    // A call may end in a promise to pay, a few days later.
    expect(promises.length).toBeGreaterThan(0);
    for (const p of promises) expect(promiseRecord.safeParse(p).success).toBe(true);

    // Small businesses answer a text; the public sector hardly does.
    const texted = new World({ invoices: 3000, seed: 5, start: START });
    const afterText = payDays(texted, days, (id, day) => texted.contact(id, 'sms', day));
    const segmentOf = new Map(history.accounts.map((a) => [a.id, a.segment]));
    const accountOf = new Map(history.invoices.map((i) => [i.invoiceId, i.accountId]));
    const gain = (segment: string) => {
      const ids = [...untouched.keys()].filter(
        (id) => segmentOf.get(accountOf.get(id)!) === segment && afterText.has(id),
      );
      return (
        ids.reduce((sum, id) => sum + dayNumber(untouched.get(id)!) - dayNumber(afterText.get(id)!), 0) / ids.length
      );
    };
    expect(gain('small_business')).toBeGreaterThan(gain('public_sector') + 1);
  });
});
