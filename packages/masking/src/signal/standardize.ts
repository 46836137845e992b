/**
 * Per-column standardization of time series, as nilearn's `signal._standardize`.
 *
 * @module
 */
import { type Matrix2D, ValidationError, warn } from '@voxelkit/core';
import { StandardizeWarning } from '../warnings.js';
import { type SignalsLike, toSignals } from './as-signals.js';

/**
 * How to standardize each column over time:
 * - `true` / `'zscore'`: remove the mean, divide by the population standard deviation (ddof = 0;
 *   nilearn ≤ 0.13's meaning of `true`, and this package's);
 * - `'zscore_sample'`: the same with the sample standard deviation (ddof = 1; nilearn ≥ 0.14's
 *   meaning of `true` — values differ from `'zscore'` by the factor √((n−1)/n));
 * - `'psc'`: percent signal change, `100 · (x − mean) / |mean|` (columns of mean ~0 become 0);
 * - `false`: leave the values alone.
 *
 * Standard deviations below float64 epsilon are replaced by 1 (constant columns stay 0).
 */
export type Standardize = boolean | 'zscore' | 'zscore_sample' | 'psc';

const EPS = 2.220446049250313e-16;

/** Throws a ValidationError unless `value` is a {@link Standardize} strategy. */
export function checkStandardize(value: unknown): Standardize {
  if (
    value === true ||
    value === false ||
    value === 'zscore' ||
    value === 'zscore_sample' ||
    value === 'psc'
  ) {
    return value;
  }
  throw new ValidationError(
    `standardize must be true, false, 'zscore', 'zscore_sample' or 'psc'; got ${JSON.stringify(value)}.`,
  );
}

/**
 * Standardizes the columns of `data` (time × features, row-major) in place. `centred` says the
 * columns already have zero mean (e.g. after detrending), as nilearn skips re-centring then.
 * A single time point is left unchanged with a warning (standardizing it would give zeros).
 *
 * A `Float32Array` is standardized in float32 arithmetic exactly as numpy does it for nilearn
 * 0.10 (float32 rounding after every operation; column sums accumulated row by row, as numpy
 * reduces axis 0 of a C-ordered array), so that the result equals nilearn's bit for bit. A
 * `Float64Array` is standardized in float64.
 */
export function standardizeInPlace(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  standardize: Standardize,
  centred = false,
): void {
  const strategy = checkStandardize(standardize);
  if (strategy === false) return;
  if (rows === 1) {
    warn(
      new StandardizeWarning(
        'Standardization of a single time point was requested but would give only zeros: skipped. ' +
          'Pass several scans, or standardize: false.',
      ),
    );
    return;
  }
  if (data instanceof Float32Array) {
    standardize32(data, rows, cols, strategy, centred);
    return;
  }
  standardize64(data, rows, cols, strategy, centred);
}

function warnPsc(): void {
  warn(
    new StandardizeWarning(
      "standardize: 'psc' is meaningless for features whose mean is 0: those time series are set to 0.",
    ),
  );
}

function standardize64(
  data: Float64Array,
  rows: number,
  cols: number,
  strategy: Exclude<Standardize, false>,
  centred: boolean,
): void {
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let c = 0; c < cols; c++) mean[c] += data[off + c];
  }
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  if (strategy === 'psc') {
    let invalid = false;
    const absMean = new Float64Array(cols);
    for (let c = 0; c < cols; c++) {
      absMean[c] = Math.abs(mean[c]);
      if (absMean[c] < EPS) invalid = true;
    }
    for (let r = 0; r < rows; r++) {
      const off = r * cols;
      for (let c = 0; c < cols; c++) {
        const a = absMean[c];
        data[off + c] = a < EPS ? 0 : ((data[off + c] - mean[c]) / a) * 100;
      }
    }
    if (invalid) warnPsc();
    return;
  }
  if (!centred) {
    for (let r = 0; r < rows; r++) {
      const off = r * cols;
      for (let c = 0; c < cols; c++) data[off + c] -= mean[c];
    }
  }
  // std of the (centred) columns, numpy style: sqrt(mean((x - mean(x))^2)).
  const colMean = new Float64Array(cols);
  if (centred) {
    for (let r = 0; r < rows; r++) {
      const off = r * cols;
      for (let c = 0; c < cols; c++) colMean[c] += data[off + c];
    }
    for (let c = 0; c < cols; c++) colMean[c] /= rows;
  }
  const ss = mean;
  ss.fill(0);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let c = 0; c < cols; c++) {
      const d = data[off + c] - colMean[c];
      ss[c] += d * d;
    }
  }
  const ddof = strategy === 'zscore_sample' ? 1 : 0;
  const std = ss;
  for (let c = 0; c < cols; c++) {
    const s = Math.sqrt(ss[c] / (rows - ddof));
    std[c] = s < EPS ? 1 : s;
  }
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let c = 0; c < cols; c++) data[off + c] /= std[c];
  }
}

