// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PolicyGraph } from '@dunwell/engine/policy';
import { mockBrowserLayout, renderCanvas } from '../test-utils';
import { useEditor } from '../store';

const graph: PolicyGraph = {
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    {
      id: 'late',
      kind: 'condition',
      label: 'Late a week?',
      predicate: { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 7 },
      position: { x: 0, y: 150 },
    },
    {
      id: 'stage',
      kind: 'switch',
      position: { x: 0, y: 300 },
      cases: [
        { id: 'big', label: 'Large', predicate: { fact: 'openAmount', operator: 'greaterThan', value: 10000 } },
        { id: 'key', predicate: { fact: 'segment', operator: 'in', value: ['enterprise', 'public_sector'] } },
      ],
    },
    {
      id: 'test',
      kind: 'split',
      arms: [
        { id: 'A', weight: 50 },
        { id: 'B', weight: 50 },
      ],
      position: { x: 0, y: 450 },
    },
    { id: 'pre', kind: 'wait', fact: 'daysPastDue', days: -3, position: { x: 0, y: 600 } },
    {
      id: 'mail',
      kind: 'action',
      action: { type: 'email', template: 'reminder-2', level: 2, priority: 'high', fallback: 'letter' },
      position: { x: 0, y: 750 },
    },
    {
      id: 'agency',
      kind: 'action',
      action: { type: 'escalate', target: 'agency', template: 'handover', level: 5, priority: 'urgent' },
      position: { x: 300, y: 750 },
    },
    { id: 'halt', kind: 'stop', reason: 'promise_active', position: { x: 300, y: 150 } },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'late' }],
};

const node = (id: string) => screen.getByTestId(`node-${id}`);
const handles = (id: string) =>
  [...document.querySelectorAll(`.react-flow__handle[data-nodeid="${id}"].source`)].map((h) =>
    h.getAttribute('data-handleid'),
  );

describe('node components', () => {
  beforeAll(mockBrowserLayout);
  afterEach(cleanup);

  it('say their logic in words a finance user reads', () => {
    renderCanvas(graph);
    expect(node('late').textContent).toContain('Days past due ≥ 7');
    expect(node('late').textContent).toContain('Late a week?');
    expect(node('test').textContent).toContain('Split A 50% / B 50%');
    expect(node('pre').textContent).toContain('Wait until days past due ≥ −3');
    expect(node('mail').textContent).toContain('Email: reminder-2, level 2');
    expect(node('mail').textContent).toContain('else Letter');
    expect(node('agency').textContent).toContain('Escalate to agency: handover, level 5');
    expect(node('halt').textContent).toContain('Stop: promise active');
    expect(node('stage').textContent).toContain('Open amount > 10,000');
    expect(node('stage').textContent).toContain('Segment is one of enterprise, public sector');
  });

  it('label their output handles: yes/no, each case and otherwise, each arm', () => {
    renderCanvas(graph);
    expect(handles('late')).toEqual(['yes', 'no']);
    expect(within(node('late')).getByText('yes')).toBeTruthy();
    expect(handles('stage')).toEqual(['big', 'key', 'default']);
    expect(within(node('stage')).getByText('otherwise')).toBeTruthy();
    expect(within(node('stage')).getAllByText('Large').length).toBeGreaterThan(0);
    expect(handles('test')).toEqual(['A', 'B']);
    expect(handles('start')).toEqual(['next']);
    expect(handles('mail')).toEqual([]);
    // Every node but the start can be connected into.
    expect(document.querySelector('.react-flow__handle[data-nodeid="start"].target')).toBeNull();
    expect(document.querySelector('.react-flow__handle[data-nodeid="late"].target')).not.toBeNull();
  });

  it('show the diagnostics that concern them', () => {
    renderCanvas(graph);
    // `late` has no outgoing connection, so it leads nowhere.
    expect(node('late').dataset.problems).not.toBe('0');
    expect(node('late').textContent).toContain('This step leads nowhere');
    expect(node('late').className).toContain('has-error');
    expect(useEditor.getState().problemsByNode.get('late')?.[0]?.code).toBe('DEAD_END');
  });

  it('mark the simulated path and dim the rest', () => {
    renderCanvas(graph);
    act(() =>
      useEditor
        .getState()
        .setOverlay({ kind: 'path', title: 't', nodes: new Set(['start', 'late']), edges: new Set(['e1']) }),
    );
    expect(node('late').className).toContain('mark-path');
    expect(node('halt').className).toContain('mark-off-path');
  });
});
