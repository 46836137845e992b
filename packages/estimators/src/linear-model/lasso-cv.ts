/**
 * `LassoCV`: the Lasso path over a grid of alphas, cross-validated, then a refit at the best one
 * (scikit-learn's `LassoCV`).
 *
 * @module
 */
import {
  BaseEstimator,
  checkIsFitted,
  checkNFeatures,
  checkRandomState,
  type Matrix2D,
  type MatrixLike,
  type RandomStateLike,
  type Regressor,
  takeRows,
  toMatrix,
  ValidationError,
} from '@voxelkit/core';
import { r2Score } from '@voxelkit/metrics';
import { type CdOptions, cdDense, cdGram } from './coordinate-descent.js';
import { type CvSplitter, resolveFolds } from './k-fold.js';
import { checkCdParams, Lasso, lassoIntercept, lassoProblem } from './lasso.js';
import { gramRows } from './linalg.js';
import { linearPredict, toTargets } from './preprocess-data.js';

/** Hyper-parameters of {@link LassoCV}. */
export interface LassoCVParams {
  /** Length of the automatic alpha grid (default 100). */
  nAlphas: number;
  /** `alphaMin / alphaMax` of the automatic grid (default 1e-3). */
  eps: number;
  /** An explicit grid instead (sorted descending before use). */
  alphas: number[] | undefined;
  fitIntercept: boolean;
  /** Use the Gram matrix on the folds: `'auto'` (when n > p, as scikit-learn), true or false. */
  precompute: 'auto' | boolean;
  maxIter: number;
  tol: number;
  /** Number of contiguous KFold splits (default 5), or an object with `split(X, y)`. */
  cv: number | CvSplitter;
  positive: boolean;
  selection: 'cyclic' | 'random';
  randomState: RandomStateLike;
}

/** scikit-learn's `_alpha_grid` for the Lasso: `nAlphas` log-spaced values from `max|Xᵀy|/n` down. */
export function lassoAlphaGrid(
  X: Matrix2D,
  y: Float64Array,
  fitIntercept: boolean,
  eps: number,
  nAlphas: number,
): Float64Array {
  const pr = lassoProblem(X.data, X.rows, X.cols, y, fitIntercept);
  let max = 0;
  for (let j = 0; j < X.cols; j++) {
    let s = 0;
    const oj = j * X.rows;
    for (let i = 0; i < X.rows; i++) s += (pr.Xc[oj + i] as number) * (pr.y[i] as number);
    max = Math.max(max, Math.abs(s));
  }
  const alphaMax = max / X.rows;
  const out = new Float64Array(nAlphas);
  const resolution = 1e-15;
  if (alphaMax <= resolution) return out.fill(resolution);
  // np.logspace(log10(alphaMax·eps), log10(alphaMax), nAlphas)[::-1]
  const lo = Math.log10(alphaMax * eps);
  const hi = Math.log10(alphaMax);
  const step = nAlphas > 1 ? (hi - lo) / (nAlphas - 1) : 0;
  for (let i = 0; i < nAlphas; i++)
    out[nAlphas - 1 - i] = 10 ** (nAlphas > 1 && i === nAlphas - 1 ? hi : lo + i * step);
  return out;
}

/**
 * scikit-learn's `LassoCV`: a Lasso path (warm-started down the alpha grid) on each training
 * fold, the mean squared error of each alpha on each test fold (`msePath_`, `nAlphas × folds`),
 * `alpha_` the alpha of the lowest mean, then a `Lasso` refit on all the data at `alpha_`.
 *
 * @example
 * ```ts
 * const reg = new LassoCV({ cv: 5 }).fit(X, y);
 * reg.alpha_; reg.alphas_; reg.msePath_; reg.coef_;
 * ```
 */
export class LassoCV extends BaseEstimator<LassoCVParams> implements Regressor<LassoCVParams> {
  readonly estimatorType = 'regressor' as const;
  /** The chosen alpha. */
  alpha_?: number;
  /** The grid (descending). */
  alphas_?: Float64Array;
  /** Test MSE per alpha (rows) and fold (columns). */
  msePath_?: Matrix2D;
  /** Weights of the refit at `alpha_`. */
  coef_?: Float64Array;
  intercept_?: number;
  /** Duality gap of the refit (divided by n). */
  dualGap_?: number;
  /** Iterations of the refit. */
  nIter_?: number;
  nFeaturesIn_?: number;

  /** The name this class crosses into worker threads under (see `estimatorRegistry`). */
  static readonly estimatorName: string = 'LassoCV';

  constructor(params: Partial<LassoCVParams> = {}) {
    super({
      nAlphas: 100,
      eps: 1e-3,
      alphas: undefined,
      fitIntercept: true,
      precompute: 'auto',
      maxIter: 1000,
      tol: 1e-4,
      cv: 5,
      positive: false,
      selection: 'cyclic',
      randomState: undefined,
      ...params,
    });
  }

