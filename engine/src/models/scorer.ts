/**
 * Scores invoices with the active models in one ONNX batch per model: the model facts,
 * the same as calendar dates for people, and the features that moved the risk most
 * (occlusion: each feature set to its training average, all in the same batch). The models
 * know the invoice is open at `asOf`: pay dates are never before it, and lateProbability is 1
 * once the due date has passed; from then on the features explain payWithin30Probability.
 */
import * as ort from 'onnxruntime-node';
import { addDays, daysBetween } from '../features/days';
import {
  CATEGORY_SOURCES,
  encodeFeatures,
  NUMERIC_FEATURES,
  type CategorySource,
  type ModelInput,
} from '../features/model-features';
import { type FeatureSpec } from './manifest';
import { type LoadedModel, type ModelRegistry } from './registry';

export interface ModelWarning {
  model: string;
  feature: string;
  message: string;
}

export type ModelFact =
  | 'lateProbability'
  | 'payWithin30Probability'
  | 'predictedDaysToPay'
  | 'payDateP10'
  | 'payDateP90'
  | 'predictedDaysLate';

export interface Scored {
  /** The model facts a policy can test. */
  facts: Partial<Record<ModelFact, number>>;
  /** The facts plus calendar dates. */
  scores: Record<string, unknown>;
  models: Array<{ name: string; version: string }>;
  topFeatures: Array<{ feature: string; contribution: number }>;
  warnings: ModelWarning[];
}

const TOP_FEATURES = 5;

/** Columns grouped into the features a person recognises: a one-hot category is one feature. */
function featureGroups(features: readonly FeatureSpec[]): Array<{ name: string; columns: number[] }> {
  const groups = new Map<string, number[]>();
  features.forEach((f, j) => {
    const name = f.kind === 'category' ? f.source : f.name;
    groups.set(name, [...(groups.get(name) ?? []), j]);
  });
  return [...groups].map(([name, columns]) => ({ name, columns }));
}

const EXPECTED_WITHOUT_HISTORY = new Set(NUMERIC_FEATURES.filter((f) => f.fromPaidInvoices).map((f) => f.name));
const MONEY = NUMERIC_FEATURES.filter((f) => f.money).map((f) => f.name);

/** What the warnings need of a manifest, worked out once per loaded model rather than per invoice. */
interface WarningPlan {
  /** Inputs that can move a score (manifest.ts, `informative`): only they are worth a warning. */
  informative: ReadonlySet<string>;
  /**
   * Each category source with the values the model has a column for, when one of those columns
   * can move a score: a value it never saw is worth a warning only then.
   */
  categories: ReadonlyMap<CategorySource, string[]>;
  /**
   * The training data's currencies when the model has no currency column to warn by but reads an
   * amount: an amount in another currency is read as if in one of these.
   */
  amountCurrencies: readonly string[] | null;
}

const plans = new WeakMap<LoadedModel['manifest'], WarningPlan>();

function warningPlan(manifest: LoadedModel['manifest']): WarningPlan {
  let plan = plans.get(manifest);
  if (!plan) {
    const informative = new Set(manifest.features.filter((f) => f.informative ?? f.min !== f.max).map((f) => f.name));
    const categories = new Map<CategorySource, string[]>();
    for (const f of manifest.features)
      if (f.kind === 'category') categories.set(f.source, [...(categories.get(f.source) ?? []), f.value]);
    for (const source of categories.keys()) {
      const read = manifest.features.some((f) => f.kind === 'category' && f.source === source && informative.has(f.name));
      if (!read) categories.delete(source);
    }
    const currencies = manifest.data.currencies;
    const amountCurrencies =
      currencies && !categories.has('currency') && MONEY.some((name) => informative.has(name)) ? currencies : null;
    plan = { informative, categories, amountCurrencies };
    plans.set(manifest, plan);
  }
  return plan;
}

/**
 * What a person should know about the model's inputs, only where it matters: a number outside
 * the training range (clipped), an input that was unknown (the training average used), a
 * category the model never saw. Inputs that cannot move a score (constant in training, or split on
 * by no tree) are not mentioned; nor is the paid history a new customer cannot have yet.
 */
export function warningsFor(model: LoadedModel, input: ModelInput, vector: Float32Array, imputed: string[]): ModelWarning[] {
  const name = model.manifest.name;
  const { informative, categories, amountCurrencies } = warningPlan(model.manifest);
  const outside = model.manifest.features.flatMap((f, j) => {
    if (f.kind !== 'numeric' || !informative.has(f.name) || imputed.includes(f.name)) return [];
    const v = vector[j]!;
    if (v >= f.min && v <= f.max) return [];
    return [{ model: name, feature: f.name, message: `${f.name} = ${v.toFixed(3)} is outside the training range [${f.min.toFixed(3)}, ${f.max.toFixed(3)}]; the model used the nearest value in range` }];
  });
  const newCustomer = input.history.settledCount === 0;
  const missing = imputed
    .filter((feature) => informative.has(feature) && !(newCustomer && EXPECTED_WITHOUT_HISTORY.has(feature)))
    .map((feature) => ({ model: name, feature, message: `${feature} was unknown; the model used the training average` }));
  const unseen = [...categories].flatMap(([source, known]) => {
    const value = CATEGORY_SOURCES[source](input);
    if (known.includes(value)) return [];
    return [{ model: name, feature: source, message: `${source} ${value} was not seen in training; the model scored it as none of ${known.join(', ')}` }];
  });
  const currency = input.invoice.currency;
  const foreign =
    amountCurrencies && !amountCurrencies.includes(currency)
      ? [{ model: name, feature: 'currency', message: `currency ${currency} was not seen in training; its amounts were read as if in ${amountCurrencies.join(' or ')}` }]
      : [];
  return [...outside, ...missing, ...unseen, ...foreign];
}

