/**
 * `RidgeCV` and `RidgeClassifierCV` with scikit-learn's efficient leave-one-out (`cv: undefined`,
 * its `_RidgeGCV`): one symmetric decomposition — of `X Xᵀ` when `n ≤ p`, of `Xᵀ X` (the SVD of
 * X) otherwise — gives the exact leave-one-out residuals of every alpha. scikit-learn takes a
 * full eigendecomposition; a Householder tridiagonalisation is enough (a tridiagonal `LDLᵀ` per
 * alpha), a third of the work, the same numbers.
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
  type Regressor,
  takeRows,
  toMatrix,
  ValidationError,
} from '@voxelkit/core';
import { accuracyScore, r2Score } from '@voxelkit/metrics';
import type { ClassWeight } from '../class-weight.js';
import { type CvSplitter, resolveFolds, splitterFolds, stratifiedKFoldSplits } from './k-fold.js';
import {
  gramRows,
  ldlQuadratics,
  multiplyABt,
  shiftedTridiagonalLdl,
  transpose,
  tridiagonalize,
  tridiagonalLdlSolve,
} from './linalg.js';
import {
  centreData,
  checkBoolean,
  interceptFrom,
  linearPredict,
  r2Columns,
  type TargetMatrix,
  type Targets,
  toTargets,
} from './preprocess-data.js';
import {
  classSampleWeight,
  fitRidgeCodes,
  RidgeClassifierBase,
  type RidgeTargets,
  ridgeTargets,
  solveRidge,
} from './ridge.js';

/** How `_RidgeGCV` decomposes X: `'auto'` picks `'svd'` when `n > p`, else `'eigen'`. */
export type GcvMode = 'auto' | 'svd' | 'eigen';

/**
 * A leave-one-out score: `(yTrue, yPred) => number`, higher is better. For the classifier the
 * arguments are labels; for the regressor, the (centred) targets and their LOO predictions.
 */
export type RidgeScoring<T> =
  | 'r2'
  | 'neg_mean_squared_error'
  | 'accuracy'
  | ((yTrue: T, yPred: T) => number);

/** Result of {@link ridgeGcv}. */
export interface GcvResult {
  alphaIndex: number;
  bestScore: number;
  /** `t × p` weights at the best alpha. */
  coef: Float64Array;
  /** `n × t × nAlphas` squared errors (no scoring) or LOO predictions, when asked for. */
  cvValues?: Float64Array;
}

/**
 * Exact leave-one-out ridge over `alphas` on centred `X` (`n × p`) and `Y` (`n × t`).
 * `score(predictions)` (or, without one, the negative mean squared LOO error) picks the alpha:
 * the first best wins. With sample weights, `X` and `Y` come rescaled by `sqrtSw` (see
 * `centreData`) and the intercept's direction is `sqrtSw` instead of the ones vector.
 */