  /** Cross-validates the path, then refits at `alpha_`; returns `this`. */
  fit(X: MatrixLike, y: ArrayLike<number>): this {
    const P = this.params;
    checkCdParams(P);
    const Xm = toMatrix(X);
    const Y = toTargets(y, Xm.rows);
    if (!Y.oneD) throw new ValidationError('LassoCV takes a 1-D y (one target per sample).');
    let alphas: Float64Array;
    if (P.alphas === undefined) {
      if (!Number.isInteger(P.nAlphas) || P.nAlphas < 1) {
        throw new ValidationError(`nAlphas must be an integer >= 1; got ${String(P.nAlphas)}.`);
      }
      if (typeof P.eps !== 'number' || !(P.eps > 0)) {
        throw new ValidationError(`eps must be a number > 0; got ${String(P.eps)}.`);
      }
      alphas = lassoAlphaGrid(Xm, Y.data, P.fitIntercept, P.eps, P.nAlphas);
    } else {
      if (!Array.isArray(P.alphas) || P.alphas.length === 0) {
        throw new ValidationError('alphas must be a non-empty array of numbers >= 0.');
      }
      for (const a of P.alphas) {
        if (typeof a !== 'number' || !Number.isFinite(a) || a < 0) {
          throw new ValidationError(
            `alphas holds ${String(a)}: every alpha must be a finite number >= 0.`,
          );
        }
      }
      alphas = Float64Array.from(P.alphas).sort().reverse();
    }
    if (P.precompute !== 'auto' && typeof P.precompute !== 'boolean') {
      throw new ValidationError(
        `precompute must be 'auto', true or false; got ${String(P.precompute)}.`,
      );
    }
    const folds = resolveFolds(P.cv, Xm, Y.data);
    const nA = alphas.length;
    const mse = new Float64Array(nA * folds.length);
    folds.forEach(([train, test], f) => {
      // One generator per fold's path, as scikit-learn's enet_path (a seed restarts each fold).
      const rng = P.selection === 'random' ? checkRandomState(P.randomState) : undefined;
      const Xtr = takeRows(Xm, train);
      const ytr = Float64Array.from(train, (i) => Y.data[i] as number);
      const Xte = takeRows(Xm, test);
      const n = Xtr.rows;
      const p = Xtr.cols;
      const pr = lassoProblem(Xtr.data, n, p, ytr, P.fitIntercept);
      const gram = P.precompute === 'auto' ? n > p : P.precompute;
      let Q: Float64Array | undefined;
      let q: Float64Array | undefined;
      let yNorm2 = 0;
      if (gram) {
        Q = gramRows(pr.Xc, p, n);
        q = new Float64Array(p);
        for (let j = 0; j < p; j++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += (pr.Xc[j * n + i] as number) * (pr.y[i] as number);
          q[j] = s;
        }
        for (let i = 0; i < n; i++) yNorm2 += (pr.y[i] as number) ** 2;
      }
      const w = new Float64Array(p);
      for (let a = 0; a < nA; a++) {
        const o: CdOptions = {
          alpha: (alphas[a] as number) * n,
          beta: 0,
          maxIter: P.maxIter,
          tol: P.tol,
          rng,
          positive: P.positive,
        };
        if (Q && q) cdGram(Q, q, yNorm2, p, w, o);
        else cdDense(pr.Xc, n, p, pr.y, w, o);
        const pred = linearPredict(Xte, w, Float64Array.of(lassoIntercept(pr, w, P.fitIntercept)));
        let s = 0;
        for (let i = 0; i < test.length; i++)
          s += ((pred[i] as number) - (Y.data[test[i] as number] as number)) ** 2;
        mse[a * folds.length + f] = s / test.length;
      }
    });
    let best = 0;
    let bestMse = Number.POSITIVE_INFINITY;
    for (let a = 0; a < nA; a++) {
      let s = 0;
      for (let f = 0; f < folds.length; f++) s += mse[a * folds.length + f] as number;
      const m = s / folds.length;
      if (m < bestMse) {
        bestMse = m;
        best = a;
      }
    }
    const model = new Lasso({
      alpha: alphas[best] as number,
      fitIntercept: P.fitIntercept,
      maxIter: P.maxIter,
      tol: P.tol,
      positive: P.positive,
      selection: P.selection,
      randomState: P.randomState,
    }).fit(Xm, Y.data);
    this.alpha_ = alphas[best] as number;
    this.alphas_ = alphas;
    this.msePath_ = { data: mse, rows: nA, cols: folds.length };
    this.coef_ = model.coef_;
    this.intercept_ = model.intercept_;
    this.dualGap_ = model.dualGap_;
    this.nIter_ = model.nIter_;
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
