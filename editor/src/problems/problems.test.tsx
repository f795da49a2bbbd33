// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { useEditor } from '../store';
import { loadPolicy } from '../test-utils';
import { ProblemsPanel } from './ProblemsPanel';

const selected = () =>
  useEditor
    .getState()
    .nodes.filter((n) => n.selected)
    .map((n) => n.id);

describe('problems list', () => {
  afterEach(cleanup);

  it('lists every diagnostic, errors first, and selects the step with the keyboard', async () => {
    loadPolicy({
      nodes: [
        { id: 'start', kind: 'start', label: 'Open invoices' },
        {
          id: 'mail',
          kind: 'action',
          label: 'Reminder',
          action: { type: 'email', template: 'r1', level: 1, priority: 'normal' },
        },
        {
          id: 'split',
          kind: 'split',
          arms: [
            { id: 'A', weight: 60 },
            { id: 'B', weight: 60 },
          ],
        },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'mail' }],
    });
    render(<ProblemsPanel />);
    const user = userEvent.setup();
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      expect.stringContaining('No path from the start reaches this step'),
      expect.stringContaining('This step leads nowhere'),
      expect.stringContaining('Split weights add up to 120%, not 100%'),
      expect.stringContaining('Customers whose “Email allowed” is no are not contacted here'),
    ]);
    expect(screen.getByRole('button', { name: /Problems/ }).textContent).toContain('3 errors, 1 warning');

    const list = screen.getByRole('listbox');
    act(() => list.focus());
    await user.keyboard('{End}{Enter}');
    expect(selected()).toEqual(['mail']);
    expect(list.getAttribute('aria-activedescendant')).toBe('problem-3');
    await user.keyboard('{Home}{Enter}');
    expect(selected()).toEqual(['split']);
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp} ');
    expect(list.getAttribute('aria-activedescendant')).toBe('problem-1');
    expect(useEditor.getState().focus?.nodeId).toBe('split');
  });

  it('selects the step of a clicked problem', async () => {
    loadPolicy({
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'halt', kind: 'stop', reason: 'paid' },
      ],
      edges: [],
    });
    render(<ProblemsPanel />);
    await userEvent.setup().click(screen.getByText('No path from the start reaches this step'));
    expect(selected()).toEqual(['halt']);
  });

  it('lists nothing for the start of an empty canvas: it is the step being placed, with a hint on the canvas', () => {
    loadPolicy({ nodes: [{ id: 'start', kind: 'start' }], edges: [] });
    render(<ProblemsPanel />);
    expect(screen.queryByText(/This step leads nowhere/)).toBe(null);
    expect(screen.getByTestId('problems-toggle').textContent).toContain('1 new step to connect');
    // Still an error for publishing and simulating.
    expect(useEditor.getState().diagnostics.map((d) => d.code)).toEqual(['DEAD_END']);
  });
});
