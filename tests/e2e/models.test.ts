/**
 * Models end to end over HTTP: a model trained on a synthetic ledger, served by the
 * engine with that ledger imported; decide gives the same scores training computes for
 * the same invoice and asOf, at several as-of days while it was open (no training/serving
 * skew), never a pay date before asOf, a policy branches on
 * lateProbability, and model versions swap without a restart.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { encodeFeatures } from '@dunwell/engine/features';
import { generatePortfolio } from '@dunwell/engine/ledger';
import { manifestSchema } from '@dunwell/engine/models';
import { CONTACT_RULES_OFF } from '@dunwell/engine/test-support/api';
import { startServer, type RunningServer } from '@dunwell/engine/server';
import { buildExamples } from '@dunwell/training/dataset';
import { trainModels } from '@dunwell/training/pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Response bodies are asserted field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const rows = generatePortfolio({ invoices: 1500, seed: 11, endDate: '2026-06-30', years: 1 });
const CUTOFF = '2026-04-01';
let tmp: string;
let server: RunningServer;
let version: string;

const post = async (url: string, body: unknown) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
};

const decideRequest = (row: (typeof rows)[number], asOf: string, policyId?: string) => ({
  invoice: {
    id: row.invoiceId,
    accountId: row.accountId,
    amount: row.amount,
    currency: row.currency,
    issueDate: row.issueDate,
    dueDate: row.dueDate,
    disputed: row.disputed ?? undefined,
    paperless: row.paperless ?? undefined,
  },
  account: { id: row.accountId, emailAllowed: true, smsAllowed: true, callAllowed: true },
  asOf,
  dryRun: true,
  ...(policyId ? { policyId } : {}),
});

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dunwell-models-'));
  await trainModels(rows, {
    cutoff: CUTOFF,
    outDir: path.join(tmp, 'run'),
    seed: 3,
    refitAll: false,
    source: 'synthetic',
    mapping: 'canonical',
    provenance: 'generated',
    progress: () => {},
    maxEpochs: 30,
    ensemble: 2,
  });
  for (const name of ['risk', 'payment-date']) {
    version = manifestSchema.parse(
      JSON.parse(await fs.readFile(path.join(tmp, 'run', name, 'manifest.json'), 'utf8')),
    ).version;
    await fs.cp(path.join(tmp, 'run', name), path.join(tmp, 'models', name, version), { recursive: true });
  }
  server = await startServer({
    auth: 'off',
    host: '127.0.0.1',
    port: 0,
    dataDir: path.join(tmp, 'data'),
    modelsDir: path.join(tmp, 'models'),
  });
  const imported = await post(`${server.url}/v1/ledger/invoices`, { invoices: rows });
  expect(imported.status).toBe(200);
  // Scores and routing here; the contact rules have their own suite.
  const rules = await fetch(`${server.url}/v1/settings/contact-rules`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(CONTACT_RULES_OFF),
  });
  expect(rules.status).toBe(200);
}, 240_000);

afterAll(async () => {
  await server?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('served models', () => {
  it('decide scores an invoice exactly as training does for the same invoice and asOf, at every point', async () => {
    const examples = buildExamples(rows, { withDispute: true });
    const manifests = Object.fromEntries(
      await Promise.all(
        ['risk', 'payment-date'].map(async (name) => [
          name,
          manifestSchema.parse(
            JSON.parse(await fs.readFile(path.join(tmp, 'models', name, version, 'manifest.json'), 'utf8')),
          ),
        ]),
      ),
    );
    const sessions = {
      risk: await ort.InferenceSession.create(path.join(tmp, 'models', 'risk', version, 'model.onnx')),
      pay: await ort.InferenceSession.create(path.join(tmp, 'models', 'payment-date', version, 'model.onnx')),
    };
    const points = ['issue', 'due-7', 'due', 'due+7', 'due+15'];
    const sample = points.flatMap((point) =>
      examples.filter((e) => e.invoice.issueDate >= CUTOFF && e.point === point).slice(0, 5),
    );
    expect(sample.length).toBe(25);
    for (const example of sample) {
      const risk = encodeFeatures(example.input, manifests.risk.features).vector;
      const pay = encodeFeatures(example.input, manifests['payment-date'].features).vector;
      const expectedRisk = (await sessions.risk.run({ features: new ort.Tensor('float32', risk, [1, risk.length]) }))[
        manifests.risk.output.name
      ]!.data as Float32Array;
      const expectedPay = (await sessions.pay.run({ features: new ort.Tensor('float32', pay, [1, pay.length]) }))[
        manifests['payment-date'].output.name
      ]!.data as Float32Array;
      const { status, body } = await post(`${server.url}/v1/decide`, decideRequest(example.invoice, example.asOf));
      expect(status).toBe(200);
      expect(body.scores.lateProbability).toBeCloseTo(expectedRisk[0]!, 6);
      expect(body.scores.payWithin30Probability).toBeCloseTo(expectedRisk[1]!, 6);
      if (!example.beforeDue) expect(body.scores.lateProbability).toBe(1);
      expect(body.scores.predictedDaysToPay).toBeCloseTo(expectedPay[1]!, 4);
      expect(body.scores.payDateP10).toBeCloseTo(expectedPay[0]!, 4);
      expect(body.scores.payDateP90).toBeCloseTo(expectedPay[2]!, 4);
      // The invoice is open at asOf: no estimate puts its payment earlier.
      expect(body.scores.payDateP10).toBeGreaterThanOrEqual(example.daysOpen);
      expect(body.scores.payDateRange[0] >= example.asOf).toBe(true);
      expect(body.scores.predictedPayDate >= example.asOf).toBe(true);
      expect(body.models).toEqual([
        { name: 'risk', version },
        { name: 'payment-date', version },
      ]);
    }
  });

  it('returns scores, calendar dates and the features that moved the risk for the sample policy', async () => {
    const row = rows.find((r) => r.issueDate >= CUTOFF && r.settledDate !== null)!;
    const { body } = await post(`${server.url}/v1/decide`, decideRequest(row, row.dueDate));
    expect(body.policy.id).toBe('standard-b2b');
    expect(body.scores.lateProbability).toBeGreaterThan(0);
    expect(body.scores.lateProbability).toBeLessThan(1);
    expect(body.scores.payDateP10).toBeLessThanOrEqual(body.scores.predictedDaysToPay);
    expect(body.scores.predictedDaysToPay).toBeLessThanOrEqual(body.scores.payDateP90);
    expect(body.scores.predictedPayDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.scores.payDateRange).toHaveLength(2);
    expect(body.explanation.topFeatures.length).toBeGreaterThan(0);
    expect(body.explanation.topFeatures.every((f: { contribution: number }) => Number.isFinite(f.contribution))).toBe(
      true,
    );
  });

  it('warns, once per input, about what matters: an unseen currency, not the history a new customer cannot have', async () => {
    const row = rows.find((r) => r.issueDate >= CUTOFF)!;
    const request = decideRequest(row, row.issueDate);
    const { status, body } = await post(`${server.url}/v1/decide`, {
      ...request,
      invoice: { ...request.invoice, id: 'NEW-CUSTOMER-JPY', accountId: 'NEW-CUSTOMER', currency: 'JPY' },
      account: { ...request.account, id: 'NEW-CUSTOMER' },
    });
    expect(status).toBe(200);
    const warnings = body.explanation.modelWarnings as Array<{ model: string; feature: string; message: string }>;
    const currency = warnings.filter((w) => w.feature === 'currency');
    expect(currency).toHaveLength(1);
    expect(currency[0]!.model).toBe('risk, payment-date');
    expect(currency[0]!.message).toMatch(/^currency JPY was not seen in training; the model scored it as none of /);
    // The paid history a new customer cannot have is what hasHistory = 0 tells the model, not an unknown.
    for (const feature of ['lateRate', 'avgDaysLate', 'meanDelay', 'lastDelay', 'medianDelay', 'recentDelay'])
      expect(warnings.some((w) => w.feature === feature)).toBe(false);
    expect(new Set(warnings.map((w) => `${w.feature} ${w.message}`)).size).toBe(warnings.length);
  });

  it('routes high-risk invoices differently when a policy branches on lateProbability', async () => {
    const candidates = rows.filter((r) => r.issueDate >= CUTOFF).slice(0, 60);
    const scored = await Promise.all(
      candidates.map(async (r) => ({
        r,
        p: (await post(`${server.url}/v1/decide`, decideRequest(r, r.issueDate))).body.scores.lateProbability as number,
      })),
    );
    const sorted = [...scored].sort((a, b) => a.p - b.p);
    const threshold = (sorted[29]!.p + sorted[30]!.p) / 2;
    const graph = {
      nodes: [
        { id: 'start', kind: 'start' },
        {
          id: 'risky',
          kind: 'condition',
          predicate: { fact: 'lateProbability', operator: 'greaterThanInclusive', value: threshold },
        },
        { id: 'call', kind: 'action', action: { type: 'call', template: 'early-call', level: 1, priority: 'high' } },
        { id: 'mail', kind: 'action', action: { type: 'email', template: 'reminder', level: 1, priority: 'normal' } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'risky' },
        { id: 'e2', source: 'risky', sourceHandle: 'yes', target: 'call' },
        { id: 'e3', source: 'risky', sourceHandle: 'no', target: 'mail' },
      ],
    };
    expect((await post(`${server.url}/v1/policies`, { id: 'risk-routing', name: 'Risk routing', graph })).status).toBe(
      201,
    );
    expect((await post(`${server.url}/v1/policies/risk-routing/versions`, { note: 'v1' })).status).toBe(201);
    for (const { r, p } of [sorted[0]!, sorted[59]!]) {
      const { body } = await post(`${server.url}/v1/decide`, decideRequest(r, r.issueDate, 'risk-routing'));
      expect(body.action.type).toBe(p >= threshold ? 'call' : 'email');
      expect(body.explanation.path[1].conditions[0]).toMatchObject({
        fact: 'lateProbability',
        missing: false,
        result: p >= threshold,
      });
    }
  });

  it('lists versions with metrics, swaps the active one without a restart, and refuses a broken one', async () => {
    const models = async () =>
      (
        (await (await fetch(`${server.url}/v1/models`)).json()) as {
          items: Array<{
            name: string;
            activeVersion: string;
            versions: Array<{ version: string; metrics: Json; error: string | null }>;
          }>;
        }
      ).items;
    const risk = (await models()).find((m) => m.name === 'risk')!;
    expect(risk.activeVersion).toBe(version);
    expect(risk.versions[0]!.metrics.test.auc).toBeGreaterThan(0.5);

    const copyAs = async (name: string) => {
      const dir = path.join(tmp, 'models', 'risk', name);
      await fs.cp(path.join(tmp, 'models', 'risk', version), dir, { recursive: true });
      const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8'));
      await fs.writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, version: name }));
      return dir;
    };
    const second = `${version}-b`;
    await copyAs(second);
    expect((await post(`${server.url}/v1/models/risk/versions/${second}/activate`, {})).status).toBe(200);
    const row = rows.find((r) => r.issueDate >= CUTOFF)!;
    const decided = await post(`${server.url}/v1/decide`, decideRequest(row, row.issueDate));
    expect(decided.body.models).toContainEqual({ name: 'risk', version: second });

    const broken = `${version}-broken`;
    await fs.writeFile(path.join(await copyAs(broken), 'model.onnx'), 'not an onnx file');
    const refused = await post(`${server.url}/v1/models/risk/versions/${broken}/activate`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('failed to load');
    expect((await post(`${server.url}/v1/decide`, decideRequest(row, row.issueDate))).body.models).toContainEqual({
      name: 'risk',
      version: second,
    });
    // The list still says what serves, although the refused version made the engine scan the folder again.
    expect((await models()).find((m) => m.name === 'risk')!.activeVersion).toBe(second);
    expect((await post(`${server.url}/v1/models/risk/versions/nope/activate`, {})).status).toBe(404);
    expect((await post(`${server.url}/v1/models/nope/versions/x/activate`, {})).status).toBe(404);
  });

  it('reads the payment-date outputs by the manifest’s column names, and refuses a manifest lacking one', async () => {
    const row = rows.find((r) => r.issueDate >= CUTOFF)!;
    const facts = async () => {
      const decided = await post(`${server.url}/v1/decide`, decideRequest(row, row.issueDate));
      return decided.body.scores as Record<string, number>;
    };
    const before = await facts();
    const root = path.join(tmp, 'models', 'payment-date');
    const [current] = await fs.readdir(root);
    const copy = async (name: string, columns: string[]) => {
      const dir = path.join(root, name);
      await fs.cp(path.join(root, current!), dir, { recursive: true });
      const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8'));
      await fs.writeFile(
        path.join(dir, 'manifest.json'),
        JSON.stringify({ ...manifest, version: name, output: { ...manifest.output, columns } }),
      );
    };
    // The same ONNX file, its first and last outputs named the other way round.
    await copy(`${current}-swapped`, ['payDateP90', 'predictedDaysToPay', 'payDateP10']);
    expect((await post(`${server.url}/v1/models/payment-date/versions/${current}-swapped/activate`, {})).status).toBe(
      200,
    );
    const after = await facts();
    expect(after.payDateP10).toBe(before.payDateP90);
    expect(after.payDateP90).toBe(before.payDateP10);
    expect(after.predictedDaysToPay).toBe(before.predictedDaysToPay);

    await copy(`${current}-short`, ['payDateP10', 'predictedDaysToPay']);
    const refused = await post(`${server.url}/v1/models/payment-date/versions/${current}-short/activate`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('output.columns lack payDateP90');
    expect((await post(`${server.url}/v1/models/payment-date/versions/${current}/activate`, {})).status).toBe(200);
  });

  it('serves without a model whose file is broken at start-up, with the model facts missing', async () => {
    const dir = path.join(tmp, 'broken-models');
    await fs.mkdir(path.join(dir, 'risk', version), { recursive: true });
    await fs.cp(
      path.join(tmp, 'models', 'risk', version, 'manifest.json'),
      path.join(dir, 'risk', version, 'manifest.json'),
    );
    await fs.writeFile(path.join(dir, 'risk', version, 'model.onnx'), 'garbage');
    const other = await startServer({
      auth: 'off',
      host: '127.0.0.1',
      port: 0,
      dataDir: path.join(tmp, 'data-broken'),
      modelsDir: dir,
    });
    try {
      const risk = (
        (await (await fetch(`${other.url}/v1/models`)).json()) as {
          items: Array<{ name: string; loadError: string | null; activeVersion: string | null }>;
        }
      ).items.find((m) => m.name === 'risk')!;
      expect(risk.activeVersion).toBeNull();
      expect(risk.loadError).toBeTruthy();
      const row = rows[0]!;
      const { status, body } = await post(`${other.url}/v1/decide`, decideRequest(row, row.issueDate));
      expect(status).toBe(200);
      expect(body.scores).toEqual({});
      expect(body.models).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
