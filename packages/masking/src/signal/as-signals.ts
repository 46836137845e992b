/**
 * The one input conversion of the signal functions: a (time × features) matrix.
 *
 * @module
 */
import { type Matrix2D, type MatrixLike, toMatrix, ValidationError } from '@voxelkit/core';

/** What the signal functions accept: any 2-D {@link MatrixLike} (time × features), or a 1-D array (one time series). */
export type SignalsLike = MatrixLike | Float64Array | Float32Array | readonly number[];

/**
 * Converts signals to a float64 (time × features) matrix. A 1-D array is one feature over time
 * (numpy's 1-D signal). The result never shares memory with the input unless `inplace` is true
 * and the input already is a `Matrix2D` of float64.
 */
export function toSignals(signals: SignalsLike, name = 'signals', inplace = false): Matrix2D {
  if (ArrayBuffer.isView(signals) || (Array.isArray(signals) && typeof signals[0] === 'number')) {
    const flat = signals as ArrayLike<number>;
    if (flat.length === 0) {
      throw new ValidationError(`${name} is empty: at least one time point is required.`);
    }
    const data =
      inplace && flat instanceof Float64Array ? flat : Float64Array.from(flat as ArrayLike<number>);
    return toMatrix({ data, rows: data.length, cols: 1 }, { name, allowNonFinite: true });
  }
  return toMatrix(signals as MatrixLike, { name, allowNonFinite: true, copy: !inplace });
}
