/** Champion/challenger buckets: stable per account and split node, across invoices, days and restarts. */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { type NodeOf } from './schema';

export function splitBucket(accountId: string, nodeId: string): number {
  const digest = sha256(utf8ToBytes(`${accountId}\u001f${nodeId}`));
  const first4 = ((digest[0]! << 24) >>> 0) + (digest[1]! << 16) + (digest[2]! << 8) + digest[3]!;
  return first4 % 100;
}

/** Bucket ranges [from, to) of each arm, in declared order. */
export function armRanges(node: NodeOf<'split'>): Array<{ armId: string; from: number; to: number }> {
  let from = 0;
  return node.arms.map((arm) => {
    const range = { armId: arm.id, from, to: from + arm.weight };
    from = range.to;
    return range;
  });
}
