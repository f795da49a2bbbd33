/**
 * Which rule of a rule set fires, as one generated JavaScript function (docs/rule-set.md, "Running
 * a rule set"). Every named condition becomes a local evaluated once, in dependency order; each rule
 * is then an expression over those locals, each comparison written from json-rules-engine's
 * operator (OPERATORS, which the runner's trace compiles too). Whether a fact's value compares as a
 * number is worked out once per run, not once per comparison: that test parses and prints the value
 * when it is not a number, and it was most of a run's time on fact sets with missing or text values.
 * Only identifiers, indices, JSON-quoted fact names and finite numbers are written into the code: every
 * other value of the rule set is passed in an array and read as `K[i]`.
 *
 * The results are json-rules-engine's: its operators, a fact read as the facts' own property, an
 * empty `all` or `any` true. Priorities order json-rules-engine's evaluation, never a result, so they
 * play no part here; the runner's trace keeps them.
 */
import { type Facts } from './predicate';
import { type JreCondition, type RuleSet } from './ruleset';

/** A rule set this runner cannot run as json-rules-engine would (an operator or form it does not know). */
export class UnsupportedRuleSetError extends Error {}

/** The index of the one rule that fires, or the indices of all that fire when that is not one. */
export type FiredRules = (facts: Facts) => number | number[];

type Check = (value: unknown) => boolean;

/** json-rules-engine's test for the numeric operators' fact values that are not numbers. */
const parsesAsNumber = (value: unknown): boolean => Number.parseFloat(value as string).toString() !== 'NaN';

/**
 * Code for "the fact value `v` may be compared as a number": a number may (NaN then compares false,
 * as json-rules-engine refuses it), any other value when it parses as one.
 */
const numeric = (v: string) => `(typeof ${v} === "number" || num(${v}))`;

/**
 * json-rules-engine's operators as JavaScript over the fact value `v`, the condition's value `k` and
 * `n`, code for `numeric(v)`: the one definition, written into the rule function and compiled into
 * the trace's checks.
 */
const OPERATORS: Record<string, (v: string, k: string, n: string) => string> = {
  equal: (v, k) => `${v} === ${k}`,
  notEqual: (v, k) => `${v} !== ${k}`,
  in: (v, k) => `${k}.indexOf(${v}) > -1`,
  notIn: (v, k) => `${k}.indexOf(${v}) === -1`,
  contains: (v, k) => `(Array.isArray(${v}) && ${v}.indexOf(${k}) > -1)`,
  doesNotContain: (v, k) => `(Array.isArray(${v}) && ${v}.indexOf(${k}) === -1)`,
  lessThan: (v, k, n) => `(${n} && ${v} < ${k})`,
  lessThanInclusive: (v, k, n) => `(${n} && ${v} <= ${k})`,
  greaterThan: (v, k, n) => `(${n} && ${v} > ${k})`,
  greaterThanInclusive: (v, k, n) => `(${n} && ${v} >= ${k})`,
};

/** A fact leaf's comparison as code over `v` and `k`, once it is one this runner runs as json-rules-engine would. */
function comparisonCode(c: Extract<JreCondition, { fact: string }>, v: string, k: string, n: string): string {
  if ('params' in c || 'path' in c) throw new UnsupportedRuleSetError(`fact params and paths are not supported`);
  if (c.value !== null && typeof c.value === 'object' && 'fact' in (c.value as object)) {
    throw new UnsupportedRuleSetError(`a value that refers to a fact is not supported`);
  }
  const operator = Object.hasOwn(OPERATORS, c.operator) ? OPERATORS[c.operator] : undefined;
  if (!operator) throw new UnsupportedRuleSetError(`unknown operator ${c.operator}`);
  if ((c.operator === 'in' || c.operator === 'notIn') && !Array.isArray(c.value)) {
    throw new UnsupportedRuleSetError(`${c.operator} needs a list, not ${JSON.stringify(c.value)}`);
  }
  return `(${operator(v, k, n)})`;
}

