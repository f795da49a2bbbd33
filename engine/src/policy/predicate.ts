/**
 * Predicates: comparisons `fact operator value`, nestable in all/any groups. Their meaning: a
 * comparison on a missing fact is false, whatever the operator (docs/policy.md). The compiled
 * rule set must give the same result in json-rules-engine (see conditions.ts).
 */
import { z } from 'zod';
import { type Diagnostic } from './diagnostics';
import { getFact, type FactDefinition } from './facts';

export const OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const scalarValue = z.union([z.number(), z.boolean(), z.string()]);
export const comparisonSchema = z.object({
  fact: z.string().min(1),
  operator: z.enum(OPERATORS),
  value: z.union([scalarValue, z.array(z.union([z.number(), z.string()]))]),
});
export type Comparison = z.infer<typeof comparisonSchema>;

export type Predicate = Comparison | { all: Predicate[] } | { any: Predicate[] };
export const predicateSchema: z.ZodType<Predicate> = z
  .lazy(() =>
    z.union([
      comparisonSchema.strict(),
      z.object({ all: z.array(predicateSchema).min(1) }).strict(),
      z.object({ any: z.array(predicateSchema).min(1) }).strict(),
    ]),
  )
  .meta({ id: 'Predicate' });

export function isComparison(p: Predicate): p is Comparison {
  return 'fact' in p;
}

/** Every comparison of a predicate, depth first, in declared order. */
export function comparisonsOf(p: Predicate): Comparison[] {
  if (isComparison(p)) return [p];
  return ('all' in p ? p.all : p.any).flatMap(comparisonsOf);
}

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

const NUMBER_OPERATORS: readonly Operator[] = OPERATORS;
const OPERATORS_BY_TYPE: Record<FactDefinition['type'], readonly Operator[]> = {
  number: NUMBER_OPERATORS,
  integer: NUMBER_OPERATORS,
  boolean: ['equal', 'notEqual'],
  enum: ['equal', 'notEqual', 'in', 'notIn'],
};

export function operatorsFor(fact: FactDefinition): readonly Operator[] {
  return OPERATORS_BY_TYPE[fact.type];
}

/** A share or probability is written as a ratio: 0.5 is 50%, so 50 (meant as 50%) would read 5,000%. */
function outOfRange(fact: FactDefinition, v: number, [low, high]: readonly [number, number]): string {
  const percent = fact.unit === 'ratio' || fact.unit === 'probability';
  if (!percent) return `is from ${low} to ${high}, not ${v}`;
  const asPercent = (x: number) => `${Number((x * 100).toPrecision(12)).toLocaleString('en-US')}%`;
  const meant = v > high && v <= 100 ? `; for ${v}%, the value is ${Number((v / 100).toPrecision(12))}` : '';
  return `is from ${asPercent(low)} to ${asPercent(high)}, and ${v} would mean ${asPercent(v)}${meant}`;
}

/** Why a comparison's value does not suit its fact and operator, or undefined when it does. */
export function valueProblem(fact: FactDefinition, c: Comparison): string | undefined {
  const list = c.operator === 'in' || c.operator === 'notIn';
  const values: unknown[] = list ? (Array.isArray(c.value) ? c.value : []) : [c.value];
  if (list && (!Array.isArray(c.value) || c.value.length === 0)) return 'needs a list of at least one value';
  if (!list && Array.isArray(c.value)) return 'needs a single value, not a list';
  for (const v of values) {
    if (v === '' && fact.type !== 'enum') return 'needs a value';
    if (fact.type === 'boolean' && typeof v !== 'boolean') return 'needs yes or no';
    if ((fact.type === 'number' || fact.type === 'integer') && typeof v !== 'number') return 'needs a number';
    if (fact.type === 'integer' && !Number.isInteger(v)) return 'needs a whole number';
    if (fact.type === 'enum' && !fact.values.includes(v as string)) return `"${String(v)}" is not one of its values`;
    const range = 'range' in fact ? fact.range : undefined;
    if (range && typeof v === 'number' && (v < range[0] || v > range[1])) return outOfRange(fact, v, range);
  }
  return undefined;
}

/** Unknown facts, operators that do not suit the fact, values of the wrong type: `path[i]` names comparison i. */
export function predicateDiagnostics(nodeId: string, path: string, predicate: Predicate): Diagnostic[] {
  return comparisonsOf(predicate).flatMap((c, i): Diagnostic[] => {
    const at = { nodeId, path: `${path}[${i}]` };
    const fact = getFact(c.fact);
    if (!fact) return [{ code: 'UNKNOWN_FACT', severity: 'error', message: `“${c.fact}” is not a known fact`, ...at }];
    if (!operatorsFor(fact).includes(c.operator)) {
      const message = `"${c.operator}" cannot be used with ${fact.label} (${fact.type === 'enum' ? 'a list' : fact.type})`;
      return [{ code: 'INVALID_OPERATOR', severity: 'error', message, ...at }];
    }
    const problem = valueProblem(fact, c);
    return problem ? [{ code: 'INVALID_VALUE', severity: 'error', message: `${fact.label} ${problem}`, ...at }] : [];
  });
}
