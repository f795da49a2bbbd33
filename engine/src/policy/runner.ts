/**
 * Runs a rule set exactly as json-rules-engine does, compiled once into plain code
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
 * which rules fire does not depend on it, so that is found by generated code (rule-code.ts).
 */
import { type Facts } from './predicate';
import {
  parseEdgeName,
  rebuildPath,
  RuleSetInvariantError,
  type JreCondition,
  type NamedResult,
  type RuleSet,
  type RuleSetRun,
  type TerminalEvent,
} from './ruleset';
import { checkedFact, compileFiredRules, UnsupportedRuleSetError, type FiredRules } from './rule-code';

type Read = (facts: Facts) => unknown;
type Check = (value: unknown) => boolean;

/** A fact's value as json-rules-engine's almanac gives it: only the facts' own properties count. */
const reader = (fact: string): Read =>
  fact in Object.prototype ? (facts) => (Object.hasOwn(facts, fact) ? facts[fact] : undefined) : (facts) => facts[fact];

interface Compiled {
  name?: string;
  /** json-rules-engine's priority for ordering siblings: the condition's own, else 1. */
  priority: number;
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
  private readonly firedRules: FiredRules;
  /** Each name's edge, read once: the trace's path is rebuilt from them on every run. */
  private readonly edges = new Map<string, ReturnType<typeof parseEdgeName>>();
  private readonly edgeOf = (name: string) => {
    if (!this.edges.has(name)) this.edges.set(name, parseEdgeName(name));
    return this.edges.get(name);
  };

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
    this.firedRules = compileFiredRules(ruleSet);
  }

  /** Which terminal the facts reach, without the trace: the quickest answer. */
  decide(facts: Facts): TerminalEvent {
    const fired = this.firedRules(facts);
    if (typeof fired !== 'number')
      throw new RuleSetInvariantError(`expected exactly one rule to fire, got ${fired.length}`);
    return this.rules[fired]!.event;
  }

  private compile(condition: JreCondition): Compiled {
    const c = condition;
    const name = typeof c.name === 'string' ? c.name : undefined;
    const priority = typeof c.priority === 'number' && c.priority ? c.priority : 1;
    if ('fact' in c) return { name, priority, form: { kind: 'fact', read: reader(c.fact), check: checkedFact(c) } };
    if ('condition' in c) {
      const target = this.indexOf.get(c.condition);
      if (target === undefined) throw new UnsupportedRuleSetError(`no condition ${c.condition}`);
      return { name, priority, form: { kind: 'ref', target } };
    }
    if ('not' in c) {
      const child = this.compile(c.not);
      return { name, priority, form: { kind: 'not', child } };
    }
    const kind = 'all' in c ? 'all' : 'any' in c ? 'any' : undefined;
    if (kind === undefined) throw new UnsupportedRuleSetError(`a condition of unknown form: ${JSON.stringify(c)}`);
    const children = ((c as { all?: JreCondition[]; any?: JreCondition[] })[kind] ?? []).map((child) =>
      this.compile(child),
    );
    return { name, priority, form: { kind, children, groups: prioritized(children) } };
  }

  /** Runs the rule set on the facts; exactly one rule must fire. */
  run(facts: Facts): RuleSetRun {
    const fired = this.firedRules(facts);
    if (typeof fired !== 'number') {
      throw new RuleSetInvariantError(
        `expected exactly one rule to fire, got ${fired.length}: ${fired.map((i) => this.rules[i]!.name).join(', ')}`,
      );
    }
    const rule = this.rules[fired]!;
    const seen = this.trace(rule.root, facts, new Array<Seen | undefined>(this.definitions.length));
    // json-rules-engine evaluates an all, any or not at a rule's root without recording its result there.
    if (rule.root.form.kind !== 'ref') seen.result = undefined;
    const named = new Map<string, NamedResult>();
    collect(seen, named);
    return { event: rule.event, path: rebuildPath(named, rule.event.nodeId, this.edgeOf), named };
  }

  /**
   * The condition as json-rules-engine evaluates it, keeping what each part showed. A named
   * definition shows the same wherever it is referenced, so it is traced once per run.
   */
  private trace(c: Compiled, facts: Facts, traced: Array<Seen | undefined>): Seen {
    const { form } = c;
    if (form.kind === 'fact') {
      const value = form.read(facts);
      return { name: c.name, result: form.check(value), factResult: value, isFact: true, children: [] };
    }
    if (form.kind === 'ref') {
      // A reference becomes a copy of the condition it names, with that condition's name if it has one;
      // a reference to a reference takes the name of the last in the chain that has one.
      const realized = (traced[form.target] ??= this.trace(this.definitions[form.target]!, facts, traced));
      return realized.name !== undefined || c.name === undefined ? realized : { ...realized, name: c.name };
    }
    if (form.kind === 'not') {
      const child = this.trace(form.child, facts, traced);
      return { name: c.name, result: child.result !== true, isFact: false, children: [child] };
    }
    const { children, groups } = form;
    if (children.length === 0) return { name: c.name, result: true, isFact: false, children: [] };
    if (children.length === 1) {
      const only = this.trace(children[0]!, facts, traced);
      return { name: c.name, result: only.result === true, isFact: false, children: [only] };
    }
    const seen = new Map<Compiled, Seen>();
    let result = form.kind === 'all';
    for (const group of groups) {
      if (form.kind === 'all' ? !result : result) break;
      const results = group.map((child) => {
        const s = this.trace(child, facts, traced);
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
  // A condition traced once and shown in several places is walked in each: when one name stands in
  // several places, json-rules-engine keeps the result of the last.
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
