import { describe, expect, it } from 'vitest';
import { Gatherer } from './gather';

describe('gatherer', () => {
  it('handles items added together as one group, and those added meanwhile as the next', async () => {
    const groups: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const gatherer = new Gatherer<number, number>(async (items) => {
      groups.push(items);
      if (groups.length === 1) await first;
      return items.map((n) => n * 2);
    }, 100);

    const together = [1, 2, 3].map((n) => gatherer.add(n));
    await new Promise((resolve) => setImmediate(resolve));
    const meanwhile = [4, 5].map((n) => gatherer.add(n));
    release();
    expect(await Promise.all([...together, ...meanwhile])).toEqual([2, 4, 6, 8, 10]);
    expect(groups).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('fails only the items whose result is an error, and every item of a group that throws', async () => {
    const gatherer = new Gatherer<number, number>(async (items) => {
      if (items.includes(0)) throw new Error('whole group');
      return items.map((n) => (n < 0 ? new Error(`bad ${n}`) : n));
    }, 100);
    const settled = await Promise.allSettled([gatherer.add(1), gatherer.add(-1), gatherer.add(2)]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      1,
      'bad -1',
      2,
    ]);
    await expect(gatherer.add(0)).rejects.toThrow('whole group');
    expect(await gatherer.add(3)).toBe(3);
  });

  it('splits a burst into groups of at most maxGroup', async () => {
    const sizes: number[] = [];
    const gatherer = new Gatherer<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => gatherer.add(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });
});
