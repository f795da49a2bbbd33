import { describe, expect, it } from 'vitest';
import { stepDue } from './action';

describe('when a dunning step is due', () => {
  it('is taken once per invoice unless it repeats', () => {
    expect(stepDue({}, [], 100)).toEqual({ due: true, occurrence: 1 });
    expect(stepDue({}, [90], 100)).toEqual({ due: false, nextDay: 'never' });
    expect(stepDue({}, [100], 100)).toEqual({ due: false, nextDay: 'never' });
  });

  it('repeats every so many days from the last time, up to its maximum', () => {
    const repeat = { repeat: { everyDays: 3, maxTimes: 3 } };
    expect(stepDue(repeat, [], 10)).toEqual({ due: true, occurrence: 1 });
    expect(stepDue(repeat, [10], 12)).toEqual({ due: false, nextDay: 13 });
    expect(stepDue(repeat, [10], 13)).toEqual({ due: true, occurrence: 2 });
    // Counted from the latest time, whatever order the memory is in.
    expect(stepDue(repeat, [14, 10], 16)).toEqual({ due: false, nextDay: 17 });
    expect(stepDue(repeat, [10, 13, 16], 40)).toEqual({ due: false, nextDay: 'never' });
  });
});
