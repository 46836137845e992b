import { numpyMean, RandomState } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import {
  linearCoefs,
  narrowLinearGram,
  numpyVariance,
  rbfFromDots,
  rbfFromGram,
} from './gram-wasm.js';
import { kernelFromDot } from './kernels.js';

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

describe('the rbf kernel and gamma="scale" in WebAssembly', () => {
  const rbf = { kind: 'rbf' as const, gamma: 0.37, degree: 3, coef0: 0 };

  it('numpyVariance equals core numpyMean of the squared deviations, bit for bit', () => {
    const rng = new RandomState(5);
    // lengths on both sides of pairwise summation's 8 and 128 and its recursive splits
    for (const n of [1, 2, 7, 8, 9, 15, 16, 127, 128, 129, 136, 255, 1000, 1031, 114_480]) {
      const data = Float64Array.from({ length: n }, () => 3 + 2 * rng.standardNormal());
      const mean = numpyMean(data);
      const want = numpyMean(data.map((v) => (v - mean) * (v - mean)));
      expect(numpyVariance(data)).toBe(want);
    }
    expect(numpyVariance(new Float64Array(20).fill(4.25))).toBe(0);
  });

  it('rbfFromGram maps the upper triangle to kernelFromDot values in both triangles', () => {
    const rng = new RandomState(8);
    for (const n of [1, 2, 31, 216]) {
      const d = 5;
      const x = Float64Array.from({ length: n * d }, () => rng.standardNormal());
      const dots = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          let s = 0;
          for (let f = 0; f < d; f++) s += x[i * d + f]! * x[j * d + f]!;
          dots[i * n + j] = s;
          dots[j * n + i] = j === i ? s : Number.NaN; // the lower triangle is not read
        }
      }
      const K = dots.slice();
      expect(rbfFromGram(K, n, rbf.gamma)).toBe(true);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const [a, b] = i <= j ? [i, j] : [j, i];
          const want = kernelFromDot(rbf, dots[a * n + b]!, dots[a * n + a]!, dots[b * n + b]!);
          expect(K[i * n + j]).toBe(want);
        }
      }
    }
  });

  it('rbfFromDots maps a rectangular block of dot products with both sides’ norms', () => {
    const rng = new RandomState(9);
    const [m, p] = [13, 40];
    const dots = Float64Array.from({ length: m * p }, () => rng.standardNormal());
    const sqA = Float64Array.from({ length: m }, () => 1 + rng.randomSample());
    const sqB = Float64Array.from({ length: p }, () => 1 + rng.randomSample());
    const K = dots.slice();
    expect(rbfFromDots(K, m, p, sqA, sqB, rbf.gamma)).toBe(true);
    for (let r = 0; r < m; r++) {
      for (let s = 0; s < p; s++)
        expect(K[r * p + s]).toBe(kernelFromDot(rbf, dots[r * p + s]!, sqA[r]!, sqB[s]!));
    }
  });
});
