/** `stop` (ends the decision): no contact, with a reason such as disputed, promise_active or paid. */
import { z } from 'zod';
import { nodeBase, plain, type NodeKindModule, type NoTrace } from './kind';

export const stopNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('stop'),
  reason: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
});
export type StopNode = z.infer<typeof stopNodeSchema>;

export const stopKind: NodeKindModule<StopNode, NoTrace> = {
  ...plain,
  outputs: () => [],
  outputLabel: (_node, handle) => handle,
  choose: () => undefined,
  edge: () => null,
  terminal: (node) => ({ event: { nodeId: node.id, kind: 'stop', reason: node.reason }, held: null }),
};
