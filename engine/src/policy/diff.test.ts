import { describe, expect, it } from 'vitest';
import { edge, letterNode, samplePolicy } from '../../test-support/policies';
import { diffGraphs } from './diff';
import { type PolicyGraph } from './schema';

const ids = (list: Array<{ id: string }>): string[] => list.map((x) => x.id).sort();

function expectNoChange(from: PolicyGraph, to: PolicyGraph): void {
  const diff = diffGraphs(from, to);
  expect(diff).toEqual({
    nodes: { added: [], removed: [], changed: [] },
    edges: { added: [], removed: [] },
    identical: true,
  });
}

describe('diffGraphs', () => {
  it('finds nothing between a graph and its copy', () => {
    expectNoChange(samplePolicy(), samplePolicy());
  });

  it('does not count moving, resizing or panning as a change', () => {
    const moved = samplePolicy();
    moved.nodes.forEach((n, i) => {
      n.position = { x: (n.position?.x ?? 0) + 250, y: i * 3 };
      n.width = 220;
      n.height = 90;
    });
    moved.viewport = { x: 10, y: -40, zoom: 1.75 };
    expectNoChange(samplePolicy(), moved);
  });

  it('does not count reordering the node and edge arrays as a change', () => {
    const reordered = samplePolicy();
    reordered.nodes.reverse();
    reordered.edges.reverse();
    expectNoChange(samplePolicy(), reordered);
  });

  it('keys edges by source, handle and target: a re-created edge with a new id is no change', () => {
    const redrawn = samplePolicy();
    redrawn.edges = redrawn.edges.map((e) => ({ ...e, id: `xy-edge__${e.source}${e.sourceHandle}-${e.target}` }));
    expectNoChange(samplePolicy(), redrawn);
  });

  it('reports an added node and its edge', () => {
    const to = samplePolicy();
    // Customers without email consent now get a registered letter instead of the plain one.
    to.nodes.push(letterNode('registered-letter'));
    const old = to.edges.find((e) => e.id === 'e15')!;
    to.edges = to.edges.filter((e) => e !== old);
    to.edges.push(edge('e16', 'email-ok', 'no', 'registered-letter'));
    const diff = diffGraphs(samplePolicy(), to);

    expect(ids(diff.nodes.added)).toEqual(['registered-letter']);
    expect(diff.nodes.added[0]).toEqual(to.nodes.find((n) => n.id === 'registered-letter'));
    expect(diff.nodes.removed).toEqual([]);
    expect(diff.nodes.changed).toEqual([]);
    expect(diff.edges.added).toEqual([edge('e16', 'email-ok', 'no', 'registered-letter')]);
    expect(diff.edges.removed).toEqual([edge('e15', 'email-ok', 'no', 'letter')]);
    expect(diff.identical).toBe(false);
  });

  it('reports a removed node and its edges', () => {
    const to = samplePolicy();
    to.nodes = to.nodes.filter((n) => n.id !== 'sms');
    to.edges = to.edges.filter((e) => e.target !== 'sms');
    const diff = diffGraphs(samplePolicy(), to);

    expect(ids(diff.nodes.removed)).toEqual(['sms']);
    expect(diff.nodes.added).toEqual([]);
    expect(diff.nodes.changed).toEqual([]);
    expect(diff.edges.removed.map((e) => [e.source, e.sourceHandle, e.target])).toEqual([['ab', 'challenger', 'sms']]);
    expect(diff.edges.added).toEqual([]);
    expect(diff.identical).toBe(false);
  });

  it('reports a changed node with its before and after', () => {
    const to = samplePolicy();
    const due = to.nodes.find((n) => n.id === 'due')!;
    if (due.kind !== 'wait') throw new Error('sample changed: due is not a wait');
    due.days = 3;
    due.position = { x: 999, y: 999 }; // moved too: still one change, about the threshold
    const diff = diffGraphs(samplePolicy(), to);

    expect(diff.nodes.changed).toHaveLength(1);
    const [change] = diff.nodes.changed;
    expect(change!.id).toBe('due');
    expect(change!.before).toMatchObject({ id: 'due', kind: 'wait', days: 1 });
    expect(change!.after).toMatchObject({ id: 'due', kind: 'wait', days: 3 });
    expect(diff.nodes.added).toEqual([]);
    expect(diff.nodes.removed).toEqual([]);
    expect(diff.edges).toEqual({ added: [], removed: [] });
    expect(diff.identical).toBe(false);
  });

  it.each<[string, (g: PolicyGraph) => void]>([
    [
      'label',
      (g) => {
        g.nodes.find((n) => n.id === 'email')!.label = 'Reminder';
      },
    ],
    [
      'template',
      (g) => {
        const n = g.nodes.find((x) => x.id === 'email')!;
        if (n.kind === 'action') n.action.template = 'reminder-2';
      },
    ],
    [
      'kind',
      (g) => {
        const i = g.nodes.findIndex((x) => x.id === 'email');
        g.nodes[i] = { id: 'email', kind: 'stop', reason: 'paused' };
      },
    ],
  ])('reports a node whose %s changed as changed, not as removed and added', (_, change) => {
    const to = samplePolicy();
    change(to);
    const diff = diffGraphs(samplePolicy(), to);
    expect(diff.nodes.changed.map((c) => c.id)).toEqual(['email']);
    expect(diff.nodes.added).toEqual([]);
    expect(diff.nodes.removed).toEqual([]);
    expect(diff.identical).toBe(false);
  });

  it('reports a re-wired edge as one removed and one added, keeping the edge id out of it', () => {
    const to = samplePolicy();
    const rewired = to.edges.find((e) => e.id === 'e13')!;
    rewired.target = 'letter'; // same id, different target
    const diff = diffGraphs(samplePolicy(), to);
    expect(diff.edges.removed.map((e) => [e.source, e.sourceHandle, e.target])).toEqual([['ab', 'challenger', 'sms']]);
    expect(diff.edges.added.map((e) => [e.source, e.sourceHandle, e.target])).toEqual([['ab', 'challenger', 'letter']]);
    expect(diff.nodes).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.identical).toBe(false);
  });

  it('reports an edge moved to another output of the same node', () => {
    const to = samplePolicy();
    const yes = to.edges.find((e) => e.id === 'e14')!;
    const no = to.edges.find((e) => e.id === 'e15')!;
    [yes.sourceHandle, no.sourceHandle] = ['no', 'yes'];
    const diff = diffGraphs(samplePolicy(), to);
    expect(diff.edges.added.map((e) => `${e.sourceHandle}->${e.target}`).sort()).toEqual(['no->email', 'yes->letter']);
    expect(diff.edges.removed.map((e) => `${e.sourceHandle}->${e.target}`).sort()).toEqual([
      'no->letter',
      'yes->email',
    ]);
    expect(diff.identical).toBe(false);
  });

  it('is symmetric: swapping the sides swaps added and removed', () => {
    const to = samplePolicy();
    to.nodes = to.nodes.filter((n) => n.id !== 'sms');
    to.edges = to.edges.filter((e) => e.target !== 'sms');
    const forward = diffGraphs(samplePolicy(), to);
    const backward = diffGraphs(to, samplePolicy());
    expect(ids(backward.nodes.added)).toEqual(ids(forward.nodes.removed));
    expect(backward.edges.added).toEqual(forward.edges.removed);
    expect(backward.nodes.removed).toEqual([]);
  });
});
