/**
 * `DummyRegressor`: a baseline that predicts a constant learned from `y` alone.
 *
 * @module
 */
import {
  BaseEstimator,
  checkIsFitted,
  checkNFeatures,
  type MatrixLike,
  type Regressor,
  registerEstimator,
  toMatrix,
  ValidationError,
} from '@voxelkit/core';
import { r2Score } from '@voxelkit/metrics';
import { numpyPercentile } from './feature-selection/select.js';
import { toTargets } from './linear-model/preprocess-data.js';

/** What {@link DummyRegressor} predicts. */
export type DummyRegressorStrategy = 'mean' | 'median' | 'quantile' | 'constant';

/** Hyper-parameters of {@link DummyRegressor}. */
export interface DummyRegressorParams {
  /** `'mean'` (default), `'median'`, `'quantile'` or `'constant'`. */
  strategy: DummyRegressorStrategy;
  /** The constant for `strategy: 'constant'`. */
  constant: number | undefined;
  /** The quantile in [0, 1] for `strategy: 'quantile'`. */
  quantile: number | undefined;
}

/**
 * scikit-learn's `DummyRegressor`: predicts the training targets' mean, median, a quantile
 * (numpy's linear interpolation) or a given constant, whatever `X` is.
 *
 * @example
 * ```ts
 * const base = new DummyRegressor({ strategy: 'median' }).fit(X, y);
 * base.score(Xtest, ytest); // R² of the baseline (0 for 'mean' on the training data)
 * ```
 */
export class DummyRegressor
  extends BaseEstimator<DummyRegressorParams>
  implements Regressor<DummyRegressorParams>
{
  readonly estimatorType = 'regressor' as const;
  /** The predicted value. */
  constant_?: number;
  nFeaturesIn_?: number;

  static {
    registerEstimator('DummyRegressor', DummyRegressor as never);
  }

  constructor(params: Partial<DummyRegressorParams> = {}) {
    super({ strategy: 'mean', constant: undefined, quantile: undefined, ...params });
  }

  /** Learns the constant from `y`; returns `this`. */
  fit(X: MatrixLike, y: ArrayLike<number>): this {
    const Xm = toMatrix(X);
    const Y = toTargets(y, Xm.rows);
    if (!Y.oneD) throw new ValidationError('DummyRegressor takes a 1-D y (one target per sample).');
    const v = Y.data;
    const { strategy, constant, quantile } = this.params;
    let c: number;
    if (strategy === 'mean') {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i] as number;
      c = s / v.length;
    } else if (strategy === 'median') c = numpyPercentile(v, 50);
    else if (strategy === 'quantile') {
      if (typeof quantile !== 'number' || !(quantile >= 0 && quantile <= 1)) {
        throw new ValidationError(
          `strategy 'quantile' needs quantile, a number in [0, 1]; got ${String(quantile)}.`,
        );
      }
      c = numpyPercentile(v, quantile * 100);
    } else if (strategy === 'constant') {
      if (typeof constant !== 'number' || !Number.isFinite(constant)) {
        throw new ValidationError(
          `strategy 'constant' needs constant, a finite number; got ${String(constant)}.`,
        );
      }
      c = constant;
    } else {
      throw new ValidationError(
        `strategy must be 'mean', 'median', 'quantile' or 'constant'; got ${String(strategy)}.`,
      );
    }
    this.constant_ = c;
    this.nFeaturesIn_ = Xm.cols;
    return this;
  }

  /** `constant_` for every row of `X`. */
  predict(X: MatrixLike): Float64Array {
    checkIsFitted(this, 'constant_');
    const Xm = toMatrix(X);
    checkNFeatures(this, Xm);
    return new Float64Array(Xm.rows).fill(this.constant_ as number);
  }

  /** R² of `predict(X)` against `y`. */
  score(X: MatrixLike, y: ArrayLike<number>): number {
    return r2Score(y, this.predict(X));
  }
}
