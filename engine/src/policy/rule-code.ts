/**
 * Which rule of a rule set fires, as one generated JavaScript function (docs/rule-set.md, "Running
 * a rule set"). Every named condition becomes a local evaluated once, in dependency order; each rule
 * is then an expression over those locals. Only identifiers, indices and JSON-quoted fact names
 * are written into the code: each comparison is a check made by `operatorCheck` (which the runner's
 * trace uses too), passed in an array, so no value of the rule set is spliced into code.
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

/** json-rules-engine's test for the numeric operators' fact values. */
const parsesAsNumber = (value: unknown): boolean =>
  typeof value === 'number' ? !Number.isNaN(value) : Number.parseFloat(value as string).toString() !== 'NaN';

/** json-rules-engine's operators: the fact value against the condition's value. */
export function operatorCheck(operator: string, value: unknown): Check {
  const list = (): unknown[] => {
    if (!Array.isArray(value))
      throw new UnsupportedRuleSetError(`${operator} needs a list, not ${JSON.stringify(value)}`);
    return value;
  };
  const n = value as number;
  switch (operator) {
    case 'equal':
      return (v) => v === value;
    case 'notEqual':
      return (v) => v !== value;
    case 'in': {
      const values = list();
      return (v) => values.indexOf(v) > -1;
    }
    case 'notIn': {
      const values = list();
      return (v) => values.indexOf(v) === -1;
    }
    case 'contains':
      return (v) => Array.isArray(v) && v.indexOf(value) > -1;
    case 'doesNotContain':
      return (v) => Array.isArray(v) && v.indexOf(value) === -1;
    case 'lessThan':
      return (v) => parsesAsNumber(v) && (v as number) < n;
    case 'lessThanInclusive':
      return (v) => parsesAsNumber(v) && (v as number) <= n;
    case 'greaterThan':
      return (v) => parsesAsNumber(v) && (v as number) > n;
    case 'greaterThanInclusive':
      return (v) => parsesAsNumber(v) && (v as number) >= n;
    default:
      throw new UnsupportedRuleSetError(`unknown operator ${operator}`);
  }
}

/** A fact leaf's condition the way both the generated code and the runner's trace check it. */
export function checkedFact(c: Extract<JreCondition, { fact: string }>): Check {
  if ('params' in c || 'path' in c) throw new UnsupportedRuleSetError(`fact params and paths are not supported`);
  if (c.value !== null && typeof c.value === 'object' && 'fact' in (c.value as object)) {
    throw new UnsupportedRuleSetError(`a value that refers to a fact is not supported`);
  }
  return operatorCheck(c.operator, c.value);
}

export function compileFiredRules(ruleSet: RuleSet): FiredRules {
  const names = Object.keys(ruleSet.conditions);
  const local = new Map(names.map((name, i) => [name, `d${i}`]));
  const checks: Check[] = [];
  const facts = new Map<string, string>();

  const factLocal = (fact: string): string => {
    let v = facts.get(fact);
    if (v === undefined) facts.set(fact, (v = `v${facts.size}`));
    return v;
  };
  const check = (fn: Check): string => `C[${checks.push(fn) - 1}]`;

  const expression = (c: JreCondition, uses: Set<string>): string => {
    if ('fact' in c) return `${check(checkedFact(c))}(${factLocal(c.fact)})`;
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
  const factReads = [...facts].map(([fact, v]) => {
    const name = JSON.stringify(fact);
    // json-rules-engine's almanac reads only the facts' own properties.
    return fact in Object.prototype
      ? `const ${v} = Object.hasOwn(f, ${name}) ? f[${name}] : undefined;`
      : `const ${v} = f[${name}];`;
  });
  const body = [
    '"use strict";',
    ...factReads,
    ...ordered.map((name) => `const ${local.get(name)} = ${definitions.get(name)!.code};`),
    'let fired = -1, count = 0;',
    ...rules.map((code, i) => `if (${code}) { fired = ${i}; count++; }`),
    `if (count === 1) return fired;`,
    `const all = [];`,
    ...rules.map((code, i) => `if (${code}) all.push(${i});`),
    'return all;',
  ].join('\n');
  const fired = new Function('C', `return function firedRules(f) {\n${body}\n};`) as (checks: Check[]) => FiredRules;
  return fired(checks);
}
