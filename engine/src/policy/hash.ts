/** Canonical content of a policy graph and its hash: layout is not content. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { type PolicyNode } from './nodes';
import { type PolicyEdge, type PolicyGraph } from './schema';

/** RFC 8785 (JCS) serialisation for plain JSON values. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function edgeKey(edge: Pick<PolicyEdge, 'source' | 'sourceHandle' | 'target'>): string {
  return `${edge.source}\u001f${edge.sourceHandle}\u001f${edge.target}`;
}

/** A node without its layout (position, size). */
export function nodeContent(node: PolicyNode): Omit<PolicyNode, 'position' | 'width' | 'height'> {
  const { position: _p, width: _w, height: _h, ...content } = node;
  return content;
}

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/**
 * The content that identifies a policy: nodes by id without layout, edges by
 * (source, handle, target) without their ids, so redrawing an identical edge is no change.
 */
export function graphContent(graph: PolicyGraph) {
  return {
    // Absent on most policies: left out, so their hash stays what it was.
    ...(graph.contactRules ? { contactRules: graph.contactRules } : {}),
    nodes: [...graph.nodes].sort(byKey((n) => n.id)).map(nodeContent),
    edges: [...graph.edges]
      .map(({ source, sourceHandle, target }) => ({ source, sourceHandle, target }))
      .sort(byKey(edgeKey)),
  };
}

export function contentHash(graph: PolicyGraph): string {
  return `sha256:${bytesToHex(sha256(utf8ToBytes(canonicalJson(graphContent(graph)))))}`;
}