export function ridgeGcv(
  X: Float64Array,
  n: number,
  p: number,
  Y: Float64Array,
  t: number,
  alphas: Float64Array,
  fitIntercept: boolean,
  mode: 'svd' | 'eigen',
  score: ((predictions: Float64Array) => number) | undefined,
  storeCvValues: boolean,
  sqrtSw?: Float64Array,
): GcvResult {
  const nA = alphas.length;
  const cvValues = storeCvValues ? new Float64Array(n * t * nA) : undefined;
  const c = new Float64Array(n * t);
  const g = new Float64Array(n);
  let bestIndex = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  let bestC: Float64Array | undefined;
  const errOrPred = new Float64Array(n * t);
  const evaluate = (a: number): void => {
    for (let i = 0; i < n; i++) {
      const gi = g[i] as number;
      for (let k = 0; k < t; k++) {
        const e = (c[i * t + k] as number) / gi;
        errOrPred[i * t + k] = score === undefined ? e * e : (Y[i * t + k] as number) - e;
      }
    }
    let s: number;
    if (score === undefined) {
      let sum = 0;
      for (let i = 0; i < n * t; i++) sum += errOrPred[i] as number;
      s = -sum / (n * t);
    } else s = score(errOrPred);
    if (cvValues) for (let i = 0; i < n * t; i++) cvValues[i * nA + a] = errOrPred[i] as number;
    if (bestIndex < 0 || s > bestScore) {
      bestIndex = a;
      bestScore = s;
      bestC = Float64Array.from(c);
    }
  };

  // The intercept's direction u = √w / ‖√w‖ (1/√n without weights), orthogonal to the centred
  // columns of X: scikit-learn leaves it unpenalised.
  const u = new Float64Array(n);
  const uty = new Float64Array(t);
  let uNorm2 = 0;
  if (fitIntercept) {
    for (let i = 0; i < n; i++) uNorm2 += sqrtSw === undefined ? 1 : (sqrtSw[i] as number) ** 2;
    const inv = 1 / Math.sqrt(uNorm2);
    for (let i = 0; i < n; i++) u[i] = (sqrtSw === undefined ? 1 : (sqrtSw[i] as number)) * inv;
    for (let i = 0; i < n; i++)
      for (let k = 0; k < t; k++)
        uty[k] = (uty[k] as number) + (u[i] as number) * (Y[i * t + k] as number);
  }
  const notPd = (alpha: number) =>
    new ValidationError(
      `The ridge system X Xᵀ + ${alpha}·I is not positive definite (a non-finite or huge X?): check X, or use larger alphas.`,
    );

  if (mode === 'eigen') {
    // K = X Xᵀ + √w √wᵀ = V Tri Vᵀ (one Householder tridiagonalisation, no QL sweeps). scikit-learn's
    // G⁻¹ = Σⱼ qⱼqⱼᵀ/(λⱼ+α) over the eigenvectors but the intercept's (u, eigenvalue ‖√w‖²)
    // equals (K + αI)⁻¹ − u uᵀ/(‖√w‖²+α), and (K + αI)⁻¹ = V (Tri + αI)⁻¹ Vᵀ: per alpha, one
    // tridiagonal LDLᵀ, diag(G⁻¹)ᵢ = ‖D^-½ L⁻¹ Vᵢ‖² and c = G⁻¹ y in O(n²).
    const K = gramRows(X, n, p);
    if (fitIntercept) {
      for (let i = 0; i < n; i++) {
        const si = sqrtSw === undefined ? 1 : (sqrtSw[i] as number);
        const oi = i * n;
        if (sqrtSw === undefined) for (let j = 0; j < n; j++) K[oi + j] = (K[oi + j] as number) + 1;
        else
          for (let j = 0; j < n; j++)
            K[oi + j] = (K[oi + j] as number) + si * (sqrtSw[j] as number);
      }
    }
    const { d, e, vectors: T } = tridiagonalize(K, n);
    const Vr = transpose(T, n, n); // row i: V[i, ·]
    // s = Vᵀ Y, one contiguous row per target (t × n)
    const sT = multiplyABt(transpose(Y, n, t), t, T, n, n);
    const { H, F } = perAlpha(d, e, alphas, sT, t, Vr, n, notPd);
    const at = nA * t;
    for (let a = 0; a < nA; a++) {
      const wInt = fitIntercept ? 1 / (uNorm2 + (alphas[a] as number)) : 0;
      for (let i = 0; i < n; i++) {
        const ui = u[i] as number;
        g[i] = (H[a * n + i] as number) - ui * ui * wInt;
        for (let k = 0; k < t; k++) {
          c[i * t + k] = (F[i * at + a * t + k] as number) - ui * wInt * (uty[k] as number);
        }
      }
      evaluate(a);
    }
    // coef = Xᵀ c (t × p)
    const coef = multiplyABt(transpose(bestC as Float64Array, n, t), t, transpose(X, n, p), p, n);
    return { alphaIndex: bestIndex, bestScore, coef, cvValues };
  }

  // 'svd' (scikit-learn's SVD of [X, √w]): Xᵀ X = V Tri Vᵀ, W = X V. The hat matrix of alpha is
  // u uᵀ + W (Tri + αI)⁻¹ Wᵀ, so hᵢ = uᵢ² + ‖D^-½ L⁻¹ Wᵢ‖², the fit is W z + u (uᵀy) with
  // z = (Tri + αI)⁻¹ Wᵀ y, and α·G⁻¹ = I − hat.
  const Xt = transpose(X, n, p);
  const C = gramRows(Xt, p, n);
  const { d, e, vectors: T } = tridiagonalize(C, p);
  const W = multiplyABt(X, n, T, p, p);
  // s = Wᵀ Y = Vᵀ (Xᵀ Y), one contiguous row per target (t × p)
  const sT = multiplyABt(multiplyABt(transpose(Y, n, t), t, Xt, p, n), t, T, p, p);
  const { Z, H, F } = perAlpha(d, e, alphas, sT, t, W, n, notPd);
  const at = nA * t;
  let bestA = 0;
  for (let a = 0; a < nA; a++) {
    const alpha = alphas[a] as number;
    for (let i = 0; i < n; i++) {
      const ui = u[i] as number;
      const h = ui * ui + (H[a * n + i] as number);
      g[i] = (1 - h) / alpha;
      for (let k = 0; k < t; k++) {
        const fit = ui * (uty[k] as number) + (F[i * at + a * t + k] as number);
        c[i * t + k] = ((Y[i * t + k] as number) - fit) / alpha;
      }
    }
    const before = bestIndex;
    evaluate(a);
    if (bestIndex !== before) bestA = a;
  }
  // coef = V z at the best alpha (t × p)
  const bestZ = Z.subarray(bestA * t * p, (bestA + 1) * t * p);
  const coef = multiplyABt(bestZ, t, transpose(T, p, p), p, p);
  return { alphaIndex: bestIndex, bestScore, coef, cvValues };
}

