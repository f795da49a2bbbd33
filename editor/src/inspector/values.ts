/** What a comparison's value may be for its fact and operator, and how to carry it over when either changes. */
import { type Comparison, type FactDefinition, type Operator } from '@dunwell/engine/policy';

type Value = Comparison['value'];
type Scalar = number | boolean | string;

export const isListOperator = (operator: Operator) => operator === 'in' || operator === 'notIn';

function defaultScalar(fact: FactDefinition): Scalar {
  if (fact.type === 'boolean') return true;
  if (fact.type === 'enum') return fact.values[0] ?? '';
  return 0;
}

function fits(fact: FactDefinition, v: unknown): v is Scalar {
  if (fact.type === 'boolean') return typeof v === 'boolean';
  if (fact.type === 'enum') return typeof v === 'string' && fact.values.includes(v);
  if (fact.type === 'integer') return typeof v === 'number' && Number.isInteger(v);
  return typeof v === 'number';
}

/** The value kept when the fact or operator changes: the old one where it still fits, else a sensible default. */
export function carryValue(fact: FactDefinition, operator: Operator, previous: Value): Value {
  const olds = (Array.isArray(previous) ? previous : [previous]).filter((v) => fits(fact, v));
  if (isListOperator(operator)) return (olds.length > 0 ? olds : [defaultScalar(fact)]) as Value;
  return olds[0] ?? defaultScalar(fact);
}

/** How the unit of a fact reads next to its input. */
export function unitHint(fact: FactDefinition): string | undefined {
  switch (fact.unit) {
    case 'currency':
      return 'in the invoice currency';
    case 'reporting currency':
      return 'in the reporting currency';
    case 'ratio':
    case 'probability':
      return '%';
    default:
      return fact.unit;
  }
}

/** Shares and probabilities: entered and shown as percentages, stored as ratios. */
export const isPercentFact = (fact: FactDefinition) => fact.unit === 'ratio' || fact.unit === 'probability';

// Twelve significant digits drop the binary noise of ×100 and ÷100 (0.07 × 100 = 7.000000000000001).
const tidy = (n: number) => Number(n.toPrecision(12));
export const toPercent = (ratio: number) => tidy(ratio * 100);
export const fromPercent = (percent: number) => tidy(percent / 100);
