/**
 * Compiles a valid policy graph to a json-rules-engine rule set that fires exactly one
 * event for any facts. Each node's reachability is factored through its immediate
 * dominator, so the size and the evaluation cost stay linear where branches merge:
 * json-rules-engine re-evaluates a named condition at every reference, and the naive
 * "reach(n) = any(reach(parent) and branch)" doubles the work at every diamond.
 */
import { getFact, splitFactName } from './facts';
import { immediateDominators, indexGraph, reachableFrom, topologicalOrder, type GraphIndex } from './graph';
import { hasErrors, validateGraph } from './validate';
import { contentHash } from './hash';
import { armRanges } from './split';
import {
  comparisonsOf,
  isComparison,
  type Comparison,
  type PolicyGraph,
  type PolicyNode,
  type Predicate,
} from './schema';
import {
  names,
  RULE_SET_SCHEMA_VERSION,
  type CompiledRule,
  type JreCondition,
  type RuleSet,
  type TerminalEvent,
} from './ruleset';

/** null stands for "always true", so trivial conjunctions disappear. */
type Cond = JreCondition | null;

const and = (parts: Cond[]): Cond => {
  const real = parts.filter((p): p is JreCondition => p !== null);
  return real.length === 0 ? null : real.length === 1 ? real[0]! : { all: real };
};
const ref = (name: string | null): Cond => (name === null ? null : { condition: name });

/**
 * A conjunction along a path, listed from the start towards the node. json-rules-engine
 * evaluates higher priorities first and stops an `all` at the first false group, so giving
 * the nearest link the highest priority makes a rule for a terminal that was not reached
 * fail at its own edge instead of re-walking the whole path from the start.
 */
const chain = (parts: Cond[]): Cond => {
  const real = parts.filter((p): p is JreCondition => p !== null);
  if (real.length <= 1) return real[0] ?? null;
  return { all: real.map((p, i) => ({ ...p, priority: i + 1 })) };
};
// A wrapper keeps the name when json-rules-engine inlines a referenced condition into it.
const named = (cond: Cond, name: string): JreCondition => ({ all: cond === null ? [] : [cond], name });

export class PolicyCompileError extends Error {}

/** A comparison whose result is false on a missing fact, like the interpreter's, in plain operators. */
function compileComparison(c: Comparison): JreCondition {
  const fact = getFact(c.fact);
  const notEqualNumber = (v: unknown): JreCondition => ({
    any: [
      { fact: c.fact, operator: 'lessThan', value: v },
      { fact: c.fact, operator: 'greaterThan', value: v },
    ],
  });
  // json-rules-engine's notEqual and notIn are true for an undefined fact: rewrite them.
  if (c.operator === 'notEqual') {
    if (fact?.type === 'boolean') return { fact: c.fact, operator: 'equal', value: !c.value };
    if (fact?.type === 'enum') return { fact: c.fact, operator: 'in', value: fact.values.filter((v) => v !== c.value) };
    return notEqualNumber(c.value);
  }
  if (c.operator === 'notIn') {
    const excluded = c.value as Array<string | number>;
    if (fact?.type === 'enum')
      return { fact: c.fact, operator: 'in', value: fact.values.filter((v) => !excluded.includes(v)) };
    return { all: excluded.map(notEqualNumber) };
  }
  return { fact: c.fact, operator: c.operator, value: c.value };
}

function compilePredicate(p: Predicate, scope: string): JreCondition {
  let index = 0;
  const walk = (q: Predicate): JreCondition => {
    if (isComparison(q)) return { ...compileComparison(q), name: names.comparison(scope, index++) };
    return 'all' in q ? { all: q.all.map(walk) } : { any: q.any.map(walk) };
  };
  return walk(p);
}

class Compiler {
  readonly conditions: Record<string, JreCondition> = {};
  private readonly idom: Map<string, string>;
  private readonly start: string;

  constructor(
    private readonly index: GraphIndex,
    order: string[],
  ) {
    this.start = order[0]!;
    this.idom = immediateDominators(index, order);
    for (const id of order) this.definePredicates(index.nodes.get(id)!);
  }

  private define(name: string, cond: JreCondition): string {
    // json-rules-engine wants a boolean operator or a reference at the root of a named condition.
    this.conditions[name] = 'fact' in cond ? { all: [cond] } : cond;
    return name;
  }

  private definePredicates(node: PolicyNode): void {
    if (node.kind === 'condition') this.define(names.predicate(node.id), compilePredicate(node.predicate, node.id));
    if (node.kind === 'switch') {
      node.cases.forEach((c, i) => {
        const scope = names.caseScope(node.id, c.id);
        this.define(names.predicate(scope), compilePredicate(c.predicate, scope));
        const thisCase = ref(names.predicate(scope));
        this.define(
          names.casesUpTo(node.id, i),
          i === 0 ? thisCase! : { any: [ref(names.casesUpTo(node.id, i - 1))!, thisCase!] },
        );
      });
    }
  }

