/**
 * Models retrained from the store: a synthetic world runs collections for 75 days (each day its
 * payments, disputes and promises reach the ledger, a run decides, the customers hear of the calls
 * and some promise to pay), then training reads that ledger, dunning and all, as `pnpm train
 * --from-store` does, and the runs of the next 15 days are scored by the retrained models. The runs'
 * logged scores, and decide given only an invoice id, equal what training computes for the same
 * invoice and day: no skew in the dunning, the disputes or the account history.
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
import { trainingLedger } from '@dunwell/engine/store';
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
/** Days of runs before the models are retrained; the runs after it are scored by them. */
const TRAINED_ON = 75;
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
    for (let i = 0; i < TRAINED_ON; i++) await day(addDays(START, i));

    // What `pnpm train --from-store` reads.
    const read = async (): Promise<[CanonicalInvoice[], LedgerDetail]> => {
      const { invoices, records, accounts } = await trainingLedger(store.db);
      return [invoices, { records, accounts }];
    };
    const [trainRows, trainLedger] = await read();
    const written = await trainModels(trainRows, {
      cutoff: CUTOFF,
      outDir: path.join(tmp, 'run'),
      seed: 5,
      refitAll: false,
      source: 'store',
      mapping: 'store',
      provenance: `a synthetic world after ${TRAINED_ON} days of runs`,
      progress: () => {},
      learner: 'trees',
      maxEpochs: 40,
      ledger: trainLedger,
    });
    manifests = Object.fromEntries(written.map((w) => [w.kind, w.manifest])) as typeof manifests;
    for (const w of written) await fs.cp(w.dir, path.join(tmp, 'models', w.kind, w.version), { recursive: true });
    await models.init();

    // The runs go on, now scored by the retrained models; the tests read the ledger as it is at the end.
    for (let i = TRAINED_ON; i < DAYS; i++) await day(addDays(START, i));
    [rows, ledger] = await read();
  }, 900_000);

  /** One day: the customers' records reach the ledger, a run decides, the customers hear of the contacts. */
  async function day(date: string) {
    const today = world.on(date);
    for (const kind of ['invoices', 'payments', 'disputes', 'promises'] as const) await write(kind, today[kind]);
    const started = await post(app, '/v1/runs', { asOf: date, policyId: 'chase' });
    expect(started.status, started.text).toBe(202);
    await queue.idle();
    // Delivery has its own suite; a call may end in a promise.
    const decided = await queryRows<{ invoice_id: string; type: string }>(
      store.db,
      sql`select invoice_id, type from actions where decided_on = ${date} order by id`,
    );
    for (const a of decided) if (CONTACTS.has(a.type)) world.contact(a.invoice_id, a.type as 'call', date);
  }

  type Sessions = Record<'risk' | 'payment-date', ort.InferenceSession>;
  const openSessions = async (): Promise<Sessions> => {
    const open = (name: 'risk' | 'payment-date') =>
      ort.InferenceSession.create(path.join(tmp, 'models', name, manifests[name].version, 'model.onnx'));
    return { risk: await open('risk'), 'payment-date': await open('payment-date') };
  };
  /** The outputs of the files training wrote, on the input training built. */
  const scoreLikeTraining = async (sessions: Sessions, e: Example) => {
    const run = async (name: 'risk' | 'payment-date') => {
      const m = manifests[name];
      const vector = encodeFeatures(e.input, m.features).vector;
      const out = await sessions[name].run({ [m.input.name]: new ort.Tensor('float32', vector, [1, vector.length]) });
      return out[m.output.name]!.data as Float32Array;
    };
    return { risk: await run('risk'), pay: await run('payment-date') };
  };

  afterAll(async () => {
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('reads the steps the runs took and the promises the customers made, and learns from them', () => {
    const all = [...ledger.records.values()];
    expect(all.reduce((n, r) => n + r.stepDays.length, 0)).toBeGreaterThan(200);
    expect(all.reduce((n, r) => n + r.promises.length, 0)).toBeGreaterThan(5);
    for (const m of Object.values(manifests)) {
      const names = m.features.map((f) => f.name);
      expect(names).toEqual(expect.arrayContaining(['logStepsTaken', 'promiseActive', 'promiseBroken']));
      const trainedOn = addDays(START, TRAINED_ON);
      expect(m.data.dunning!.steps).toBe(all.reduce((n, r) => n + r.stepDays.filter((d) => d < trainedOn).length, 0));
    }
  });

  it('the daily runs after retraining score each invoice they decide exactly as training does for that day', async () => {
    const examples = new Map(
      buildExamples(rows, { withDispute: true, ledger }).map((e) => [`${e.invoice.invoiceId}@${e.asOf}`, e]),
    );
    const logged = await queryRows<{
      invoice_id: string;
      as_of: Date | string;
      response: { scores: Record<string, number>; models: Array<{ version: string }> };
    }>(
      store.db,
      sql`select invoice_id, as_of, response from decisions where run_id is not null and as_of >= ${addDays(START, TRAINED_ON)}`,
    );
    const sessions = await openSessions();
    let compared = 0;
    let dunned = 0;
    for (const row of logged) {
      const day = new Date(row.as_of).toISOString().slice(0, 10);
      const e = examples.get(`${row.invoice_id}@${day}`);
      // A run decides on every day; training looks at the days of its grid. Paid that day: a run stops.
      if (!e || e.invoice.settledDate === day) continue;
      const { risk, pay } = await scoreLikeTraining(sessions, e);
      const scores = row.response.scores;
      const where = `${row.invoice_id} at ${day}`;
      expect(scores.payWithin30Probability, where).toBeCloseTo(risk[1]!, 6);
      expect(scores.lateProbability, where).toBeCloseTo(e.beforeDue ? risk[0]! : 1, 6);
      expect(scores.predictedDaysToPay, where).toBeCloseTo(pay[1]!, 4);
      expect(row.response.models.map((m) => m.version)).toEqual([manifests.risk.version, manifests.risk.version]);
      compared += 1;
      if ((e.input.stepsTaken ?? 0) > 0 || e.input.invoice.promiseToPayDate) dunned += 1;
    }
    expect(compared).toBeGreaterThan(20);
    expect(dunned).toBeGreaterThan(3);
  });

  it('decide scores an invoice read from the ledger exactly as training does, dunning and disputes included', async () => {
    const examples = buildExamples(rows, { withDispute: true, ledger });
    const sessions = await openSessions();
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
    for (const e of sample) {
      const { risk, pay } = await scoreLikeTraining(sessions, e);
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
