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

describe('a diff in words', () => {
  it('says old → new for a changed step and names steps and connections by title and output', () => {
    const titled = (g: PolicyGraph): PolicyGraph => ({
      ...g,
      nodes: g.nodes.map((n) =>
        n.id === 'check' ? { ...n, label: 'Disputed?' } : n.id === 'send' ? { ...n, label: 'Formal notice' } : n,
      ),
    });
    const [before, after] = [titled(v1), titled(v2)];
    const lines = diffOverlay('1', '2', diffGraphs(before, after), before, after).words;
    expect(lines).toEqual([
      'Changed “Formal notice”: Letter: notice, level 1 → Letter: notice-2, level 1',
      'Added “Disputed?”: Disputed is yes',
      'Removed “Stop (old)”: Stop: paid',
      'Connected “Start (start)” → “Disputed?”',
      'Connected “Disputed?” (no) → “Formal notice”',
      'Disconnected “Start (start)” → “Formal notice”',
    ]);
  });

  it('says a threshold changed from 5 to 3 days, and a renamed step', () => {
    const wait = (days: number, label: string): PolicyGraph => ({
      nodes: [
        { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
        { id: 'w', kind: 'wait', label, fact: 'daysPastDue', days, position: { x: 0, y: 100 } } as never,
      ],
      edges: [{ id: 'e', source: 'start', sourceHandle: 'next', target: 'w' }],
    });
    const [before, after] = [wait(5, 'Grace period'), wait(3, 'Short grace')];
    const lines = diffOverlay('1', '2', diffGraphs(before, after), before, after).words;
    expect(lines[0]).toBe('Renamed “Grace period” → “Short grace”');
    expect(lines[1]).toMatch(/^Changed “Short grace”: .*5.* → .*3/);
  });
});
