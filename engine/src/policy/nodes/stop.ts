/**
 * `stop` (ends the decision): no contact, with a reason. The reason is a stable code recorded with
 * the decision (disputed, promise_active, sent_to_collector); `reasonLabel` is how the person who
 * drew the policy wrote it ("Sent to collector"). A new stop has no reason yet, which is a problem
 * until one is given.
 */
import { z } from 'zod';
import { type Diagnostic } from '../diagnostics';
import { nodeBase, plain, type NodeKindModule, type NoTrace } from './kind';

export const stopNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('stop'),
  reason: z.string().regex(/^([a-z][a-z0-9_]{0,63})?$/, 'lowercase letters, digits and _, starting with a letter'),
  reasonLabel: z.string().max(200).optional(),
});
export type StopNode = z.infer<typeof stopNodeSchema>;

export const stopKind: NodeKindModule<StopNode, NoTrace> = {
  ...plain,
  outputs: () => [],
  outputLabel: (_node, handle) => handle,
  validate(node): Diagnostic[] {
    if (node.reason !== '') return [];
    const message = 'Say why the invoice stops here: the reason is recorded with each decision';
    return [{ code: 'MISSING_REASON', severity: 'error', message, nodeId: node.id, path: 'reason' }];
  },
  choose: () => undefined,
  edge: () => null,
  terminal: (node) => ({
    event: {
      nodeId: node.id,
      kind: 'stop',
      reason: node.reason,
      ...(node.reasonLabel ? { reasonLabel: node.reasonLabel } : {}),
    },
    held: null,
  }),
};
