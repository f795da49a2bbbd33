import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type CanonicalInvoice, type InvoiceRecords } from '@dunwell/engine/features';
import { generatePortfolio, seededRandom } from '@dunwell/engine/ledger';
import { buildExamples, DUE_OFFSETS, holdOutSettled, paidOnly, splitOutOfTime, WITHIN_DAYS } from './dataset';

const dayMs = 86_400_000;
const days = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs;

describe('buildExamples', () => {
  const rows = generatePortfolio({ invoices: 600, seed: 21, years: 1 });
  const examples = buildExamples(rows, { withDispute: true });

  it('makes one example per invoice and as-of day on which it was still open, labelled from its payment date or censored', () => {
    const end = addDays([...rows.flatMap((r) => [r.issueDate, r.settledDate ?? ''])].sort().at(-1)!, 1);
    // Expected as-of days, computed here: the issue date and the due date moved by each offset, while open, before the data ends.
    const expected = rows.flatMap((r) =>
      [r.issueDate, ...DUE_OFFSETS.map((k) => addDays(r.dueDate, k))]
        .filter((d) => d >= r.issueDate && d < end && (r.settledDate === null || d <= r.settledDate))
        .map((d) => `${r.invoiceId}@${d}`),
    );
    expect(examples.map((e) => `${e.invoice.invoiceId}@${e.asOf}`)).toEqual(expected);
    for (const e of examples) {
      const r = e.invoice;
      expect(e.input.asOf).toBe(e.asOf);
      if (r.settledDate !== null) {
        expect(e.late).toBe(r.settledDate > r.dueDate);
        expect(e.daysToPay).toBe(days(r.issueDate, r.settledDate));
        expect(e.remainingDays).toBe(days(e.asOf, r.settledDate));
        expect(e.within30).toBe(days(e.asOf, r.settledDate) <= WITHIN_DAYS);
      } else {
        // Still open when the data ends: late once past due, not paid within 30 days once they are over.
        expect(e.late).toBe(r.dueDate < end ? true : null);
        expect(e.within30).toBe(addDays(e.asOf, WITHIN_DAYS) < end ? false : null);
        expect(e.daysToPay).toBeNull();
        expect(e.remainingDays).toBeNull();
      }
      expect(e.daysOpen).toBe(days(r.issueDate, e.asOf));
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
    expect(examples.some((e) => e.late) && examples.some((e) => e.late === false)).toBe(true);
    expect(examples.some((e) => e.invoice.settledDate === null && e.late === true)).toBe(true);
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

describe('buildExamples with the ledger\u2019s dated records', () => {
  const rows = generatePortfolio({ invoices: 300, seed: 8, years: 1 });
  /** Steps, promises and disputes on every other invoice, from before its issue date to well after its payment. */
  const recordsOf = (seed: number): Map<string, InvoiceRecords> => {
    const random = seededRandom(seed);
    const around = (r: CanonicalInvoice) => addDays(r.issueDate, Math.floor(random() * 120) - 5);
    return new Map(
      rows
        .filter((_, i) => i % 2 === 0)
        .map((r) => [
          r.invoiceId,
          {
            stepDays: Array.from({ length: Math.floor(random() * 5) }, () => around(r)).sort(),
            promises: Array.from({ length: Math.floor(random() * 3) }, (_, k) => {
              const madeOn = around(r);
              return { id: `${r.invoiceId}-P${k}`, madeOn, promisedDate: addDays(madeOn, Math.floor(random() * 10)) };
            }),
            disputes: Array.from({ length: random() < 0.3 ? 1 : 0 }, () => {
              const openedOn = around(r);
              return { openedOn, resolvedOn: random() < 0.7 ? addDays(openedOn, Math.floor(random() * 20)) : null };
            }),
          },
        ]),
    );
  };
  const records = recordsOf(3);
  const examples = buildExamples(rows, { withDispute: true, ledger: { records, accounts: new Map() } });

  it('knows at each as-of day the steps taken before it, the latest promise made by it and an open dispute; none without a record', () => {
    let withSteps = 0;
    let withPromise = 0;
    const disputed = { open: 0, closed: 0 };
    for (const e of examples) {
      const record = records.get(e.invoice.invoiceId);
      const steps = (record?.stepDays ?? []).filter((d) => d < e.asOf).length;
      const made = (record?.promises ?? []).filter((p) => p.madeOn <= e.asOf);
      const latest = [...made]
        .sort((a, b) => (a.madeOn < b.madeOn ? -1 : a.madeOn > b.madeOn ? 1 : a.id < b.id ? -1 : 1))
        .at(-1);
      expect(e.input.stepsTaken).toBe(steps);
      expect(e.input.invoice.promiseToPayDate).toBe(latest?.promisedDate ?? null);
      const dispute = record?.disputes.find((d) => d.openedOn <= e.asOf);
      if (dispute) {
        const open = dispute.openedOn <= e.asOf && (dispute.resolvedOn === null || dispute.resolvedOn > e.asOf);
        expect(e.input.invoice.disputed).toBe(open);
        disputed[open ? 'open' : 'closed'] += 1;
      } else expect(e.input.invoice.disputed).toBe(e.invoice.disputed);
      if (steps > 0) withSteps += 1;
      if (latest) withPromise += 1;
    }
    expect(withSteps).toBeGreaterThan(50);
    expect(withPromise).toBeGreaterThan(50);
    expect(disputed.open).toBeGreaterThan(10);
    expect(disputed.closed).toBeGreaterThan(10);
  });

  it('counts the account\u2019s tenure from its customerSince, as decide merges the account, and from its first invoice without', () => {
    const accountId = rows[0]!.accountId;
    const withAccount = buildExamples(rows, {
      withDispute: true,
      ledger: { records, accounts: new Map([[accountId, { id: accountId, customerSince: '2020-01-01' }]]) },
    });
    const first = rows
      .filter((r) => r.accountId === accountId)
      .reduce((a, r) => (r.issueDate < a ? r.issueDate : a), '9999');
    let checked = 0;
    withAccount.forEach((e, i) => {
      const plain = examples[i]!;
      if (e.invoice.accountId !== accountId) return expect(e.input.history).toEqual(plain.input.history);
      expect(e.input.history.tenureDays).toBe(days('2020-01-01', e.asOf));
      expect(plain.input.history.tenureDays).toBe(days(first, e.asOf));
      checked += 1;
    });
    expect(checked).toBeGreaterThan(0);
  });

  it('leaves the dunning unknown for rows read from a file', () => {
    for (const e of buildExamples(rows, { withDispute: true }).slice(0, 200)) {
      expect(e.input.stepsTaken).toBeUndefined();
      expect('promiseToPayDate' in e.input.invoice).toBe(false);
    }
  });

  it('gives an example the same input whatever steps come on or after its day, or promises and disputes after it (property)', () => {
    const days = rows.map((r) => r.issueDate).sort();
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer(), (fraction, seed) => {
        const day = days[Math.floor(fraction * days.length)]!;
        const random = seededRandom(seed);
        const after = () => addDays(day, Math.floor(random() * 60));
        // Up to the day the same record; from it on, other steps and promises, on any invoice.
        const later = new Map(
          rows.map((r) => {
            const kept = records.get(r.invoiceId) ?? { stepDays: [], promises: [], disputes: [] };
            const madeLater = Array.from({ length: Math.floor(random() * 3) }, (_, k) => {
              const madeOn = addDays(after(), 1);
              return { id: `${r.invoiceId}-L${k}`, madeOn, promisedDate: addDays(madeOn, 3) };
            });
            return [
              r.invoiceId,
              {
                stepDays: [...kept.stepDays.filter((d) => d < day), ...Array.from({ length: 3 }, after)].sort(),
                promises: [...kept.promises.filter((p) => p.madeOn <= day), ...madeLater],
                // A dispute open on the day and resolved after it, one opened after it, or a new one
                // opened after it, reads the same up to it.
                disputes: [
                  ...kept.disputes.map((d) =>
                    d.openedOn > day
                      ? { openedOn: addDays(d.openedOn, 1), resolvedOn: null }
                      : d.resolvedOn !== null && d.resolvedOn > day
                        ? { ...d, resolvedOn: addDays(d.resolvedOn, 5) }
                        : d,
                  ),
                  ...(random() < 0.3 ? [{ openedOn: addDays(after(), 1), resolvedOn: null }] : []),
                ],
              },
            ];
          }),
        );
        const key = (e: { invoice: { invoiceId: string }; point: string }) => `${e.invoice.invoiceId}@${e.point}`;
        const changed = new Map(
          buildExamples(rows, { withDispute: true, ledger: { records: later, accounts: new Map() } }).map((e) => [
            key(e),
            e,
          ]),
        );
        let compared = 0;
        for (const e of examples) {
          if (e.asOf > day) continue;
          expect(changed.get(key(e))!.input).toEqual(e.input);
          compared += 1;
        }
        expect(compared).toBeGreaterThan(0);
      }),
      { numRuns: 20 },
    );
  });

  it('would notice a leak: a step the day before does change the input', () => {
    const e = examples.find((x) => x.point === 'due' && x.input.stepsTaken === 0)!;
    const moved = new Map(records).set(e.invoice.invoiceId, {
      stepDays: [addDays(e.asOf, -1)],
      promises: [],
      disputes: [],
    });
    const again = buildExamples(rows, { withDispute: true, ledger: { records: moved, accounts: new Map() } }).find(
      (x) => x.invoice.invoiceId === e.invoice.invoiceId && x.point === 'due',
    )!;
    expect(again.input.stepsTaken).toBe(1);
  });
});

describe('splitOutOfTime', () => {
  const examples = buildExamples(generatePortfolio({ invoices: 2_000, seed: 8 }), { withDispute: true });
  const cutoff = '2026-01-01';

  it('trains on invoices issued before the cutoff, at their as-of days before it, with only the outcomes seen before it', () => {
    const { train, validation, test } = splitOutOfTime(examples, cutoff);
    const before = examples.filter((e) => e.invoice.issueDate < cutoff && e.asOf < cutoff);
    expect([...train, ...validation].map((e) => `${e.invoice.invoiceId}@${e.asOf}`).sort()).toEqual(
      before.map((e) => `${e.invoice.invoiceId}@${e.asOf}`).sort(),
    );
    expect(test.map((e) => e.invoice.invoiceId).sort()).toEqual(
      examples
        .filter((e) => e.invoice.issueDate >= cutoff)
        .map((e) => e.invoice.invoiceId)
        .sort(),
    );
    for (const e of [...train, ...validation]) {
      const { dueDate, issueDate, settledDate } = e.invoice;
      const seen = settledDate !== null && settledDate < cutoff ? settledDate : null;
      // A label counts once the window that decides it closed before the cutoff, paid or not.
      expect(e.late).toBe(dueDate < cutoff ? seen === null || seen > dueDate : null);
      expect(e.within30).toBe(
        addDays(e.asOf, WITHIN_DAYS) < cutoff ? seen !== null && days(e.asOf, seen) <= WITHIN_DAYS : null,
      );
      expect(e.daysToPay).toBe(seen === null ? null : days(issueDate, seen));
    }
    // Paid on or after the cutoff: trained on as still open, some of them with outcomes already decided.
    const pending = [...train, ...validation].filter((e) => e.invoice.settledDate! >= cutoff);
    expect(pending.some((e) => e.late === true) && pending.some((e) => e.within30 === false)).toBe(true);
  });

  it('gives the same training examples whatever happens on or after the cutoff (property)', () => {
    const rows = generatePortfolio({ invoices: 400, seed: 12 });
    const dates = rows.map((r) => r.issueDate).sort();
    const seen = (list: ReturnType<typeof buildExamples>) =>
      list.map((e) => ({
        key: `${e.invoice.invoiceId}@${e.asOf}`,
        input: e.input,
        labels: [e.late, e.within30, e.daysToPay, e.remainingDays],
      }));
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 0.9, noNaN: true }), fc.integer(), (fraction, seed) => {
        const cutoffDay = dates[Math.floor(fraction * dates.length)]!;
        const random = seededRandom(seed);
        // Payments on or after the cutoff move, or never happen.
        const changed = rows.map((r) =>
          r.settledDate !== null && r.settledDate >= cutoffDay
            ? { ...r, settledDate: random() < 0.3 ? null : addDays(r.settledDate, Math.floor(random() * 60)) }
            : r,
        );
        const [a, b] = [rows, changed].map((list) =>
          splitOutOfTime(buildExamples(list, { withDispute: true }), cutoffDay),
        );
        expect(seen([...b!.train, ...b!.validation])).toEqual(seen([...a!.train, ...a!.validation]));
      }),
      { numRuns: 25 },
    );
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

describe('holdOutSettled', () => {
  const { train, validation } = splitOutOfTime(
    buildExamples(generatePortfolio({ invoices: 2_000, seed: 8 }), { withDispute: true }),
    '2026-01-01',
  );
  const paid = paidOnly([...train, ...validation]);

  it('learns from invoices issued long enough before the last payment for nine in ten to be paid, the newest 15% of all validating', () => {
    const held = holdOutSettled(paid);
    const ids = (list: typeof paid) => new Set(list.map((e) => e.invoice.invoiceId));
    const [all, validating] = [ids(paid), ids(held.validation)];
    expect(validating.size).toBe(all.size - Math.floor(all.size * 0.85));
    expect([...ids(held.train)].some((id) => validating.has(id))).toBe(false);

    // Computed here: the 90th percentile of days to pay, back from the last payment seen.
    const byInvoice = [...new Map(paid.map((e) => [e.invoice.invoiceId, e.daysToPay])).values()].sort((a, b) => a - b);
    const last = paid
      .map((e) => e.invoice.settledDate!)
      .sort()
      .at(-1)!;
    const settledBy = addDays(last, -byInvoice[Math.floor(byInvoice.length * 0.9)]!);
    const issued = (list: typeof paid) => list.map((e) => e.invoice.issueDate).sort();
    expect(issued(held.validation).at(-1)! <= settledBy).toBe(true);
    // Nothing issued after the settled date learns: those paid yet are the quick payers of their days.
    expect(issued(held.train).at(-1)! <= settledBy).toBe(true);
    const later = paid.filter((e) => e.invoice.issueDate > settledBy);
    expect(later.length).toBeGreaterThan(0);
    expect(held.train.length + held.validation.length).toBe(paid.length - later.length);
    // The older invoices train; nothing issued after the first validating invoice does (ties on its day may).
    expect(issued(held.train)[0]! < issued(held.validation)[0]!).toBe(true);
    const firstValidating = issued(held.validation)[0]!;
    expect(held.train.every((e) => e.invoice.issueDate <= firstValidating)).toBe(true);
  });
});
