/**
 * Runs a compiled rule set in plain json-rules-engine and rebuilds the path from the run:
 * every edge condition is named after its edge, so the fired rule's evaluated tree holds
 * the edges taken and each comparison's result.
 */
import { Engine } from 'json-rules-engine';
import { parseEdgeName, RuleSetInvariantError, type NamedResult, type RuleSet, type TerminalEvent } from './ruleset';
import { type Facts } from './predicate';

/** Loading a rule set into json-rules-engine, exactly as the README shows. */
export function loadRuleSet(ruleSet: RuleSet): Engine {
  const engine = new Engine([], ruleSet.options);
  for (const [name, condition] of Object.entries(ruleSet.conditions)) engine.setCondition(name, condition as never);
  for (const rule of ruleSet.rules) engine.addRule(rule as never);
  return engine;
}

export interface RuleSetRun {
  event: TerminalEvent;
  /** Node ids from the start to the terminal, with the handle each one left through. */
  path: Array<{ nodeId: string; handle?: string }>;
  /** Every named condition the fired rule evaluated. */
  named: Map<string, NamedResult>;
}

interface EvaluatedCondition {
  name?: string;
  result?: boolean;
  factResult?: unknown;
  fact?: string;
  all?: EvaluatedCondition[];
  any?: EvaluatedCondition[];
  not?: EvaluatedCondition;
}

function collectNamed(condition: EvaluatedCondition, into: Map<string, NamedResult>): void {
  const children = condition.all ?? condition.any ?? (condition.not ? [condition.not] : []);
  children.forEach((c) => collectNamed(c, into));
  if (condition.name !== undefined && typeof condition.result === 'boolean') {
    const leafValue =
      condition.fact !== undefined ? condition.factResult : children.find((c) => c.fact !== undefined)?.factResult;
    into.set(condition.name, { result: condition.result, factValue: leafValue });
  }
}

function rebuildPath(named: Map<string, NamedResult>, terminal: string): RuleSetRun['path'] {
  const taken = new Map<string, { handle: string; target: string }>();
  const targets = new Set<string>();
  const sources = new Set<string>();
  for (const [name, { result }] of named) {
    const edge = parseEdgeName(name);
    if (!edge) continue;
    sources.add(edge.source);
    targets.add(edge.target);
    if (result) taken.set(edge.source, edge);
  }
  let current = [...sources].find((s) => !targets.has(s)) ?? terminal;
  const path: RuleSetRun['path'] = [];
  while (current !== terminal) {
    const edge = taken.get(current);
    if (!edge) throw new RuleSetInvariantError(`the run does not show which way ${current} went`);
    path.push({ nodeId: current, handle: edge.handle });
    current = edge.target;
  }
  path.push({ nodeId: terminal });
  return path;
}

/** A loaded rule set, ready to run. Runs are serialised: json-rules-engine keeps one status per engine. */
export class RuleSetEvaluator {
  private readonly engine: Engine;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly ruleSet: RuleSet) {
    this.engine = loadRuleSet(ruleSet);
  }

  run(facts: Facts): Promise<RuleSetRun> {
    const result = this.queue.then(() => this.runNow(facts));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(facts: Facts): Promise<RuleSetRun> {
    const defined = Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined));
    const { results } = await this.engine.run(defined);
    if (results.length !== 1) {
      throw new RuleSetInvariantError(
        `expected exactly one rule to fire, got ${results.length}: ${results.map((r) => r.name).join(', ')}`,
      );
    }
    const fired = results[0]!;
    const named = new Map<string, NamedResult>();
    collectNamed(fired.conditions as EvaluatedCondition, named);
    const event = fired.event!.params as TerminalEvent;
    return { event, path: rebuildPath(named, event.nodeId), named };
  }
}
