import { describe, expect, it } from 'vitest';
import { ATTRIBUTION_WINDOW_DAYS, attributePayment } from './attribution';

const action = (id: string, decidedOn: string) => ({ id, step: `s-${id}`, type: 'email', decidedOn });

describe('attributing a payment to an action', () => {
  it('credits the last action on an earlier day within the window', () => {
    const actions = [action('a', '2026-04-01'), action('b', '2026-04-08'), action('c', '2026-04-20')];
    expect(attributePayment('2026-04-15', actions)).toEqual({
      actionId: 'b',
      step: 's-b',
      type: 'email',
      daysAfter: 7,
    });
    // An action on the day of the payment did not cause it.
    expect(attributePayment('2026-04-20', actions)?.actionId).toBe('b');
  });

  it('credits nothing before any action, or after the window', () => {
    expect(attributePayment('2026-03-31', [action('a', '2026-04-01')])).toBeUndefined();
    const late = new Date(Date.UTC(2026, 3, 1 + ATTRIBUTION_WINDOW_DAYS + 1)).toISOString().slice(0, 10);
    expect(attributePayment(late, [action('a', '2026-04-01')])).toBeUndefined();
  });
});
