import { RandomState } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { narrowLinearGram } from './gram-wasm.js';

describe('narrowLinearGram', () => {
  it('equals the sequential sums of the scalar loop exactly, in both triangles', () => {
    const rng = new RandomState(11);
    for (const [n, d] of [
      [1, 1],
      [5, 3],
      [216, 7],
      [33, 15],
    ] as const) {
      const data = new Float64Array(n * d);
      for (let i = 0; i < data.length; i++) data[i] = rng.standardNormal();
      const K = new Float64Array(n * n).fill(Number.NaN);
      expect(narrowLinearGram(data, n, d, K)).toBe(true);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let f = 0; f < d; f++)
            s += (data[i * d + f] as number) * (data[j * d + f] as number);
          expect(K[i * n + j]).toBe(s);
        }
      }
    }
  });
});
