import { describe, expect, it } from 'vitest';
import { freeSpot, NEW_STEP_SIZE, type Box } from './free-spot';

const box = (x: number, y: number): Box => ({ x, y, ...NEW_STEP_SIZE });
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('freeSpot', () => {
  it('keeps the wanted place when it is free', () => {
    expect(freeSpot({ x: 0, y: 0 }, [box(600, 600)])).toEqual({ x: 0, y: 0 });
  });

  it('moves off a step already there, to the nearest free place', () => {
    const taken = [box(0, 0)];
    const spot = freeSpot({ x: 0, y: 0 }, taken);
    expect(overlap({ ...spot, ...NEW_STEP_SIZE }, taken[0]!)).toBe(false);
    expect(Math.hypot(spot.x, spot.y)).toBeLessThanOrEqual(400);
  });

  it('finds room among many steps added at the same place, none on another', () => {
    const taken: Box[] = [];
    for (let i = 0; i < 12; i++) taken.push({ ...freeSpot({ x: 100, y: 100 }, taken), ...NEW_STEP_SIZE });
    for (let i = 0; i < taken.length; i++)
      for (let j = i + 1; j < taken.length; j++) expect(overlap(taken[i]!, taken[j]!)).toBe(false);
  });
});
