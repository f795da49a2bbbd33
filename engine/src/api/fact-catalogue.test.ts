/**
 * Every fact of the catalogue is produced by the engine, assembled from the request and the
 * ledger or scored by the shipped models, so a fact cannot be added to the catalogue and
 * forgotten by decide.
 */
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { FACTS } from '../policy';
import { createApp } from '../app';
import { ModelRegistry } from '../models/registry';
import { seedSamplePolicy } from '../seed';
import { describeEachStore } from '../store/testing';
import { get, post, put, type App } from '../../test-support/api';

const SHIPPED_MODELS = path.resolve(import.meta.dirname, '../../../models');

/** One invoice with everything a caller can send, for an account whose ledger has paid invoices. */
const everything = {
  invoice: {
    id: 'FULL-1',
    accountId: 'FULL',
    amount: 5000,
    openAmount: 4000,
    currency: 'EUR',
    issueDate: '2026-03-01',
    dueDate: '2026-03-31',
    disputed: false,
    promiseToPayDate: '2026-04-20',
    paperless: true,
  },
  account: {
    id: 'FULL',
    segment: 'mid_market',
    country: 'FR',
    creditLimit: 20000,
    customerSince: '2024-01-15',
    lastPaymentDate: '2026-03-20',
    disputeRate: 0.1,
    emailAllowed: true,
    smsAllowed: false,
    callAllowed: true,
    doNotContact: false,
  },
  history: { stepsTaken: 1, lastActionType: 'email', lastActionDate: '2026-04-02', contactsLast7Days: 1 },
  asOf: '2026-04-05',
};

const paid = (id: string, issueDate: string, dueDate: string, settledDate: string) => ({
  invoiceId: id,
  accountId: 'FULL',
  issueDate,
  dueDate,
  amount: 1000,
  currency: 'EUR',
  settledDate,
  disputed: false,
  paperless: true,
  extra: {},
});

describeEachStore('the fact catalogue', (store) => {
  let app: App;
  beforeAll(async () => {
    await seedSamplePolicy(store.db);
    const models = new ModelRegistry(SHIPPED_MODELS, store.db);
    await models.init();
    app = createApp(store.database, { models });
    const ledger = [
      paid('FULL-A', '2026-01-01', '2026-01-31', '2026-02-04'),
      paid('FULL-B', '2026-02-01', '2026-03-03', '2026-03-01'),
    ];
    const imported = await post(app, '/v1/ledger/invoices', { invoices: ledger });
    expect(imported.status, imported.text).toBe(200);
    // The amounts in the reporting currency need its rates.
    const rates = await put(app, '/v1/settings/fx-rates', { reportingCurrency: 'USD', rates: { EUR: 1.08 } });
    expect(rates.status, rates.text).toBe(200);
  });

  it('is produced whole by decide: every fact has a value when everything is known', async () => {
    const decided = await post(app, '/v1/decide', everything);
    expect(decided.status, decided.text).toBe(200);
    const logged = await get(app, `/v1/decisions/${decided.body.decisionId}`);
    expect(logged.status, logged.text).toBe(200);
    const facts: Record<string, unknown> = logged.body.facts;
    const missing = FACTS.map((f) => f.name).filter((name) => facts[name] === undefined);
    expect(missing).toEqual([]);
    // And nothing is produced that the catalogue does not define (split buckets aside).
    const known = new Set(FACTS.map((f) => f.name));
    expect(Object.keys(facts).filter((name) => !known.has(name) && !name.startsWith('split.'))).toEqual([]);
  });
});
