/**
 * Where a step added from the keyboard goes: the wanted point if nothing is there, else the
 * nearest free place around it, searched ring by ring on the snap grid, so that a step never lands
 * on top of another.
 */
import { type XYPosition } from '@xyflow/react';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A new step's size before it is measured: about what the canvas draws. */
export const NEW_STEP_SIZE = { width: 260, height: 200 };
const GAP = 20;
const STEP = 40;
const RINGS = 30;

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;

export function freeSpot(want: XYPosition, taken: readonly Box[], size = NEW_STEP_SIZE): XYPosition {
  const fits = (p: XYPosition) => !taken.some((box) => overlaps({ ...p, ...size }, box));
  if (fits(want)) return want;
  for (let ring = 1; ring <= RINGS; ring++) {
    // The cells on the ring's border, nearest first: below and to the right before above and to the left.
    const cells: XYPosition[] = [];
    for (let dx = -ring; dx <= ring; dx++)
      for (let dy = -ring; dy <= ring; dy++)
        if (Math.max(Math.abs(dx), Math.abs(dy)) === ring) cells.push({ x: dx, y: dy });
    cells.sort((a, b) => Math.hypot(a.x, a.y) - Math.hypot(b.x, b.y) || b.y - a.y || b.x - a.x);
    for (const c of cells) {
      const p = { x: want.x + c.x * STEP, y: want.y + c.y * STEP };
      if (fits(p)) return p;
    }
  }
  return want;
}
