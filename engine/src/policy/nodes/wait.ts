/**
 * `wait`: continue once a day-count fact reaches a threshold (always `>=`); until then the
 * decision is `wait`, to look again on the fact's anchor date + threshold days. A missing day
 * count (no action taken yet) lets the invoice through, and the explanation says so.
 */
import { z } from 'zod';
import { not } from '../conditions';
import { factLabel, isDayCountFact } from '../facts';
import { type JreCondition } from '../ruleset';
import { nodeBase, plain, type NodeKindModule } from './kind';

export const waitNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('wait'),
  fact: z.string().min(1),
  days: z.number().int().min(-3650).max(3650),
});
export type WaitNode = z.infer<typeof waitNodeSchema>;

/** "Still waiting": false on a missing fact, so a missing day count passes. */
const holds = (node: WaitNode): JreCondition => ({
  fact: node.fact,
  operator: 'lessThan',
  value: node.days,
  name: `wait:${node.id}`,
});

const trace = {
  wait: z
    .object({
      fact: z.string(),
      days: z.number(),
      factValue: z.number().optional(),
      missing: z.boolean(),
      held: z.boolean(),
    })
    .optional(),
};

export const waitKind: NodeKindModule<WaitNode, typeof trace> = {
  ...plain,
  outputs: () => ['next'],
  outputLabel: () => 'next',
  facts: (node) => [node.fact],
  validate(node) {
    if (isDayCountFact(node.fact)) return [];
    const message = `A wait needs a day count such as Days past due, not “${factLabel(node.fact)}”`;
    return [{ code: 'INVALID_WAIT_FACT', severity: 'error', message, nodeId: node.id }];
  },
  choose(node, facts) {
    const value = facts[node.fact];
    return typeof value === 'number' && value < node.days ? undefined : 'next';
  },
  edge: (node) => not(holds(node)),
  terminal: (node) => ({
    event: { nodeId: node.id, kind: 'wait', fact: node.fact, days: node.days },
    held: holds(node),
  }),
  trace,
  explain(node, { handle, facts }) {
    const factValue = facts[node.fact];
    return {
      wait: {
        fact: node.fact,
        days: node.days,
        factValue: factValue as number | undefined,
        missing: factValue === undefined,
        held: handle === undefined,
      },
    };
  },
};
