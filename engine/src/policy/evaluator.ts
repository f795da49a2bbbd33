/**
 * Runs a compiled rule set in plain json-rules-engine and rebuilds the path from the run:
 * every edge condition is named after its edge, so the fired rule's evaluated tree holds
 * the edges taken and each comparison's result. This is the reference the engine's own
 * runner (runner.ts) is checked against, and how anyone runs a rule set outside Dunwell.
 */
import { Engine } from 'json-rules-engine';
import {
  rebuildPath,
  RuleSetInvariantError,
  type NamedResult,
  type RuleSet,
  type RuleSetRun,
  type TerminalEvent,
} from './ruleset';
import { type Facts } from './predicate';

/** Loading a rule set into json-rules-engine, exactly as the README shows. */
export function loadRuleSet(ruleSet: RuleSet): Engine {
  const engine = new Engine([], ruleSet.options);
  for (const [name, condition] of Object.entries(ruleSet.conditions)) engine.setCondition(name, condition as never);
  for (const rule of ruleSet.rules) engine.addRule(rule as never);
  return engine;
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
