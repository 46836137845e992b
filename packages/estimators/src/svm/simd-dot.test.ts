import { describe, expect, it } from 'vitest';
import { createSimdDot, TILE_ROWS_A, TILE_ROWS_B } from './simd-dot.js';

describe('createSimdDot', () => {
  it('is available on Node 20 and computes a tile of dot products', () => {
    expect([TILE_ROWS_A, TILE_ROWS_B]).toEqual([4, 2]);
    const d = 6;
    const rows = [
      [1, 2, 3, 4, 5, 6],
      [0.5, -1, 2, 0, 1, 3],
      [2, 2, 2, 2, 2, 2],
      [-1, 0, 1, 0, -1, 0],
      [0.25, 3, -2, 1, 1, 1],
      [7, 0, 0, 0.5, -3, 2],
    ];
    const out = rows.length * d; // in doubles; the tile's row stride is 6 doubles
    const s = createSimdDot(8 * (out + 36));
    expect(s).toBeDefined();
    const mem = s!.heap;
    rows.forEach((r, i) => {
      mem.set(r, i * d);
    });
    const dot = (a: number[], b: number[]) => a.reduce((t, v, f) => t + v * (b[f] as number), 0);
    // full tile: rows 0–3 against rows 4–5
    mem.fill(Number.NaN, out, out + 36);
    s!.tile(0, 4, 4, 6, 8 * d, 8 * d, 8 * out, 48, 0);
    for (let i = 0; i < 4; i++) {
      for (let j = 4; j < 6; j++) expect(mem[out + 6 * i + (j - 4)]).toBe(dot(rows[i]!, rows[j]!));
      expect(mem[out + 6 * i + 2]).toBeNaN(); // nothing written past the tile
    }
    // upper tile over rows 0–3: every pair with j >= i
    mem.fill(Number.NaN, out, out + 36);
    s!.tile(0, 4, 0, 4, 8 * d, 8 * d, 8 * out, 48, 1);
    for (let i = 0; i < 4; i++) {
      for (let j = i; j < 4; j++) expect(mem[out + 6 * i + j]).toBe(dot(rows[i]!, rows[j]!));
    }
  });
});
