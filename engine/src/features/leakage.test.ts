/**
 * Point in time: a feature of an invoice scored at `asOf` depends only on what was known at
 * `asOf`. Invoices issued after it, payments made on or after it (including the scored
 * invoice's own payment) and the order of the input must not change the encoded features.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatePortfolio, seededRandom } from '../ledger/synthetic';
import { type CanonicalInvoice } from '../ledger/canonical';
import { addDays } from './days';
import { AccountLedger, type LedgerInvoice } from './history';
import { encodeFeatures, NUMERIC_FEATURES, type FeatureEncoding, type ModelInput } from './model-features';

const BASE = '2025-01-01';
const day = (offset: number) => addDays(BASE, offset);

// Every model feature; an imputed value that no real feature takes, so imputation shows.
const ENCODINGS: FeatureEncoding[] = [
  ...NUMERIC_FEATURES.map((f): FeatureEncoding => ({ name: f.name, kind: 'numeric', impute: -12345 })),
  ...['USD', 'EUR', 'CAD'].map((value): FeatureEncoding => ({
    name: `currency=${value}`,
    kind: 'category',
    source: 'currency',
    value,
  })),
  ...['0', '1', '2', '3', '4', '5', '6'].map((value): FeatureEncoding => ({
    name: `dueWeekday=${value}`,
    kind: 'category',
    source: 'dueWeekday',
    value,
  })),
];

function shuffle<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function features(
  ledger: AccountLedger,
  asOf: string | Date,
  invoice: LedgerInvoice & { currency: string; paperless: boolean | null },
) {
  const history = ledger.at(asOf, invoice.invoiceId);
  const input: ModelInput = {
    invoice: {
      amount: invoice.amount,
      currency: invoice.currency,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      disputed: invoice.disputed,
      paperless: invoice.paperless,
    },
    asOf,
    history,
  };
  const { vector, imputed } = encodeFeatures(input, ENCODINGS);
  return { history, vector: Array.from(vector), imputed };
}

const terms = fc.constantFrom(0, 7, 15, 30, 45, 60, 90);
const amount = fc.double({ min: 0, max: 1e6, noNaN: true });
const disputed = fc.constantFrom(true, false, null);

/** A ledger as known at day A, and what the future adds to it. */
const world = fc.integer({ min: 0, max: 400 }).chain((A) =>
  fc.record({
    A: fc.constant(A),
    hour: fc.integer({ min: 0, max: 23 }),
    past: fc.array(
      fc.record({
        issue: fc.integer({ min: 0, max: A }),
        terms,
        amount,
        disputed,
        // Paid before A (an offset into [issue, A - 1]) or still open at A.
        paidBefore: fc.option(fc.nat(), { nil: undefined }),
        // When an invoice open at A gets paid: never, or on or after A.
        paidLater: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
      }),
      { maxLength: 25 },
    ),
    scored: fc.record({
      issue: fc.integer({ min: 0, max: A }),
      terms,
      amount,
      disputed,
      currency: fc.constantFrom('USD', 'EUR', 'CAD', 'JPY'),
      paperless: fc.constantFrom(true, false, null),
      paidLater: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
    }),
    future: fc.array(
      fc.record({
        issueAfter: fc.integer({ min: 1, max: 300 }),
        terms,
        amount,
        disputed,
        paidAfterIssue: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
      }),
      { maxLength: 25 },
    ),
    order: fc.integer(),
  }),
);

