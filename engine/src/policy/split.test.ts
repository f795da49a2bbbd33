import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { edge, letterNode, startNode } from '../../test-support/policies';
import { compilePolicy } from './compile';
import { RuleSetEvaluator } from './evaluator';
import { splitFactName } from './facts';
import { indexGraph } from './graph';
import { interpret } from './interpret';
import { armRanges, splitBucket, type NodeOf } from './nodes';
import { type PolicyGraph } from './schema';
import { validateGraph } from './validate';

/** docs/policy.md: the first 4 bytes of sha256(accountId + "\u001f" + nodeId), big-endian unsigned, mod 100. */
function expectedBucket(accountId: string, nodeId: string): number {
  const digest = createHash('sha256').update(`${accountId}\u001f${nodeId}`, 'utf8').digest();
  return digest.readUInt32BE(0) % 100;
}
const firstByte = (accountId: string, nodeId: string): number =>
  createHash('sha256').update(`${accountId}\u001f${nodeId}`, 'utf8').digest()[0]!;

const splitNode = (weights: number[], id = 'sp'): NodeOf<'split'> => ({
  id,
  kind: 'split',
  arms: weights.map((weight, i) => ({ id: `arm${i}`, weight })),
});

/** start -> split -> one letter per arm, named after the arm. */
function splitGraph(weights: number[]): PolicyGraph {
  const node = splitNode(weights);
  return {
    nodes: [startNode(), node, ...node.arms.map((a) => letterNode(`to-${a.id}`))],
    edges: [
      edge('e0', 'start', 'next', node.id),
      ...node.arms.map((a, i) => edge(`e${i + 1}`, node.id, a.id, `to-${a.id}`)),
    ],
  };
}

describe('splitBucket', () => {
  const accounts = [
    'ACME',
    'acme',
    'CUST-000001',
    'CUST-000002',
    'M\u00fcller GmbH',
    '\u682a\u5f0f\u4f1a\u793e\u30c6\u30b9\u30c8',
    'a',
    '',
  ];
  const nodes = ['ab', 'split-1', 'tone_test'];

  it('is the first 4 bytes of sha256(accountId, U+001F, nodeId), big-endian unsigned, mod 100', () => {
    for (const accountId of accounts) {
      for (const nodeId of nodes) {
        expect(splitBucket(accountId, nodeId), `${accountId} / ${nodeId}`).toBe(expectedBucket(accountId, nodeId));
      }
    }
  });

  it('reads the first 4 bytes as unsigned when the top bit is set', () => {
    // A signed read of a digest starting with 0x80-0xff would give a negative or different bucket.
    const highBit = Array.from({ length: 200 }, (_, i) => `HB-${i}`).filter((a) => firstByte(a, 'ab') >= 0x80);
    expect(highBit.length).toBeGreaterThan(20);
    for (const accountId of highBit) expect(splitBucket(accountId, 'ab')).toBe(expectedBucket(accountId, 'ab'));
  });

  it('depends on the node: the same account can fall in different buckets of two splits', () => {
    const differ = Array.from({ length: 50 }, (_, i) => `ACC-${i}`).filter(
      (a) => splitBucket(a, 'ab') !== splitBucket(a, 'cd'),
    );
    expect(differ.length).toBeGreaterThan(40);
  });

  it('is an integer from 0 to 99, stable across calls', () => {
    for (let i = 0; i < 500; i++) {
      const accountId = `ACC-${i}`;
      const bucket = splitBucket(accountId, 'ab');
      expect(Number.isInteger(bucket)).toBe(true);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(100);
      expect(splitBucket(accountId, 'ab')).toBe(bucket);
    }
  });

  it('spreads 10,000 accounts roughly evenly: each decile holds 8% to 12%', () => {
    const deciles = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++)
      deciles[Math.floor(splitBucket(`CUST-${String(i).padStart(6, '0')}`, 'ab') / 10)]! += 1;
    expect(deciles.reduce((a, b) => a + b, 0)).toBe(10_000);
    for (const count of deciles) {
      expect(count).toBeGreaterThanOrEqual(800);
      expect(count).toBeLessThanOrEqual(1200);
    }
  });
});

describe('armRanges', () => {
  it('gives [50, 50] the halves [0, 50) and [50, 100)', () => {
    expect(armRanges(splitNode([50, 50]))).toEqual([
      { armId: 'arm0', from: 0, to: 50 },
      { armId: 'arm1', from: 50, to: 100 },
    ]);
  });

  it('gives [10, 0, 90] an empty range to the zero-weight arm, in declared order', () => {
    expect(armRanges(splitNode([10, 0, 90]))).toEqual([
      { armId: 'arm0', from: 0, to: 10 },
      { armId: 'arm1', from: 10, to: 10 },
      { armId: 'arm2', from: 10, to: 100 },
    ]);
  });

  it('covers 0-99 once for weights summing to 100', () => {
    for (const weights of [
      [50, 50],
      [10, 0, 90],
      [0, 100],
      [1, 98, 1],
      [33, 33, 34],
      [100, 0],
    ]) {
      const ranges = armRanges(splitNode(weights));
      for (let bucket = 0; bucket < 100; bucket++) {
        expect(
          ranges.filter((r) => bucket >= r.from && bucket < r.to),
          `${weights} bucket ${bucket}`,
        ).toHaveLength(1);
      }
    }
  });
});

describe('a zero-weight arm', () => {
  const graph = splitGraph([10, 0, 90]);
  const fact = splitFactName('sp');

  it('is a valid policy', () => {
    expect(validateGraph(graph)).toEqual([]);
  });

  it('is never chosen by interpret, for any bucket', () => {
    const index = indexGraph(graph);
    for (let bucket = 0; bucket < 100; bucket++) {
      const { terminal } = interpret(index, { [fact]: bucket });
      expect(terminal).toBe(bucket < 10 ? 'to-arm0' : 'to-arm2');
    }
  });

  it('is never chosen for real accounts', () => {
    const index = indexGraph(graph);
    const chosen = new Set<string>();
    for (let i = 0; i < 2000; i++) chosen.add(interpret(index, { [fact]: splitBucket(`CUST-${i}`, 'sp') }).terminal);
    expect([...chosen].sort()).toEqual(['to-arm0', 'to-arm2']);
  });

  it('is never chosen by the compiled rule set either', async () => {
    const evaluator = new RuleSetEvaluator(compilePolicy(graph, { policyId: 'p', version: 1 }));
    for (let bucket = 0; bucket < 100; bucket++) {
      const run = await evaluator.run({ [fact]: bucket });
      expect(run.event.nodeId).toBe(bucket < 10 ? 'to-arm0' : 'to-arm2');
    }
  });

  it('as the first arm, leaves every bucket to the others', () => {
    const index = indexGraph(splitGraph([0, 100]));
    for (let bucket = 0; bucket < 100; bucket++) expect(interpret(index, { [fact]: bucket }).terminal).toBe('to-arm1');
  });
});
