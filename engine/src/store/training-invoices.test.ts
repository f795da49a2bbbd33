import { expect, it } from 'vitest';
import { trainingInvoices, upsertDisputes, upsertInvoices, upsertPayments } from './ledger';
import { describeEachStore } from './testing';

const invoice = (id: string, over: Record<string, unknown> = {}) => ({
  invoiceId: id,
  accountId: 'TRAIN-ACC',
  issueDate: '2026-01-05',
  dueDate: '2026-02-04',
  amount: 1000,
  currency: 'EUR',
  settledDate: null,
  disputed: null,
  paperless: true,
  extra: {},
  ...over,
});

describeEachStore('the ledger as training reads it', (store) => {
  it('settles an invoice on the day its payments reach the amount, and marks recorded disputes', async () => {
    await upsertInvoices(store.db, [
      invoice('TR-PAID-IN-PARTS'),
      invoice('TR-PART-PAID', { issueDate: '2026-01-06' }),
      invoice('TR-DISPUTED', { issueDate: '2026-01-07' }),
      invoice('TR-FLAGGED', { issueDate: '2026-01-08', disputed: true, settledDate: '2026-02-20' }),
    ]);
    await upsertPayments(store.db, [
      { id: 'TR-P1', invoiceId: 'TR-PAID-IN-PARTS', amount: 400, paidOn: '2026-02-01' },
      { id: 'TR-P2', invoiceId: 'TR-PAID-IN-PARTS', amount: 600, paidOn: '2026-02-10' },
      { id: 'TR-P3', invoiceId: 'TR-PART-PAID', amount: 999, paidOn: '2026-02-03' },
    ]);
    await upsertDisputes(store.db, [
      { id: 'TR-D1', invoiceId: 'TR-DISPUTED', openedOn: '2026-01-20', resolvedOn: '2026-01-25', reason: 'price' },
    ]);
    const read = (await trainingInvoices(store.db)).filter((r) => r.invoiceId.startsWith('TR-'));
    expect(read).toEqual([
      invoice('TR-PAID-IN-PARTS', { settledDate: '2026-02-10' }),
      invoice('TR-PART-PAID', { issueDate: '2026-01-06' }),
      invoice('TR-DISPUTED', { issueDate: '2026-01-07', disputed: true }),
      invoice('TR-FLAGGED', { issueDate: '2026-01-08', disputed: true, settledDate: '2026-02-20' }),
    ]);
  });
});
