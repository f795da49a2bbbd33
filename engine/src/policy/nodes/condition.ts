/** `condition`: a predicate with outputs `yes` and `no`; a missing fact makes a comparison false, so `no`. */
import { z } from 'zod';
import { compilePredicate, not, ref } from '../conditions';
import { evaluatePredicate, predicateSchema } from '../predicate';
import { names } from '../ruleset';
import { comparisonsSeen, conditionsTrace } from '../trace';
import { nodeBase, plain, type NodeKindModule } from './kind';

export const conditionNodeSchema = z.object({ ...nodeBase, kind: z.literal('condition'), predicate: predicateSchema });
export type ConditionNode = z.infer<typeof conditionNodeSchema>;

export const conditionKind: NodeKindModule<ConditionNode, typeof conditionsTrace> = {
  ...plain,
  outputs: () => ['yes', 'no'],
  outputLabel: (_node, handle) => handle,
  predicates: (node) => [{ scope: node.id, path: 'predicate', predicate: node.predicate }],
  choose: (node, facts) => (evaluatePredicate(node.predicate, facts) ? 'yes' : 'no'),
  define(node, { define }) {
    define(names.predicate(node.id), compilePredicate(node.predicate, node.id));
  },
  edge: (node, handle) => (handle === 'yes' ? ref(names.predicate(node.id)) : not(ref(names.predicate(node.id)))),
  trace: conditionsTrace,
  explain: (node, context) => ({ conditions: comparisonsSeen(node.predicate, node.id, context) }),
};
