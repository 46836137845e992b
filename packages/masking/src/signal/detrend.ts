/**
 * Linear detrending of time series, as nilearn's `signal._detrend`: remove each column's mean,
 * then its projection on the centred, normalised time ramp.
 *
 * @module
 */
import type { Matrix2D } from '@voxelkit/core';
import { type SignalsLike, toSignals } from './as-signals.js';

/**
 * Detrends `data` (rows = time points, row-major) in place: subtracts the column means, then
 * (for `type: 'linear'`) the least-squares linear trend.
 */
export function detrendInPlace(
  data: Float64Array,
  rows: number,
  cols: number,
  type: 'linear' | 'constant' = 'linear',
): void {
  if (rows <= 1) return; // nothing to detrend in one time point (nilearn skips it too)
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let c = 0; c < cols; c++) mean[c] += data[off + c];
  }
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let c = 0; c < cols; c++) data[off + c] -= mean[c];
  }
  if (type === 'constant') return;
  // Centred ramp 0..n-1, normalised to unit norm (left unnormalised when its norm is ~0).
  const ramp = new Float64Array(rows);
  const mid = (rows - 1) / 2;
  let ss = 0;
  for (let r = 0; r < rows; r++) {
    ramp[r] = r - mid;
    ss += ramp[r] * ramp[r];
  }
  const norm = Math.sqrt(ss);
  if (!(norm < 2.220446049250313e-16)) for (let r = 0; r < rows; r++) ramp[r] /= norm;
  const proj = mean; // reuse: projection of each column on the ramp
  proj.fill(0);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    const w = ramp[r];
    for (let c = 0; c < cols; c++) proj[c] += w * data[off + c];
  }
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    const w = ramp[r];
    for (let c = 0; c < cols; c++) data[off + c] -= w * proj[c];
  }
}

/** Options of {@link detrend}. */
export interface DetrendOptions {
  /** `'linear'` (default) removes mean and linear trend; `'constant'` only the mean. */
  type?: 'linear' | 'constant';
}

/**
 * Removes the mean and linear trend of every column of `signals` (time × features), as nilearn's
 * `signal._detrend(type='linear')` and scipy's `signal.detrend`. Returns a new float64 matrix.
 *
 * @example
 * ```ts
 * const { data } = detrend({ data: Float64Array.of(1, 2, 3, 5), rows: 4, cols: 1 });
 * ```
 */
export function detrend(signals: SignalsLike, options: DetrendOptions = {}): Matrix2D {
  const m = toSignals(signals);
  detrendInPlace(m.data, m.rows, m.cols, options.type ?? 'linear');
  return m;
}
