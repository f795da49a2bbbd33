import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestSchema, type ModelManifest } from '@dunwell/engine/models';
import { SHIPPED_MODELS_DIR } from '@dunwell/engine/paths';
import { coverageFlag, modelCard } from './card';

const dir = join(SHIPPED_MODELS_DIR, 'payment-date');
const shipped = manifestSchema.parse(
  JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]!, 'manifest.json'), 'utf8')),
);

/** The shipped manifest with the coverage at issue set as given, for everyone and for new customers. */
function withCoverage(all: number, newCustomers: number): ModelManifest {
  const [issue, ...rest] = shipped.metrics.asOf;
  const days = issue!.remainingDays!;
  const cold = issue!.coldStart!.remainingDays!;
  return {
    ...shipped,
    metrics: {
      ...shipped.metrics,
      asOf: [
        {
          ...issue!,
          remainingDays: { ...days, p10p90Coverage: all },
          coldStart: { remainingDays: { ...cold, p10p90Coverage: newCustomers } },
        },
        ...rest,
      ],
    },
  };
}

describe('model card', () => {
  it('flags a coverage outside 0.78–0.82, for everyone and for new customers, each over its own invoices', () => {
    const { rows } = shipped.metrics.asOf[0]!.remainingDays!;
    const coldRows = shipped.metrics.asOf[0]!.coldStart!.remainingDays!.rows;
    const card = modelCard(withCoverage(0.9, 0.6), [], null);
    expect(card).toContain(`**Flag:** ${coverageFlag(0.9, rows)}`);
    expect(card).toContain(`**Flag (new customers):** ${coverageFlag(0.6, coldRows)}`);
    // Inside the range at issue, those two flags go (other points keep theirs).
    const fine = modelCard(withCoverage(0.8, 0.8), [], null);
    const count = (text: string, flag: string) => text.split(flag).length - 1;
    expect(count(fine, '**Flag (new customers):**')).toBe(count(card, '**Flag (new customers):**') - 1);
    expect(count(fine, '**Flag:**')).toBe(count(card, '**Flag:**') - 1);
  });
});