/**
 * What each alpha of the leave-one-out needs, from the tridiagonal `(d, e)` of the `len × len`
 * system and the rows of `R` (`rows × len`, the samples in the system's basis): per alpha, the
 * solution `z = (Tri + αI)⁻¹ s` for each target (`Z`, alpha-major, `t × len` each), the quadratic
 * forms `Rᵢ (Tri + αI)⁻¹ Rᵢᵀ` (`H`, `rows` per alpha) and, in one product for all alphas, the
 * fits `Rᵢ · z` (`F`, `rows × (alphas · t)`).
 */
function perAlpha(
  d: Float64Array,
  e: Float64Array,
  alphas: Float64Array,
  sT: Float64Array,
  t: number,
  R: Float64Array,
  rows: number,
  notPd: (alpha: number) => Error,
): { Z: Float64Array; H: Float64Array; F: Float64Array } {
  const len = d.length;
  const nA = alphas.length;
  const D = new Float64Array(len);
  const L = new Float64Array(len);
  const invD = new Float64Array(len);
  const Z = new Float64Array(nA * t * len);
  const H = new Float64Array(nA * rows);
  for (let a = 0; a < nA; a++) {
    const alpha = alphas[a] as number;
    if (!shiftedTridiagonalLdl(d, e, alpha, D, L)) throw notPd(alpha);
    for (let b = 0; b < len; b++) invD[b] = 1 / (D[b] as number);
    const z = Z.subarray(a * t * len, (a + 1) * t * len);
    z.set(sT);
    for (let k = 0; k < t; k++) tridiagonalLdlSolve(D, L, z.subarray(k * len, (k + 1) * len));
    // forward substitutions y = L⁻¹ Rᵢ, accumulating Σ y²/D
    ldlQuadratics(R, rows, len, L, invD, H.subarray(a * rows, (a + 1) * rows));
  }
  return { Z, H, F: multiplyABt(R, rows, Z, nA * t, len) };
}

function checkAlphas(alphas: unknown): Float64Array {
  if (!Array.isArray(alphas) && !ArrayBuffer.isView(alphas)) {
    throw new ValidationError('alphas must be an array of positive numbers, e.g. [0.1, 1, 10].');
  }
  const a = Float64Array.from(alphas as ArrayLike<number>);
  if (a.length === 0) throw new ValidationError('alphas is empty: give at least one alpha.');
  for (let i = 0; i < a.length; i++) {
    const v = a[i] as number;
    if (!Number.isFinite(v) || v <= 0) {
      throw new ValidationError(
        `alphas[${i}] is ${String(v)}: every alpha must be a finite number > 0.`,
      );
    }
  }
  return a;
}

function resolveMode(mode: unknown, n: number, p: number): 'svd' | 'eigen' {
  if (mode === 'svd' || mode === 'eigen') return mode;
  if (mode !== 'auto' && mode !== undefined) {
    throw new ValidationError(`gcvMode must be 'auto', 'svd' or 'eigen'; got ${String(mode)}.`);
  }
  return n > p ? 'svd' : 'eigen';
}

