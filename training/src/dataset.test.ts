import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type CanonicalInvoice } from '@dunwell/engine/features';
import { generatePortfolio, seededRandom } from '@dunwell/engine/ledger';
import { buildExamples, DUE_OFFSETS, splitOutOfTime, WITHIN_DAYS } from './dataset';

const dayMs = 86_400_000;
const days = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs;

describe('buildExamples', () => {
  const rows = generatePortfolio({ invoices: 600, seed: 21, years: 1 });
  const examples = buildExamples(rows, { withDispute: true });

  it('makes one example per settled invoice and as-of day on which it was still open, labelled from its payment date', () => {
    const settled = rows.filter((r) => r.settledDate !== null);
    // Expected as-of days, computed here: the issue date and the due date moved by each offset, while open.
    const expected = settled.flatMap((r) =>
      [r.issueDate, ...DUE_OFFSETS.map((k) => addDays(r.dueDate, k))]
        .filter((d) => d >= r.issueDate && d <= r.settledDate!)
        .map((d) => `${r.invoiceId}@${d}`),
    );
    expect(examples.map((e) => `${e.invoice.invoiceId}@${e.asOf}`)).toEqual(expected);
    for (const e of examples) {
      const r = e.invoice;
      expect(e.input.asOf).toBe(e.asOf);
      expect(e.late).toBe(r.settledDate! > r.dueDate);
      expect(e.daysToPay).toBe(days(r.issueDate, r.settledDate!));
      expect(e.remainingDays).toBe(days(e.asOf, r.settledDate!));
      expect(e.daysOpen).toBe(days(r.issueDate, e.asOf));
      expect(e.within30).toBe(days(e.asOf, r.settledDate!) <= WITHIN_DAYS);
      expect(e.beforeDue).toBe(e.asOf <= r.dueDate);
      expect(e.termsDays).toBe(days(r.issueDate, r.dueDate));
      expect(e.input.invoice).toEqual({
        amount: r.amount,
        currency: r.currency,
        issueDate: r.issueDate,
        dueDate: r.dueDate,
        disputed: r.disputed,
        paperless: r.paperless,
      });
    }
    expect(examples.some((e) => e.late) && examples.some((e) => !e.late)).toBe(true);
    const points = new Set(examples.map((e) => e.point));
    for (const p of ['issue', 'due-14', 'due-7', 'due', 'due+7', 'due+15', 'due+30']) expect(points.has(p)).toBe(true);
  });

  it('leaves the dispute flag out when asked', () => {
    const without = buildExamples(rows, { withDispute: false });
    expect(without.every((e) => e.input.invoice.disputed === null)).toBe(true);
    expect(without.map((e) => e.input.history)).toEqual(examples.map((e) => e.input.history));
  });

  it('scores each example on its account\u2019s history at its as-of day, without its own payment', () => {
    const sample = examples.filter((_, i) => i % 7 === 0).slice(0, 300);
    expect(sample.some((e) => e.point !== 'issue')).toBe(true);
    for (const e of sample) {
      const mine = rows.filter((r) => r.accountId === e.invoice.accountId);
      const paidBefore = mine.filter((r) => r.settledDate !== null && r.settledDate < e.asOf);
      const openThen = mine.filter(
        (r) =>
          r.invoiceId !== e.invoice.invoiceId &&
          r.issueDate <= e.asOf &&
          (r.settledDate === null || r.settledDate >= e.asOf),
      );
      expect(e.input.history.settledCount).toBe(paidBefore.length);
      expect(e.input.history.openInvoiceCount).toBe(openThen.length);
      const late = paidBefore.filter((r) => r.settledDate! > r.dueDate).length;
      expect(e.input.history.lateRate).toBe(paidBefore.length === 0 ? undefined : late / paidBefore.length);
    }
  });

  it('gives an example the same input when rows issued and settled after its as-of day are appended or paid later (property)', () => {
    const base = generatePortfolio({ invoices: 300, seed: 5, years: 1 });
    const accounts = [...new Set(base.map((r) => r.accountId))];
    const dates = base.map((r) => r.issueDate).sort();
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.integer(),
        fc.integer({ min: 0, max: 60 }),
        (fraction, seed, appended) => {
          const cutoff = dates[Math.floor(fraction * dates.length)]!;
          const random = seededRandom(seed);
          // Payments made after the cutoff move later still (the invoice stays settled, so it keeps its example).
          const changed = base.map((r) =>
            r.settledDate !== null && r.settledDate > cutoff
              ? { ...r, settledDate: addDays(r.settledDate, 1 + Math.floor(random() * 40)) }
              : r,
          );
          // New invoices issued after the cutoff, for existing accounts, paid or not.
          for (let i = 0; i < appended; i++) {
            const issueDate = addDays(cutoff, 1 + Math.floor(random() * 90));
            const paid = random() < 0.7;
            changed.push({
              invoiceId: `NEW-${i}`,
              accountId: accounts[Math.floor(random() * accounts.length)]!,
              issueDate,
              dueDate: addDays(issueDate, 30),
              amount: 1 + Math.round(random() * 1e5) / 100,
              currency: 'USD',
              settledDate: paid ? addDays(issueDate, Math.floor(random() * 60)) : null,
              disputed: random() < 0.1,
              paperless: random() < 0.5,
              extra: {},
            } satisfies CanonicalInvoice);
          }
          const key = (e: { invoice: { invoiceId: string }; point: string }) => `${e.invoice.invoiceId}@${e.point}`;
          const before = new Map(buildExamples(base, { withDispute: true }).map((e) => [key(e), e.input]));
          const after = buildExamples(changed, { withDispute: true });
          let compared = 0;
          for (const e of after) {
            if (e.asOf > cutoff || e.invoice.invoiceId.startsWith('NEW-')) continue;
            expect(e.input).toEqual(before.get(key(e)));
            compared += 1;
          }
          expect(compared).toBeGreaterThan(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('splitOutOfTime', () => {
  const examples = buildExamples(generatePortfolio({ invoices: 2_000, seed: 8 }), { withDispute: true });
  const cutoff = '2026-01-01';

  it('trains on invoices issued and paid before the cutoff and tests on those issued on or after it', () => {
    const { train, validation, test } = splitOutOfTime(examples, cutoff);
    const known = examples.filter((e) => e.invoice.issueDate < cutoff && e.invoice.settledDate! < cutoff);
    expect(train.length + validation.length).toBe(known.length);
    expect(test.map((e) => e.invoice.invoiceId).sort()).toEqual(
      examples
        .filter((e) => e.invoice.issueDate >= cutoff)
        .map((e) => e.invoice.invoiceId)
        .sort(),
    );
    for (const e of [...train, ...validation]) {
      expect(e.invoice.issueDate < cutoff).toBe(true);
      expect(e.invoice.settledDate! < cutoff).toBe(true);
    }
    // Issued before the cutoff but paid on or after it: in neither set.
    const pending = examples.filter((e) => e.invoice.issueDate < cutoff && e.invoice.settledDate! >= cutoff);
    expect(pending.length).toBeGreaterThan(0);
    const used = new Set([...train, ...validation, ...test].map((e) => e.invoice.invoiceId));
    expect(pending.some((e) => used.has(e.invoice.invoiceId))).toBe(false);
  });

  it('validates on the latest 15% of the training invoices, with all their examples', () => {
    const { train, validation } = splitOutOfTime(examples, cutoff);
    const invoices = (list: typeof train) => new Set(list.map((e) => e.invoice.invoiceId));
    const [fitting, validating] = [invoices(train), invoices(validation)];
    expect(validating.size).toBe(fitting.size + validating.size - Math.floor((fitting.size + validating.size) * 0.85));
    expect([...validating].some((id) => fitting.has(id))).toBe(false);
    const lastTrain = train
      .map((e) => e.invoice.issueDate)
      .sort()
      .at(-1)!;
    const firstValidation = validation.map((e) => e.invoice.issueDate).sort()[0]!;
    expect(lastTrain <= firstValidation).toBe(true);
  });

  it('trains on everything without a cutoff', () => {
    const { train, validation, test } = splitOutOfTime(examples, null);
    expect(test).toEqual([]);
    expect(train.length + validation.length).toBe(examples.length);
  });
});
