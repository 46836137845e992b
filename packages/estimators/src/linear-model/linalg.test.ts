import { RandomState } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { gramRows, multiplyABt, tridiagonalize } from './linalg.js';

/** Row-major rows × cols standard normal values. */
function randomMatrix(rng: RandomState, rows: number, cols: number): Float64Array {
  return Float64Array.from({ length: rows * cols }, () => rng.standardNormal());
}

/** The sequential-sum reference of A Bᵀ, and each entry's Σ|a_k b_k| (its rounding scale). */
function naiveABt(A: Float64Array, rowsA: number, B: Float64Array, rowsB: number, cols: number) {
  const value = new Float64Array(rowsA * rowsB);
  const scale = new Float64Array(rowsA * rowsB);
  for (let i = 0; i < rowsA; i++)
    for (let j = 0; j < rowsB; j++) {
      let s = 0;
      let a = 0;
      for (let k = 0; k < cols; k++) {
        const v = (A[i * cols + k] as number) * (B[j * cols + k] as number);
        s += v;
        a += Math.abs(v);
      }
      value[i * rowsB + j] = s;
      scale[i * rowsB + j] = a;
    }
  return { value, scale };
}

/** Largest |got − reference| over the entries, relative to each entry's Σ|a_k b_k|. */
function maxError(got: Float64Array, ref: { value: Float64Array; scale: Float64Array }): number {
  let m = 0;
  for (let i = 0; i < got.length; i++) {
    const err = Math.abs((got[i] as number) - (ref.value[i] as number));
    m = Math.max(m, err / (ref.scale[i] as number));
  }
  return m;
}

describe('gramRows and multiplyABt', () => {
  // SIMD tiles (≥ 4 rows, ≥ 16 features): odd widths, row counts off the 4-row micro-tile, more
  // than one 48-row tile, more than one 1024-feature block; and the JavaScript loops below that
  const shapes: [number, number, number][] = [
    [5, 17, 6],
    [7, 33, 9],
    [50, 16, 3],
    [97, 1031, 51],
    [3, 40, 2],
    [9, 15, 4],
  ];
  const rng = new RandomState(3);
  for (const [rowsA, cols, rowsB] of shapes) {
    it(`${rowsA} × ${cols} (and ${rowsB} rows of B) equal the sequential sums to rounding`, () => {
      const A = randomMatrix(rng, rowsA, cols);
      const B = randomMatrix(rng, rowsB, cols);
      const G = gramRows(A, rowsA, cols);
      expect(maxError(G, naiveABt(A, rowsA, A, rowsA, cols))).toBeLessThan(1e-14);
      for (let i = 0; i < rowsA; i++)
        for (let j = 0; j < i; j++) expect(G[i * rowsA + j]).toBe(G[j * rowsA + i]);
      const P = multiplyABt(A, rowsA, B, rowsB, cols);
      expect(maxError(P, naiveABt(A, rowsA, B, rowsB, cols))).toBeLessThan(1e-14);
      // a second call on the kernel's reused memory gives the same values
      expect(Array.from(multiplyABt(A, rowsA, B, rowsB, cols))).toEqual(Array.from(P));
    });
  }
});

describe('tridiagonalize', () => {
  // the WebAssembly SIMD row kernels against the JavaScript loops: every length mod 4
  for (const n of [8, 9, 10, 11, 37]) {
    it(`gives the JavaScript loops' values bitwise in WebAssembly (n = ${n}), and A = V Tri Vᵀ`, () => {
      const rng = new RandomState(n);
      const B = randomMatrix(rng, n, n + 3);
      const A = gramRows(B, n, n + 3);
      const js = tridiagonalize(Float64Array.from(A), n, false);
      const wasm = tridiagonalize(Float64Array.from(A), n);
      expect(Array.from(wasm.d)).toEqual(Array.from(js.d));
      expect(Array.from(wasm.e)).toEqual(Array.from(js.e));
      expect(Array.from(wasm.vectors)).toEqual(Array.from(js.vectors));
      // V Tri Vᵀ reproduces A (row b of vectors is column b of V)
      const V = (a: number, b: number) => wasm.vectors[b * n + a] as number;
      let err = 0;
      for (let a = 0; a < n; a++)
        for (let c = 0; c < n; c++) {
          let s = 0;
          for (let b = 0; b < n; b++) {
            const tri =
              (wasm.d[b] as number) * V(c, b) +
              (b > 0 ? (wasm.e[b - 1] as number) * V(c, b - 1) : 0) +
              (b < n - 1 ? (wasm.e[b] as number) * V(c, b + 1) : 0);
            s += V(a, b) * tri;
          }
          err = Math.max(err, Math.abs(s - (A[a * n + c] as number)));
        }
      expect(err).toBeLessThan(1e-10 * n);
    });
  }

  it('takes the zero-column branch as the JavaScript loops do (columns already reduced)', () => {
    // the last column and a middle one are zero off the diagonal: those steps have scale 0
    const n = 12;
    const rng = new RandomState(3);
    const B = randomMatrix(rng, n, n + 2);
    const A = gramRows(B, n, n + 2);
    for (const c of [n - 1, 5]) {
      for (let r = 0; r < n; r++) {
        if (r === c) continue;
        A[r * n + c] = 0;
        A[c * n + r] = 0;
      }
    }
    const js = tridiagonalize(Float64Array.from(A), n, false);
    const wasm = tridiagonalize(Float64Array.from(A), n);
    expect(js.e[n - 2]).toBe(0);
    expect(Array.from(wasm.d)).toEqual(Array.from(js.d));
    expect(Array.from(wasm.e)).toEqual(Array.from(js.e));
    expect(Array.from(wasm.vectors)).toEqual(Array.from(js.vectors));
  });
});
