import { describe, expect, it } from 'vitest';
import { diffGraphs, type PolicyGraph } from '@dunwell/engine/policy';
import { diffOverlay } from './diff-view';

const v1: PolicyGraph = {
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    {
      id: 'send',
      kind: 'action',
      action: { type: 'letter', template: 'notice', level: 1, priority: 'normal' },
      position: { x: 0, y: 100 },
    },
    { id: 'old', kind: 'stop', reason: 'paid', position: { x: 300, y: 100 } },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'send' }],
};
const v2: PolicyGraph = {
  nodes: [
    { id: 'start', kind: 'start', position: { x: 50, y: 0 } },
    {
      id: 'check',
      kind: 'condition',
      predicate: { fact: 'disputed', operator: 'equal', value: true },
      position: { x: 0, y: 100 },
    },
    {
      id: 'send',
      kind: 'action',
      action: { type: 'letter', template: 'notice-2', level: 1, priority: 'normal' },
      position: { x: 0, y: 200 },
    },
  ],
  edges: [
    { id: 'a', source: 'start', sourceHandle: 'next', target: 'check' },
    { id: 'b', source: 'check', sourceHandle: 'no', target: 'send' },
  ],
};

describe('a diff drawn on the canvas', () => {
  it('marks nodes and edges added, removed, changed or unchanged, and draws the removed ones too', () => {
    const overlay = diffOverlay('1', '2', diffGraphs(v1, v2), v1, v2);
    expect(Object.fromEntries(overlay.nodeMarks)).toEqual({
      start: 'unchanged',
      check: 'added',
      send: 'changed',
      old: 'removed',
    });
    expect(Object.fromEntries(overlay.edgeMarks)).toEqual({ a: 'added', b: 'added', 'removed-e1': 'removed' });
    expect(overlay.nodes.map((n) => n.id)).toEqual(['start', 'check', 'send', 'old']);
    expect(overlay.nodes.every((n) => n.draggable === false && n.selectable === false)).toBe(true);
    expect(overlay.counts).toEqual({ added: 3, removed: 2, changed: 1 });
  });
});
