import { RandomState } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { linearCoefs, narrowLinearGram } from './gram-wasm.js';

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

  it('linearCoefs sums the support vectors in the order of the JavaScript loop, bit for bit', () => {
    const rng = new RandomState(2);
    const k = 4;
    const d = 9;
    const svStart = Int32Array.of(0, 3, 7, 8, 12);
    const nSV = 12;
    const sv = Float64Array.from({ length: nSV * d }, () => rng.standardNormal());
    const dual = Float64Array.from({ length: (k - 1) * nSV }, (_, i) =>
      i % 5 === 0 ? 0 : rng.standardNormal(),
    );
    const want = new Float64Array(((k * (k - 1)) / 2) * d);
    let p = 0;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        for (const [cls, row] of [
          [a, b - 1],
          [b, a],
        ] as const) {
          for (let s = svStart[cls]!; s < svStart[cls + 1]!; s++) {
            const w = dual[row * nSV + s]!;
            if (w === 0) continue;
            for (let f = 0; f < d; f++) want[p * d + f] = want[p * d + f]! + w * sv[s * d + f]!;
          }
        }
        p++;
      }
    }
    const got = linearCoefs(sv, nSV, d, dual, svStart, k);
    expect(got).toBeDefined();
    expect(Array.from(got!)).toEqual(Array.from(want));
  });
});