/**
 * Column means of a float32 (rows × cols) array as numpy computes `x.mean(axis=0)` for a
 * C-ordered float32 array: a float32 accumulator per column, rows added one after the other
 * (numpy's pairwise summation only applies along the contiguous axis), then a float32 division.
 * Storing into a Float32Array rounds each float64 operation on float32 operands to the float32
 * result (double rounding is exact for +, −, ×, ÷ and √ of float32 values).
 */
function columnMean32(data: Float32Array, rows: number, cols: number, out: Float32Array): void {
  out.fill(0);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let c = 0; c < cols; c++) out[c] = out[c]! + data[off + c]!;
  }
  for (let c = 0; c < cols; c++) out[c] = out[c]! / rows;
}

function standardize32(
  data: Float32Array,
  rows: number,
  cols: number,
  strategy: Exclude<Standardize, false>,
  centred: boolean,
): void {
  const fround = Math.fround;
  const mean = new Float32Array(cols);
  columnMean32(data, rows, cols, mean);
  if (strategy === 'psc') {
    // (x − mean) / |mean| · 100 in float32; columns of mean ~0 become 0.
    let invalid = false;
    for (let c = 0; c < cols; c++) if (Math.abs(mean[c]!) < EPS) invalid = true;
    for (let r = 0; r < rows; r++) {
      const off = r * cols;
      for (let c = 0; c < cols; c++) {
        const a = Math.abs(mean[c]!);
        data[off + c] = a < EPS ? 0 : fround(fround(data[off + c]! - mean[c]!) / a) * 100;
      }
    }
    if (invalid) warnPsc();
    return;
  }
  if (!centred) {
    for (let r = 0; r < rows; r++) {
      const off = r * cols;
      for (let c = 0; c < cols; c++) data[off + c] = data[off + c]! - mean[c]!;
    }
  }
  // numpy's std: sqrt(sum((x − mean(x))²) / (n − ddof)), every step in float32.
  columnMean32(data, rows, cols, mean);
  const ss = new Float32Array(cols);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let c = 0; c < cols; c++) {
      const d = fround(data[off + c]! - mean[c]!);
      ss[c] = ss[c]! + fround(d * d);
    }
  }
  const n = strategy === 'zscore_sample' ? rows - 1 : rows;
  const std = ss;
  for (let c = 0; c < cols; c++) {
    const s = fround(Math.sqrt(fround(ss[c]! / n)));
    std[c] = s < EPS ? 1 : s;
  }
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let c = 0; c < cols; c++) data[off + c] = data[off + c]! / std[c]!;
  }
}

/**
 * Standardizes every column of `signals` (time × features) over time, as nilearn's
 * `signal._standardize` (see {@link Standardize} for the strategies). Returns a new float64
 * matrix.
 *
 * @throws ValidationError for an unknown strategy.
 */
export function standardizeSignal(
  signals: SignalsLike,
  standardize: Standardize = 'zscore',
): Matrix2D {
  const m = toSignals(signals);
  standardizeInPlace(m.data, m.rows, m.cols, standardize);
  return m;
}
