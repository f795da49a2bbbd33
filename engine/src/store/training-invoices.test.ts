import { expect, it } from 'vitest';
import { insertActions, setActionStatus } from './actions';
import {
  trainingAccounts,
  trainingLedger,
  trainingRecords,
  trainingInvoices,
  upsertAccounts,
  upsertDisputes,
  upsertInvoices,
  upsertPayments,
  upsertPromises,
} from './ledger';
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
  it('settles an invoice on the day its payments reach the amount, and keeps its own dispute flag', async () => {
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
      // The recorded dispute is a dated record (below), not a flag for every day.
      invoice('TR-DISPUTED', { issueDate: '2026-01-07' }),
      invoice('TR-FLAGGED', { issueDate: '2026-01-08', disputed: true, settledDate: '2026-02-20' }),
    ]);
    expect((await trainingRecords(store.db)).get('TR-DISPUTED')!.disputes).toEqual([
      { id: 'TR-D1', openedOn: '2026-01-20', resolvedOn: '2026-01-25' },
    ]);
  });

  it('reads each invoice\u2019s dated records: the days of the steps that reached the customer, its promises and its disputes', async () => {
    await upsertInvoices(store.db, [invoice('TD-DUNNED'), invoice('TD-QUIET', { issueDate: '2026-01-06' })]);
    const step = (id: string, day: string, occurrence = 1) => ({
      id,
      invoiceId: 'TD-DUNNED',
      accountId: 'TRAIN-ACC',
      decisionId: `${id}-decision`,
      runId: null,
      step: id,
      occurrence,
      type: 'email',
      template: 'reminder',
      level: 1,
      priority: 'normal',
      target: null,
      decidedOn: day,
      sendAt: new Date(`${day}T09:00:00Z`),
    });
    await insertActions(store.db, [
      step('TD-S2', '2026-02-10'),
      step('TD-S1', '2026-02-05'),
      step('TD-S3', '2026-02-12'),
    ]);
    await setActionStatus(store.db, 'TD-S3', 'bounced');
    await upsertPromises(store.db, [
      { id: 'TD-PR2', invoiceId: 'TD-DUNNED', madeOn: '2026-02-11', promisedDate: '2026-02-20' },
      { id: 'TD-PR1', invoiceId: 'TD-DUNNED', madeOn: '2026-02-06', promisedDate: '2026-02-09', amount: 500 },
    ]);
    await upsertDisputes(store.db, [{ id: 'TD-D1', invoiceId: 'TD-DUNNED', openedOn: '2026-02-13', reason: 'price' }]);
    const records = await trainingRecords(store.db);
    // A bounced step did not reach the customer, so it is not counted as taken (as decide's memory does).
    expect(records.get('TD-DUNNED')).toEqual({
      stepDays: ['2026-02-05', '2026-02-10'],
      promises: [
        { id: 'TD-PR1', madeOn: '2026-02-06', promisedDate: '2026-02-09' },
        { id: 'TD-PR2', madeOn: '2026-02-11', promisedDate: '2026-02-20' },
      ],
      disputes: [{ id: 'TD-D1', openedOn: '2026-02-13', resolvedOn: null }],
    });
    expect(records.has('TD-QUIET')).toBe(false);
  });

  it('reads the invoices, their records and the accounts in one read-only snapshot', async () => {
    await upsertAccounts(store.db, [{ id: 'TL-ACC', customerSince: '2024-05-01' }]);
    await upsertInvoices(store.db, [invoice('TL-1', { accountId: 'TL-ACC' })]);
    const read = await trainingLedger(store.db);
    expect(read).toEqual({
      invoices: await trainingInvoices(store.db),
      records: await trainingRecords(store.db),
      accounts: await trainingAccounts(store.db),
    });
    expect(read.accounts.get('TL-ACC')).toEqual({ id: 'TL-ACC', customerSince: '2024-05-01' });
    expect(read.invoices.some((r) => r.invoiceId === 'TL-1')).toBe(true);
  });
});
