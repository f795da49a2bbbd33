/**
 * The node kinds: one module per kind (see kind.ts), composed here into the graph's node
 * schema, the node types and the registry. Adding a kind means a module and one line in each
 * list below; a kind missing from NODE_KINDS does not compile.
 */
import { z } from 'zod';
import { actionKind, actionNodeSchema } from './action';
import { conditionKind, conditionNodeSchema } from './condition';
import { type NodeKindModule } from './kind';
import { splitKind, splitNodeSchema } from './split';
import { startKind, startNodeSchema } from './start';
import { stopKind, stopNodeSchema } from './stop';
import { switchKind, switchNodeSchema } from './switch';
import { waitKind, waitNodeSchema } from './wait';

export const nodeSchema = z.discriminatedUnion('kind', [
  startNodeSchema,
  conditionNodeSchema,
  switchNodeSchema,
  splitNodeSchema,
  waitNodeSchema,
  actionNodeSchema,
  stopNodeSchema,
]);
export type PolicyNode = z.infer<typeof nodeSchema>;
export type NodeKind = PolicyNode['kind'];
export type NodeOf<K extends NodeKind> = Extract<PolicyNode, { kind: K }>;

/** Every kind's module, by kind. */
export type NodeKinds = { readonly [K in NodeKind]: NodeKindModule<NodeOf<K>> };

export const NODE_KINDS: NodeKinds = {
  start: startKind,
  condition: conditionKind,
  switch: switchKind,
  split: splitKind,
  wait: waitKind,
  action: actionKind,
  stop: stopKind,
};

/** The module of a node's kind, typed for that node. */
export const kindOf = <N extends PolicyNode>(node: N): NodeKindModule<N> =>
  NODE_KINDS[node.kind] as unknown as NodeKindModule<N>;

/** The output handles a node offers, in evaluation order. */
export const outputHandles = (node: PolicyNode): string[] => kindOf(node).outputs(node);

/** An output as people read it ("30+ days", "otherwise"), for problems, explanations and diffs. */
export const outputLabel = (node: PolicyNode, handle: string): string => kindOf(node).outputLabel(node, handle);

/** One step of a decision's explained path: the node, the handle it left through, and what each kind saw. */
export const pathStepSchema = z
  .object({
    nodeId: z.string(),
    kind: z.string(),
    label: z.string().optional(),
    handle: z.string().optional(),
    output: z.string().optional().meta({ description: 'The output left through, as the canvas labels it' }),
    ...conditionKind.trace,
    ...switchKind.trace,
    ...splitKind.trace,
    ...waitKind.trace,
  })
  .meta({ id: 'PathStep' });
export type PathStepTrace = z.infer<typeof pathStepSchema>;

export { type NodeKindModule, type ScopedPredicate } from './kind';
export { type Action, ESCALATION_TARGETS, PRIORITIES, actionSchema, stepDue } from './action';
export { armRanges, splitBucket } from './split';
