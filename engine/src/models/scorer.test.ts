/**
 * The warnings of a decision's explanation name only inputs that can move a score: the manifest's
 * `informative` says which (an input no tree splits on cannot), and without it an input that varied
 * in training can.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ModelInput } from '../features/model-features';
import { SHIPPED_MODELS_DIR } from '../paths';
import { manifestSchema, type ModelManifest } from './manifest';
import { type LoadedModel } from './registry';
import { warningsFor } from './scorer';

const dir = join(SHIPPED_MODELS_DIR, 'payment-date');
const shipped = manifestSchema.parse(
  JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]!, 'manifest.json'), 'utf8')),
);

/** The shipped model's manifest with `lastDelay`'s flag set as given (undefined: left out). */
function modelWith(informative: boolean | undefined): LoadedModel {
  const manifest: ModelManifest = {
    ...shipped,
    features: shipped.features.map((f) => {
      if (f.name !== 'lastDelay') return f;
      const { informative: _, ...rest } = f;
      return informative === undefined ? rest : { ...rest, informative };
    }),
  };
  return { manifest } as LoadedModel;
}

const input: ModelInput = {
  invoice: {
    amount: 1000,
    currency: 'USD',
    issueDate: '2026-01-01',
    dueDate: '2026-01-31',
    disputed: null,
    paperless: null,
  },
  asOf: new Date('2026-01-01T00:00:00Z'),
  history: { settledCount: 3, openInvoiceCount: 1, openBalance: 1000 },
};
const j = shipped.features.findIndex((f) => f.name === 'lastDelay');
const feature = shipped.features[j]!;
/** Every input at its training mean, and lastDelay far above its training range. */
const vector = Float32Array.from(shipped.features, (f, k) => (k === j ? feature.max + 100 : f.mean));
const named = (warnings: ReturnType<typeof warningsFor>) => warnings.filter((w) => w.feature === 'lastDelay');

describe('model warnings', () => {
  it('names an input outside the training range, or unknown, when it can move a score', () => {
    expect(feature.min).toBeLessThan(feature.max);
    for (const flag of [true, undefined]) {
      const outside = named(warningsFor(modelWith(flag), input, vector, []));
      expect(outside).toHaveLength(1);
      expect(outside[0]!.message).toMatch(/^lastDelay = [\d.]+ is outside the training range/);
      const unknown = named(warningsFor(modelWith(flag), input, vector, ['lastDelay']));
      expect(unknown.map((w) => w.message)).toEqual(['lastDelay was unknown; the model used the training average']);
    }
  });

  it('says nothing of an input the model cannot be moved by', () => {
    expect(named(warningsFor(modelWith(false), input, vector, []))).toEqual([]);
    expect(named(warningsFor(modelWith(false), input, vector, ['lastDelay']))).toEqual([]);
  });

  it('names a currency the model never saw once, by its columns or by the amounts read as if in another', () => {
    const jpy = { ...input, invoice: { ...input.invoice, currency: 'JPY' } };
    const messages = (manifest: ModelManifest, of = jpy) =>
      warningsFor({ manifest } as LoadedModel, of, vector, [])
        .filter((w) => w.feature === 'currency')
        .map((w) => w.message);
    const read = { ...modelWith(undefined).manifest, data: { ...shipped.data, currencies: ['CAD', 'USD'] } };
    expect(read.features.some((f) => f.kind === 'category' && f.source === 'currency')).toBe(true);
    expect(messages(read)).toEqual(['currency JPY was not seen in training; the model scored it as none of CAD, USD']);
    // Columns that cannot move a score: the amounts still can, and were read as if in a currency seen.
    const unread = {
      ...read,
      features: read.features.map((f) =>
        f.kind === 'category' && f.source === 'currency' ? { ...f, informative: false } : f,
      ),
    };
    const asIf = 'currency JPY was not seen in training; its amounts were read as if in CAD or USD';
    expect(messages(unread)).toEqual([asIf]);
    // Trained on one currency, so without a currency column at all.
    const single = {
      ...unread,
      features: unread.features.filter((f) => !(f.kind === 'category' && f.source === 'currency')),
      data: { ...unread.data, currencies: ['USD'] },
    };
    expect(messages(single)).toEqual(['currency JPY was not seen in training; its amounts were read as if in USD']);
    expect(messages(single, input)).toEqual([]);
    // Nothing when no amount can move a score either, or when the manifest does not say its currencies.
    const noMoney = {
      ...unread,
      features: unread.features.map((f) =>
        f.name === 'logAmount' || f.name === 'logOpenBalance' ? { ...f, informative: false } : f,
      ),
    };
    expect(messages(noMoney)).toEqual([]);
    expect(messages({ ...unread, data: { ...unread.data, currencies: undefined } })).toEqual([]);
  });
});
