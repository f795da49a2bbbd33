/** The compiled form of a policy version: plain json-rules-engine JSON (docs/rule-set.md). */
import { type Action } from './nodes/action';

export const RULE_SET_SCHEMA_VERSION = 1;

/** `priority` orders evaluation inside an `all` or `any` (highest first), never the result. */
export type JreCondition =
  | { fact: string; operator: string; value: unknown; name?: string; priority?: number }
  | { all: JreCondition[]; name?: string; priority?: number }
  | { any: JreCondition[]; name?: string; priority?: number }
  | { not: JreCondition; name?: string; priority?: number }
  | { condition: string; name?: string; priority?: number };

export type TerminalEvent =
  | { nodeId: string; kind: 'action'; action: Action }
  | { nodeId: string; kind: 'stop'; reason: string; reasonLabel?: string }
  | { nodeId: string; kind: 'wait'; fact: string; days: number };

export interface CompiledRule {
  name: string;
  conditions: JreCondition;
  event: { type: 'decision'; params: TerminalEvent };
}

export interface RuleSet {
  schemaVersion: typeof RULE_SET_SCHEMA_VERSION;
  policyId: string;
  version: number;
  contentHash: string;
  options: { allowUndefinedFacts: true };
  conditions: Record<string, JreCondition>;
  rules: CompiledRule[];
  requiredFacts: string[];
}

/**
 * Names carried by the compiled conditions, so a run explains itself:
 * every edge taken is `edge:<source>:<handle>:<target>`, every comparison `cmp:<node>[/<case>]:<i>`.
 */
export const names = {
  edge: (source: string, handle: string, target: string) => `edge:${source}:${handle}:${target}`,
  comparison: (scope: string, index: number) => `cmp:${scope}:${index}`,
  caseScope: (nodeId: string, caseId: string) => `${nodeId}/${caseId}`,
  predicate: (scope: string) => `pred.${scope}`,
  casesUpTo: (nodeId: string, index: number) => `cases.${nodeId}.${index}`,
  reach: (nodeId: string) => `reach.${nodeId}`,
  merge: (nodeId: string) => `merge.${nodeId}`,
};

export function parseEdgeName(name: string): { source: string; handle: string; target: string } | undefined {
  const parts = name.split(':');
  if (parts.length !== 4 || parts[0] !== 'edge') return undefined;
  return { source: parts[1]!, handle: parts[2]!, target: parts[3]! };
}

/** What a run showed of one named condition. */
export interface NamedResult {
  result: boolean;
  /** The fact value a comparison saw (undefined when the fact was missing). */
  factValue?: unknown;
}

/** What running a rule set on some facts shows. */
export interface RuleSetRun {
  event: TerminalEvent;
  /** Node ids from the start to the terminal, with the handle each one left through. */
  path: Array<{ nodeId: string; handle?: string }>;
  /** Every named condition the fired rule evaluated. */
  named: Map<string, NamedResult>;
}

/** The path from the start to the terminal, from the edges the fired rule showed taken. */
export function rebuildPath(
  named: ReadonlyMap<string, NamedResult>,
  terminal: string,
  edgeOf: (name: string) => ReturnType<typeof parseEdgeName> = parseEdgeName,
): RuleSetRun['path'] {
  const taken = new Map<string, { handle: string; target: string }>();
  const targets = new Set<string>();
  const sources = new Set<string>();
  for (const [name, { result }] of named) {
    const edge = edgeOf(name);
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

/** A rule set run that breaks an invariant the compiler guarantees (exactly one event, a readable path). */
export class RuleSetInvariantError extends Error {}
