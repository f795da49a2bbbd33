/**
 * Compiles a valid policy graph to a json-rules-engine rule set that fires exactly one event
 * for any facts (docs/rule-set.md). Each node's reachability is factored through its immediate
 * dominator, so the size and the evaluation cost stay linear where branches merge:
 * json-rules-engine re-evaluates a named condition at every reference, and the naive
 * "reach(n) = any(reach(parent) and branch)" doubles the work at every diamond. What a node
 * contributes (its named conditions, the condition of each edge, its rule) is its kind's.
 */
import { chain, named, ref, type Cond } from './conditions';
import { hasErrors } from './diagnostics';
import { immediateDominators, indexGraph, reachableFrom, topologicalOrder, type GraphIndex } from './graph';
import { contentHash } from './hash';
import { kindOf } from './nodes';
import { comparisonsOf } from './predicate';
import { names, RULE_SET_SCHEMA_VERSION, type CompiledRule, type JreCondition, type RuleSet } from './ruleset';
import { type PolicyGraph } from './schema';
import { validateGraph } from './validate';

export class PolicyCompileError extends Error {}

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
    const context = { define: (name: string, cond: JreCondition) => this.define(name, cond) };
    for (const id of order) {
      const node = index.nodes.get(id)!;
      kindOf(node).define(node, context);
    }
  }

  private define(name: string, cond: JreCondition): string {
    // json-rules-engine wants a boolean operator or a reference at the root of a named condition.
    this.conditions[name] = 'fact' in cond ? { all: [cond] } : cond;
    return name;
  }

  /** The condition under which a reached node leaves through `handle`, named after the edge. */
  edge(source: string, handle: string, target: string): JreCondition {
    const node = this.index.nodes.get(source)!;
    return named(kindOf(node).edge(node, handle), names.edge(source, handle, target));
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

  /** The condition "node `id` is reached": null when it always is. */
  reach(id: string): Cond {
    if (id === this.start) return null;
    const name = names.reach(id);
    if (!(name in this.conditions)) this.define(name, chain([this.reach(this.idom.get(id)!), this.step(id)])!);
    return ref(name);
  }
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
    const terminal = kindOf(node).terminal(node);
    if (!terminal) continue;
    const conditions = chain([compiler.reach(id), terminal.held]) ?? { all: [] };
    rules.push({ name: id, conditions, event: { type: 'decision', params: terminal.event } });
  }

  const requiredFacts = new Set<string>();
  for (const node of graph.nodes) {
    const kind = kindOf(node);
    kind
      .predicates(node)
      .forEach(({ predicate }) => comparisonsOf(predicate).forEach((c) => requiredFacts.add(c.fact)));
    kind.facts(node).forEach((fact) => requiredFacts.add(fact));
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
