// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { type PolicyGraph } from '@dunwell/engine/policy';
import { currentGraph, useEditor } from '../store';
import { loadPolicy } from '../test-utils';
import { Inspector } from './Inspector';

const graph: PolicyGraph = {
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'check', kind: 'condition', predicate: { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 7 } },
    {
      id: 'send',
      kind: 'action',
      action: { type: 'email', template: 'reminder-1', level: 1, priority: 'normal', fallback: 'letter' },
    },
    {
      id: 'ab',
      kind: 'split',
      arms: [
        { id: 'A', weight: 50 },
        { id: 'B', weight: 50 },
      ],
    },
    { id: 'hold', kind: 'wait', fact: 'daysPastDue', days: 1 },
    { id: 'halt', kind: 'stop', reason: 'paid' },
    {
      id: 'stage',
      kind: 'switch',
      cases: [
        {
          id: 'case-1',
          label: '30+ days',
          predicate: { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 30 },
        },
      ],
    },
  ],
  edges: [],
};

function inspect(nodeId: string) {
  loadPolicy(graph);
  act(() => useEditor.getState().selectNode(nodeId));
  render(<Inspector />);
  return userEvent.setup();
}

const node = (id: string) => currentGraph().nodes.find((n) => n.id === id)!;
const problems = (id: string) => (useEditor.getState().problemsByNode.get(id) ?? []).map((d) => d.code);
const optionLabels = (select: HTMLElement) => [...(select as HTMLSelectElement).options].map((o) => o.textContent);

