import { RandomState } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import {
  crossKernel,
  gramMatrix,
  type KernelSpec,
  kernelRow,
  rowSquaredNorms,
  solverGram,
} from './kernels.js';

function randomMatrix(rows: number, cols: number, seed: number) {
  const rng = new RandomState(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.standardNormal();
  return { data, rows, cols };
}

function naive(X: { data: Float64Array; rows: number; cols: number }, spec: KernelSpec) {
  const { data, rows: n, cols: d } = X;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let dot = 0;
      let sq = 0;
      for (let f = 0; f < d; f++) {
        dot += (data[i * d + f] as number) * (data[j * d + f] as number);
        sq += ((data[i * d + f] as number) - (data[j * d + f] as number)) ** 2;
      }
      K[i * n + j] =
        spec.kind === 'linear'
          ? dot
          : spec.kind === 'rbf'
            ? Math.exp(-spec.gamma * sq)
            : spec.kind === 'poly'
              ? (spec.gamma * dot + spec.coef0) ** spec.degree
              : Math.tanh(spec.gamma * dot + spec.coef0);
    }
  return K;
}

describe('kernels', () => {
  const specs: KernelSpec[] = [
    { kind: 'linear', gamma: 0, degree: 3, coef0: 0 },
    { kind: 'rbf', gamma: 0.05, degree: 3, coef0: 0 },
    { kind: 'poly', gamma: 0.1, degree: 3, coef0: 1 },
    { kind: 'sigmoid', gamma: 0.01, coef0: 0.2, degree: 3 },
  ];
  // Odd and even sizes exercise the padding of the SIMD path; 3 × 5 takes the scalar path.
  for (const [n, d] of [
    [7, 33],
    [6, 16],
    [3, 5],
    [50, 1030],
  ] as const) {
    it(`gramMatrix equals direct evaluation (${n} × ${d}) and is symmetric`, () => {
      const X = randomMatrix(n, d, n * 1000 + d);
      for (const spec of specs) {
        const K = gramMatrix(X, spec);
        const E = naive(X, spec);
        for (let i = 0; i < n * n; i++) {
          expect(Math.abs((K[i] as number) - (E[i] as number))).toBeLessThan(
            1e-10 * (1 + Math.abs(E[i] as number)),
          );
        }
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) expect(K[i * n + j]).toBe(K[j * n + i]);
      }
    });
  }

  it('solverGram is gramMatrix rounded to single precision, with the diagonal in double', () => {
    // odd n and an odd width exercise the padding; 1030 columns take the double (two-block) path
    for (const [n, d] of [
      [101, 530],
      [64, 17],
      [9, 1030],
    ] as const) {
      const X = randomMatrix(n, d, n + d);
      for (const spec of specs) {
        const { values, diag } = solverGram(X, spec);
        const K = gramMatrix(X, spec);
        if (spec.kind === 'linear' && d <= 1024) expect(values).toBeInstanceOf(Float32Array);
        // every value exactly K's, rounded to single precision when stored in single
        expect(values).toEqual(values instanceof Float32Array ? Float32Array.from(K) : K);
        // the diagonal in double: given apart from single-precision values, else read from them
        for (let i = 0; i < n; i++)
          expect((diag ?? values)[diag ? i : i * n + i]).toBe(K[i * n + i]);
      }
    }
  });

  it('kernelRow and crossKernel agree with gramMatrix', () => {
    const X = randomMatrix(9, 21, 3);
    const spec = specs[1] as KernelSpec;
    const K = gramMatrix(X, spec);
    const row = new Float64Array(9);
    kernelRow(
      X,
      spec,
      rowSquaredNorms(X),
      4,
      Int32Array.from({ length: 9 }, (_, i) => i),
      row,
    );
    const C = crossKernel(X, X, spec);
    for (let j = 0; j < 9; j++) {
      expect(row[j]).toBeCloseTo(K[4 * 9 + j] as number, 12);
      expect(C[4 * 9 + j]).toBeCloseTo(K[4 * 9 + j] as number, 12);
    }
  });
});