/** A fact leaf's comparison as a function of the fact value, for the runner's trace. */
export function checkedFact(c: Extract<JreCondition, { fact: string }>): Check {
  const code = comparisonCode(c, 'v', 'k', numeric('v'));
  const make = new Function('k', 'num', `return (v) => ${code};`) as (k: unknown, num: Check) => Check;
  return make(c.value, parsesAsNumber);
}

/** A finite number as a literal; any other value is read from the values array. */
const literal = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? (Object.is(value, -0) ? '(-0)' : `(${value})`) : undefined;

export function compileFiredRules(ruleSet: RuleSet): FiredRules {
  const names = Object.keys(ruleSet.conditions);
  const local = new Map(names.map((name, i) => [name, `d${i}`]));
  const values: unknown[] = [];
  const facts = new Map<string, string>();

  const factLocal = (fact: string): string => {
    let v = facts.get(fact);
    if (v === undefined) facts.set(fact, (v = `v${facts.size}`));
    return v;
  };
  const constant = (value: unknown): string => literal(value) ?? `K[${values.push(value) - 1}]`;

  const expression = (c: JreCondition, uses: Set<string>): string => {
    if ('fact' in c) {
      const v = factLocal(c.fact);
      return comparisonCode(c, v, constant(c.value), v.replace('v', 'n'));
    }
    if ('condition' in c) {
      const target = local.get(c.condition);
      if (target === undefined) throw new UnsupportedRuleSetError(`no condition ${c.condition}`);
      uses.add(c.condition);
      return target;
    }
    if ('not' in c) return `!${expression(c.not, uses)}`;
    const kind = 'all' in c ? 'all' : 'any' in c ? 'any' : undefined;
    if (kind === undefined) throw new UnsupportedRuleSetError(`a condition of unknown form: ${JSON.stringify(c)}`);
    const parts = ((c as { all?: JreCondition[]; any?: JreCondition[] })[kind] ?? []).map((p) => expression(p, uses));
    return parts.length === 0 ? 'true' : `(${parts.join(kind === 'all' ? ' && ' : ' || ')})`;
  };

  // Definitions in dependency order: each after the ones it refers to.
  const definitions = new Map(
    names.map((name) => {
      const uses = new Set<string>();
      return [name, { code: expression(ruleSet.conditions[name]!, uses), uses }] as const;
    }),
  );
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new UnsupportedRuleSetError(`condition ${name} refers to itself`);
    state.set(name, 'visiting');
    definitions.get(name)!.uses.forEach(visit);
    state.set(name, 'done');
    ordered.push(name);
  };
  names.forEach(visit);

  const rules = ruleSet.rules.map((rule) => expression(rule.conditions, new Set()));
  const code = [
    ...ordered.map((name) => `const ${local.get(name)} = ${definitions.get(name)!.code};`),
    // The first rule that fires is the answer; any other that fires makes the answer the list of them all.
    'let fired = -1, more = null;',
    ...rules.map((rule, i) => `if (${rule}) { if (fired < 0) fired = ${i}; else (more ??= [fired]).push(${i}); }`),
    'return more ?? (fired < 0 ? [] : fired);',
  ].join('\n');
  const factReads = [...facts].flatMap(([fact, v]) => {
    const name = JSON.stringify(fact);
    const n = v.replace('v', 'n');
    // json-rules-engine's almanac reads only the facts' own properties.
    const read = fact in Object.prototype ? `Object.hasOwn(f, ${name}) ? f[${name}] : undefined` : `f[${name}]`;
    // Whether the value compares as a number is worked out once per fact, for the facts compared as numbers.
    return [`const ${v} = ${read};`, ...(new RegExp(`\\b${n}\\b`).test(code) ? [`const ${n} = ${numeric(v)};`] : [])];
  });
  const body = ['"use strict";', ...factReads, code].join('\n');
  const fired = new Function('K', 'num', `return function firedRules(f) {\n${body}\n};`) as (
    values: unknown[],
    num: Check,
  ) => FiredRules;
  return fired(values, parsesAsNumber);
}