describe('inspector', () => {
  afterEach(cleanup);

  it('offers the fact catalogue grouped by invoice, account, history and model, with the fact’s description', () => {
    inspect('check');
    const fact = screen.getByRole('combobox', { name: 'Fact' });
    expect([...fact.querySelectorAll('optgroup')].map((g) => g.label)).toEqual([
      'Invoice',
      'Account',
      'Dunning history',
      'Model scores',
    ]);
    expect(screen.getByText(/Days since the due date \(negative before it\)/)).toBeTruthy();
  });

  it('offers only the operators valid for the fact, and a value input of its kind', async () => {
    const user = inspect('check');
    expect(optionLabels(screen.getByRole('combobox', { name: 'Operator' }))).toHaveLength(8);
    expect((screen.getByRole('spinbutton', { name: 'Value' }) as HTMLInputElement).value).toBe('7');
    expect(screen.getByText('days')).toBeTruthy();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Fact' }), 'disputed');
    expect(optionLabels(screen.getByRole('combobox', { name: 'Operator' }))).toEqual(['is', 'is not']);
    expect(optionLabels(screen.getByRole('combobox', { name: 'Value' }))).toEqual(['yes', 'no']);
    expect(node('check')).toMatchObject({ predicate: { fact: 'disputed', operator: 'equal', value: true } });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Fact' }), 'segment');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Operator' }), 'in');
    await user.click(screen.getByRole('checkbox', { name: 'enterprise' }));
    expect(node('check')).toMatchObject({
      predicate: { fact: 'segment', operator: 'in', value: ['small_business', 'enterprise'] },
    });
    expect(problems('check')).not.toContain('INVALID_VALUE');
  });

  it('builds nested all/any groups', async () => {
    const user = inspect('check');
    await user.click(screen.getByRole('button', { name: '+ Group' }));
    await user.selectOptions(screen.getAllByRole('combobox', { name: 'Match all or any' })[0]!, 'any');
    expect(node('check')).toMatchObject({
      predicate: {
        any: [{ fact: 'daysPastDue' }, { any: [{ fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 7 }] }],
      },
    });
    await user.click(screen.getByRole('button', { name: 'Remove group' }));
    expect(node('check')).toMatchObject({
      predicate: { fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 7 },
    });
  });

  it('edits an action; an escalation needs its target', async () => {
    const user = inspect('send');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Action' }), 'escalate');
    expect(problems('send')).toContain('MISSING_TARGET');
    expect(screen.getAllByText(/Say who the invoice is escalated to/).length).toBeGreaterThan(0);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Escalate to' }), 'legal');
    expect(problems('send')).not.toContain('MISSING_TARGET');
    const level = screen.getByRole('spinbutton', { name: 'Dunning level' });
    await user.clear(level);
    await user.type(level, '4');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Priority' }), 'urgent');
    expect(node('send')).toMatchObject({ action: { type: 'escalate', target: 'legal', level: 4, priority: 'urgent' } });
  });

  it('edits how often a step is taken: once per invoice, or repeating', async () => {
    const user = inspect('send');
    const often = screen.getByRole('combobox', { name: 'How often' });
    expect((often as HTMLSelectElement).value).toBe('once');
    expect(node('send')).not.toHaveProperty('action.repeat');
    await user.selectOptions(often, 'repeat');
    expect(node('send')).toMatchObject({ action: { repeat: { everyDays: 7, maxTimes: 3 } } });
    const every = screen.getByRole('spinbutton', { name: 'Every' });
    await user.clear(every);
    await user.type(every, '5');
    const most = screen.getByRole('spinbutton', { name: 'At most' });
    await user.clear(most);
    await user.type(most, '4');
    expect(node('send')).toMatchObject({ action: { repeat: { everyDays: 5, maxTimes: 4 } } });
    await user.selectOptions(often, 'once');
    expect(node('send')).not.toHaveProperty('action.repeat');
  });

  it('keeps a half-typed number out of the graph', async () => {
    const user = inspect('send');
    const level = screen.getByRole('spinbutton', { name: 'Dunning level' });
    await user.clear(level);
    expect(screen.getByText('Enter a number')).toBeTruthy();
    expect(node('send')).toMatchObject({ action: { level: 1 } });
    await user.type(level, '12');
    expect(screen.getByText('At most 10')).toBeTruthy();
    expect(node('send')).toMatchObject({ action: { level: 1 } });
  });

  it('edits split arms and says when the weights do not add up', async () => {
    const user = inspect('ab');
    const share = screen.getByRole('spinbutton', { name: 'Arm A share' });
    await user.clear(share);
    await user.type(share, '70');
    expect(screen.getByRole('status').textContent).toContain('Total 120%');
    expect(problems('ab')).toContain('SPLIT_WEIGHTS');
    const other = screen.getByRole('spinbutton', { name: 'Arm B share' });
    await user.clear(other);
    await user.type(other, '30');
    expect(problems('ab')).not.toContain('SPLIT_WEIGHTS');
    await user.click(screen.getByRole('button', { name: '+ Arm' }));
    expect(node('ab')).toMatchObject({
      arms: [
        { id: 'A', weight: 70 },
        { id: 'B', weight: 30 },
        { id: 'C', weight: 0 },
      ],
    });
  });

  it('takes a share as a percentage (50 means 50%) and stores the ratio; an emptied value is a problem', async () => {
    const user = inspect('check');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Fact' }), 'lateRate');
    const value = screen.getByRole('spinbutton', { name: 'Value' }) as HTMLInputElement;
    expect(screen.getByText('%')).toBeTruthy();
    await user.clear(value);
    expect(node('check')).toMatchObject({ predicate: { fact: 'lateRate', value: '' } });
    expect(problems('check')).toContain('INVALID_VALUE');
    const said = useEditor
      .getState()
      .problemsByNode.get('check')!
      .map((d) => d.message);
    expect(said).toContain('Late rate needs a value');
    await user.type(value, '7');
    expect(node('check')).toMatchObject({ predicate: { fact: 'lateRate', value: 0.07 } });
    await user.type(value, '0');
    expect(node('check')).toMatchObject({ predicate: { fact: 'lateRate', value: 0.7 } });
    expect(problems('check')).not.toContain('INVALID_VALUE');
    // Past 100% is said at the box and not stored.
    await user.type(value, '0');
    expect(screen.getByText('At most 100')).toBeTruthy();
    expect(node('check')).toMatchObject({ predicate: { value: 0.7 } });
  });

  it('gives a stop its reason in words with the code beside it; the code follows the words until edited', async () => {
    const user = inspect('halt');
    const words = screen.getByRole('combobox', { name: 'Reason' });
    const code = screen.getByRole('textbox', { name: 'Code' }) as HTMLInputElement;
    expect((words as HTMLInputElement).value).toBe('Paid');
    await user.clear(words);
    expect(problems('halt')).toContain('MISSING_REASON');
    await user.type(words, 'Sent to collector!');
    expect(node('halt')).toMatchObject({ reason: 'sent_to_collector', reasonLabel: 'Sent to collector!' });
    expect(code.value).toBe('sent_to_collector');
    expect(problems('halt')).not.toContain('MISSING_REASON');
    await user.clear(code);
    await user.type(code, 'agency_');
    await user.tab();
    expect(node('halt')).toMatchObject({ reason: 'agency' });
    await user.type(words, ' now');
    expect(node('halt')).toMatchObject({ reason: 'agency', reasonLabel: 'Sent to collector! now' });
  });

  it('offers only day-count facts to a wait', () => {
    inspect('hold');
    const facts = optionLabels(screen.getByRole('combobox', { name: 'Day count' }));
    expect(facts).toEqual([
      'Days past due',
      'Days since issue',
      'Customer for (days)',
      'Days since last payment',
      'Days since last action',
    ]);
  });

  it('edits switch cases: rename, add, and conditions per case', async () => {
    const user = inspect('stage');
    await user.click(screen.getByRole('button', { name: '+ Case' }));
    const second = screen.getByTestId('case-case-2');
    await user.selectOptions(within(second).getByRole('combobox', { name: 'Fact' }), 'promiseActive');
    const name = screen.getByRole('textbox', { name: 'Case 2 name' });
    await user.clear(name);
    await user.type(name, 'Promised');
    expect(node('stage')).toMatchObject({
      cases: [
        { id: 'case-1' },
        { id: 'case-2', label: 'Promised', predicate: { fact: 'promiseActive', operator: 'equal', value: true } },
      ],
    });
  });
});
