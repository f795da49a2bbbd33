/** Promoting an arm of the sample policy's channel test: the branch takes the split's place, the other arm's steps go. */
import { describe, expect, it } from 'vitest';
import { promoteArm, PromoteError } from './promote';
import { hasErrors, validateGraph } from '.';
import { samplePolicy, startNode, letterNode, edge } from '../../test-support/policies';

describe('promoting an arm', () => {
  const graph = samplePolicy();
  const split = graph.nodes.find((n) => n.kind === 'split')!;
  if (split.kind !== 'split') throw new Error('the sample policy has a split');
  const [champion, challenger] = split.arms;
  const targetOf = (g: typeof graph, source: string, handle: string) =>
    g.edges.find((e) => e.source === source && e.sourceHandle === handle)?.target;

  it('connects the split’s inputs to the winning arm and drops the losing arm’s steps', () => {
    const into = graph.edges.filter((e) => e.target === split.id);
    const win = targetOf(graph, split.id, challenger!.id)!;
    const lose = targetOf(graph, split.id, champion!.id)!;
    const promoted = promoteArm(graph, split.id, challenger!.id);
    expect(promoted.nodes.map((n) => n.id)).not.toContain(split.id);
    expect(promoted.nodes.map((n) => n.id)).toContain(win);
    expect(promoted.nodes.map((n) => n.id)).not.toContain(lose);
    for (const e of into) expect(targetOf(promoted, e.source, e.sourceHandle)).toBe(win);
    expect(promoted.edges.some((e) => e.source === split.id || e.target === split.id)).toBe(false);
    expect(hasErrors(validateGraph(promoted))).toBe(false);
  });

  it('leaves steps not yet connected as they were', () => {
    const drawing = { ...graph, nodes: [...graph.nodes, letterNode('loose')] };
    expect(promoteArm(drawing, split.id, champion!.id).nodes.map((n) => n.id)).toContain('loose');
  });

  it('refuses an unknown split node or arm, and an arm that leads nowhere', () => {
    expect(() => promoteArm(graph, 'nope', 'a')).toThrow(PromoteError);
    expect(() => promoteArm(graph, split.id, 'nope')).toThrow(/has no arm nope/);
    const cut = {
      ...graph,
      edges: graph.edges.filter((e) => !(e.source === split.id && e.sourceHandle === champion!.id)),
    };
    expect(() => promoteArm(cut, split.id, champion!.id)).toThrow(/leads nowhere/);
    expect(() => promoteArm({ nodes: [startNode()], edges: [edge('e', 'start', 'next', 'x')] }, 'start', 'a')).toThrow(
      PromoteError,
    );
  });
});
