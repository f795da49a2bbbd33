import { beforeEach, describe, expect, it } from 'vitest';
import { type PolicyGraph } from '@dunwell/engine/policy';
import { loadPolicy } from './test-utils';
import { currentGraph, useEditor } from './store';
import { NODE_SPECS } from './nodes';

const graph = (): PolicyGraph => ({
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    {
      id: 'check',
      kind: 'condition',
      predicate: { fact: 'disputed', operator: 'equal', value: true },
      position: { x: 0, y: 100 },
    },
    { id: 'halt', kind: 'stop', reason: 'disputed', position: { x: 0, y: 200 } },
    {
      id: 'send',
      kind: 'action',
      action: { type: 'letter', template: 'notice', level: 1, priority: 'normal' },
      position: { x: 200, y: 200 },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'yes', target: 'halt' },
  ],
});

const editor = () => useEditor.getState();
const codes = () =>
  editor()
    .diagnostics.map((d) => d.code)
    .sort();

describe('the editor store', () => {
  beforeEach(() => loadPolicy(graph()));

  it('validates with the engine’s validator as the graph changes', () => {
    expect(codes()).toEqual(['MISSING_BRANCH', 'UNREACHABLE_NODE']);
    editor().connect({ source: 'check', sourceHandle: 'no', target: 'send', targetHandle: null });
    expect(codes()).toEqual([]);
    expect(editor().dirty).toBe(true);
  });

  it('refuses a connection that would loop or reuse an output', () => {
    editor().connect({ source: 'check', sourceHandle: 'yes', target: 'send', targetHandle: null });
    editor().connect({ source: 'check', sourceHandle: 'no', target: 'start', targetHandle: null });
    expect(editor().edges).toHaveLength(2);
  });

  it('undoes and redoes every edit, one step at a time', () => {
    editor().connect({ source: 'check', sourceHandle: 'no', target: 'send', targetHandle: null });
    editor().addNode(NODE_SPECS.wait, { x: 10, y: 10 });
    expect(editor().nodes).toHaveLength(5);
    editor().undo();
    expect(editor().nodes).toHaveLength(4);
    editor().undo();
    expect(editor().edges).toHaveLength(2);
    expect(codes()).toEqual(['MISSING_BRANCH', 'UNREACHABLE_NODE']);
    editor().redo();
    expect(editor().edges).toHaveLength(3);
    expect(editor().future).toHaveLength(1);
  });

  it('records typing in one field as one undo step', () => {
    for (const template of ['n', 'no', 'not', 'noti']) {
      editor().updateNode(
        'send',
        (c) => (c.kind === 'action' ? { ...c, action: { ...c.action, template } } : c),
        'template',
      );
    }
    expect(editor().past).toHaveLength(1);
    editor().undo();
    expect(currentGraph().nodes.find((n) => n.id === 'send')).toMatchObject({ action: { template: 'notice' } });
  });

  it('deletes the selection with its connections, but never the start', () => {
    editor().selectAll();
    editor().deleteSelection();
    expect(editor().nodes.map((n) => n.id)).toEqual(['start']);
    expect(editor().edges).toEqual([]);
  });

  it('pastes copies with fresh ids, keeping the connections between them', () => {
    editor().selectNode('check');
    editor().onNodesChange([{ type: 'select', id: 'halt', selected: true }]);
    editor().copySelection();
    editor().paste();
    const ids = editor().nodes.map((n) => n.id);
    expect(ids).toEqual(['start', 'check', 'halt', 'send', 'condition-1', 'stop-1']);
    expect(editor().edges.at(-1)).toMatchObject({ source: 'condition-1', sourceHandle: 'yes', target: 'stop-1' });
    expect(
      editor()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    ).toEqual(['condition-1', 'stop-1']);
  });

  it('drops the connection of a removed switch case', () => {
    loadPolicy({
      nodes: [
        { id: 'start', kind: 'start' },
        {
          id: 'sw',
          kind: 'switch',
          cases: [
            { id: 'a', predicate: { fact: 'disputed', operator: 'equal', value: true } },
            { id: 'b', predicate: { fact: 'paperless', operator: 'equal', value: true } },
          ],
        },
        { id: 'halt', kind: 'stop', reason: 'paid' },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'sw' },
        { id: 'e2', source: 'sw', sourceHandle: 'b', target: 'halt' },
      ],
    });
    editor().updateNode('sw', (c) => (c.kind === 'switch' ? { ...c, cases: c.cases.slice(0, 1) } : c));
    expect(editor().edges.map((e) => e.id)).toEqual(['e1']);
  });

  it('records a drag as one move, without re-validating', () => {
    const before = editor().diagnostics;
    editor().beginDrag();
    editor().onNodesChange([{ type: 'position', id: 'send', position: { x: 300, y: 300 }, dragging: true }]);
    editor().onNodesChange([{ type: 'position', id: 'send', position: { x: 320, y: 310 }, dragging: true }]);
    editor().endDrag();
    expect(editor().past).toHaveLength(1);
    expect(editor().diagnostics).toBe(before);
    editor().undo();
    expect(editor().nodes.find((n) => n.id === 'send')!.position).toEqual({ x: 200, y: 200 });
  });
});
