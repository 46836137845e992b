/**
 * The binary problem liblinear's primal solvers take: samples with an optional constant bias
 * feature appended (regularised like any other weight, as in scikit-learn's liblinear), labels
 * ±1 and a cost per sample (`Cp` for +1, `Cn` for −1).
 *
 * @module
 */
import type { Matrix2D } from '@voxelkit/core';

/** X transposed with the bias row appended: `dim × n`, row-major (one row per feature). */
export interface ColumnMajor {
  data: Float64Array;
  /** Number of samples. */
  n: number;
  /** Number of weights: features, plus one for the bias. */
  dim: number;
}

/**
 * `X` (n × d) as `dim × n` with the bias feature (value `bias`) as the last row when
 * `bias > 0`, so that a coordinate-descent pass over one feature reads contiguous memory.
 */
export function transposeWithBias(X: Matrix2D, bias: number): ColumnMajor {
  const { data, rows: n, cols: d } = X;
  const dim = bias > 0 ? d + 1 : d;
  const out = new Float64Array(dim * n);
  for (let i = 0; i < n; i++) {
    const off = i * d;
    for (let j = 0; j < d; j++) out[j * n + i] = data[off + j] as number;
  }
  if (bias > 0) out.fill(bias, d * n, (d + 1) * n);
  return { data: out, n, dim };
}

/**
 * liblinear's stopping tolerance of its primal solvers for one binary problem:
 * `eps · max(min(#pos, #neg), 1) / n`.
 */
export function primalTolerance(eps: number, y: Int8Array): number {
  let pos = 0;
  for (let i = 0; i < y.length; i++) if ((y[i] as number) > 0) pos++;
  const neg = y.length - pos;
  return (eps * Math.max(Math.min(pos, neg), 1)) / y.length;
}

/** The cost of each sample: `Cp` where `y = +1`, `Cn` where `y = −1`. */
export function sampleCosts(y: Int8Array, Cp: number, Cn: number): Float64Array {
  const C = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) C[i] = (y[i] as number) > 0 ? Cp : Cn;
  return C;
}

/** Result of one binary solve: the weights (bias weight last) and the outer iterations. */
export interface SolveResult {
  w: Float64Array;
  nIter: number;
}

/** Uniform integers in `[low, high)` (a `RandomState`). */
export interface IntSource {
  randint(low: number, high: number): number;
}

/** Shuffles `index[0..active)` as liblinear does each pass (swap `s` with a random later slot). */
export function shufflePrefix(index: Int32Array, active: number, rng: IntSource): void {
  for (let s = 0; s < active; s++) {
    const r = s + rng.randint(0, active - s);
    const tmp = index[s] as number;
    index[s] = index[r] as number;
    index[r] = tmp;
  }
}
