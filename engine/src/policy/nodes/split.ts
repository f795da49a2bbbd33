/**
 * `split`: champion/challenger. Arms with integer weights summing to 100, in declared order. An
 * account's bucket is the first 4 bytes of sha256(accountId + "\u001f" + nodeId), big-endian, mod
 * 100, so an account stays in one arm across invoices, days and restarts; the engine supplies it
 * as the fact `split.<nodeId>` and the rule set compares numbers.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { type Diagnostic } from '../diagnostics';
import { splitFactName } from '../facts';
import { label, nodeBase, nodeId, plain, type NodeKindModule } from './kind';

export const splitNodeSchema = z.object({
  ...nodeBase,
  kind: z.literal('split'),
  arms: z.array(z.object({ id: nodeId, label, weight: z.number().int().min(0).max(100) })).min(2),
});
export type SplitNode = z.infer<typeof splitNodeSchema>;

export function splitBucket(accountId: string, nodeId: string): number {
  const digest = sha256(utf8ToBytes(`${accountId}\u001f${nodeId}`));
  const first4 = ((digest[0]! << 24) >>> 0) + (digest[1]! << 16) + (digest[2]! << 8) + digest[3]!;
  return first4 % 100;
}

/** Bucket ranges [from, to) of each arm, in declared order. */
export function armRanges(node: Pick<SplitNode, 'arms'>): Array<{ armId: string; from: number; to: number }> {
  let from = 0;
  return node.arms.map((arm) => {
    const range = { armId: arm.id, from, to: from + arm.weight };
    from = range.to;
    return range;
  });
}

const trace = { split: z.object({ bucket: z.number(), arm: z.string() }).optional() };

export const splitKind: NodeKindModule<SplitNode, typeof trace> = {
  ...plain,
  outputs: (node) => node.arms.map((a) => a.id),
  // Arm ids are short names people chose or kept ("A", "B"), shown where there is no label.
  outputLabel: (node, handle) => node.arms.find((a) => a.id === handle)?.label || handle,
  facts: (node) => [splitFactName(node.id)],
  validate(node) {
    const out: Diagnostic[] = [];
    const at = { severity: 'error', nodeId: node.id } as const;
    const total = node.arms.reduce((sum, a) => sum + a.weight, 0);
    if (total !== 100)
      out.push({ code: 'SPLIT_WEIGHTS', message: `Split weights add up to ${total}%, not 100%`, ...at });
    if (new Set(node.arms.map((a) => a.id)).size !== node.arms.length) {
      out.push({ code: 'DUPLICATE_HANDLE', message: 'Each split arm needs its own name', ...at });
    }
    return out;
  },
  choose(node, facts) {
    const bucket = facts[splitFactName(node.id)];
    const arm = armRanges(node).find((r) => typeof bucket === 'number' && bucket >= r.from && bucket < r.to);
    if (!arm) throw new Error(`split ${node.id}: the engine must supply ${splitFactName(node.id)} (0-99)`);
    return arm.armId;
  },
  edge(node, handle) {
    const range = armRanges(node).find((r) => r.armId === handle)!;
    const fact = splitFactName(node.id);
    return {
      all: [
        { fact, operator: 'greaterThanInclusive', value: range.from, name: `split:${node.id}` },
        { fact, operator: 'lessThan', value: range.to, name: `split:${node.id}` },
      ],
    };
  },
  trace,
  explain: (node, { handle, facts }) => ({ split: { bucket: facts[splitFactName(node.id)] as number, arm: handle! } }),
};
