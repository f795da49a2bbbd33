/** Direct interpretation of a valid policy graph: the reference the compiled rule set must agree with. */
import { splitFactName } from './facts';
import { next, type GraphIndex } from './graph';
import { evaluatePredicate, type Facts } from './predicate';
import { armRanges } from './split';
import { type NodeKind, type PolicyNode } from './schema';

export interface PathStep {
  nodeId: string;
  kind: NodeKind;
  /** The output handle taken; absent on the terminal step. */
  handle?: string;
}

export type TerminalKind = 'action' | 'stop' | 'wait';

export interface Verdict {
  /** The terminal node, or the wait node that held the invoice. */
  terminal: string;
  kind: TerminalKind;
  path: PathStep[];
}

/** The handle a non-terminal node takes for these facts; undefined when a wait node holds. */
export function chooseHandle(node: PolicyNode, facts: Facts): string | undefined {
  switch (node.kind) {
    case 'start':
      return 'next';
    case 'condition':
      return evaluatePredicate(node.predicate, facts) ? 'yes' : 'no';
    case 'switch':
      return node.cases.find((c) => evaluatePredicate(c.predicate, facts))?.id ?? 'default';
    case 'split': {
      const bucket = facts[splitFactName(node.id)];
      const arm = armRanges(node).find((r) => typeof bucket === 'number' && bucket >= r.from && bucket < r.to);
      if (!arm) throw new Error(`split ${node.id}: the engine must supply ${splitFactName(node.id)} (0-99)`);
      return arm.armId;
    }
    case 'wait': {
      const value = facts[node.fact];
      return typeof value === 'number' && value < node.days ? undefined : 'next';
    }
    case 'action':
    case 'stop':
      return undefined;
  }
}

/** Walks a valid graph (see `indexGraph`) from its start to the terminal these facts lead to. */
export function interpret(index: GraphIndex, facts: Facts): Verdict {
  const start = index.starts[0];
  if (!start || index.starts.length > 1) throw new Error('a valid graph has exactly one start node');
  const path: PathStep[] = [];
  let node: PolicyNode = start;
  for (;;) {
    const handle = chooseHandle(node, facts);
    if (handle === undefined) {
      path.push({ nodeId: node.id, kind: node.kind });
      const kind: TerminalKind = node.kind === 'wait' ? 'wait' : (node.kind as 'action' | 'stop');
      return { terminal: node.id, kind, path };
    }
    path.push({ nodeId: node.id, kind: node.kind, handle });
    const target = next(index, node.id, handle);
    if (target === undefined) throw new Error(`node ${node.id}: output ${handle} is not connected`);
    node = index.nodes.get(target)!;
  }
}