describe('no leakage from the future into the features', () => {
  it('AccountLedger.at + encodeFeatures ignore later invoices, later payments and input order (property)', () => {
    fc.assert(
      fc.property(world, (w) => {
        const known: LedgerInvoice[] = [];
        const full: LedgerInvoice[] = [];
        w.past.forEach((p, i) => {
          const base = {
            invoiceId: `P${i}`,
            issueDate: day(p.issue),
            dueDate: day(p.issue + p.terms),
            amount: p.amount,
            disputed: p.disputed,
          };
          if (p.paidBefore !== undefined && p.issue < w.A) {
            const settled = { ...base, settledDate: day(p.issue + (p.paidBefore % (w.A - p.issue))) };
            known.push(settled);
            full.push(settled);
          } else {
            known.push({ ...base, settledDate: null });
            full.push({ ...base, settledDate: p.paidLater === undefined ? null : day(w.A + p.paidLater) });
          }
        });
        const s = w.scored;
        const scored = {
          invoiceId: 'X',
          issueDate: day(s.issue),
          dueDate: day(s.issue + s.terms),
          amount: s.amount,
          disputed: s.disputed,
          currency: s.currency,
          paperless: s.paperless,
        };
        known.push({ ...scored, settledDate: null });
        full.push({ ...scored, settledDate: s.paidLater === undefined ? null : day(w.A + s.paidLater) });
        w.future.forEach((f, i) => {
          const issue = w.A + f.issueAfter;
          full.push({
            invoiceId: `F${i}`,
            issueDate: day(issue),
            dueDate: day(issue + f.terms),
            amount: f.amount,
            disputed: f.disputed,
            settledDate: f.paidAfterIssue === undefined ? null : day(issue + f.paidAfterIssue),
          });
        });

        const asOf = day(w.A);
        const expected = features(new AccountLedger(known), asOf, { ...scored, settledDate: null });
        const withFuture = new AccountLedger(shuffle(full, w.order));
        expect(features(withFuture, asOf, { ...scored, settledDate: null })).toEqual(expected);
        // Any time of day on the asOf date is the same calendar day.
        expect(
          features(withFuture, new Date(`${asOf}T${String(w.hour).padStart(2, '0')}:30:00Z`), {
            ...scored,
            settledDate: null,
          }),
        ).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('holds on synthetic portfolios: scoring at the issue date or at any later date (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (seed, fraction) => {
          const rows = generatePortfolio({ invoices: 300, seed, endDate: '2026-06-30', years: 1 });
          const byAccount = new Map<string, CanonicalInvoice[]>();
          for (const r of rows) byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), r]);
          const issueDays = rows.map((r) => r.issueDate).sort();
          const cutoff = issueDays[Math.floor(fraction * issueDays.length)]!;
          let checked = 0;
          for (const invoices of byAccount.values()) {
            const full = new AccountLedger(invoices);
            // What was known at `asOf`: invoices issued by then, payments made before it.
            const knownAt = (asOf: string) =>
              new AccountLedger(
                invoices
                  .filter((i) => i.issueDate <= asOf)
                  .map((i) => (i.settledDate !== null && i.settledDate < asOf ? i : { ...i, settledDate: null })),
              );
            const atCutoff = knownAt(cutoff);
            for (const invoice of invoices.filter((i) => i.issueDate <= cutoff)) {
              expect(features(full, cutoff, invoice)).toEqual(features(atCutoff, cutoff, invoice));
              expect(features(full, invoice.issueDate, invoice)).toEqual(
                features(knownAt(invoice.issueDate), invoice.issueDate, invoice),
              );
              checked += 1;
            }
          }
          expect(checked).toBeGreaterThan(0);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('would notice a leak: a payment before asOf does change the features', () => {
    // Guards the properties above against comparing things that can never differ.
    const open: LedgerInvoice = {
      invoiceId: 'P',
      issueDate: '2026-01-01',
      dueDate: '2026-01-31',
      amount: 100,
      settledDate: null,
      disputed: false,
    };
    const scored = {
      invoiceId: 'X',
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      amount: 50,
      settledDate: null,
      disputed: false,
      currency: 'USD',
      paperless: true,
    };
    const before = features(new AccountLedger([open, scored]), '2026-03-01', scored);
    const paidEarlier = features(
      new AccountLedger([{ ...open, settledDate: '2026-02-10' }, scored]),
      '2026-03-01',
      scored,
    );
    const paidOnTheDay = features(
      new AccountLedger([{ ...open, settledDate: '2026-03-01' }, scored]),
      '2026-03-01',
      scored,
    );
    expect(paidEarlier.vector).not.toEqual(before.vector);
    expect(paidOnTheDay).toEqual(before);
  });
});
