/**
 * Models retrained from the store: a synthetic world runs collections for a few weeks (each day its
 * payments, disputes and promises reach the ledger, a run decides, the customers hear of the contacts
 * and some promise to pay), then training reads that ledger, dunning and all, as `pnpm train
 * --from-store` does. The models learn from the steps taken and the promises made, and decide scores
 * an invoice read from the ledger exactly as training does for the same invoice and day: no skew in
 * the dunning, the disputes or the account history.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { sql } from 'drizzle-orm';
import { createEngine, type Engine } from '@dunwell/engine/app';
import { addDays, encodeFeatures, type CanonicalInvoice } from '@dunwell/engine/features';
import { type ModelManifest } from '@dunwell/engine/models';
import { ModelRegistry } from '../../engine/src/models/registry';
import { seedSamplePolicy } from '@dunwell/engine/seed';
import { trainingAccounts, trainingInvoices, trainingRecords } from '@dunwell/engine/store';
import { describeEachStore, queryRows } from '@dunwell/engine/store/testing';
import { post, type App } from '@dunwell/engine/test-support/api';
import { World } from '../../engine/src/ledger/world';
import { InProcessQueue } from '../../engine/src/runs/queue';
import { buildExamples, type Example, type LedgerDetail } from '@dunwell/training/dataset';
import { trainModels } from '@dunwell/training/pipeline';
import { afterAll, beforeAll, expect, it } from 'vitest';

const START = '2026-03-02';
const DAYS = 90;
const CUTOFF = addDays(START, 60);
const CONTACTS = new Set(['email', 'sms', 'call', 'letter']);

/** Chases every overdue invoice by phone (by email without consent) every five days: calls end in promises. */
const chase = {
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'overdue', kind: 'wait', fact: 'daysPastDue', days: 2 },
    {
      id: 'call',
      kind: 'action',
      action: { type: 'call', fallback: 'email', template: 'chase', repeat: { everyDays: 5, maxTimes: 6 } },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'overdue' },
    { id: 'e2', source: 'overdue', sourceHandle: 'next', target: 'call' },
  ],
};

