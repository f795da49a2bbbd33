/** Direct interpretation of a valid policy graph: the reference the compiled rule set must agree with. */
import { next, type GraphIndex } from './graph';
import { kindOf, type NodeKind, type PolicyNode } from './nodes';
import { type Facts } from './predicate';
import { type TerminalEvent } from './ruleset';

export interface PathStep {
  nodeId: string;
  kind: NodeKind;
  /** The output handle taken; absent on the terminal step. */
  handle?: string;
}

export type TerminalKind = TerminalEvent['kind'];

export interface Verdict {
  /** The terminal node, or the wait node that held the invoice. */
  terminal: string;
  kind: TerminalKind;
  /** What the decision is, as the rule set's event would say. */
  event: TerminalEvent;
  path: PathStep[];
}

/** Walks a valid graph (see `indexGraph`) from its start to the terminal these facts lead to. */
export function interpret(index: GraphIndex, facts: Facts): Verdict {
  const start = index.starts[0];
  if (!start || index.starts.length > 1) throw new Error('a valid graph has exactly one start node');
  const path: PathStep[] = [];
  let node: PolicyNode = start;
  for (;;) {
    const handle = kindOf(node).choose(node, facts);
    if (handle === undefined) {
      const terminal = kindOf(node).terminal(node);
      if (!terminal) throw new Error(`node ${node.id}: a ${node.kind} cannot end a decision`);
      path.push({ nodeId: node.id, kind: node.kind });
      return { terminal: node.id, kind: terminal.event.kind, event: terminal.event, path };
    }
    path.push({ nodeId: node.id, kind: node.kind, handle });
    const target = next(index, node.id, handle);
    if (target === undefined) throw new Error(`node ${node.id}: output ${handle} is not connected`);
    node = index.nodes.get(target)!;
  }
}