/** Hyper-parameters of {@link RidgeCV}. */
export interface RidgeCVParams {
  /** Candidate penalties, each > 0 (default `[0.1, 1, 10]`). */
  alphas: number[];
  /** Fit an unpenalised intercept (default true). */
  fitIntercept: boolean;
  /** How alphas are ranked (default: negative mean squared LOO error). */
  scoring: RidgeScoring<Float64Array> | undefined;
  /**
   * `undefined` (default): the efficient leave-one-out. A fold count (contiguous KFold) or a
   * splitter: every alpha fitted on each training fold and scored on its test fold (R² unless
   * `scoring`), as scikit-learn's `GridSearchCV` inside `RidgeCV`.
   */
  cv: number | CvSplitter | undefined;
  /** Decomposition used by the leave-one-out (default `'auto'`). */
  gcvMode: GcvMode;
  /** Keep every LOO value in `cvValues_` (default false). */
  storeCvValues: boolean;
}

function regressionScorer(scoring: RidgeCVParams['scoring'], Y: TargetMatrix) {
  if (scoring === undefined) return undefined;
  if (typeof scoring === 'function') return (P: Float64Array) => scoring(Y.data, P);
  if (scoring === 'r2') return (P: Float64Array) => r2Score(Y.data, P);
  if (scoring === 'neg_mean_squared_error') {
    return (P: Float64Array) => {
      let s = 0;
      for (let i = 0; i < P.length; i++) s += ((P[i] as number) - (Y.data[i] as number)) ** 2;
      return -s / P.length;
    };
  }
  throw new ValidationError(
    `scoring must be undefined, 'r2', 'neg_mean_squared_error' or a function; got ${String(scoring)}.`,
  );
}

/**
 * Ridge regression with the penalty chosen by leave-one-out, as scikit-learn's `RidgeCV` with
 * `cv=None`: `alpha_`, `bestScore_` (negative mean squared LOO error unless `scoring` is set),
 * then `coef_`/`intercept_` at `alpha_`.
 *
 * @example
 * ```ts
 * const reg = new RidgeCV({ alphas: [0.1, 1, 10] }).fit(X, y);
 * reg.alpha_; reg.bestScore_;
 * ```
 */
export class RidgeCV extends BaseEstimator<RidgeCVParams> implements Regressor<RidgeCVParams> {
  readonly estimatorType = 'regressor' as const;
  /** Weights at `alpha_` (length `p`, or `t × p` for several targets). */
  coef_?: Float64Array | Matrix2D;
  /** Intercept at `alpha_`. */
  intercept_?: number | Float64Array;
  /** The chosen penalty. */
  alpha_?: number;
  /** Score of `alpha_`. */
  bestScore_?: number;
  /** LOO squared errors (or predictions with `scoring`), `n × nAlphas` or `n × t × nAlphas` flat. */
  cvValues_?: Float64Array;
  /** Number of features seen by fit. */
  nFeaturesIn_?: number;

  /** The name this class crosses into worker threads under (see `estimatorRegistry`). */
  static readonly estimatorName: string = 'RidgeCV';

  constructor(params: Partial<RidgeCVParams> = {}) {
    super({
      alphas: [0.1, 1, 10],
      fitIntercept: true,
      scoring: undefined,
      cv: undefined,
      gcvMode: 'auto',
      storeCvValues: false,
      ...params,
    });
  }