describeEachStore('models retrained from the store, dunning included', (store) => {
  let engine: Engine;
  let app: App;
  let tmp: string;
  let rows: CanonicalInvoice[];
  let ledger: LedgerDetail;
  let manifests: Record<'risk' | 'payment-date', ModelManifest>;
  const queue = new InProcessQueue();
  const world = new World({ invoices: 2000, seed: 29, start: START, futureDays: DAYS, historyYears: 0.5 });

  async function write(kind: string, items: unknown[]) {
    if (items.length === 0) return;
    const reply = await post(app, `/v1/ledger/${kind}`, { [kind]: items });
    expect(reply.status, reply.text).toBe(200);
  }

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dunwell-store-models-'));
    const models = new ModelRegistry(path.join(tmp, 'models'), store.db);
    await seedSamplePolicy(store.db);
    engine = createEngine(store.database, { runQueue: queue, runChunkSize: 250, models });
    app = engine.app;
    expect((await post(app, '/v1/policies', { id: 'chase', name: 'Chase', graph: chase })).status).toBe(201);
    expect((await post(app, '/v1/policies/chase/versions', {})).status).toBe(201);
    const history = world.history();
    for (const kind of ['accounts', 'invoices', 'payments', 'disputes', 'promises'] as const)
      await write(kind, history[kind]);
    for (let i = 0; i < DAYS; i++) {
      const date = addDays(START, i);
      const today = world.on(date);
      for (const kind of ['invoices', 'payments', 'disputes', 'promises'] as const) await write(kind, today[kind]);
      const started = await post(app, '/v1/runs', { asOf: date, policyId: 'chase' });
      expect(started.status, started.text).toBe(202);
      await queue.idle();
      // The customers hear of the day's contacts (delivery itself has its own suite); a call may end in a promise.
      const decided = await queryRows<{ invoice_id: string; type: string }>(
        store.db,
        sql`select invoice_id, type from actions where decided_on = ${date} order by id`,
      );
      for (const a of decided) if (CONTACTS.has(a.type)) world.contact(a.invoice_id, a.type as 'call', date);
    }

    // What `pnpm train --from-store` reads.
    const [invoices, records, accounts] = await Promise.all([
      trainingInvoices(store.db),
      trainingRecords(store.db),
      trainingAccounts(store.db),
    ]);
    rows = invoices;
    ledger = { records, accounts };
    const written = await trainModels(rows, {
      cutoff: CUTOFF,
      outDir: path.join(tmp, 'run'),
      seed: 5,
      refitAll: false,
      source: 'store',
      mapping: 'store',
      provenance: 'a synthetic world after 40 days of runs',
      progress: () => {},
      learner: 'trees',
      maxEpochs: 40,
      ledger,
    });
    manifests = Object.fromEntries(written.map((w) => [w.kind, w.manifest])) as typeof manifests;
    for (const w of written) await fs.cp(w.dir, path.join(tmp, 'models', w.kind, w.version), { recursive: true });
    await models.init();
  }, 900_000);

  afterAll(async () => {
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('reads the steps the runs took and the promises the customers made, and learns from them', () => {
    const all = [...ledger.records.values()];
    console.log(
      'COUNTS',
      all.reduce((n, r) => n + r.stepDays.length, 0),
      all.reduce((n, r) => n + r.promises.length, 0),
      rows.length,
      all.filter((r) => r.disputes.length > 0).length,
    );
    expect(all.reduce((n, r) => n + r.stepDays.length, 0)).toBeGreaterThan(200);
    expect(all.reduce((n, r) => n + r.promises.length, 0)).toBeGreaterThan(5);
    for (const m of Object.values(manifests)) {
      const names = m.features.map((f) => f.name);
      expect(names).toEqual(expect.arrayContaining(['logStepsTaken', 'promiseActive', 'promiseBroken']));
      expect(m.data.dunning!.steps).toBe(all.reduce((n, r) => n + r.stepDays.length, 0));
    }
  });

  it('decide scores an invoice read from the ledger exactly as training does, dunning and disputes included', async () => {
    const examples = buildExamples(rows, { withDispute: true, ledger });
    const sessions = {
      risk: await ort.InferenceSession.create(path.join(tmp, 'models', 'risk', manifests.risk.version, 'model.onnx')),
      pay: await ort.InferenceSession.create(
        path.join(tmp, 'models', 'payment-date', manifests['payment-date'].version, 'model.onnx'),
      ),
    };
    // Days while runs were acting, not the day of payment (the ledger then knows it is paid); some of
    // each kind: with steps taken, with a promise, with a dispute on record, and none of those.
    const during = examples.filter((e) => e.asOf >= START && e.asOf !== e.invoice.settledDate);
    const pick = (keep: (e: Example) => boolean) =>
      during
        .filter(keep)
        .filter((_, i) => i % 3 === 0)
        .slice(0, 8);
    const sample = [
      ...pick((e) => (e.input.stepsTaken ?? 0) > 0),
      ...pick((e) => e.input.invoice.promiseToPayDate != null),
      ...pick((e) => (ledger.records.get(e.invoice.invoiceId)?.disputes.length ?? 0) > 0),
      ...pick((e) => e.input.stepsTaken === 0 && e.input.invoice.promiseToPayDate === null),
    ];
    expect(sample.length).toBeGreaterThanOrEqual(24);
    expect(new Set(sample.map((e) => e.point)).size).toBeGreaterThan(2);
    const run = async (session: ort.InferenceSession, m: ModelManifest, e: Example) => {
      const vector = encodeFeatures(e.input, m.features).vector;
      const out = await session.run({ [m.input.name]: new ort.Tensor('float32', vector, [1, vector.length]) });
      return out[m.output.name]!.data as Float32Array;
    };
    for (const e of sample) {
      const risk = await run(sessions.risk, manifests.risk, e);
      const pay = await run(sessions.pay, manifests['payment-date'], e);
      const { status, body, text } = await post(app, '/v1/decide', {
        invoiceId: e.invoice.invoiceId,
        asOf: e.asOf,
        dryRun: true,
      });
      expect(status, text).toBe(200);
      const where = `${e.invoice.invoiceId} at ${e.asOf}`;
      expect(body.scores.lateProbability, where).toBeCloseTo(e.beforeDue ? risk[0]! : 1, 6);
      expect(body.scores.payWithin30Probability, where).toBeCloseTo(risk[1]!, 6);
      expect(body.scores.payDateP10, where).toBeCloseTo(pay[0]!, 4);
      expect(body.scores.predictedDaysToPay, where).toBeCloseTo(pay[1]!, 4);
      expect(body.scores.payDateP90, where).toBeCloseTo(pay[2]!, 4);
      // Read from the ledger, the dunning is known: no warning that it was not.
      const warned = (body.explanation.modelWarnings as Array<{ feature: string }>).map((w) => w.feature);
      expect(
        warned.filter((f) => ['logStepsTaken', 'promiseActive', 'promiseBroken'].includes(f)),
        where,
      ).toEqual([]);
    }
  });

  it('reads the dunning a decide request tells: each dunning input a model learnt moves that model\u2019s scores', async () => {
    const e = buildExamples(rows, { withDispute: true, ledger }).find(
      (x) => x.asOf >= START && x.point === 'due-7' && x.input.stepsTaken === 0,
    )!;
    const decide = async (told: { promiseToPayDate?: string | null; steps?: number }) => {
      const { status, body, text } = await post(app, '/v1/decide', {
        invoiceId: e.invoice.invoiceId,
        asOf: e.asOf,
        dryRun: true,
        invoice: { promiseToPayDate: told.promiseToPayDate ?? null },
        history: {
          actions: Array.from({ length: told.steps ?? 0 }, (_, k) => ({
            step: 'call',
            type: 'call',
            date: addDays(e.asOf, -1 - 5 * k),
          })),
        },
      });
      expect(status, text).toBe(200);
      const s = body.scores;
      return {
        risk: [s.lateProbability, s.payWithin30Probability],
        'payment-date': [s.payDateP10, s.predictedDaysToPay, s.payDateP90],
      };
    };
    const none = await decide({});
    const told = {
      logStepsTaken: await decide({ steps: 5 }),
      promiseActive: await decide({ promiseToPayDate: addDays(e.asOf, 3) }),
      promiseBroken: await decide({ promiseToPayDate: addDays(e.asOf, -2) }),
    };
    const learnt = (['risk', 'payment-date'] as const).flatMap((model) =>
      manifests[model].features
        .filter((f) => f.name in told && f.informative === true)
        .map((f) => ({ model, feature: f.name as keyof typeof told })),
    );
    expect(learnt.length).toBeGreaterThan(0);
    for (const { model, feature } of learnt)
      expect(told[feature][model], `${model} ${feature}`).not.toEqual(none[model]);
  });
});
