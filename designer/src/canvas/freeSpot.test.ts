import { describe, expect, it } from 'vitest';
import { freeSpot, separateOverlaps } from './freeSpot.ts';

const size = { width: 240, height: 160 };
const overlap = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('placing a new node', () => {
  it('goes right of the selected node when that place is free', () => {
    const selected = { x: 0, y: 0, ...size };
    expect(freeSpot(size, [selected], { anchor: selected })).toEqual({ x: 320, y: 0 });
  });

  it('never lands on another node', () => {
    const selected = { x: 0, y: 0, ...size };
    const neighbours = [selected, { x: 320, y: 0, ...size }, { x: 320, y: 200, ...size }, { x: 320, y: -200, ...size }];
    const spot = freeSpot(size, neighbours, { anchor: selected });
    for (const n of neighbours) expect(overlap({ ...spot, ...size }, n)).toBe(false);
    const middle = freeSpot(size, neighbours, { near: { x: 440, y: 80 } });
    for (const n of neighbours) expect(overlap({ ...middle, ...size }, n)).toBe(false);
  });
});

describe('separating overlapping nodes', () => {
  it('moves the lower of two overlapping nodes below the other', () => {
    const moved = separateOverlaps([
      { id: 'a', x: 0, y: 0, ...size },
      { id: 'b', x: 100, y: 100, ...size },
      { id: 'c', x: 600, y: 0, ...size },
    ]);
    expect(moved).toEqual({ b: { x: 100, y: 184 } });
  });
});
