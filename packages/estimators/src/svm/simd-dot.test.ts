import { describe, expect, it } from 'vitest';
import { createSimdDot } from './simd-dot.js';

describe('createSimdDot', () => {
  it('is available on Node 20 and computes four dot products', () => {
    const d = 6;
    const s = createSimdDot(8 * (4 * d + 4));
    expect(s).toBeDefined();
    const mem = s!.heap;
    const rows = [
      [1, 2, 3, 4, 5, 6],
      [0.5, -1, 2, 0, 1, 3],
      [2, 2, 2, 2, 2, 2],
      [-1, 0, 1, 0, -1, 0],
    ];
    rows.forEach((r, i) => {
      mem.set(r, i * d);
    });
    s!.dot22(0, 8 * d, 16 * d, 24 * d, 8 * d, 32 * d);
    const dot = (a: number[], b: number[]) => a.reduce((t, v, f) => t + v * (b[f] as number), 0);
    expect(Array.from(mem.subarray(4 * d, 4 * d + 4))).toEqual([
      dot(rows[0]!, rows[2]!),
      dot(rows[0]!, rows[3]!),
      dot(rows[1]!, rows[2]!),
      dot(rows[1]!, rows[3]!),
    ]);
  });
});
