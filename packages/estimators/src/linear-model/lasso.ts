/**
 * `Lasso`: least squares with an L1 penalty, fitted by coordinate descent as scikit-learn's.
 *
 * @module
 */
import {
  BaseEstimator,
  checkIsFitted,
  checkNFeatures,
  checkRandomState,
  type MatrixLike,
  type RandomStateLike,
  type Regressor,
  registerEstimator,
  toMatrix,
  ValidationError,
} from '@voxelkit/core';
import { r2Score } from '@voxelkit/metrics';
import { type CdOptions, cdDense } from './coordinate-descent.js';
import { transpose } from './linalg.js';
import {
  centreData,
  checkAlpha,
  checkBoolean,
  linearPredict,
  toTargets,
} from './preprocess-data.js';

/** Hyper-parameters of {@link Lasso}. */
export interface LassoParams {
  /** L1 penalty: minimises `1/(2n)‖y − Xw − b‖² + alpha‖w‖₁` (default 1). */
  alpha: number;
  /** Fit an unpenalised intercept by centring X and y (default true). */
  fitIntercept: boolean;
  /** Maximum passes over the coordinates (default 1000). */
  maxIter: number;
  /** Stop when the duality gap is below `tol · ‖y‖²` (default 1e-4). */
  tol: number;
  /** Start from the previous fit's `coef_` (default false). */
  warmStart: boolean;
  /** Constrain the weights to be ≥ 0 (default false). */
  positive: boolean;
  /** `'cyclic'` (default) or `'random'` coordinate order. */
  selection: 'cyclic' | 'random';
  /** Seed of the random coordinate order (`selection: 'random'` only), as scikit-learn's. */
  randomState: RandomStateLike;
}

/** Validates the options shared by `Lasso` and `LassoCV`. */
export function checkCdParams(p: {
  fitIntercept: unknown;
  maxIter: unknown;
  tol: unknown;
  positive: unknown;
  selection: unknown;
}): void {
  checkBoolean(p.fitIntercept, 'fitIntercept');
  checkBoolean(p.positive, 'positive');
  if (typeof p.maxIter !== 'number' || !Number.isInteger(p.maxIter) || p.maxIter < 1) {
    throw new ValidationError(`maxIter must be an integer >= 1; got ${String(p.maxIter)}.`);
  }
  if (typeof p.tol !== 'number' || !Number.isFinite(p.tol) || p.tol < 0) {
    throw new ValidationError(`tol must be a finite number >= 0; got ${String(p.tol)}.`);
  }
  if (p.selection !== 'cyclic' && p.selection !== 'random') {
    throw new ValidationError(
      `selection must be 'cyclic' or 'random'; got ${String(p.selection)}.`,
    );
  }
}

/** The centred problem a Lasso solves, ready for coordinate descent. */
export interface LassoProblem {
  /** Centred X, column-major. */
  Xc: Float64Array;
  y: Float64Array;
  n: number;
  p: number;
  xOffset: Float64Array;
  yOffset: number;
}

/** Centres (when fitting an intercept) and lays X out column-major. */
export function lassoProblem(
  data: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  fitIntercept: boolean,
): LassoProblem {
  const c = centreData(
    { data, rows: n, cols: p },
    { data: y, rows: n, cols: 1, oneD: true },
    fitIntercept,
  );
  return {
    Xc: transpose(c.X, n, p),
    y: c.Y,
    n,
    p,
    xOffset: c.xOffset,
    yOffset: c.yOffset[0] as number,
  };
}

/** `yOffset − xOffset · w`. */
export function lassoIntercept(
  pr: { xOffset: Float64Array; yOffset: number },
  w: Float64Array,
  fitIntercept: boolean,
): number {
  if (!fitIntercept) return 0;
  let s = 0;
  for (let j = 0; j < w.length; j++) s += (pr.xOffset[j] as number) * (w[j] as number);
  return pr.yOffset - s;
}

/**
 * scikit-learn's `Lasso`: minimises `1/(2n)‖y − Xw − b‖² + alpha‖w‖₁` by coordinate descent
 * (cyclic by default), stopping on the duality gap; `nIter_` and `dualGap_` as scikit-learn's,
 * and a `ConvergenceWarning` when `maxIter` passes were not enough.
 *
 * @example
 * ```ts
 * const reg = new Lasso({ alpha: 0.1 }).fit([[0, 0], [1, 1], [2, 2]], [0, 1, 2]);
 * reg.coef_;      // Float64Array [0.85, 0]
 * reg.intercept_; // 0.15
 * ```
 */
export class Lasso extends BaseEstimator<LassoParams> implements Regressor<LassoParams> {
  readonly estimatorType = 'regressor' as const;
  /** Weights (length `p`). */
  coef_?: Float64Array;
  /** Intercept. */
  intercept_?: number;
  /** Passes over the coordinates. */
  nIter_?: number;
  /** Final duality gap divided by `n`. */
  dualGap_?: number;
  /** Number of features seen by fit. */
  nFeaturesIn_?: number;

  static {
    registerEstimator('Lasso', Lasso as never);
  }

  constructor(params: Partial<LassoParams> = {}) {
    super({
      alpha: 1,
      fitIntercept: true,
      maxIter: 1000,
      tol: 1e-4,
      warmStart: false,
      positive: false,
      selection: 'cyclic',
      randomState: undefined,
      ...params,
    });
  }

  /** Fits by coordinate descent; returns `this`. */
  fit(X: MatrixLike, y: ArrayLike<number>): this {
    const P = this.params;
    const alpha = checkAlpha(P.alpha);
    checkCdParams(P);
    const warmStart = checkBoolean(P.warmStart, 'warmStart');
    const Xm = toMatrix(X);
    const Y = toTargets(y, Xm.rows);
    if (!Y.oneD) throw new ValidationError('Lasso takes a 1-D y (one target per sample).');
    const pr = lassoProblem(Xm.data, Xm.rows, Xm.cols, Y.data, P.fitIntercept);
    const w =
      warmStart && this.coef_ !== undefined && this.coef_.length === Xm.cols
        ? Float64Array.from(this.coef_)
        : new Float64Array(Xm.cols);
    const o: CdOptions = {
      alpha: alpha * Xm.rows,
      beta: 0,
      maxIter: P.maxIter,
      tol: P.tol,
      rng: P.selection === 'random' ? checkRandomState(P.randomState) : undefined,
      positive: P.positive,
    };
    const r = cdDense(pr.Xc, Xm.rows, Xm.cols, pr.y, w, o);
    this.coef_ = w;
    this.intercept_ = lassoIntercept(pr, w, P.fitIntercept);
    this.nIter_ = r.nIter;
    this.dualGap_ = r.gap / Xm.rows;
    this.nFeaturesIn_ = Xm.cols;
    return this;
  }

  /** `X coef_ + intercept_`. */
  predict(X: MatrixLike): Float64Array {
    checkIsFitted(this, 'coef_');
    const Xm = toMatrix(X);
    checkNFeatures(this, Xm);
    return linearPredict(
      Xm,
      this.coef_ as Float64Array,
      Float64Array.of(this.intercept_ as number),
    );
  }

  /** R² of `predict(X)` against `y`. */
  score(X: MatrixLike, y: ArrayLike<number>): number {
    return r2Score(y, this.predict(X));
  }
}
