import { describe, expect, it } from 'vitest';
import { coverageFlag } from './card';
import { shareInterval } from './metrics';

describe('shareInterval', () => {
  it('is the exact Clopper–Pearson 95% interval', () => {
    // Textbook values: 8 of 10, and 0 of 10 (upper bound 1 − 0.025^(1/10)).
    const [low, high] = shareInterval(0.8, 10);
    expect(low).toBeCloseTo(0.4439, 4);
    expect(high).toBeCloseTo(0.9748, 4);
    expect(shareInterval(0, 10)).toEqual([0, expect.closeTo(1 - 0.025 ** 0.1, 6)]);
    expect(shareInterval(1, 10)).toEqual([expect.closeTo(0.025 ** 0.1, 6), 1]);
  });

  it('narrows as the cases grow', () => {
    const width = (n: number) => shareInterval(0.8, n)[1] - shareInterval(0.8, n)[0];
    expect(width(1000)).toBeLessThan(width(100));
    expect(width(100)).toBeLessThan(width(20));
  });
});

describe('coverageFlag', () => {
  it('says nothing inside 0.78–0.82', () => {
    expect(coverageFlag(0.78, 50)).toBeNull();
    expect(coverageFlag(0.82, 5000)).toBeNull();
  });

  it('says whether the invoices measured can tell a coverage outside the range from 0.80', () => {
    // 19 of 22: chance alone could give that from sound ranges.
    expect(coverageFlag(19 / 22, 22)).toMatch(
      /^P10–P90 coverage 0\.864 is outside 0\.78–0\.82: the ranges are too wide out of time \(95% interval 0\.65–0\.97: 22 invoices cannot tell it from 0\.80\)$/,
    );
    // 1,700 of 2,000: it could not.
    expect(coverageFlag(0.85, 2000)).toMatch(/too wide .*: more than chance over 2000 invoices\)$/);
    expect(coverageFlag(0.7, 2000)).toMatch(/too narrow .*: more than chance over 2000 invoices\)$/);
  });
});
