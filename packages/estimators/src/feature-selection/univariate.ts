/**
 * Univariate scores: the ANOVA F-test `fClassif` and the correlation F-test `fRegression`, each
 * with p-values from the F distribution (scikit-learn's `f_classif` / `f_regression`).
 *
 * @module
 */
import {
  encodeLabels,
  type Label,
  type MatrixLike,
  toLabels,
  toMatrix,
  uniqueLabels,
  ValidationError,
} from '@voxelkit/core';
import { classSums } from './class-sums-wasm.js';
import { fSurvival } from './f-distribution.js';

/** F statistics and their p-values, one per feature. */
export interface FTestResult {
  F: Float64Array;
  pvalues: Float64Array;
}

/**
 * One-way ANOVA F-value of each feature across the classes of `y`, as scikit-learn's
 * `f_classif` (same sums-of-squares formulas): a feature constant within every class and
 * across them gets `F = NaN` (p NaN); constant within classes but not across, `F = Infinity`.
 *
 * @example
 * ```ts
 * const { F, pvalues } = fClassif(X, labels);
 * ```
 * @throws ValidationError for fewer than 2 classes, as many classes as samples, or bad X/y.
 */
export function fClassif(X: MatrixLike, y: ArrayLike<Label>): FTestResult {
  const { data, rows, cols } = toMatrix(X);
  const labels = toLabels(y, rows);
  const classes = uniqueLabels(labels);
  const k = classes.length;
  if (k < 2) {
    throw new ValidationError(`fClassif needs at least 2 classes in y; got ${k}.`);
  }
  if (rows <= k) {
    throw new ValidationError(
      `fClassif needs more samples (${rows}) than classes (${k}) for the within-class variance.`,
    );
  }
  const codes = encodeLabels(labels, classes);
  const counts = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    const c = codes[r] as number;
    counts[c] = (counts[c] as number) + 1;
  }
  // Per class, the column sums and sums of squares: in WebAssembly SIMD where available (the
  // same values), otherwise the same loop here.
  const fast = classSums(data, codes, rows, cols, k);
  const sums = fast?.sums ?? new Float64Array(k * cols);
  const ss = fast?.ss ?? new Float64Array(k * cols);
  if (fast === undefined) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      const oc = (codes[r] as number) * cols;
      for (let j = 0; j < cols; j++) {
        const v = data[o + j] as number;
        sums[oc + j] = (sums[oc + j] as number) + v;
        ss[oc + j] = (ss[oc + j] as number) + v * v;
      }
    }
  }
  const F = new Float64Array(cols);
  const pvalues = new Float64Array(cols);
  const dfbn = k - 1;
  const dfwn = rows - k;
  for (let j = 0; j < cols; j++) {
    let ssAll = 0;
    let sumAll = 0;
    let ssbn = 0;
    for (let c = 0; c < k; c++) {
      ssAll += ss[c * cols + j] as number;
      const s = sums[c * cols + j] as number;
      sumAll += s;
      ssbn += (s * s) / (counts[c] as number);
    }
    const sq = sumAll * sumAll;
    const sstot = ssAll - sq / rows;
    ssbn -= sq / rows;
    const sswn = sstot - ssbn;
    const f = ssbn / dfbn / (sswn / dfwn);
    F[j] = f;
    pvalues[j] = fSurvival(f, dfbn, dfwn);
  }
  return { F, pvalues };
}

/** Options of {@link fRegression}. */
export interface FRegressionOptions {
  /** Centre X and y first (default true). */
  center?: boolean;
  /** Replace non-finite F (constant features, perfect correlation) as scikit-learn (default true). */
  forceFinite?: boolean;
}

/**
 * F-test of each feature's linear correlation with `y`, as scikit-learn's `f_regression`:
 * `F = r² / (1 − r²) · (n − 2)`. With `forceFinite` (default) a constant feature or target gives
 * `F = 0, p = 1` and a perfect correlation `F = Number.MAX_VALUE`.
 *
 * @example
 * ```ts
 * const { F, pvalues } = fRegression(X, y);
 * ```
 */
export function fRegression(
  X: MatrixLike,
  y: ArrayLike<number>,
  options: FRegressionOptions = {},
): FTestResult {
  const center = options.center ?? true;
  const forceFinite = options.forceFinite ?? true;
  const { data, rows, cols } = toMatrix(X);
  if (y === null || y === undefined || y.length !== rows) {
    throw new ValidationError(`y must have one number per sample (${rows}).`);
  }
  const yc = new Float64Array(rows);
  let yMean = 0;
  for (let i = 0; i < rows; i++) {
    const v = y[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValidationError(`y[${i}] is ${String(v)}: targets must be finite numbers.`);
    }
    yc[i] = v;
    yMean += v;
  }
  yMean /= rows;
  if (center) for (let i = 0; i < rows; i++) yc[i] = (yc[i] as number) - yMean;
  const sumX = new Float64Array(cols);
  const sq = new Float64Array(cols);
  const dot = new Float64Array(cols);
  let yNorm2 = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    const yi = yc[i] as number;
    yNorm2 += yi * yi;
    for (let j = 0; j < cols; j++) {
      const v = data[o + j] as number;
      sumX[j] = (sumX[j] as number) + v;
      sq[j] = (sq[j] as number) + v * v;
      dot[j] = (dot[j] as number) + yi * v;
    }
  }
  const yNorm = Math.sqrt(yNorm2);
  const dof = rows - (center ? 2 : 1);
  const F = new Float64Array(cols);
  const pvalues = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    const mean = (sumX[j] as number) / rows;
    const norm = Math.sqrt(center ? (sq[j] as number) - rows * mean * mean : (sq[j] as number));
    let r = (dot[j] as number) / norm / yNorm;
    if (forceFinite && Number.isNaN(r)) r = 0;
    const r2 = r * r;
    let f = (r2 / (1 - r2)) * dof;
    let p = fSurvival(f, 1, dof);
    if (forceFinite) {
      if (f === Number.POSITIVE_INFINITY || f === Number.NEGATIVE_INFINITY) f = Number.MAX_VALUE;
      else if (Number.isNaN(f)) {
        f = 0;
        p = 1;
      }
    }
    F[j] = f;
    pvalues[j] = p;
  }
  return { F, pvalues };
}
