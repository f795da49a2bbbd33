import { describe, expect, it } from 'vitest';
import { seededRandom } from '@dunwell/engine/ledger';
import { conformalFactor, MIN_STAGE_ROWS, perStage, stageOf, stageValue } from './stages';

const rows = (stage: number, n: number) => Array.from({ length: n }, () => ({ stage }));
/** The fit reports which stages its rows came from and how many. */
const fit = (members: ReadonlyArray<{ stage: number }>) =>
  `${[...new Set(members.map((r) => r.stage))].sort().join('+')}:${members.length}`;

describe('stages', () => {
  it('are before the due date, on it, 1 to 14 days past it and from 15 days past it', () => {
    expect([-30, -1, 0, 1, 14, 15, 90].map(stageOf)).toEqual([0, 0, 1, 2, 2, 3, 3]);
  });

  it("compute each stage's value in float32 as the graphs do", () => {
    const values = [0.5, 0.3, 0.8, 0.75];
    expect([-3, 0, 7, 20].map((pastDue) => stageValue(values, pastDue))).toEqual(
      values.map((v) => expect.closeTo(v, 6)),
    );
  });

  it('fit each stage on its own rows when it has enough', () => {
    const all = [0, 1, 2, 3].flatMap((stage) => rows(stage, MIN_STAGE_ROWS));
    expect(perStage(all, fit)).toEqual([0, 1, 2, 3].map((stage) => `${stage}:${MIN_STAGE_ROWS}`));
  });

  it('let a past-due stage short of rows borrow those of the past-due stage before it', () => {
    const all = [...rows(0, 100), ...rows(1, 40), ...rows(2, MIN_STAGE_ROWS - 5), ...rows(3, 10)];
    const [, , two, three] = perStage(all, fit);
    // Stage 2 may not borrow the due day's rows: it falls back to all rows.
    expect(two).toBe(`0+1+2+3:${all.length}`);
    expect(three).toBe(`2+3:${MIN_STAGE_ROWS + 5}`);
  });

  it('fall back to all rows for a stage short of rows that cannot borrow', () => {
    const all = [...rows(0, 100), ...rows(1, 3), ...rows(2, 2), ...rows(3, 1)];
    expect(perStage(all, fit)).toEqual(['0:100', '0+1+2+3:106', '0+1+2+3:106', '0+1+2+3:106']);
  });
});

describe('conformalFactor', () => {
  const scores = (values: number[]) => values.map((score) => ({ score }));

  it('takes the score at rank 0.8·(n + 1), between neighbours', () => {
    // 30 scores 1..30: rank 24.8, so 24.8.
    expect(conformalFactor(scores(Array.from({ length: 30 }, (_, i) => 30 - i)))).toBeCloseTo(24.8, 4);
    // Four scores: rank 4, the largest.
    expect(conformalFactor(scores([4, 1, 3, 2]))).toBeCloseTo(4, 4);
  });

  it('covers a new row with probability 0.80 on average, even from 10 rows', () => {
    const random = seededRandom(3);
    const trials = 20_000;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const factor = conformalFactor(scores(Array.from({ length: 10 }, () => random())));
      if (random() <= factor) covered++;
    }
    // Rank 9 of 10 (the rank rounded up) would cover 9/11 = 0.818.
    expect(covered / trials).toBeGreaterThan(0.792);
    expect(covered / trials).toBeLessThan(0.808);
  });
});
