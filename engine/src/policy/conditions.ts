/**
 * Building json-rules-engine conditions: the small algebra the compiler and the node kinds
 * share, and predicates compiled so that a comparison on a missing fact is false, as the
 * interpreter has it (json-rules-engine's own `notEqual` and `notIn` are true for it).
 */
import { getFact } from './facts';
import { isComparison, type Comparison, type Predicate } from './predicate';
import { names, type JreCondition } from './ruleset';

/** null stands for "always true", so trivial conjunctions disappear. */
export type Cond = JreCondition | null;

export const and = (parts: Cond[]): Cond => {
  const real = parts.filter((p): p is JreCondition => p !== null);
  return real.length === 0 ? null : real.length === 1 ? real[0]! : { all: real };
};

export const ref = (name: string): JreCondition => ({ condition: name });

export const not = (cond: JreCondition): JreCondition => ({ not: cond });

/**
 * A conjunction along a path, listed from the start towards the node. json-rules-engine
 * evaluates higher priorities first and stops an `all` at the first false group, so giving
 * the nearest link the highest priority makes a rule for a terminal that was not reached
 * fail at its own edge instead of re-walking the whole path from the start.
 */
export const chain = (parts: Cond[]): Cond => {
  const real = parts.filter((p): p is JreCondition => p !== null);
  if (real.length <= 1) return real[0] ?? null;
  return { all: real.map((p, i) => ({ ...p, priority: i + 1 })) };
};

/** A wrapper keeps the name when json-rules-engine inlines a referenced condition into it. */
export const named = (cond: Cond, name: string): JreCondition => ({ all: cond === null ? [] : [cond], name });

/** A comparison whose result is false on a missing fact, like the interpreter's, in plain operators. */
export function compileComparison(c: Comparison): JreCondition {
  const fact = getFact(c.fact);
  const notEqualNumber = (v: unknown): JreCondition => ({
    any: [
      { fact: c.fact, operator: 'lessThan', value: v },
      { fact: c.fact, operator: 'greaterThan', value: v },
    ],
  });
  if (c.operator === 'notEqual') {
    if (fact?.type === 'boolean') return { fact: c.fact, operator: 'equal', value: !c.value };
    if (fact?.type === 'enum') return { fact: c.fact, operator: 'in', value: fact.values.filter((v) => v !== c.value) };
    return notEqualNumber(c.value);
  }
  if (c.operator === 'notIn') {
    const excluded = c.value as Array<string | number>;
    if (fact?.type === 'enum') {
      return { fact: c.fact, operator: 'in', value: fact.values.filter((v) => !excluded.includes(v)) };
    }
    return { all: excluded.map(notEqualNumber) };
  }
  return { fact: c.fact, operator: c.operator, value: c.value };
}

/** A predicate with each comparison named `cmp:<scope>:<i>`, so a run shows what each one saw. */
export function compilePredicate(p: Predicate, scope: string): JreCondition {
  let index = 0;
  const walk = (q: Predicate): JreCondition => {
    if (isComparison(q)) return { ...compileComparison(q), name: names.comparison(scope, index++) };
    return 'all' in q ? { all: q.all.map(walk) } : { any: q.any.map(walk) };
  };
  return walk(p);
}
