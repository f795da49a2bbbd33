/**
 * A diff in words, for a finance reader: every changed step as its old logic → its new logic,
 * every step and connection added or removed, named by the step's title and the output's label
 * rather than ids.
 */
import {
  outputHandles,
  outputLabel,
  type GraphDiff,
  type PolicyEdge,
  type PolicyGraph,
  type PolicyNode,
} from '@dunwell/engine/policy';
import { specOf } from '../nodes';

/** The step's logic in one line, as the canvas shows it (a kind's describe reads only its content). */
const logic = (node: PolicyNode): string => specOf(node.kind).describe(node as never);

/** The step as a person names it: its title, or its kind when it has none. */
export const stepName = (node: PolicyNode | undefined, id: string): string =>
  node ? `“${(node as { label?: string }).label || `${specOf(node.kind).title} (${id})`}”` : `“${id}”`;

function connection(edge: PolicyEdge, nodes: ReadonlyMap<string, PolicyNode>): string {
  const source = nodes.get(edge.source);
  // A start or a wait has one output: the connection needs no name for it.
  const output = source && outputHandles(source).length > 1 ? outputLabel(source, edge.sourceHandle) : '';
  return `${stepName(source, edge.source)}${output ? ` (${output})` : ''} → ${stepName(nodes.get(edge.target), edge.target)}`;
}

export function diffInWords(diff: GraphDiff, before: PolicyGraph, after: PolicyGraph): string[] {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const either = new Map([...old, ...now]);
  const lines: string[] = [];
  for (const { id, before: was, after: is } of diff.nodes.changed) {
    const [wasLabel, isLabel] = [(was as { label?: string }).label, (is as { label?: string }).label];
    if (wasLabel !== isLabel) lines.push(`Renamed ${stepName(was, id)} → ${stepName(is, id)}`);
    const [wasLogic, isLogic] = [logic(was), logic(is)];
    lines.push(
      wasLogic !== isLogic
        ? `Changed ${stepName(is, id)}: ${wasLogic} → ${isLogic}`
        : wasLabel === isLabel
          ? `Changed ${stepName(is, id)}: its settings (${wasLogic})`
          : '',
    );
  }
  for (const n of diff.nodes.added) lines.push(`Added ${stepName(n, n.id)}: ${logic(n)}`);
  for (const n of diff.nodes.removed) lines.push(`Removed ${stepName(n, n.id)}: ${logic(n)}`);
  for (const e of diff.edges.added) lines.push(`Connected ${connection(e, either)}`);
  for (const e of diff.edges.removed) lines.push(`Disconnected ${connection(e, either)}`);
  if (diff.contactRules) lines.push('Changed the policy’s contact rules');
  return lines.filter(Boolean);
}