  /** Chooses alpha by leave-one-out and fits at it; returns `this`. */
  fit(X: MatrixLike, y: Targets): this {
    const alphas = checkAlphas(this.params.alphas);
    const fitIntercept = checkBoolean(this.params.fitIntercept, 'fitIntercept');
    const store = checkBoolean(this.params.storeCvValues, 'storeCvValues');
    const Xm = toMatrix(X);
    const Y = toTargets(y, Xm.rows);
    if (this.params.cv !== undefined && this.params.cv !== null) {
      if (store)
        throw new ValidationError('storeCvValues needs cv: undefined (the leave-one-out).');
      return this.fitFolds(Xm, Y, alphas, fitIntercept);
    }
    const mode = resolveMode(this.params.gcvMode, Xm.rows, Xm.cols);
    const c = centreData(Xm, Y, fitIntercept);
    const centredY: TargetMatrix = { ...Y, data: c.Y };
    const r = ridgeGcv(
      c.X,
      Xm.rows,
      Xm.cols,
      c.Y,
      Y.cols,
      alphas,
      fitIntercept,
      mode,
      regressionScorer(this.params.scoring, centredY),
      store,
    );
    const intercept = interceptFrom(r.coef, c.xOffset, c.yOffset, fitIntercept);
    this.alpha_ = alphas[r.alphaIndex] as number;
    this.bestScore_ = r.bestScore;
    this.cvValues_ = r.cvValues;
    this.coef_ = Y.oneD ? r.coef : { data: r.coef, rows: Y.cols, cols: Xm.cols };
    this.intercept_ = Y.oneD ? (intercept[0] as number) : intercept;
    this.nFeaturesIn_ = Xm.cols;
    return this;
  }

  /** The `cv` search: one exact ridge per alpha and fold, the best mean test score, a refit. */
  private fitFolds(
    Xm: Matrix2D,
    Y: TargetMatrix,
    alphas: Float64Array,
    fitIntercept: boolean,
  ): this {
    const folds = resolveFolds(this.params.cv, Xm, Y.data);
    const scoring = this.params.scoring;
    const t = Y.cols;
    const fitAt = (rows: ArrayLike<number> | undefined, alpha: number) => {
      const Xa = rows ? takeRows(Xm, rows) : Xm;
      const Ya: TargetMatrix = rows
        ? {
            ...Y,
            rows: rows.length,
            data: Float64Array.from(
              { length: rows.length * t },
              (_, i) => Y.data[(rows[Math.floor(i / t)] as number) * t + (i % t)] as number,
            ),
          }
        : Y;
      const c = centreData(Xa, Ya, fitIntercept);
      const coef = solveRidge(c.X, Xa.rows, Xa.cols, c.Y, t, alpha);
      return { coef, intercept: interceptFrom(coef, c.xOffset, c.yOffset, fitIntercept) };
    };
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let a = 0; a < alphas.length; a++) {
      let sum = 0;
      for (const [train, test] of folds) {
        const m = fitAt(train, alphas[a] as number);
        const Xt = takeRows(Xm, test);
        const P = linearPredict(Xt, m.coef, m.intercept);
        const Yt: TargetMatrix = {
          ...Y,
          rows: test.length,
          data: Float64Array.from(
            { length: test.length * t },
            (_, i) => Y.data[(test[Math.floor(i / t)] as number) * t + (i % t)] as number,
          ),
        };
        sum +=
          scoring === undefined
            ? r2Columns(Yt, P)
            : (regressionScorer(scoring, Yt) as (P: Float64Array) => number)(P);
      }
      const mean = sum / folds.length;
      if (best < 0 || mean > bestScore) {
        best = a;
        bestScore = mean;
      }
    }
    const m = fitAt(undefined, alphas[best] as number);
    this.alpha_ = alphas[best] as number;
    this.bestScore_ = bestScore;
    this.cvValues_ = undefined;
    this.coef_ = Y.oneD ? m.coef : { data: m.coef, rows: t, cols: Xm.cols };
    this.intercept_ = Y.oneD ? (m.intercept[0] as number) : m.intercept;
    this.nFeaturesIn_ = Xm.cols;
    return this;
  }

  /** Predictions at `alpha_` (`n`, or `n × t` flattened). */
  predict(X: MatrixLike): Float64Array {
    checkIsFitted(this, 'coef_');
    const Xm = toMatrix(X);
    checkNFeatures(this, Xm);
    const coef = this.coef_ as Float64Array | Matrix2D;
    const intercept = this.intercept_ as number | Float64Array;
    return linearPredict(
      Xm,
      coef instanceof Float64Array ? coef : coef.data,
      typeof intercept === 'number' ? Float64Array.of(intercept) : intercept,
    );
  }

  /** R² of `predict(X)` against `y`. */
  score(X: MatrixLike, y: Targets): number {
    const P = this.predict(X);
    const t = this.intercept_ instanceof Float64Array ? this.intercept_.length : 1;
    return r2Columns(toTargets(y, P.length / t), P);
  }
}

