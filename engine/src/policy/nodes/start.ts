/** `start`: where every invoice enters the policy; exactly one per graph. */
import { z } from 'zod';
import { nodeBase, plain, type NodeKindModule, type NoTrace } from './kind';

export const startNodeSchema = z.object({ ...nodeBase, kind: z.literal('start') });
export type StartNode = z.infer<typeof startNodeSchema>;

export const startKind: NodeKindModule<StartNode, NoTrace> = {
  ...plain,
  outputs: () => ['next'],
  outputLabel: () => 'next',
  choose: () => 'next',
  edge: () => null,
};
