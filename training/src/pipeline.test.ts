/**
 * End to end on a synthetic portfolio: trainModels writes both models with manifest, card
 * and plots; the metrics it reports are what the ONNX file actually scores on the
 * out-of-time test set; the models beat the naive baselines; the same seed gives the same bytes.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, encodeFeatures, type CanonicalInvoice, type FeatureEncoding } from '@dunwell/engine/features';
import { generatePortfolio } from '@dunwell/engine/ledger';
import { manifestSchema, type ModelManifest, type Verdict } from '@dunwell/engine/models';
import { coverageFlag } from './card';
import { buildExamples, type Example } from './dataset';
import { modelVersion, PREDICTIONS_FILE, trainModels, type TrainOptions, type WrittenModel } from './pipeline';

const MAX_EPOCHS = 40;
const dayMs = 86_400_000;
const days = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs;

const root = mkdtempSync(join(tmpdir(), 'dunwell-train-'));
let rows: CanonicalInvoice[];
let cutoff: string;
let written: WrittenModel[];
const progress: string[] = [];

const options = (outDir: string, seed: number): TrainOptions => ({
  cutoff,
  outDir,
  seed,
  refitAll: false,
  source: 'synthetic.csv',
  mapping: 'canonical',
  provenance: 'generatePortfolio seed 31',
  progress: (_done, _total, note) => progress.push(note),
  maxEpochs: MAX_EPOCHS,
  ensemble: 2,
});

/** Trains with the clock fixed, so that the version and date written into the file are the same in every run. */
async function train(outDir: string, seed: number): Promise<WrittenModel[]> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-07-15T12:00:00Z'));
  try {
    return await trainModels(rows, options(outDir, seed));
  } finally {
    vi.useRealTimers();
  }
}

