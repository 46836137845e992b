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
 */
export function standardizeInPlace(
  data: Float64Array,
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
    if (invalid) {
      warn(
        new StandardizeWarning(
          "standardize: 'psc' is meaningless for features whose mean is 0: those time series are set to 0.",
        ),
      );
    }
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
