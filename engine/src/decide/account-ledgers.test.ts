import { expect, it } from 'vitest';
import { type CanonicalInvoice } from '../ledger/canonical';
import { upsertInvoices, upsertPayments } from '../store';
import { describeEachStore } from '../store/testing';
import { AccountLedgers } from './account-ledgers';

const invoice = (invoiceId: string, accountId: string, over: Partial<CanonicalInvoice> = {}): CanonicalInvoice => ({
  invoiceId,
  accountId,
  issueDate: '2026-01-05',
  dueDate: '2026-02-04',
  amount: 1000,
  currency: 'EUR',
  settledDate: null,
  disputed: null,
  paperless: null,
  extra: {},
  ...over,
});

const AS_OF = '2026-03-01';

describeEachStore('account ledgers kept between decisions', (store) => {
  it('keeps a ledger while its rows hold, and reads it again when any process changes them', async () => {
    await upsertInvoices(store.db, [
      invoice('AL-1', 'AL-A', { settledDate: '2026-02-10' }),
      invoice('AL-2', 'AL-A'),
      invoice('AL-3', 'AL-B'),
    ]);
    const ledgers = new AccountLedgers(store.db);
    const first = await ledgers.read(['AL-A', 'AL-B', 'AL-NONE']);
    expect([...first.keys()].sort()).toEqual(['AL-A', 'AL-B']);
    expect(first.get('AL-A')!.at(AS_OF)).toMatchObject({ settledCount: 1, openInvoiceCount: 1, lastDelay: 6 });

    // Nothing changed: the same ledgers, not read again.
    const again = await ledgers.read(['AL-A', 'AL-B']);
    expect(again.get('AL-A')).toBe(first.get('AL-A'));
    expect(again.get('AL-B')).toBe(first.get('AL-B'));

    // Another process's payment settles AL-2: account A is read again, B is kept.
    await upsertPayments(store.db, [{ id: 'AL-P', invoiceId: 'AL-2', amount: 1000, paidOn: '2026-02-20' }]);
    const paid = await ledgers.read(['AL-A', 'AL-B']);
    expect(paid.get('AL-A')).not.toBe(first.get('AL-A'));
    expect(paid.get('AL-A')!.at(AS_OF)).toMatchObject({ settledCount: 2, openInvoiceCount: 0, lastDelay: 16 });
    expect(paid.get('AL-B')).toBe(first.get('AL-B'));

    // A changed amount, a change back, a new invoice: each is seen.
    await upsertInvoices(store.db, [invoice('AL-3', 'AL-B', { amount: 1500 })]);
    expect((await ledgers.read(['AL-B'])).get('AL-B')!.at(AS_OF).openBalance).toBe(1500);
    await upsertInvoices(store.db, [invoice('AL-3', 'AL-B')]);
    expect((await ledgers.read(['AL-B'])).get('AL-B')!.at(AS_OF).openBalance).toBe(1000);
    await upsertInvoices(store.db, [invoice('AL-4', 'AL-B', { amount: 250, paperless: true })]);
    expect((await ledgers.read(['AL-B'])).get('AL-B')!.at(AS_OF)).toMatchObject({
      openInvoiceCount: 2,
      openBalance: 1250,
    });
  });

  it('reads accounts afresh and keeps none of them when told not to keep them (a run)', async () => {
    const accounts = Array.from({ length: 300 }, (_, i) => `AL-MANY-${i}`);
    await upsertInvoices(
      store.db,
      accounts.map((account, i) => invoice(`${account}-1`, account, { amount: 100 + i })),
    );
    const ledgers = new AccountLedgers(store.db);
    const many = await ledgers.read(accounts, { keep: false });
    expect(many.size).toBe(300);
    expect(many.get('AL-MANY-7')!.at(AS_OF).openBalance).toBe(107);
    const one = await ledgers.read(['AL-MANY-7']);
    expect(one.get('AL-MANY-7')).not.toBe(many.get('AL-MANY-7'));
    expect((await ledgers.read(['AL-MANY-7'])).get('AL-MANY-7')).toBe(one.get('AL-MANY-7'));
  });

  it('lets the least recently used accounts go beyond its size, and reads them again when asked', async () => {
    await upsertInvoices(
      store.db,
      ['AL-X', 'AL-Y', 'AL-Z'].flatMap((account) => [1, 2].map((n) => invoice(`${account}-${n}`, account))),
    );
    const ledgers = new AccountLedgers(store.db, 4);
    const first = await ledgers.read(['AL-X', 'AL-Y']);
    await ledgers.read(['AL-X']);
    // Z makes six invoices: Y, used least recently, goes.
    await ledgers.read(['AL-Z']);
    const later = await ledgers.read(['AL-X', 'AL-Y']);
    expect(later.get('AL-X')).toBe(first.get('AL-X'));
    expect(later.get('AL-Y')).not.toBe(first.get('AL-Y'));
    expect(later.get('AL-Y')!.at(AS_OF)).toEqual(first.get('AL-Y')!.at(AS_OF));
  });
});
