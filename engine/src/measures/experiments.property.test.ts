/**
 * The experiments' intervals on generated portfolios, property-style over 100 seeds: accounts are
 * split in two arms by their bucket, as a split node splits them, and enter on the issue date.
 * With identical arms, the 95% interval of each difference holds 0 in at least 90 of 100 seeds;
 * when the challenger truly pays 5 days sooner, the interval of days to pay excludes 0. Accounts,
 * not invoices, are what is split, so that takes enough of them: 100,000 invoices of 3,333
 * accounts (with 67 accounts the interval is about ±12 days). Also the interval itself against
 * Welch's, and clustering by account.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../features/days';
import { generatePortfolio } from '../ledger/synthetic';
import { splitBucket } from '../policy';
import { type ArmEntry } from '../store';
import { outcomesOf, versus } from './experiments';
import { difference } from './intervals';

const SEEDS = 100;
const END = '2026-06-30';
const AS_OF = addDays(END, 180);

/** Each invoice of a seeded portfolio as an arm entry; the challenger's payments `faster` days sooner. */
function arms(seed: number, faster: number, invoices: number): { champion: ArmEntry[]; challenger: ArmEntry[] } {
  const out = { champion: [] as ArmEntry[], challenger: [] as ArmEntry[] };
  for (const invoice of generatePortfolio({ invoices, seed, endDate: END, years: 1 })) {
    const challenger = splitBucket(invoice.accountId, 'test') >= 50;
    const paidOn = invoice.settledDate && addDays(invoice.settledDate, challenger ? -faster : 0);
    (challenger ? out.challenger : out.champion).push({
      invoiceId: invoice.invoiceId,
      accountId: invoice.accountId,
      arm: challenger ? 'challenger' : 'champion',
      // Entered when issued; a payment moved sooner stays on or after that day.
      enteredOn: invoice.issueDate,
      amount: invoice.amount,
      currency: 'EUR',
      payments: paidOn
        ? [{ amount: invoice.amount, paidOn: paidOn < invoice.issueDate ? invoice.issueDate : paidOn }]
        : [],
      contactDays: [],
    });
  }
  return out;
}

const compare = (seed: number, faster: number, invoices = 2000) => {
  const { champion, challenger } = arms(seed, faster, invoices);
  const same = (amount: number) => amount;
  return versus(outcomesOf(challenger, AS_OF, same), outcomesOf(champion, AS_OF, same));
};

describe('experiment intervals', () => {
  it('is Welch’s t interval when every account has one invoice', () => {
    const one = (xs: number[], prefix: string) => xs.map((value, i) => ({ account: `${prefix}${i}`, value }));
    // R: t.test(c(1, 2, 3, 4, 5), c(2, 4, 6)) gives -4.9637 to 2.9637 (df 3.53).
    const interval = difference(one([1, 2, 3, 4, 5], 'a'), one([2, 4, 6], 'b'))!;
    expect(interval.difference).toBe(-1);
    expect(interval.low).toBeCloseTo(-4.9637, 3);
    expect(interval.high).toBeCloseTo(2.9637, 3);
  });

  it('widens when an account’s invoices move together', () => {
    const many = (account: string, value: number) => Array.from({ length: 50 }, () => ({ account, value }));
    const interval = difference([...many('a1', 1), ...many('a2', 0)], [...many('b1', 1), ...many('b2', 0)])!;
    // 200 invoices, but only 2 accounts an arm: nothing can be said.
    expect(interval.high - interval.low).toBeGreaterThan(2);
    expect(difference(many('a1', 1), many('b1', 0))).toBeNull();
  });

  it(`holds 0 for identical arms in at least 90 of ${SEEDS} seeds`, () => {
    const holds = { paidWithin7: 0, paidWithin30: 0, daysToPay: 0, cashPerInvoice: 0 };
    for (let seed = 1; seed <= SEEDS; seed++) {
      const result = compare(seed, 0);
      for (const key of Object.keys(holds) as Array<keyof typeof holds>) {
        const interval = result[key]!;
        if (interval.low <= 0 && interval.high >= 0) holds[key] += 1;
      }
    }
    for (const count of Object.values(holds)) expect(count).toBeGreaterThanOrEqual(90);
  });

  it('excludes 0 when the challenger pays 5 days sooner', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { daysToPay } = compare(seed, 5, 100_000);
      expect(daysToPay!.high, `seed ${seed}`).toBeLessThan(0);
      expect(daysToPay!.low, `seed ${seed}`).toBeLessThan(-5);
    }
  }, 120_000);
});