/** Hyper-parameters of {@link RidgeClassifierCV}. */
export interface RidgeClassifierCVParams {
  /** Candidate penalties, each > 0 (default `[0.1, 1, 10]`). */
  alphas: number[];
  /** Fit an unpenalised intercept (default true). */
  fitIntercept: boolean;
  /**
   * How alphas are ranked. Leave-one-out: `undefined` is the negative mean squared LOO error on
   * the ±1 codes. With `cv`: `undefined` and `'accuracy'` are the mean test-fold accuracy. A
   * function gets `(yTrue, yPred)` labels.
   */
  scoring: 'accuracy' | ((yTrue: Label[], yPred: Label[]) => number) | undefined;
  /**
   * `undefined` (default): the efficient leave-one-out. A fold count (scikit-learn's
   * `StratifiedKFold`, unshuffled) or a splitter (`split(X, y)`, e.g. `new StratifiedKFold(…)` of
   * `@voxelkit/model-selection`): a {@link RidgeClassifier} per alpha and fold, scored on the test
   * fold, the best mean score refitted on all samples — scikit-learn's inner `GridSearchCV`.
   */
  cv: number | CvSplitter | undefined;
  /**
   * Class weights (default `undefined`: all 1): `'balanced'` or a `{ label: weight }` map; each
   * sample weighs its class's weight in the fit (computed once on all of `y`, also for the folds).
   */
  classWeight: ClassWeight | undefined;
  /** Keep every LOO value in `cvValues_` (default false; needs `cv: undefined`). */
  storeCvValues: boolean;
}

/** Labels predicted by ±1-code ridge weights `coef` (`t × p`) on the rows `X`. */
function predictLabels(
  X: Matrix2D,
  coef: Float64Array,
  intercept: Float64Array,
  classes: Label[],
): Label[] {
  const t = intercept.length;
  const S = linearPredict(X, coef, intercept);
  const out: Label[] = new Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    if (t === 1) {
      out[i] = classes[(S[i] as number) > 0 ? 1 : 0] as Label;
      continue;
    }
    let b = 0;
    for (let k = 1; k < t; k++) if ((S[i * t + k] as number) > (S[i * t + b] as number)) b = k;
    out[i] = classes[b] as Label;
  }
  return out;
}

/**
 * scikit-learn's `RidgeClassifierCV`: ±1-coded targets, the penalty chosen by the efficient
 * leave-one-out (`cv: undefined`) or by a cross-validated grid over `alphas` (`cv`), then a
 * ridge classifier at `alpha_`.
 *
 * @example
 * ```ts
 * const clf = new RidgeClassifierCV({ alphas: [0.1, 1, 10, 100] }).fit(X, labels);
 * clf.alpha_; clf.predict(Xtest);
 * new RidgeClassifierCV({ alphas: [1, 10], cv: 5, classWeight: 'balanced' }).fit(X, labels);
 * ```
 */
export class RidgeClassifierCV extends RidgeClassifierBase<RidgeClassifierCVParams> {
  /** The chosen penalty. */
  alpha_?: number;
  /**
   * Score of `alpha_`: leave-one-out, the negative mean squared LOO error on the (weighted)
   * codes unless `scoring`; with `cv`, the mean test-fold score.
   */
  bestScore_?: number;
  /** LOO squared errors (or predictions with `scoring`), `n × t × nAlphas` flat. */
  cvValues_?: Float64Array;

  /** The name this class crosses into worker threads under (see `estimatorRegistry`). */
  static readonly estimatorName: string = 'RidgeClassifierCV';

  constructor(params: Partial<RidgeClassifierCVParams> = {}) {
    super({
      alphas: [0.1, 1, 10],
      fitIntercept: true,
      scoring: undefined,
      cv: undefined,
      classWeight: undefined,
      storeCvValues: false,
      ...params,
    });
  }

