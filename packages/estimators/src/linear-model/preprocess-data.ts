/**
 * What every linear model does before solving: validate `X` and the targets, and centre both
 * when an intercept is fitted (scikit-learn's `_preprocess_data`), then turn the solution back
 * into `coef_`/`intercept_` and predictions.
 *
 * @module
 */
import { type Matrix2D, type MatrixLike, toMatrix, ValidationError } from '@voxelkit/core';
import { r2Score } from '@voxelkit/metrics';

/** Regression targets: one value per sample, or one row of values per sample. */
export type Targets = ArrayLike<number> | MatrixLike;

/** Targets as an `n × t` row-major matrix, and whether they were given 1-D. */
export interface TargetMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
  oneD: boolean;
}

function isTwoD(y: unknown): boolean {
  if (Array.isArray(y)) return y.length > 0 && typeof y[0] === 'object' && y[0] !== null;
  if (ArrayBuffer.isView(y)) return false;
  return typeof y === 'object' && y !== null && ('shape' in y || 'cols' in y || 'columns' in y);
}

/**
 * Validates regression targets for `nSamples` samples.
 *
 * @throws ValidationError for a wrong length or a non-finite value.
 */
export function toTargets(y: Targets, nSamples: number): TargetMatrix {
  if (y === null || y === undefined || typeof y !== 'object') {
    throw new ValidationError(
      'y must be an array of numbers (or a 2-D array for several targets).',
    );
  }
  if (isTwoD(y)) {
    const m = toMatrix(y as MatrixLike, { name: 'y' });
    if (m.rows !== nSamples) {
      throw new ValidationError(`y has ${m.rows} rows but X has ${nSamples} samples.`);
    }
    return { data: Float64Array.from(m.data), rows: m.rows, cols: m.cols, oneD: false };
  }
  const v = y as ArrayLike<number>;
  if (v.length !== nSamples) {
    throw new ValidationError(
      `y has ${v.length} values but X has ${nSamples} samples: give one target per sample.`,
    );
  }
  const data = new Float64Array(nSamples);
  for (let i = 0; i < nSamples; i++) {
    const t = v[i];
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new ValidationError(`y[${i}] is ${String(t)}: targets must be finite numbers.`);
    }
    data[i] = t;
  }
  return { data, rows: nSamples, cols: 1, oneD: true };
}

/** Column means of a row-major matrix (summed row by row, as numpy reduces axis 0). */
export function columnMeans(data: Float64Array, rows: number, cols: number): Float64Array {
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) mean[c] = (mean[c] as number) + (data[o + c] as number);
  }
  for (let c = 0; c < cols; c++) mean[c] = (mean[c] as number) / rows;
  return mean;
}

/** Subtracts `mean` from every row, in place. */
export function subtractRows(
  data: Float64Array,
  rows: number,
  cols: number,
  mean: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) data[o + c] = (data[o + c] as number) - (mean[c] as number);
  }
}

/** Centred copies of `X` and `Y` (or plain copies without intercept) and their offsets. */
export interface Centred {
  X: Float64Array;
  Y: Float64Array;
  xOffset: Float64Array;
  yOffset: Float64Array;
  /**
   * With sample weights: `√w` per sample; `X` and `Y` are then centred on the weighted means and
   * each row multiplied by its `√w` (scikit-learn's `_rescale_data`).
   */
  sqrtSw?: Float64Array;
}

/** Weighted column means `Σ wᵢ xᵢ / Σ wᵢ` (numpy's `average(axis=0, weights=w)`). */
function weightedColumnMeans(
  data: Float64Array,
  rows: number,
  cols: number,
  w: Float64Array,
  wSum: number,
): Float64Array {
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const wr = w[r] as number;
    for (let c = 0; c < cols; c++) mean[c] = (mean[c] as number) + wr * (data[o + c] as number);
  }
  for (let c = 0; c < cols; c++) mean[c] = (mean[c] as number) / wSum;
  return mean;
}

function scaleRows(data: Float64Array, rows: number, cols: number, s: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const sr = s[r] as number;
    for (let c = 0; c < cols; c++) data[o + c] = (data[o + c] as number) * sr;
  }
}

/**
 * scikit-learn's `_preprocess_data` without normalisation; with `sampleWeight`, also its
 * `_rescale_data` (weighted centring, then rows scaled by `√w`).
 *
 * @throws ValidationError when the sample weights sum to zero.
 */
