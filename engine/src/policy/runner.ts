/**
 * Runs a rule set exactly as json-rules-engine does, compiled once into plain functions
 * (docs/rule-set.md, "Running a rule set"). The rule set stays json-rules-engine JSON; this is
 * how the engine runs it: synchronously, without cloning conditions on every run.
 *
 * What it keeps of json-rules-engine's semantics, which the differential test checks:
 * - a fact that is missing reads as undefined (`allowUndefinedFacts`); an explicit null is a value;
 * - its operators, the numeric ones refusing a fact value that does not parse as a number;
 * - an empty `all` or `any` is true;
 * - named conditions and references (a reference takes the name of the condition it stands for);
 * - inside an `all` or `any` of several conditions, groups of equal priority run highest first, every
 *   condition of a group is evaluated, and the next group only when the result is still open.
 *
 * The last point decides which named conditions a run shows, so the fired rule is traced with it;
 * which rules fire does not depend on it, so that is found with plain short-circuits.
 */
import { type Facts } from './predicate';
import {
  rebuildPath,
  RuleSetInvariantError,
  type JreCondition,
  type NamedResult,
  type RuleSet,
  type RuleSetRun,
  type TerminalEvent,
} from './ruleset';

/** A rule set this runner cannot run as json-rules-engine would (an operator or form it does not know). */
export class UnsupportedRuleSetError extends Error {}

type Read = (facts: Facts) => unknown;
type Check = (value: unknown) => boolean;

/** json-rules-engine's test for the numeric operators' fact values. */
const parsesAsNumber = (value: unknown): boolean =>
  typeof value === 'number' ? !Number.isNaN(value) : Number.parseFloat(value as string).toString() !== 'NaN';

