import { describe, expect, it } from 'vitest';
import { createSimdDot } from './simd-dot.js';

describe('createSimdDot', () => {
  it('is available on Node 20 and computes a tile of dot products', () => {
    const d = 6;
    const rows = [
      [1, 2, 3, 4, 5, 6],
      [0.5, -1, 2, 0, 1, 3],
      [2, 2, 2, 2, 2, 2],
      [-1, 0, 1, 0, -1, 0],
    ];
    const out = 4 * d; // doubles
    const s = createSimdDot(8 * (out + 16));
    expect(s).toBeDefined();
    const mem = s!.heap;
    rows.forEach((r, i) => {
      mem.set(r, i * d);
    });
    const dot = (a: number[], b: number[]) => a.reduce((t, v, f) => t + v * (b[f] as number), 0);
    // full tile: rows 0–1 against rows 2–3, written at out with a row stride of 4 doubles
    mem.fill(Number.NaN, out, out + 16);
    s!.tile(0, 2, 2, 4, 8 * d, 8 * d, 8 * out, 32, 0);
    expect(Array.from(mem.subarray(out, out + 2))).toEqual([
      dot(rows[0]!, rows[2]!),
      dot(rows[0]!, rows[3]!),
    ]);
    expect(Array.from(mem.subarray(out + 4, out + 6))).toEqual([
      dot(rows[1]!, rows[2]!),
      dot(rows[1]!, rows[3]!),
    ]);
    // upper tile over rows 0–3: pairs (0..1, 0..3) and (2..3, 2..3); (2..3, 0..1) untouched
    mem.fill(Number.NaN, out, out + 16);
    s!.tile(0, 4, 0, 4, 8 * d, 8 * d, 8 * out, 32, 1);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const v = mem[out + 4 * i + j] as number;
        if (Math.floor(j / 2) >= Math.floor(i / 2)) expect(v).toBe(dot(rows[i]!, rows[j]!));
        else expect(v).toBeNaN();
      }
    }
  });
});