/** One warning per input and message, naming every model it concerns. */
function merged(warnings: readonly ModelWarning[]): ModelWarning[] {
  const byKey = new Map<string, ModelWarning>();
  for (const w of warnings) {
    const key = `${w.feature}\u001f${w.message}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, model: `${seen.model}, ${w.model}` } : w);
  }
  return [...byKey.values()];
}

async function run(model: LoadedModel, rows: Float32Array, n: number): Promise<Float32Array> {
  const width = model.manifest.features.length;
  const output = await model.session.run({ [model.manifest.input.name]: new ort.Tensor('float32', rows, [n, width]) });
  return output[model.manifest.output.name]!.data as Float32Array;
}

export class ModelScorer {
  constructor(private readonly registry: ModelRegistry) {}

  async score(inputs: readonly ModelInput[]): Promise<Scored[]> {
    const results: Scored[] = inputs.map(() => ({ facts: {}, scores: {}, models: [], topFeatures: [], warnings: [] }));
    if (inputs.length === 0) return results;
    await this.scoreRisk(inputs, results);
    await this.scorePaymentDate(inputs, results);
    for (const r of results) {
      Object.assign(r.scores, r.facts);
      r.warnings = merged(r.warnings);
    }
    return results;
  }

  private async scoreRisk(inputs: readonly ModelInput[], results: Scored[]): Promise<void> {
    const model = this.registry.get('risk');
    if (!model) return;
    const features = model.manifest.features;
    const width = features.length;
    const groups = featureGroups(features);
    const perInvoice = groups.length + 1;
    const rows = new Float32Array(inputs.length * perInvoice * width);
    inputs.forEach((input, i) => {
      const { vector, imputed } = encodeFeatures(input, features);
      const base = i * perInvoice * width;
      rows.set(vector, base);
      groups.forEach((g, k) => {
        const occluded = vector.slice();
        for (const j of g.columns) occluded[j] = features[j]!.mean;
        rows.set(occluded, base + (k + 1) * width);
      });
      results[i]!.warnings.push(...warningsFor(model, input, vector, imputed));
    });
    const out = await run(model, rows, inputs.length * perInvoice);
    const stride = model.manifest.output.columns.length;
    const late = model.columns['lateProbability']!;
    const within30 = model.columns['payWithin30Probability']!;
    inputs.forEach((input, i) => {
      const r = results[i]!;
      r.facts.lateProbability = out[i * perInvoice * stride + late]!;
      r.facts.payWithin30Probability = out[i * perInvoice * stride + within30]!;
      r.models.push({ name: 'risk', version: model.manifest.version });
      const explained = daysBetween(input.invoice.dueDate, input.asOf) > 0 ? within30 : late;
      const p = out[i * perInvoice * stride + explained]!;
      r.topFeatures = groups
        .map((g, k) => ({ feature: g.name, contribution: p - out[(i * perInvoice + k + 1) * stride + explained]! }))
        .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
        .slice(0, TOP_FEATURES);
    });
  }

  private async scorePaymentDate(inputs: readonly ModelInput[], results: Scored[]): Promise<void> {
    const model = this.registry.get('payment-date');
    if (!model) return;
    const width = model.manifest.features.length;
    const rows = new Float32Array(inputs.length * width);
    inputs.forEach((input, i) => {
      const { vector, imputed } = encodeFeatures(input, model.manifest.features);
      rows.set(vector, i * width);
      results[i]!.warnings.push(...warningsFor(model, input, vector, imputed));
    });
    const out = await run(model, rows, inputs.length);
    const stride = model.manifest.output.columns.length;
    const read = (i: number, column: string) => out[i * stride + model.columns[column]!]!;
    inputs.forEach((input, i) => {
      const [p10, p50, p90] = ['payDateP10', 'predictedDaysToPay', 'payDateP90'].map((c) => read(i, c)) as [
        number,
        number,
        number,
      ];
      const terms = daysBetween(input.invoice.issueDate, input.invoice.dueDate);
      const r = results[i]!;
      Object.assign(r.facts, { payDateP10: p10, predictedDaysToPay: p50, payDateP90: p90, predictedDaysLate: Math.max(0, p50 - terms) });
      r.models.push({ name: 'payment-date', version: model.manifest.version });
      r.scores.predictedPayDate = addDays(input.invoice.issueDate, Math.round(p50));
      r.scores.payDateRange = [addDays(input.invoice.issueDate, Math.floor(p10)), addDays(input.invoice.issueDate, Math.ceil(p90))];
    });
  }
}