export function centreData(
  X: Matrix2D,
  Y: TargetMatrix,
  fitIntercept: boolean,
  sampleWeight?: Float64Array,
): Centred {
  const Xc = Float64Array.from(X.data);
  const Yc = Float64Array.from(Y.data);
  if (sampleWeight === undefined) {
    if (!fitIntercept) {
      return {
        X: Xc,
        Y: Yc,
        xOffset: new Float64Array(X.cols),
        yOffset: new Float64Array(Y.cols),
      };
    }
    const xOffset = columnMeans(Xc, X.rows, X.cols);
    const yOffset = columnMeans(Yc, Y.rows, Y.cols);
    subtractRows(Xc, X.rows, X.cols, xOffset);
    subtractRows(Yc, Y.rows, Y.cols, yOffset);
    return { X: Xc, Y: Yc, xOffset, yOffset };
  }
  let wSum = 0;
  for (let i = 0; i < sampleWeight.length; i++) wSum += sampleWeight[i] as number;
  if (!(wSum > 0)) {
    throw new ValidationError(
      'The sample weights (from classWeight) sum to zero: give at least one sample a positive weight.',
    );
  }
  let xOffset: Float64Array = new Float64Array(X.cols);
  let yOffset: Float64Array = new Float64Array(Y.cols);
  if (fitIntercept) {
    xOffset = weightedColumnMeans(Xc, X.rows, X.cols, sampleWeight, wSum);
    yOffset = weightedColumnMeans(Yc, Y.rows, Y.cols, sampleWeight, wSum);
    subtractRows(Xc, X.rows, X.cols, xOffset);
    subtractRows(Yc, Y.rows, Y.cols, yOffset);
  }
  const sqrtSw = sampleWeight.map(Math.sqrt);
  scaleRows(Xc, X.rows, X.cols, sqrtSw);
  scaleRows(Yc, Y.rows, Y.cols, sqrtSw);
  return { X: Xc, Y: Yc, xOffset, yOffset, sqrtSw };
}

/** `intercept[t] = yOffset[t] − xOffset · coef[t]` (coef is `t × p`). */
export function interceptFrom(
  coef: Float64Array,
  xOffset: Float64Array,
  yOffset: Float64Array,
  fitIntercept: boolean,
): Float64Array {
  const t = yOffset.length;
  const p = xOffset.length;
  const out = new Float64Array(t);
  if (!fitIntercept) return out;
  for (let k = 0; k < t; k++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += (xOffset[j] as number) * (coef[k * p + j] as number);
    out[k] = (yOffset[k] as number) - s;
  }
  return out;
}

/** `X coefᵀ + intercept` as an `n × t` row-major array. */
export function linearPredict(
  X: Matrix2D,
  coef: Float64Array,
  intercept: Float64Array,
): Float64Array {
  const { rows, cols, data } = X;
  const t = intercept.length;
  const out = new Float64Array(rows * t);
  for (let i = 0; i < rows; i++) {
    const oi = i * cols;
    for (let k = 0; k < t; k++) {
      const ok = k * cols;
      let s = 0;
      for (let j = 0; j < cols; j++) s += (data[oi + j] as number) * (coef[ok + j] as number);
      out[i * t + k] = s + (intercept[k] as number);
    }
  }
  return out;
}

/** R² averaged uniformly over the targets (scikit-learn's `r2_score` default). */
export function r2Columns(Y: TargetMatrix, P: Float64Array): number {
  const { rows, cols } = Y;
  if (cols === 1) return r2Score(Y.data, P);
  let sum = 0;
  const a = new Float64Array(rows);
  const b = new Float64Array(rows);
  for (let k = 0; k < cols; k++) {
    for (let i = 0; i < rows; i++) {
      a[i] = Y.data[i * cols + k] as number;
      b[i] = P[i * cols + k] as number;
    }
    sum += r2Score(a, b);
  }
  return sum / cols;
}

/** Checks a regularisation strength: a finite number ≥ 0. */
export function checkAlpha(alpha: unknown, name = 'alpha'): number {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) {
    throw new ValidationError(
      `${name} must be a finite number >= 0; got ${String(alpha)}. It is the regularisation strength.`,
    );
  }
  return alpha;
}

/** Checks a boolean option. */
export function checkBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') {
    throw new ValidationError(`${name} must be true or false; got ${String(value)}.`);
  }
  return value;
}