beforeAll(async () => {
  rows = generatePortfolio({ invoices: 3_000, seed: 31 });
  const issued = rows.map((r) => r.issueDate).sort();
  cutoff = issued[Math.floor(issued.length * 0.8)]!;
  written = await train(join(root, 'a'), 7);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const readManifest = (kind: string, dir = 'a'): ModelManifest =>
  manifestSchema.parse(JSON.parse(readFileSync(join(root, dir, kind, 'manifest.json'), 'utf8')));

/** The inputs the TreeEnsemble nodes of an ONNX file split on (none for a network). */
function splitInputs(bytes: Uint8Array): Set<number> {
  const nodes = onnxProto.onnx.ModelProto.decode(bytes).graph!.node ?? [];
  const read = new Set<number>();
  for (const node of nodes.filter((n) => n.opType?.startsWith('TreeEnsemble'))) {
    const attribute = (name: string) => node.attribute!.find((a) => a.name === name)!;
    const modes = attribute('nodes_modes').strings!.map((b) => Buffer.from(b).toString());
    attribute('nodes_featureids').ints!.forEach((id, i) => modes[i] !== 'LEAF' && read.add(Number(id)));
  }
  return read;
}

/** Test examples at one point, selected here from the rows, not by the split code: settled invoices issued on or after the cutoff. */
const testExamples = (point: string): Example[] =>
  buildExamples(rows, { withDispute: true }).filter((e) => e.invoice.issueDate >= cutoff && e.point === point);

/** The day after the data's last date: a test invoice still open then has only the outcomes already decided. */
const dataEnd = () => {
  const last = rows
    .flatMap((r) => [r.issueDate, r.settledDate ?? ''])
    .sort()
    .at(-1)!;
  return new Date(Date.parse(`${last}T00:00:00Z`) + dayMs).toISOString().slice(0, 10);
};
/** Paid late, computed here: an open invoice past its due date when the data ends will be; undefined while unknown. */
const lateOf = (e: Example) =>
  e.invoice.settledDate !== null
    ? e.invoice.settledDate > e.invoice.dueDate
    : e.invoice.dueDate < dataEnd()
      ? true
      : undefined;
/** Paid within 30 days of asOf, computed here; undefined while unknown. */
const within30Of = (e: Example) =>
  e.invoice.settledDate !== null
    ? days(e.asOf, e.invoice.settledDate) <= 30
    : days(e.asOf, dataEnd()) > 30
      ? false
      : undefined;

async function score(kind: 'risk' | 'payment-date', list: Example[]): Promise<Float32Array> {
  const manifest = readManifest(kind);
  const encodings = manifest.features as FeatureEncoding[];
  const width = encodings.length;
  const matrix = new Float32Array(list.length * width);
  list.forEach((e, i) => matrix.set(encodeFeatures(e.input, encodings).vector, i * width));
  const session = await ort.InferenceSession.create(readFileSync(join(root, 'a', kind, manifest.onnxFile)));
  const out = await session.run({ [manifest.input.name]: new ort.Tensor('float32', matrix, [list.length, width]) });
  await session.release();
  return out[manifest.output.name]!.data as Float32Array;
}

/** AUC by counting pairs: P(score of a late invoice > score of an on-time one), ties half. */
function pairwiseAuc(p: ArrayLike<number>, late: boolean[]): number {
  let wins = 0,
    pairs = 0;
  for (let i = 0; i < late.length; i++) {
    if (!late[i]) continue;
    for (let j = 0; j < late.length; j++) {
      if (late[j]) continue;
      pairs += 1;
      wins += p[i]! > p[j]! ? 1 : p[i]! === p[j]! ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('trainModels on a synthetic portfolio', () => {
  it('writes model.onnx, manifest.json, card.md and the plots for each model', () => {
    expect(written).toHaveLength(2);
    const expectedPlots = {
      risk: ['reliability.svg', 'reliability-within30.svg', 'roc.svg'],
      'payment-date': ['predicted-vs-actual.svg', 'interval-coverage.svg'],
    };
    for (const [kind, plots] of Object.entries(expectedPlots)) {
      const dir = join(root, 'a', kind);
      for (const file of ['model.onnx', 'manifest.json', 'card.md', PREDICTIONS_FILE, ...plots])
        expect(existsSync(join(dir, file)), `${kind}/${file}`).toBe(true);
      expect(readFileSync(join(dir, 'model.onnx')).length).toBeGreaterThan(200);
      for (const plot of plots) {
        const svg = readFileSync(join(dir, plot), 'utf8');
        expect(svg.startsWith('<svg')).toBe(true);
        expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      }
      const card = readFileSync(join(dir, 'card.md'), 'utf8');
      for (const plot of plots) expect(card).toContain(`(${plot})`);
      expect(card).toContain(readManifest(kind).version);
      for (const p of readManifest(kind).metrics.asOf)
        expect(card).toContain(`### Open at ${p.point} (${p.rows} test invoices)`);
      expect(card).toMatch(/\*\*(beats|ties|loses)\*\*/);
      // One line per test example at each point, with the model's outputs.
      const lines = readFileSync(join(dir, PREDICTIONS_FILE), 'utf8').trimEnd().split('\n');
      expect(lines[0]!.split(',').slice(-readManifest(kind).output.columns.length)).toEqual(
        readManifest(kind).output.columns,
      );
      expect(lines.length - 1).toBe(
        buildExamples(rows, { withDispute: true }).filter((e) => e.invoice.issueDate >= cutoff).length,
      );
    }
    expect(progress.some((line) => /epoch \d+/.test(line))).toBe(true);
  });

  it('draws the reliability curves on the invoices the metrics score, and flags each coverage outside the range', () => {
    // Those whose outcome was known, paid or not (not paid within 30 days counts): as many as the metrics say.
    const svg = readFileSync(join(root, 'a', 'risk', 'reliability-within30.svg'), 'utf8');
    const scored = readManifest('risk').metrics.asOf.filter((p) => p.payWithin30Probability);
    expect(scored.length).toBeGreaterThan(1);
    for (const p of scored) expect(svg).toContain(`open at ${p.point} (${p.payWithin30Probability!.rows})`);
    const unpaid = buildExamples(rows, { withDispute: true }).filter(
      (e) => e.invoice.issueDate >= cutoff && e.point === 'issue' && e.daysToPay === null && e.within30 !== null,
    );
    expect(unpaid.length).toBeGreaterThan(0);
    const card = readFileSync(join(root, 'a', 'payment-date', 'card.md'), 'utf8');
    for (const p of readManifest('payment-date').metrics.asOf)
      for (const slice of [p.remainingDays, p.coldStart?.remainingDays]) {
        const flag = slice && coverageFlag(slice.p10p90Coverage, slice.rows);
        if (flag) expect(card).toContain(flag);
      }
  });

  it('writes manifests that parse, describe the data and split, and carry test metrics beside baselines', () => {
    const settled = rows.filter((r) => r.settledDate !== null);
    const test = rows.filter((r) => r.issueDate >= cutoff);
    const examples = buildExamples(rows, { withDispute: true });
    for (const kind of ['risk', 'payment-date'] as const) {
      const m = readManifest(kind);
      expect(m.name).toBe(kind);
      expect(m.seed).toBe(7);
      expect(m.onnxFile).toBe('model.onnx');
      expect(m.data).toMatchObject({
        source: 'synthetic.csv',
        mapping: 'canonical',
        provenance: 'generatePortfolio seed 31',
        rows: rows.length,
        examples: examples.length,
        accounts: new Set(rows.map((r) => r.accountId)).size,
      });
      expect(m.data.lateRate).toBeCloseTo(
        settled.filter((r) => r.settledDate! > r.dueDate).length / settled.length,
        10,
      );
      expect(m.data.meanDaysToPay).toBeCloseTo(mean(settled.map((r) => days(r.issueDate, r.settledDate!))), 8);
      expect(m.split).toEqual({
        cutoff,
        trainRows: expect.any(Number),
        validationRows: expect.any(Number),
        testRows: test.length,
      });
      // Invoices, not examples: the risk model learns from every invoice issued before the cutoff, the
      // payment-date model from those paid before it and issued early enough for nine in ten to be paid.
      const issued = rows.filter((r) => r.issueDate < cutoff);
      const paid = issued.filter((r) => r.settledDate !== null && r.settledDate < cutoff);
      const all = kind === 'risk' ? issued : paid;
      const validating = all.length - Math.floor(all.length * 0.85);
      expect(m.split.validationRows).toBe(validating);
      if (kind === 'risk') expect(m.split.trainRows).toBe(issued.length - validating);
      else {
        const daysToPay = paid.map((r) => days(r.issueDate, r.settledDate!)).sort((a, b) => a - b);
        const last = paid
          .map((r) => r.settledDate!)
          .sort()
          .at(-1)!;
        const settledBy = addDays(last, -daysToPay[Math.floor(daysToPay.length * 0.9)]!);
        const learnable = paid.filter((r) => r.issueDate <= settledBy).length;
        expect(learnable).toBeLessThan(paid.length);
        expect(m.split.trainRows).toBe(learnable - validating);
      }
      expect(m.features.map((f) => f.name)).toContain('termsDays');
      // A file of invoices has no dunning: those inputs are left out, not imputed everywhere.
      expect(m.features.map((f) => f.name)).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^(logStepsTaken|promiseActive|promiseBroken)$/)]),
      );
      expect(m.data.dunning).toBeUndefined();
      // Both learners were fitted; the manifest names the one kept and why.
      expect(m.architecture.kind).toMatch(
        /^(mlp|linear) ensemble of 2$|^gradient-boosted trees \(\d+ trees of depth 3 at most\)$/,
      );
      expect(m.architecture.reason).toMatch(
        /Chosen over (network|trees) on the validation slice: (log loss|MAE of the P50 in days) [\d.]+ against [\d.]+\.$/,
      );
      for (const f of m.features) expect(f.min).toBeLessThanOrEqual(f.max);
      // A network reads every input that varied; trees those they split on, in the ONNX file itself, and the two the graph reads.
      const read = splitInputs(readFileSync(join(root, 'a', kind, 'model.onnx')));
      const trees = m.architecture.kind.startsWith('gradient-boosted');
      const graphReads = new Set(['daysOpen', 'termsDays']);
      expect(m.features.map((f) => f.informative)).toEqual(
        m.features.map((f, j) => f.min !== f.max && (!trees || read.has(j) || graphReads.has(f.name))),
      );
      if (trees) expect(read.size).toBeGreaterThan(0);

      const t = m.metrics.test as unknown as Record<string, unknown> & {
        rows: number;
        baselines: Record<string, Record<string, number>>;
      };
      const testAtIssue = examples.filter((e) => e.invoice.issueDate >= cutoff && e.point === 'issue');
      expect(t.rows).toBe(
        testAtIssue.filter((e) => (kind === 'risk' ? lateOf(e) !== undefined : e.invoice.settledDate !== null)).length,
      );
      const keys = kind === 'risk' ? ['auc', 'brier', 'logLoss'] : ['mae', 'rmse', 'p10p90Coverage'];
      for (const k of keys) expect(Number.isFinite(t[k]), k).toBe(true);
      const baselineNames =
        kind === 'risk' ? ['accountHistory', 'openAtPoint'] : ['accountHistory', 'dueDate', 'openAtPoint'];
      expect(Object.keys(t.baselines).sort()).toEqual(baselineNames);
      for (const b of Object.values(t.baselines)) expect(Object.keys(b).sort()).toEqual([...keys].sort());
      // The headline is the metric at issue; every point with test invoices open then has its own.
      // (This portfolio has fewer than 20 test invoices still open 30 days past due.)
      expect(m.metrics.asOf.map((p) => p.point)).toEqual(['issue', 'due', 'due+15']);
      const issue = m.metrics.asOf[0]!;
      expect(kind === 'risk' ? issue.lateProbability : issue.remainingDays).toEqual(m.metrics.test);
      for (const p of m.metrics.asOf) {
        expect(p.rows).toBe(examples.filter((e) => e.invoice.issueDate >= cutoff && e.point === p.point).length);
        const sets: Array<
          { verdicts?: Record<string, Verdict>; baselines: Record<string, unknown>; auc?: number | null } | undefined
        > = kind === 'risk' ? [p.payWithin30Probability] : [p.remainingDays];
        if (kind === 'risk' && (p.point === 'issue' || p.point === 'due')) sets.push(p.lateProbability);
        // 15 days past due, every test invoice here was paid within 30 days: nothing to rank, but Brier and log loss.
        if (kind === 'risk') expect(p.payWithin30Probability!.auc === null).toBe(p.point === 'due+15');
        for (const set of sets) {
          expect(set).toBeDefined();
          const verdicts = set!.verdicts!;
          const expected = kind === 'risk' ? ['auc', 'brier', 'logLoss'] : ['mae', 'rmse'];
          expect(Object.keys(verdicts).sort()).toEqual(set!.auc === null ? ['brier', 'logLoss'] : expected);
          for (const [metric, v] of Object.entries(verdicts)) {
            expect(Object.keys(set!.baselines)).toContain(v.baseline);
            const [low, high] = v.interval;
            expect(low).toBeLessThanOrEqual(high);
            // The difference is model minus baseline: for AUC higher is better, for the others lower.
            const better = metric === 'auc' ? low > 0 : high < 0;
            const worse = metric === 'auc' ? high < 0 : low > 0;
            expect(v.verdict).toBe(better ? 'beats' : worse ? 'loses' : 'ties');
            // The best baseline on the metric is the one compared with.
            const values = Object.values(set!.baselines as Record<string, Record<string, number>>).map(
              (b) => b[metric]!,
            );
            const best = metric === 'auc' ? Math.max(...values) : Math.min(...values);
            expect((set!.baselines as Record<string, Record<string, number>>)[v.baseline]![metric]).toBe(best);
          }
        }
        // Lateness is certain once past due: it is not evaluated there.
        if (p.point === 'due+15') expect(p.lateProbability).toBeUndefined();
      }
      // The synthetic portfolio has disputes, so the model without the dispute flag is evaluated too.
      expect(m.metrics.withoutDispute).not.toBeNull();
      expect(m.output.columns).toEqual(
        kind === 'risk'
          ? ['lateProbability', 'payWithin30Probability']
          : ['payDateP10', 'predictedDaysToPay', 'payDateP90'],
      );
    }
  });

  it('risk: the ONNX file scores the test set as reported, and beats the late rate of invoices open at the same point', async () => {
    const list = testExamples('issue');
    const out = await score('risk', list);
    const known = list.flatMap((e, i) => (lateOf(e) === undefined ? [] : [i]));
    const late = known.map((i) => lateOf(list[i]!)!);
    const p = known.map((i) => out[i * 2]!);
    const auc = pairwiseAuc(p, late);
    const brier = mean(late.map((y, i) => (p[i]! - (y ? 1 : 0)) ** 2));
    const t = readManifest('risk').metrics.test as unknown as {
      auc: number;
      brier: number;
      baselines: { openAtPoint: { auc: number; brier: number } };
    };
    expect(t.auc).toBeCloseTo(auc, 6);
    expect(t.brier).toBeCloseTo(brier, 6);
    // A constant ranks nobody above anybody.
    expect(t.baselines.openAtPoint.auc).toBe(0.5);
    expect(auc).toBeGreaterThan(0.65);
    expect(auc).toBeGreaterThan(t.baselines.openAtPoint.auc + 0.1);
    // A constant probability at the late rate of invoices due before the cutoff, computed here from the rows.
    const trainRate = mean(
      rows
        .filter((r) => r.issueDate < cutoff && r.dueDate < cutoff)
        .map((r) => (r.settledDate === null || r.settledDate >= cutoff || r.settledDate > r.dueDate ? 1 : 0)),
    );
    const constantBrier = mean(late.map((y) => (trainRate - (y ? 1 : 0)) ** 2));
    expect(brier).toBeLessThan(constantBrier);
    expect(brier).toBeLessThan(t.baselines.openAtPoint.brier);
  });

  it('risk: past due, lateness is certain; on the due date, the 30-day probability is scored as reported', async () => {
    const pastDue = testExamples('due+15');
    expect(pastDue.length).toBeGreaterThan(20);
    const late = await score('risk', pastDue);
    expect(pastDue.every((_, i) => late[i * 2] === 1)).toBe(true);
    const list = testExamples('due');
    const out = await score('risk', list);
    const known = list.flatMap((e, i) => (within30Of(e) === undefined ? [] : [i]));
    const within = known.map((i) => within30Of(list[i]!)!);
    expect(within.some(Boolean) && !within.every(Boolean)).toBe(true);
    const brier = mean(within.map((y, k) => (out[known[k]! * 2 + 1]! - (y ? 1 : 0)) ** 2));
    const reported = readManifest('risk').metrics.asOf.find((p) => p.point === 'due')!.payWithin30Probability!;
    expect(reported.brier).toBeCloseTo(brier, 6);
    expect(reported.rows).toBe(known.length);
  });

  it('payment date: the ONNX file scores the test set as reported, and beats the typical payment time', async () => {
    const list = testExamples('issue').filter((e) => e.invoice.settledDate !== null);
    const out = await score('payment-date', list);
    const actual = list.map((e) => days(e.invoice.issueDate, e.invoice.settledDate!));
    const p50 = actual.map((_, i) => out[i * 3 + 1]!);
    const mae = mean(actual.map((y, i) => Math.abs(p50[i]! - y)));
    // Inside when the payment falls within the days shown, from the P10's day to the P90's.
    const coverage = mean(
      actual.map((y, i) => (y >= Math.floor(out[i * 3]!) && y <= Math.ceil(out[i * 3 + 2]!) ? 1 : 0)),
    );
    const t = readManifest('payment-date').metrics.test as unknown as {
      mae: number;
      p10p90Coverage: number;
      baselines: Record<string, { mae: number }>;
    };
    expect(t.mae).toBeCloseTo(mae, 4);
    expect(t.p10p90Coverage).toBeCloseTo(coverage, 10);
    for (let i = 0; i < list.length; i++)
      expect(out[i * 3]! <= out[i * 3 + 1]! && out[i * 3 + 1]! <= out[i * 3 + 2]!).toBe(true);
    const trainMean = mean(
      rows
        .filter((r) => r.settledDate !== null && r.issueDate < cutoff && r.settledDate < cutoff)
        .map((r) => days(r.issueDate, r.settledDate!)),
    );
    const constantMae = mean(actual.map((y) => Math.abs(trainMean - y)));
    expect(mae).toBeLessThan(constantMae * 0.8);
    expect(mae).toBeLessThan(t.baselines.openAtPoint!.mae);
    expect(mae).toBeLessThan(t.baselines.dueDate!.mae);
    expect(coverage).toBeGreaterThan(0.6);
    expect(coverage).toBeLessThan(0.97);
  });

  it('payment date: for an invoice open 15 days past due, no estimate is before that day, and the days left are scored as reported', async () => {
    const list = testExamples('due+15').filter((e) => e.invoice.settledDate !== null);
    const out = await score('payment-date', list);
    list.forEach((e, i) => expect(out[i * 3]!).toBeGreaterThanOrEqual(days(e.invoice.issueDate, e.asOf)));
    const left = list.map((e) => days(e.asOf, e.invoice.settledDate!));
    const mae = mean(
      left.map((y, i) => Math.abs(out[i * 3 + 1]! - days(list[i]!.invoice.issueDate, list[i]!.asOf) - y)),
    );
    const reported = readManifest('payment-date').metrics.asOf.find((p) => p.point === 'due+15')!.remainingDays!;
    expect(reported.mae).toBeCloseTo(mae, 4);
  });

  it('is reproducible: the same seed gives byte-identical model.onnx, another seed does not', async () => {
    await train(join(root, 'b'), 7);
    await train(join(root, 'c'), 8);
    for (const kind of ['risk', 'payment-date']) {
      const a = readFileSync(join(root, 'a', kind, 'model.onnx'));
      expect(readFileSync(join(root, 'b', kind, 'model.onnx')).equals(a), `${kind} same seed`).toBe(true);
      expect(readFileSync(join(root, 'c', kind, 'model.onnx')).equals(a), `${kind} other seed`).toBe(false);
      expect(readFileSync(join(root, 'b', kind, 'manifest.json'), 'utf8')).toBe(
        readFileSync(join(root, 'a', kind, 'manifest.json'), 'utf8'),
      );
    }
  }, 120_000);

  it('names a version by the day, every field of every row, the settings and the seed', () => {
    const at = '2026-07-15T12:00:00.000Z';
    const version = modelVersion(rows, options(root, 7), at);
    expect(version).toMatch(/^20260715-[0-9a-f]{8}-s7$/);
    expect(modelVersion(rows, options(root, 7), '2026-07-15T23:59:00.000Z')).toBe(version);
    // Same ids and payments, other amounts or dispute flags; another setting: another version.
    const others = [
      modelVersion(
        rows.map((r) => ({ ...r, amount: r.amount * 10 })),
        options(root, 7),
        at,
      ),
      modelVersion(
        rows.map((r, i) => (i === 0 ? { ...r, disputed: !r.disputed } : r)),
        options(root, 7),
        at,
      ),
      modelVersion(rows, { ...options(root, 7), learner: 'trees' }, at),
      // The ledger's dated records and accounts count too.
      modelVersion(rows, { ...options(root, 7), ledger: { records: new Map(), accounts: new Map() } }, at),
      modelVersion(
        rows,
        {
          ...options(root, 7),
          ledger: {
            records: new Map([[rows[0]!.invoiceId, { stepDays: [rows[0]!.dueDate], promises: [], disputes: [] }]]),
            accounts: new Map(),
          },
        },
        at,
      ),
    ];
    expect(new Set([version, ...others]).size).toBe(6);
  });

  it('refuses to train when too few invoices were issued before the cutoff', async () => {
    const early = rows.map((r) => r.issueDate).sort()[40]!;
    await expect(trainModels(rows, { ...options(join(root, 'd'), 1), cutoff: early })).rejects.toThrow(
      /too few invoices issued before the cutoff/,
    );
  });

  it('moves no model into place when one of them fails, leaving the previous run whole', async () => {
    const out = join(root, 'f');
    cpSync(join(root, 'a'), out, { recursive: true });
    const before = (kind: string) => readFileSync(join(root, 'a', kind, 'model.onnx'));
    // One invoice in 40 paid: the risk model trains, the payment-date model has too few paid invoices to validate on.
    const fewPaid = rows.map((r, i) => (i % 40 === 0 ? r : { ...r, settledDate: null }));
    await expect(trainModels(fewPaid, options(out, 1))).rejects.toThrow(
      /^payment-date: only \d invoices to validate on/,
    );
    expect(readdirSync(out).sort()).toEqual(['payment-date', 'risk']);
    for (const kind of ['risk', 'payment-date'])
      expect(readFileSync(join(out, kind, 'model.onnx')).equals(before(kind)), kind).toBe(true);
  });

  it('names the cutoff when no invoice before it had its outcome decided to validate on', async () => {
    // Every invoice issued before the cutoff is younger than 30 days there: none has a known outcome.
    const cutoff = rows.map((r) => r.issueDate).sort()[1_500]!;
    const young = rows.filter((r) => r.issueDate >= addDays(cutoff, -25));
    expect(young.filter((r) => r.issueDate < cutoff).length).toBeGreaterThanOrEqual(60);
    await expect(trainModels(young, { ...options(join(root, 'e'), 1), cutoff })).rejects.toThrow(
      new RegExp(
        `^risk: only 0 invoices to validate on \\(.*\\); at least 10 are needed: choose a later cutoff than ${cutoff}$`,
      ),
    );
  });
});
