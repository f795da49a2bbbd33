import { describe, expect, it } from 'vitest';
import { disputedAt, latestPromise, promiseState, stepsBefore, stepsTakenBefore } from './invoice-records';
import { encodeFeatures, type FeatureEncoding, type ModelInput } from './model-features';

const promise = (id: string, madeOn: string, promisedDate: string) => ({ id, madeOn, promisedDate });

describe('the dunning done by a day', () => {
  it('counts the steps taken before the day, not those of the day itself or later', () => {
    const days = ['2026-03-01', '2026-03-05', '2026-03-10', '2026-03-12'];
    expect(stepsBefore(days, '2026-03-10')).toBe(2);
    expect(stepsBefore(days, new Date('2026-03-10T17:30:00Z'))).toBe(2);
    expect(stepsBefore(days, '2026-03-11')).toBe(3);
    expect(stepsBefore([], '2026-03-11')).toBe(0);
  });

  it('takes the latest promise made on or before the day, the later id on a tie', () => {
    const promises = [
      promise('B', '2026-03-02', '2026-03-09'),
      promise('A', '2026-03-02', '2026-03-07'),
      promise('C', '2026-03-20', '2026-03-25'),
    ];
    expect(latestPromise(promises, '2026-03-01')).toBeUndefined();
    expect(latestPromise(promises, '2026-03-02')?.id).toBe('B');
    expect(latestPromise(promises, '2026-03-19')?.id).toBe('B');
    expect(latestPromise(promises, new Date('2026-03-20T08:00:00Z'))?.id).toBe('C');
  });

  it('says a promise is in force through its day, broken after it while money is open, unknown when not said', () => {
    expect(promiseState(undefined, '2026-03-09', true)).toBeUndefined();
    expect(promiseState(null, '2026-03-09', true)).toEqual({ active: false, broken: false });
    expect(promiseState('2026-03-09', '2026-03-09', true)).toEqual({ active: true, broken: false });
    expect(promiseState('2026-03-09', '2026-03-10', true)).toEqual({ active: false, broken: true });
    expect(promiseState('2026-03-09', '2026-03-10', false)).toEqual({ active: false, broken: false });
  });

  it('reads a dispute as open from the day it was opened until the day it was resolved, else the flag', () => {
    const disputes = [{ openedOn: '2026-03-05', resolvedOn: '2026-03-10' }];
    expect(disputedAt(disputes, null, '2026-03-04')).toBeUndefined();
    expect(disputedAt(disputes, true, '2026-03-04')).toBe(true);
    expect(disputedAt(disputes, null, '2026-03-05')).toBe(true);
    expect(disputedAt(disputes, null, '2026-03-09')).toBe(true);
    expect(disputedAt(disputes, true, '2026-03-10')).toBe(false);
    expect(disputedAt([{ openedOn: '2026-03-05', resolvedOn: null }], false, '2027-01-01')).toBe(true);
    expect(disputedAt([], false, '2026-03-05')).toBe(false);
  });

  it('reads the steps of a decide request from its count as sent, else its list, else not at all', () => {
    const actions = [
      { step: 'remind', type: 'email' as const, date: '2026-03-01' },
      { step: 'call', type: 'call' as const, date: '2026-03-10' },
    ];
    expect(stepsTakenBefore({ actions }, '2026-03-10')).toBe(1);
    expect(stepsTakenBefore({ actions, stepsTaken: 7 }, '2026-03-10')).toBe(7);
    expect(stepsTakenBefore({ stepsTaken: 7 }, '2026-03-10')).toBe(7);
    expect(stepsTakenBefore({ actions: [] }, '2026-03-10')).toBe(0);
    expect(stepsTakenBefore(undefined, '2026-03-10')).toBeUndefined();
  });
});

describe('the dunning model features', () => {
  const encodings: FeatureEncoding[] = ['logStepsTaken', 'promiseActive', 'promiseBroken'].map((name) => ({
    name,
    kind: 'numeric',
    impute: -1,
  }));
  const input = (over: Partial<ModelInput>, promiseToPayDate?: string | null): ModelInput => ({
    invoice: {
      amount: 100,
      currency: 'EUR',
      issueDate: '2026-02-01',
      dueDate: '2026-03-03',
      ...(promiseToPayDate !== undefined && { promiseToPayDate }),
    },
    asOf: '2026-03-10',
    history: { settledCount: 0, openInvoiceCount: 0, openBalance: 0 },
    ...over,
  });
  const encoded = (i: ModelInput) => {
    const { vector, imputed } = encodeFeatures(i, encodings);
    return { values: [...vector], imputed };
  };

  it('encode the steps and the promise as of the scoring day', () => {
    expect(encoded(input({ stepsTaken: 3 }, '2026-03-12'))).toEqual({
      values: [Math.fround(Math.log1p(3)), 1, 0],
      imputed: [],
    });
    expect(encoded(input({ stepsTaken: 0 }, '2026-03-05')).values).toEqual([0, 0, 1]);
    expect(encoded(input({ stepsTaken: 0 }, null)).values).toEqual([0, 0, 0]);
  });

  it('are unknown, and imputed, when the request says nothing of them', () => {
    expect(encoded(input({}))).toEqual({
      values: [-1, -1, -1],
      imputed: ['logStepsTaken', 'promiseActive', 'promiseBroken'],
    });
  });
});