  /** The condition under which a reached node leaves through `handle`, named after the edge. */
  edge(source: string, handle: string, target: string): JreCondition {
    const node = this.index.nodes.get(source)!;
    let cond: Cond = null;
    switch (node.kind) {
      case 'wait':
        cond = { not: { fact: node.fact, operator: 'lessThan', value: node.days, name: `wait:${node.id}` } };
        break;
      case 'condition':
        cond = handle === 'yes' ? ref(names.predicate(node.id)) : { not: ref(names.predicate(node.id))! };
        break;
      case 'switch': {
        const i = node.cases.findIndex((c) => c.id === handle);
        const last = i === -1 ? node.cases.length - 1 : i - 1;
        const earlierCases = last >= 0 ? ({ not: ref(names.casesUpTo(node.id, last))! } as JreCondition) : null;
        cond = and([earlierCases, i === -1 ? null : ref(names.predicate(names.caseScope(node.id, handle)))]);
        break;
      }
      case 'split': {
        const range = armRanges(node).find((r) => r.armId === handle)!;
        const fact = splitFactName(node.id);
        cond = {
          all: [
            { fact, operator: 'greaterThanInclusive', value: range.from, name: `split:${node.id}` },
            { fact, operator: 'lessThan', value: range.to, name: `split:${node.id}` },
          ],
        };
        break;
      }
      default:
        cond = null;
    }
    return named(cond, names.edge(source, handle, target));
  }

  /** Given its immediate dominator was reached, the condition for reaching `id`. */
  private step(id: string): Cond {
    const incoming = this.index.incoming.get(id)!;
    if (incoming.length === 1) {
      const e = incoming[0]!;
      return this.edge(e.source, e.sourceHandle, id);
    }
    const name = names.merge(id);
    if (!(name in this.conditions)) {
      const dominator = this.idom.get(id)!;
      const paths = incoming.map((e) =>
        chain([...this.stepsBetween(dominator, e.source), this.edge(e.source, e.sourceHandle, id)]),
      );
      this.define(name, { any: paths as JreCondition[] });
    }
    return ref(name);
  }

  /** The steps along the dominator tree from `dominator` (exclusive) down to `id` (inclusive). */
  private stepsBetween(dominator: string, id: string): Cond[] {
    const steps: Cond[] = [];
    for (let x = id; x !== dominator; x = this.idom.get(x)!) steps.unshift(this.step(x));
    return steps;
  }

  /** The name of the condition "node `id` is reached", or null when it always is. */
  reach(id: string): string | null {
    if (id === this.start) return null;
    const name = names.reach(id);
    if (!(name in this.conditions)) {
      this.define(name, chain([ref(this.reach(this.idom.get(id)!)), this.step(id)])!);
    }
    return name;
  }
}

function terminalEvent(node: PolicyNode): TerminalEvent | undefined {
  if (node.kind === 'action') return { nodeId: node.id, kind: 'action', action: node.action };
  if (node.kind === 'stop') return { nodeId: node.id, kind: 'stop', reason: node.reason };
  if (node.kind === 'wait') return { nodeId: node.id, kind: 'wait', fact: node.fact, days: node.days };
  return undefined;
}

export interface CompileTarget {
  policyId: string;
  version: number;
}

export function compilePolicy(graph: PolicyGraph, target: CompileTarget): RuleSet {
  const diagnostics = validateGraph(graph);
  if (hasErrors(diagnostics)) {
    throw new PolicyCompileError(`cannot compile a policy with errors: ${diagnostics.map((d) => d.code).join(', ')}`);
  }
  const index = indexGraph(graph);
  const { order } = topologicalOrder(index, reachableFrom(index, index.starts[0]!.id));
  const compiler = new Compiler(index, order);

  const rules: CompiledRule[] = [];
  for (const id of order) {
    const node = index.nodes.get(id)!;
    const params = terminalEvent(node);
    if (!params) continue;
    const reached = ref(compiler.reach(id));
    const held: Cond =
      node.kind === 'wait'
        ? { fact: node.fact, operator: 'lessThan', value: node.days, name: `wait:${node.id}` }
        : null;
    rules.push({ name: id, conditions: chain([reached, held]) ?? { all: [] }, event: { type: 'decision', params } });
  }

  const requiredFacts = new Set<string>();
  for (const node of graph.nodes) {
    if (node.kind === 'condition') comparisonsOf(node.predicate).forEach((c) => requiredFacts.add(c.fact));
    if (node.kind === 'switch')
      node.cases.flatMap((c) => comparisonsOf(c.predicate)).forEach((c) => requiredFacts.add(c.fact));
    if (node.kind === 'wait') requiredFacts.add(node.fact);
    if (node.kind === 'split') requiredFacts.add(splitFactName(node.id));
  }

  return {
    schemaVersion: RULE_SET_SCHEMA_VERSION,
    policyId: target.policyId,
    version: target.version,
    contentHash: contentHash(graph),
    options: { allowUndefinedFacts: true },
    conditions: compiler.conditions,
    rules,
    requiredFacts: [...requiredFacts].sort(),
  };
}
