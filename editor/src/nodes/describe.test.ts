import { describe, expect, it } from 'vitest';
import { type ContentOf } from '../canvas/flow-graph';
import { describePredicate, describeStop, factLabel, formatValue } from './describe';
import { NODE_SPECS } from '.';
import { describeRepeat } from './action';

describe('the policy in words', () => {
  it('reads comparisons with the fact’s name and the operator’s symbol', () => {
    expect(describePredicate({ fact: 'daysPastDue', operator: 'greaterThanInclusive', value: 7 })).toBe(
      'Days past due ≥ 7',
    );
    expect(describePredicate({ fact: 'openAmount', operator: 'lessThan', value: 12500 })).toBe('Open amount < 12,500');
    expect(describePredicate({ fact: 'lateRate', operator: 'greaterThanInclusive', value: 0.5 })).toBe(
      'Late rate ≥ 50%',
    );
    expect(describePredicate({ fact: 'disputed', operator: 'equal', value: true })).toBe('Disputed is yes');
    expect(describePredicate({ fact: 'segment', operator: 'notIn', value: ['small_business'] })).toBe(
      'Segment is not one of small business',
    );
  });

  it('joins groups with and/or, bracketing nested ones', () => {
    expect(
      describePredicate({
        all: [
          { fact: 'daysPastDue', operator: 'greaterThan', value: 30 },
          {
            any: [
              { fact: 'emailAllowed', operator: 'equal', value: false },
              { fact: 'stepsTaken', operator: 'greaterThanInclusive', value: 3 },
            ],
          },
        ],
      }),
    ).toBe('Days past due > 30 and (Email allowed is no or Steps taken ≥ 3)');
  });

  it('reads actions, splits, waits and stops, each in its kind’s words', () => {
    const action = (a: ContentOf<'action'>['action']) =>
      NODE_SPECS.action.describe({ id: 'a', kind: 'action', action: a });
    expect(action({ type: 'email', template: 'reminder-2', level: 2, priority: 'normal' })).toBe(
      'Email: reminder-2, level 2',
    );
    expect(action({ type: 'escalate', target: 'legal', template: '', level: 6, priority: 'urgent' })).toBe(
      'Escalate to legal: level 6',
    );
    const split = (arms: ContentOf<'split'>['arms']) => NODE_SPECS.split.describe({ id: 's', kind: 'split', arms });
    expect(
      split([
        { id: 'A', weight: 50 },
        { id: 'B', weight: 50 },
      ]),
    ).toBe('Split A 50% / B 50%');
    expect(
      split([
        { id: 'champion', label: 'Email', weight: 80 },
        { id: 'challenger', weight: 20 },
      ]),
    ).toBe('Split Email 80% / challenger 20%');
    expect(NODE_SPECS.wait.describe({ id: 'w', kind: 'wait', fact: 'daysPastDue', days: -3 })).toBe(
      'Wait until days past due ≥ −3',
    );
    expect(NODE_SPECS.stop.describe({ id: 'x', kind: 'stop', reason: 'promise_active' })).toBe('Stop: promise active');
    expect(describeRepeat({})).toBe('once per invoice');
    expect(describeRepeat({ repeat: { everyDays: 3, maxTimes: 4 } })).toBe('every 3 days, at most 4 times');
    expect(describeStop('promise_active')).toBe('Stop: promise active');
  });

  it('names facts and values plainly', () => {
    expect(factLabel('daysSinceLastAction')).toBe('Days since last action');
    expect(formatValue(-1500)).toBe('−1,500');
    expect(formatValue(['enterprise', 'public_sector'])).toBe('enterprise, public sector');
  });
});