  /** Chooses alpha (leave-one-out or `cv`) and fits at it; returns `this`. */
  fit(X: MatrixLike, y: ArrayLike<Label>): this {
    const alphas = checkAlphas(this.params.alphas);
    const fitIntercept = checkBoolean(this.params.fitIntercept, 'fitIntercept');
    const store = checkBoolean(this.params.storeCvValues, 'storeCvValues');
    const scoring = this.params.scoring;
    if (scoring !== undefined && scoring !== 'accuracy' && typeof scoring !== 'function') {
      throw new ValidationError(
        `scoring must be undefined, 'accuracy' or a function; got ${String(scoring)}.`,
      );
    }
    const Xm = toMatrix(X);
    const Y = ridgeTargets(y, Xm.rows, 'RidgeClassifierCV');
    const sw = classSampleWeight(this.params.classWeight, Y);
    const cv = this.params.cv;
    if (cv !== undefined && cv !== null) {
      if (store) {
        throw new ValidationError(
          'storeCvValues needs cv: undefined (the leave-one-out); cv and storeCvValues: true are incompatible.',
        );
      }
      return this.fitFolds(Xm, Y, alphas, fitIntercept, sw);
    }
    const c = centreData(Xm, Y, fitIntercept, sw);
    const t = Y.cols;
    let scorer: ((P: Float64Array) => number) | undefined;
    if (scoring !== undefined) {
      // As scikit-learn's _IdentityClassifier: the true class is argmax of the (rescaled) code
      // row and the predicted one argmax of the LOO predictions (for two classes both have one
      // column).
      const argmax = (M: Float64Array): Label[] => {
        const out: Label[] = [];
        for (let i = 0; i < Xm.rows; i++) {
          let b = 0;
          for (let k = 1; k < t; k++)
            if ((M[i * t + k] as number) > (M[i * t + b] as number)) b = k;
          out.push(b);
        }
        return out;
      };
      const truth = argmax(c.Y);
      const fn = scoring === 'accuracy' ? accuracyScore : scoring;
      scorer = (P) => fn(truth, argmax(P));
    }
    const r = ridgeGcv(
      c.X,
      Xm.rows,
      Xm.cols,
      c.Y,
      t,
      alphas,
      fitIntercept,
      resolveMode('auto', Xm.rows, Xm.cols),
      scorer,
      store,
      c.sqrtSw,
    );
    this.alpha_ = alphas[r.alphaIndex] as number;
    this.bestScore_ = r.bestScore;
    this.cvValues_ = r.cvValues;
    this.setSolution(
      r.coef,
      interceptFrom(r.coef, c.xOffset, c.yOffset, fitIntercept),
      Y.classes,
      Xm.cols,
    );
    return this;
  }

  /** The `cv` search: a ridge classifier per alpha and fold, the best mean test score, a refit. */
  private fitFolds(
    Xm: Matrix2D,
    Y: RidgeTargets,
    alphas: Float64Array,
    fitIntercept: boolean,
    sw: Float64Array | undefined,
  ): this {
    const cv = this.params.cv;
    const folds =
      typeof cv === 'number'
        ? stratifiedKFoldSplits(Y.labels, cv)
        : splitterFolds(cv, Xm, Y.labels);
    const scoring = this.params.scoring;
    const score = typeof scoring === 'function' ? scoring : accuracyScore;
    // Per fold, once: its rows, codes (classes of the training fold, as a fresh fit sees them)
    // and weights; then one exact ridge per alpha.
    const prepared = folds.map(([train, test]) => {
      const Ytr = ridgeTargets(
        Array.from(train, (i) => Y.labels[i] as Label),
        train.length,
        'RidgeClassifierCV (a training fold)',
      );
      return {
        Xtr: takeRows(Xm, train),
        Ytr,
        swTr: sw ? Float64Array.from(train, (i) => sw[i] as number) : undefined,
        Xte: takeRows(Xm, test),
        yTe: Array.from(test, (i) => Y.labels[i] as Label),
      };
    });
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let a = 0; a < alphas.length; a++) {
      let sum = 0;
      for (const f of prepared) {
        const m = fitRidgeCodes(f.Xtr, f.Ytr, alphas[a] as number, fitIntercept, f.swTr);
        sum += score(f.yTe, predictLabels(f.Xte, m.coef, m.intercept, f.Ytr.classes));
      }
      const mean = sum / prepared.length;
      if (best < 0 || mean > bestScore) {
        best = a;
        bestScore = mean;
      }
    }
    const m = fitRidgeCodes(Xm, Y, alphas[best] as number, fitIntercept, sw);
    this.alpha_ = alphas[best] as number;
    this.bestScore_ = bestScore;
    this.cvValues_ = undefined;
    this.setSolution(m.coef, m.intercept, Y.classes, Xm.cols);
    return this;
  }
}
