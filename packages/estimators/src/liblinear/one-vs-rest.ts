/**
 * How liblinear trains several classes: one binary problem for two classes (positive =
 * `classes[1]`, costs `C·weight[1]` / `C·weight[0]`), otherwise one per class against the rest
 * (costs `C·weight[c]` / `C`), as scikit-learn's liblinear wrapper.
 *
 * @module
 */
import type { Matrix2D } from '@voxelkit/core';
import type { SolveResult } from './problem.js';

/** Solves one binary problem with labels ±1 and per-class costs. */
export type BinarySolver = (y: Int8Array, Cp: number, Cn: number) => SolveResult;

/** Weights (one row per binary problem), intercepts and the iteration counts. */
export interface OneVsRestFit {
  coef: Matrix2D;
  intercept: Float64Array;
  /** The iteration count of each binary problem (liblinear's `n_iter`). */
  nIters: Int32Array;
}

/**
 * Runs `solve` for each binary problem of `codes` (class indices in 0…k−1).
 *
 * @param bias the bias feature's value (≤ 0: no intercept); intercept = bias · its weight
 */
export function oneVsRest(
  codes: Int32Array,
  k: number,
  d: number,
  C: number,
  classWeight: Float64Array,
  bias: number,
  solve: BinarySolver,
): OneVsRestFit {
  const nClf = k === 2 ? 1 : k;
  const coef = new Float64Array(nClf * d);
  const intercept = new Float64Array(nClf);
  const y = new Int8Array(codes.length);
  const nIters = new Int32Array(nClf);
  for (let c = 0; c < nClf; c++) {
    const positive = k === 2 ? 1 : c;
    for (let i = 0; i < y.length; i++) y[i] = codes[i] === positive ? 1 : -1;
    const Cp = C * (classWeight[positive] as number);
    const Cn = k === 2 ? C * (classWeight[0] as number) : C;
    const res = solve(y, Cp, Cn);
    coef.set(res.w.subarray(0, d), c * d);
    intercept[c] = bias > 0 ? bias * (res.w[d] as number) : 0;
    nIters[c] = res.nIter;
  }
  return { coef: { data: coef, rows: nClf, cols: d }, intercept, nIters };
}

/** Decision values X·coefᵀ + intercept (n × rows of coef). */
export function linearScores(X: Matrix2D, coef: Matrix2D, intercept: Float64Array): Matrix2D {
  const { rows, cols } = X;
  const k = coef.rows;
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let c = 0; c < k; c++) {
      const co = c * cols;
      let s = intercept[c] as number;
      for (let f = 0; f < cols; f++)
        s += (X.data[off + f] as number) * (coef.data[co + f] as number);
      out[r * k + c] = s;
    }
  }
  return { data: out, rows, cols: k };
}