function operatorCheck(operator: string, value: unknown): Check {
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

/** A fact's value as json-rules-engine's almanac gives it: only the facts' own properties count. */
const reader = (fact: string): Read =>
  fact in Object.prototype ? (facts) => (Object.hasOwn(facts, fact) ? facts[fact] : undefined) : (facts) => facts[fact];

/** Memo of the named conditions' results in one run: 0 not yet, 1 true, 2 false. */
type Memo = Uint8Array;

interface Compiled {
  name?: string;
  /** json-rules-engine's priority for ordering siblings: the condition's own, else 1. */
  priority: number;
  /** Its result, by the quickest route. */
  test(facts: Facts, memo: Memo): boolean;
  form:
    | { kind: 'fact'; read: Read; check: Check }
    | { kind: 'all' | 'any'; children: Compiled[]; groups: Compiled[][] }
    | { kind: 'not'; child: Compiled }
    | { kind: 'ref'; target: number };
}

/** What the fired rule showed of one condition, as json-rules-engine's evaluated tree holds it. */
interface Seen {
  name?: string;
  result?: boolean;
  factResult?: unknown;
  isFact: boolean;
  children: Seen[];
}

/** Siblings in json-rules-engine's order: groups of equal priority, highest first. */
function prioritized(children: Compiled[]): Compiled[][] {
  const groups = new Map<number, Compiled[]>();
  for (const c of children) groups.set(c.priority, [...(groups.get(c.priority) ?? []), c]);
  return [...groups.keys()].sort((a, b) => b - a).map((p) => groups.get(p)!);
}

export class RuleSetRunner {
  private readonly definitions: Compiled[] = [];
  private readonly indexOf = new Map<string, number>();
  private readonly rules: Array<{ name: string; root: Compiled; event: TerminalEvent }>;

  constructor(readonly ruleSet: RuleSet) {
    const names = Object.keys(ruleSet.conditions);
    names.forEach((name, i) => this.indexOf.set(name, i));
    names.forEach((name, i) => (this.definitions[i] = this.compile(ruleSet.conditions[name]!)));
    this.rules = ruleSet.rules.map((rule) => {
      if ('fact' in rule.conditions) throw new UnsupportedRuleSetError(`rule ${rule.name} has a bare fact at its root`);
      return {
        name: rule.name,
        root: this.compile(rule.conditions),
        event: deepFreeze(structuredClone(rule.event.params)),
      };
    });
  }

  private compile(condition: JreCondition): Compiled {
    const c = condition;
    const name = typeof c.name === 'string' ? c.name : undefined;
    const priority = typeof c.priority === 'number' && c.priority ? c.priority : 1;
    if ('fact' in c) {
      if ('params' in c || 'path' in c) throw new UnsupportedRuleSetError(`fact params and paths are not supported`);
      if (c.value !== null && typeof c.value === 'object' && 'fact' in (c.value as object)) {
        throw new UnsupportedRuleSetError(`a value that refers to a fact is not supported`);
      }
      const read = reader(c.fact);
      const check = operatorCheck(c.operator, c.value);
      return { name, priority, test: (facts) => check(read(facts)), form: { kind: 'fact', read, check } };
    }
    if ('condition' in c) {
      const target = this.indexOf.get(c.condition);
      if (target === undefined) throw new UnsupportedRuleSetError(`no condition ${c.condition}`);
      const definitions = this.definitions;
      return {
        name,
        priority,
        form: { kind: 'ref', target },
        test(facts, memo) {
          const known = memo[target]!;
          if (known !== 0) return known === 1;
          const result = definitions[target]!.test(facts, memo);
          memo[target] = result ? 1 : 2;
          return result;
        },
      };
    }
    if ('not' in c) {
      const child = this.compile(c.not);
      return { name, priority, form: { kind: 'not', child }, test: (facts, memo) => !child.test(facts, memo) };
    }
    const kind = 'all' in c ? 'all' : 'any' in c ? 'any' : undefined;
    if (kind === undefined) throw new UnsupportedRuleSetError(`a condition of unknown form: ${JSON.stringify(c)}`);
    const children = ((c as { all?: JreCondition[]; any?: JreCondition[] })[kind] ?? []).map((child) =>
      this.compile(child),
    );
    const groups = prioritized(children);
    // The same order json-rules-engine takes: a rule for a terminal not reached fails at its nearest link.
    const ordered = groups.flat();
    const test =
      kind === 'all'
        ? (facts: Facts, memo: Memo) => {
            for (const child of ordered) if (!child.test(facts, memo)) return false;
            return true;
          }
        : (facts: Facts, memo: Memo) => {
            if (ordered.length === 0) return true;
            for (const child of ordered) if (child.test(facts, memo)) return true;
            return false;
          };
    return { name, priority, test, form: { kind, children, groups } };
  }

  /** Runs the rule set on the facts; exactly one rule must fire. */
  run(facts: Facts): RuleSetRun {
    const memo: Memo = new Uint8Array(this.definitions.length);
    const fired = this.rules.filter((rule) => rule.root.test(facts, memo));
    if (fired.length !== 1) {
      throw new RuleSetInvariantError(
        `expected exactly one rule to fire, got ${fired.length}: ${fired.map((r) => r.name).join(', ')}`,
      );
    }
    const rule = fired[0]!;
    const seen = this.trace(rule.root, facts);
    // json-rules-engine evaluates an all, any or not at a rule's root without recording its result there.
    if (rule.root.form.kind !== 'ref') seen.result = undefined;
    const named = new Map<string, NamedResult>();
    collect(seen, named);
    return { event: rule.event, path: rebuildPath(named, rule.event.nodeId), named };
  }

  /** The condition as json-rules-engine evaluates it, keeping what each part showed. */
  private trace(c: Compiled, facts: Facts): Seen {
    const { form } = c;
    if (form.kind === 'fact') {
      const value = form.read(facts);
      return { name: c.name, result: form.check(value), factResult: value, isFact: true, children: [] };
    }
    if (form.kind === 'ref') {
      // A reference becomes a copy of the condition it names, with that condition's name if it has one;
      // a reference to a reference takes the name of the last in the chain that has one.
      const realized = this.trace(this.definitions[form.target]!, facts);
      return { ...realized, name: realized.name ?? c.name };
    }
    if (form.kind === 'not') {
      const child = this.trace(form.child, facts);
      return { name: c.name, result: child.result !== true, isFact: false, children: [child] };
    }
    const { children, groups } = form;
    if (children.length === 0) return { name: c.name, result: true, isFact: false, children: [] };
    if (children.length === 1) {
      const only = this.trace(children[0]!, facts);
      return { name: c.name, result: only.result === true, isFact: false, children: [only] };
    }
    const seen = new Map<Compiled, Seen>();
    let result = form.kind === 'all';
    for (const group of groups) {
      if (form.kind === 'all' ? !result : result) break;
      const results = group.map((child) => {
        const s = this.trace(child, facts);
        seen.set(child, s);
        return s.result === true;
      });
      result = form.kind === 'all' ? results.every(Boolean) : results.some(Boolean);
    }
    return {
      name: c.name,
      result,
      isFact: false,
      children: children.map((child) => seen.get(child) ?? unevaluated(child)),
    };
  }
}

/** A condition the run did not reach: it shows nothing. */
const unevaluated = (c: Compiled): Seen => ({ name: c.name, isFact: c.form.kind === 'fact', children: [] });

/** Every named condition that was evaluated, children before their parent, as json-rules-engine's tree lists them. */
function collect(seen: Seen, into: Map<string, NamedResult>): void {
  seen.children.forEach((child) => collect(child, into));
  if (seen.name !== undefined && typeof seen.result === 'boolean') {
    const factValue = seen.isFact ? seen.factResult : seen.children.find((c) => c.isFact)?.factResult;
    into.set(seen.name, { result: seen.result, factValue });
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
