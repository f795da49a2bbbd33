/**
 * The meaning of a predicate, as DESIGN.md defines it: a comparison on a missing fact is
 * false, whatever the operator. The compiler must give the same result in json-rules-engine.
 */
import { type Comparison, type Operator, type Predicate, isComparison } from './schema';

export type FactValue = number | boolean | string;
export type Facts = Readonly<Record<string, FactValue | undefined>>;

type Value = Comparison['value'];

const OPS: Record<Operator, (fact: FactValue, value: Value) => boolean> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  lessThan: (a, b) => typeof a === 'number' && a < (b as number),
  lessThanInclusive: (a, b) => typeof a === 'number' && a <= (b as number),
  greaterThan: (a, b) => typeof a === 'number' && a > (b as number),
  greaterThanInclusive: (a, b) => typeof a === 'number' && a >= (b as number),
  in: (a, b) => Array.isArray(b) && (b as FactValue[]).includes(a),
  notIn: (a, b) => Array.isArray(b) && !(b as FactValue[]).includes(a),
};

export function compare(comparison: Comparison, factValue: FactValue | undefined): boolean {
  return factValue !== undefined && OPS[comparison.operator](factValue, comparison.value);
}

export function evaluatePredicate(predicate: Predicate, facts: Facts): boolean {
  if (isComparison(predicate)) return compare(predicate, facts[predicate.fact]);
  if ('all' in predicate) return predicate.all.every((p) => evaluatePredicate(p, facts));
  return predicate.any.some((p) => evaluatePredicate(p, facts));
}
