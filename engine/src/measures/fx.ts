/**
 * Exchange rates (docs/measures.md): one reporting currency and, for every other currency the
 * ledger holds, how many units of it one unit is worth. One table of rates, set by an admin
 * (`PUT /v1/settings/fx-rates`), not a history: reports convert every date with it, and decisions
 * convert invoice amounts with it for the reporting-currency facts (docs/facts.md).
 */
import { z } from 'zod';
import { DomainError } from '../errors';
import { getSetting, setSetting, type Executor } from '../store';

const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

export const fxRatesSchema = z
  .object({
    reportingCurrency: currency,
    /** Units of the reporting currency per unit of each other currency. */
    rates: z.record(currency, z.number().positive().finite()),
  })
  .strict()
  .meta({ id: 'FxRates' });
export type FxRates = z.infer<typeof fxRatesSchema>;

const SETTING = 'fx_rates';

export async function readFxRates(db: Executor): Promise<FxRates | null> {
  const stored = fxRatesSchema.safeParse(await getSetting(db, SETTING));
  return stored.success ? stored.data : null;
}

export async function writeFxRates(db: Executor, rates: FxRates): Promise<FxRates> {
  await setSetting(db, SETTING, rates);
  return rates;
}

export interface Converter {
  /** The currency reported in. */
  currency: string;
  convert(amount: number, from: string): number;
}

/**
 * Converts amounts in `currencies` into the reporting currency. Without rates, a ledger in one
 * currency is reported in it; amounts in a currency without a rate are refused, naming it, rather
 * than summed as if they were the same money.
 */
export function converterFor(fx: FxRates | null, currencies: Iterable<string>): Converter {
  const held = [...new Set(currencies)].sort();
  if (!fx) {
    if (held.length > 1)
      throw new DomainError(
        'no_exchange_rate',
        `The ledger holds amounts in ${held.join(', ')}: set a reporting currency and rates with PUT /v1/settings/fx-rates`,
      );
    return { currency: held[0] ?? 'EUR', convert: (amount) => amount };
  }
  const missing = held.filter((c) => c !== fx.reportingCurrency && fx.rates[c] === undefined);
  if (missing.length > 0)
    throw new DomainError(
      'no_exchange_rate',
      `No exchange rate for ${missing.join(', ')} into ${fx.reportingCurrency}: add it with PUT /v1/settings/fx-rates`,
      missing.map((c) => ({ path: `rates.${c}`, message: 'missing' })),
    );
  return {
    currency: fx.reportingCurrency,
    convert: (amount, from) => (from === fx.reportingCurrency ? amount : amount * fx.rates[from]!),
  };
}

/** The rate of one currency into the reporting currency: 1 for that currency itself; undefined without rates or a rate. */
export function rateInto(fx: FxRates | null, from: string): { from: string; to: string; rate: number } | undefined {
  if (!fx) return undefined;
  const rate = from === fx.reportingCurrency ? 1 : fx.rates[from];
  return rate === undefined ? undefined : { from, to: fx.reportingCurrency, rate };
}
