/**
 * `StandardScaler`: removes each feature's mean and scales it to unit variance.
 *
 * @module
 */
import {
  BaseEstimator,
  checkIsFitted,
  checkNFeatures,
  type Label,
  type Matrix2D,
  type MatrixLike,
  registerEstimator,
  type Transformer,
  toMatrix,
  ValidationError,
} from '@voxelkit/core';

/** Hyper-parameters of {@link StandardScaler}. */
export interface StandardScalerParams {
  /** Subtract the per-feature mean (default true). */
  withMean: boolean;
  /** Divide by the per-feature (population) standard deviation (default true). */
  withStd: boolean;
}

/**
 * Standardizes features as scikit-learn's `StandardScaler`: `z = (x − mean_) / scale_`, with the
 * population variance (ddof = 0) and `scale_ = 1` for constant features.
 *
 * @example
 * ```ts
 * const Z = new StandardScaler().fitTransform([[1, 10], [3, 30]]); // [[-1, -1], [1, 1]]
 * ```
 */
export class StandardScaler
  extends BaseEstimator<StandardScalerParams>
  implements Transformer<StandardScalerParams>
{
  /** Per-feature mean (set when `withMean` or `withStd`). */
  mean_?: Float64Array;
  /** Per-feature population variance (when `withStd`). */
  var_?: Float64Array;
  /** Per-feature divisor: the standard deviation, 1 for constant features (when `withStd`). */
  scale_?: Float64Array;
  /** Number of samples seen by fit. */
  nSamplesSeen_?: number;
  /** Number of features seen by fit. */
  nFeaturesIn_?: number;

  static {
    registerEstimator('StandardScaler', StandardScaler as never);
  }

  constructor(params: Partial<StandardScalerParams> = {}) {
    super({ withMean: true, withStd: true, ...params });
  }

  /** Learns the per-feature mean and variance; returns `this`. `y` is ignored. */
  fit(X: MatrixLike, _y?: ArrayLike<Label>): this {
    const { withMean, withStd } = this.params;
    if (typeof withMean !== 'boolean' || typeof withStd !== 'boolean') {
      throw new ValidationError('withMean and withStd must be booleans.');
    }
    // float32 input (a masker's output) is read as it is: the sums are float64 either way.
    const { data, rows, cols } = toMatrix(X, { acceptFloat32: true });
    const mean = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const off = r * cols;
      for (let c = 0; c < cols; c++) mean[c] = (mean[c] as number) + (data[off + c] as number);
    }
    for (let c = 0; c < cols; c++) mean[c] = (mean[c] as number) / rows;
    let variance: Float64Array | undefined;
    let scale: Float64Array | undefined;
    if (withStd) {
      // Two-pass variance with the rounding correction term (as scikit-learn computes it).
      const correction = new Float64Array(cols);
      variance = new Float64Array(cols);
      for (let r = 0; r < rows; r++) {
        const off = r * cols;
        for (let c = 0; c < cols; c++) {
          const d = (data[off + c] as number) - (mean[c] as number);
          correction[c] = (correction[c] as number) + d;
          variance[c] = (variance[c] as number) + d * d;
        }
      }
      scale = new Float64Array(cols);
      for (let c = 0; c < cols; c++) {
        const corr = correction[c] as number;
        const v = ((variance[c] as number) - (corr * corr) / rows) / rows;
        variance[c] = v;
        const m = mean[c] as number;
        const bound = rows * Number.EPSILON * v + (rows * m * Number.EPSILON) ** 2;
        scale[c] = v <= bound ? 1 : Math.sqrt(v);
      }
    }
    this.mean_ = withMean || withStd ? mean : undefined;
    this.var_ = variance;
    this.scale_ = scale;
    this.nSamplesSeen_ = rows;
    this.nFeaturesIn_ = cols;
    return this;
  }

  /** Standardizes `X` with the learned statistics; returns a new matrix. */
  transform(X: MatrixLike): Matrix2D {
    return this.apply(X, false);
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixLike, y?: ArrayLike<Label>): Matrix2D {
    return this.fit(X, y).transform(X);
  }

  /** Undoes {@link transform}: `x = z * scale_ + mean_`. */
  inverseTransform(X: MatrixLike): Matrix2D {
    return this.apply(X, true);
  }

  /** `(x - mean_) / scale_` per column, or its inverse, into a new matrix. */
  private apply(X: MatrixLike, inverse: boolean): Matrix2D {
    checkIsFitted(this, 'nSamplesSeen_');
    const Xm = toMatrix(X, { acceptFloat32: true });
    checkNFeatures(this, Xm);
    const { rows, cols } = Xm;
    const out = Float64Array.from(Xm.data); // the one conversion (a copy for float64 input)
    const mean = this.params.withMean ? this.mean_ : undefined;
    const scale = this.scale_;
    for (let r = 0; r < rows; r++) {
      const off = r * cols;
      for (let c = 0; c < cols; c++) {
        let v = out[off + c] as number;
        if (inverse) {
          if (scale) v *= scale[c] as number;
          if (mean) v += mean[c] as number;
        } else {
          if (mean) v -= mean[c] as number;
          if (scale) v /= scale[c] as number;
        }
        out[off + c] = v;
      }
    }
    return { data: out, rows, cols };
  }
}
