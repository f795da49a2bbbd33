/** What changed between two policy graphs. Layout (positions, sizes, viewport) is not a change. */
import { z } from 'zod';
import { canonicalJson, edgeKey, nodeContent } from './hash';
import { policyContactRulesSchema } from './contact-rules';
import { nodeSchema } from './nodes';
import { edgeSchema, type PolicyGraph } from './schema';

export const graphDiffSchema = z
  .object({
    nodes: z.object({
      added: z.array(nodeSchema),
      removed: z.array(nodeSchema),
      changed: z.array(z.object({ id: z.string(), before: nodeSchema, after: nodeSchema })),
    }),
    /** Edges are keyed by source, source handle and target; their ids do not matter. */
    edges: z.object({ added: z.array(edgeSchema), removed: z.array(edgeSchema) }),
    /** The policy's contact rules, when they changed. */
    contactRules: z
      .object({ before: policyContactRulesSchema.nullable(), after: policyContactRulesSchema.nullable() })
      .optional(),
    identical: z.boolean(),
  })
  .meta({ id: 'GraphDiff' });
export type GraphDiff = z.infer<typeof graphDiffSchema>;

export function diffGraphs(from: PolicyGraph, to: PolicyGraph): GraphDiff {
  const before = new Map(from.nodes.map((n) => [n.id, n]));
  const after = new Map(to.nodes.map((n) => [n.id, n]));
  const nodes: GraphDiff['nodes'] = {
    added: to.nodes.filter((n) => !before.has(n.id)),
    removed: from.nodes.filter((n) => !after.has(n.id)),
    changed: to.nodes
      .filter(
        (n) => before.has(n.id) && canonicalJson(nodeContent(before.get(n.id)!)) !== canonicalJson(nodeContent(n)),
      )
      .map((n) => ({ id: n.id, before: before.get(n.id)!, after: n })),
  };
  const fromKeys = new Set(from.edges.map(edgeKey));
  const toKeys = new Set(to.edges.map(edgeKey));
  const edges = {
    added: to.edges.filter((e) => !fromKeys.has(edgeKey(e))),
    removed: from.edges.filter((e) => !toKeys.has(edgeKey(e))),
  };
  const rulesChanged = canonicalJson(from.contactRules ?? null) !== canonicalJson(to.contactRules ?? null);
  const contactRules = rulesChanged ? { before: from.contactRules ?? null, after: to.contactRules ?? null } : undefined;
  const identical =
    !rulesChanged &&
    [nodes.added, nodes.removed, nodes.changed, edges.added, edges.removed].every((l) => l.length === 0);
  return { nodes, edges, ...(contactRules ? { contactRules } : {}), identical };
}
