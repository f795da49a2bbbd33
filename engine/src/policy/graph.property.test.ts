/**
 * The linear graph checks validation relies on, against their definitions computed the slow way
 * on random graphs (with loops, self-loops and parallel edges): a node is on a cycle when one of
 * its successors reaches it again; a fact is tested before a node when a node testing it reaches
 * that node.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexGraph, nodesOnCycles, reachableFrom, successors } from './graph';
import { type PolicyNode } from './nodes';
import { type PolicyGraph } from './schema';
import { validateGraph } from './validate';

const randomGraph: fc.Arbitrary<PolicyGraph> = fc.integer({ min: 1, max: 14 }).chain((size) =>
  fc
    .record({
      checks: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
      edges: fc.array(fc.tuple(fc.nat(size - 1), fc.constantFrom('yes', 'no'), fc.nat(size - 1)), { maxLength: 30 }),
    })
    .map(({ checks, edges }) => ({
      // Conditions that test consent or not, each followed by anything; emails to warn about.
      nodes: [
        { id: 'start', kind: 'start' },
        ...checks.map((consent, i): PolicyNode => ({
          id: `c${i}`,
          kind: 'condition',
          predicate: consent
            ? { fact: 'emailAllowed', operator: 'equal', value: true }
            : { fact: 'daysPastDue', operator: 'greaterThan', value: i },
        })),
        ...checks.map((_, i): PolicyNode => ({
          id: `m${i}`,
          kind: 'action',
          action: { type: 'email', template: 'reminder', level: 1, priority: 'normal' },
        })),
      ] as PolicyNode[],
      edges: [
        { id: 's', source: 'start', sourceHandle: 'next', target: 'c0' },
        ...edges.map(([from, handle, to], i) => ({
          id: `e${i}`,
          source: `c${from}`,
          sourceHandle: handle,
          target: i % 3 === 0 ? `m${to}` : `c${to}`,
        })),
      ],
    })),
);

describe('graph checks in linear time, as defined', () => {
  it('finds exactly the nodes on a cycle', () => {
    fc.assert(
      fc.property(randomGraph, (graph) => {
        const index = indexGraph(graph);
        const slow = [...index.nodes.keys()].filter((id) =>
          successors(index, id).some((s) => reachableFrom(index, s).has(id)),
        );
        expect([...nodesOnCycles(index)].sort()).toEqual(slow.sort());
      }),
      { numRuns: 500 },
    );
  });

  it('warns about consent exactly where no node testing it comes before', () => {
    fc.assert(
      fc.property(randomGraph, (graph) => {
        const index = indexGraph(graph);
        const testers = graph.nodes.filter(
          (n) => n.kind === 'condition' && 'fact' in n.predicate && n.predicate.fact === 'emailAllowed',
        );
        const below = new Set(
          testers.flatMap((t) => successors(index, t.id).flatMap((s) => [...reachableFrom(index, s)])),
        );
        const expected = graph.nodes.filter((n) => n.kind === 'action' && !below.has(n.id)).map((n) => n.id);
        const warned = validateGraph(graph)
          .filter((d) => d.code === 'NO_CONSENT_CHECK')
          .map((d) => d.nodeId);
        expect(warned.sort()).toEqual(expected.sort());
      }),
      { numRuns: 500 },
    );
  });
});
