/**
 * `Ridge` and `RidgeClassifier`: L2-penalised least squares solved exactly (scikit-learn's
 * `solver='auto'` on dense data, i.e. its Cholesky solver on the smaller of the primal and the
 * dual systems).
 *
 * @module
 */
import {
  BaseEstimator,
  type Classifier,
  checkIsFitted,
  checkNFeatures,
  encodeLabels,
  type Label,
  type Matrix2D,
  type MatrixLike,
  type Regressor,
  toLabels,
  toMatrix,
  uniqueLabels,
  ValidationError,
} from '@voxelkit/core';
import { BaseClassifier } from '../base-classifier.js';
import { type ClassWeight, computeClassWeight } from '../class-weight.js';
import { choleskySolve, gramRows, transpose } from './linalg.js';
import {
  centreData,
  checkAlpha,
  checkBoolean,
  interceptFrom,
  linearPredict,
  r2Columns,
  type TargetMatrix,
  type Targets,
  toTargets,
} from './preprocess-data.js';

/**
 * Solves `min ‖Y − X W‖² + alpha ‖W‖²` for centred `X` (`n × p`) and `Y` (`n × t`); returns `W`
 * as `t × p`. The dual (`n × n`) system when `p > n`, otherwise the primal (`p × p`) one.
 */
export function solveRidge(
  X: Float64Array,
  n: number,
  p: number,
  Y: Float64Array,
  t: number,
  alpha: number,
): Float64Array {
  const coef = new Float64Array(t * p);
  if (p > n) {
    const K = gramRows(X, n, p);
    for (let i = 0; i < n; i++) K[i * n + i] = (K[i * n + i] as number) + alpha;
    const D = Float64Array.from(Y);
    choleskySolve(K, n, D, t);
    for (let i = 0; i < n; i++) {
      const oi = i * p;
      for (let k = 0; k < t; k++) {
        const d = D[i * t + k] as number;
        const ok = k * p;
        for (let j = 0; j < p; j++)
          coef[ok + j] = (coef[ok + j] as number) + d * (X[oi + j] as number);
      }
    }
    return coef;
  }
  const Xt = transpose(X, n, p);
  const A = gramRows(Xt, p, n);
  for (let j = 0; j < p; j++) A[j * p + j] = (A[j * p + j] as number) + alpha;
  const B = new Float64Array(p * t);
  for (let j = 0; j < p; j++) {
    const oj = j * n;
    for (let k = 0; k < t; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (Xt[oj + i] as number) * (Y[i * t + k] as number);
      B[j * t + k] = s;
    }
  }
  choleskySolve(A, p, B, t);
  for (let j = 0; j < p; j++) for (let k = 0; k < t; k++) coef[k * p + j] = B[j * t + k] as number;
  return coef;
}

/** Hyper-parameters of {@link Ridge}. */
export interface RidgeParams {
  /** L2 penalty strength, ≥ 0 (default 1). */
  alpha: number;
  /** Fit an unpenalised intercept by centring X and y (default true). */
  fitIntercept: boolean;
  /** Only `'auto'` (the exact Cholesky solution, as scikit-learn's on dense data). */
  solver: 'auto' | 'cholesky';
}

function checkSolver(solver: unknown): void {
  if (solver !== 'auto' && solver !== 'cholesky') {
    throw new ValidationError(`solver must be 'auto' or 'cholesky'; got ${String(solver)}.`);
  }
}

/**
 * Linear least squares with an L2 penalty, as scikit-learn's `Ridge`: minimises
 * `‖y − Xw − b‖² + alpha ‖w‖²`. `y` may be 1-D or have several columns (one model per column).
 *
 * @example
 * ```ts
 * const reg = new Ridge({ alpha: 1 }).fit([[0, 0], [0, 0], [1, 1]], [0, 0.1, 1]);
 * reg.coef_;       // Float64Array [0.3, 0.3] (approximately)
 * reg.predict([[1, 1]]);
 * ```
 */
export class Ridge extends BaseEstimator<RidgeParams> implements Regressor<RidgeParams> {
  readonly estimatorType = 'regressor' as const;
  /** Weights: length `p` for 1-D `y`, else `t × p` (one row per target). */
  coef_?: Float64Array | Matrix2D;
  /** Intercept: a number for 1-D `y`, else one per target. */
  intercept_?: number | Float64Array;
  /** Number of features seen by fit. */
  nFeaturesIn_?: number;

  /** The name this class crosses into worker threads under (see `estimatorRegistry`). */
  static readonly estimatorName: string = 'Ridge';

  constructor(params: Partial<RidgeParams> = {}) {
    super({ alpha: 1, fitIntercept: true, solver: 'auto', ...params });
  }

  /** Fits the model; returns `this`. */
  fit(X: MatrixLike, y: Targets): this {
    const alpha = checkAlpha(this.params.alpha);
    const fitIntercept = checkBoolean(this.params.fitIntercept, 'fitIntercept');
    checkSolver(this.params.solver);
    const Xm = toMatrix(X);
    const Y = toTargets(y, Xm.rows);
    const c = centreData(Xm, Y, fitIntercept);
    const coef = solveRidge(c.X, Xm.rows, Xm.cols, c.Y, Y.cols, alpha);
    const intercept = interceptFrom(coef, c.xOffset, c.yOffset, fitIntercept);
    this.coef_ = Y.oneD ? coef : { data: coef, rows: Y.cols, cols: Xm.cols };
    this.intercept_ = Y.oneD ? (intercept[0] as number) : intercept;
    this.nFeaturesIn_ = Xm.cols;
    return this;
  }

  /** Predictions: length `n` for 1-D training targets, else `n × t` flattened row-major. */
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

  /** R² of `predict(X)` against `y` (averaged over targets). */
  score(X: MatrixLike, y: Targets): number {
    const P = this.predict(X);
    const Y = toTargets(
      y,
      P.length / (this.intercept_ instanceof Float64Array ? this.intercept_.length : 1),
    );
    return r2Columns(Y, P);
  }
}

/** Labels coded as scikit-learn's `LabelBinarizer(neg_label=-1)`: the targets of a ridge classifier. */
export interface RidgeTargets extends TargetMatrix {
  classes: Label[];
  /** The validated labels. */
  labels: Label[];
  /** Index into `classes` of each sample's label. */
  codes: Int32Array;
}

/**
 * Codes labels as ±1 targets: one column (+1 for `classes[1]`) for two classes, one column per
 * class otherwise.
 *
 * @throws ValidationError for fewer than two classes.
 */
export function ridgeTargets(y: ArrayLike<Label>, nSamples: number, who: string): RidgeTargets {
  const labels = toLabels(y, nSamples);
  const classes = uniqueLabels(labels);
  if (classes.length < 2) {
    throw new ValidationError(
      `${who} needs samples of at least 2 classes; y has ${classes.length === 0 ? 'none' : `only ${String(classes[0])}`}.`,
    );
  }
  const codes = encodeLabels(labels, classes);
  const t = classes.length === 2 ? 1 : classes.length;
  const data = new Float64Array(nSamples * t).fill(-1);
  for (let i = 0; i < nSamples; i++) {
    const c = codes[i] as number;
    if (t === 1) data[i] = c === 1 ? 1 : -1;
    else data[i * t + c] = 1;
  }
  return { data, rows: nSamples, cols: t, oneD: false, classes, labels, codes };
}

/**
 * The per-sample weights `classWeight` stands for (scikit-learn's `compute_sample_weight`), or
 * `undefined` when it is unset (every weight 1).
 *
 * @throws ValidationError for a malformed `classWeight` (see {@link computeClassWeight}).
 */
export function classSampleWeight(
  classWeight: ClassWeight | undefined | null,
  Y: RidgeTargets,
): Float64Array | undefined {
  if (classWeight === undefined || classWeight === null) return undefined;
  const perClass = computeClassWeight(classWeight, Y.classes, Y.labels);
  const w = new Float64Array(Y.rows);
  for (let i = 0; i < Y.rows; i++) w[i] = perClass[Y.codes[i] as number] as number;
  return w;
}

/** Shared prediction code of the ridge classifiers. */
export abstract class RidgeClassifierBase<P extends object>
  extends BaseClassifier<P>
  implements Classifier<P>
{
  readonly estimatorType = 'classifier' as const;
  /** Sorted class labels. */
  classes_?: Label[];
  /** Weights, `1 × p` for two classes, `k × p` otherwise. */
  coef_?: Matrix2D;
  /** One intercept per row of `coef_`. */
  intercept_?: Float64Array;
  /** Number of features seen by fit. */
  nFeaturesIn_?: number;

  abstract fit(X: MatrixLike, y: ArrayLike<Label>): this;

  /** Signed scores: 1-D (positive means `classes_[1]`) for two classes, else `n × k`. */
  decisionFunction(X: MatrixLike): Float64Array | Matrix2D {
    checkIsFitted(this, 'coef_');
    const Xm = toMatrix(X);
    checkNFeatures(this, Xm);
    const coef = this.coef_ as Matrix2D;
    const out = linearPredict(Xm, coef.data, this.intercept_ as Float64Array);
    return coef.rows === 1 ? out : { data: out, rows: Xm.rows, cols: coef.rows };
  }

  /** The class with the highest score. */
  predict(X: MatrixLike): Label[] {
    const scores = this.decisionFunction(X);
    const classes = this.classes_ as Label[];
    if (scores instanceof Float64Array) {
      return Array.from(scores, (s) => classes[s > 0 ? 1 : 0] as Label);
    }
    const out: Label[] = [];
    for (let i = 0; i < scores.rows; i++) {
      let best = 0;
      for (let k = 1; k < scores.cols; k++) {
        if (
          (scores.data[i * scores.cols + k] as number) >
          (scores.data[i * scores.cols + best] as number)
        )
          best = k;
      }
      out.push(classes[best] as Label);
    }
    return out;
  }

  /** Stores the solution of a fit on `ridgeTargets` codes. */
  protected setSolution(
    coef: Float64Array,
    intercept: Float64Array,
    classes: Label[],
    p: number,
  ): void {
    this.classes_ = classes;
    this.coef_ = { data: coef, rows: intercept.length, cols: p };
    this.intercept_ = intercept;
    this.nFeaturesIn_ = p;
  }
}

/** Hyper-parameters of {@link RidgeClassifier}. */
export interface RidgeClassifierParams extends RidgeParams {
  /**
   * Class weights (default `undefined`: all 1): `'balanced'` (`n / (nClasses · count)`) or a
   * `{ label: weight }` map. Each sample's squared error is weighted by its class's weight, as
   * scikit-learn's `class_weight` (sample weights per class).
   */
  classWeight: ClassWeight | undefined;
}

/**
 * Fits a ridge classifier on `X`, `Y` (±1 codes), each sample weighted by `sampleWeight`:
 * returns the `t × p` weights and `t` intercepts.
 */
export function fitRidgeCodes(
  X: Matrix2D,
  Y: TargetMatrix,
  alpha: number,
  fitIntercept: boolean,
  sampleWeight: Float64Array | undefined,
): { coef: Float64Array; intercept: Float64Array } {
  const c = centreData(X, Y, fitIntercept, sampleWeight);
  const coef = solveRidge(c.X, X.rows, X.cols, c.Y, Y.cols, alpha);
  return { coef, intercept: interceptFrom(coef, c.xOffset, c.yOffset, fitIntercept) };
}

/**
 * scikit-learn's `RidgeClassifier`: labels are coded as ±1 targets (one column for two classes,
 * one per class otherwise), a {@link Ridge} is fitted on them, and the class with the highest
 * score wins.
 *
 * @example
 * ```ts
 * const clf = new RidgeClassifier({ alpha: 1 }).fit(X, ['cat', 'face', ...]);
 * clf.decisionFunction(Xtest); // > 0 means 'face' (classes_ = ['cat', 'face'])
 * new RidgeClassifier({ classWeight: 'balanced' }).fit(X, labels); // rare classes weigh more
 * ```
 */
export class RidgeClassifier extends RidgeClassifierBase<RidgeClassifierParams> {
  /** The name this class crosses into worker threads under (see `estimatorRegistry`). */
  static readonly estimatorName: string = 'RidgeClassifier';

  constructor(params: Partial<RidgeClassifierParams> = {}) {
    super({ alpha: 1, fitIntercept: true, solver: 'auto', classWeight: undefined, ...params });
  }

  /** Fits one ridge regression per ±1-coded class column; returns `this`. */
  fit(X: MatrixLike, y: ArrayLike<Label>): this {
    const alpha = checkAlpha(this.params.alpha);
    const fitIntercept = checkBoolean(this.params.fitIntercept, 'fitIntercept');
    checkSolver(this.params.solver);
    const Xm = toMatrix(X);
    const Y = ridgeTargets(y, Xm.rows, 'RidgeClassifier');
    const sw = classSampleWeight(this.params.classWeight, Y);
    const { coef, intercept } = fitRidgeCodes(Xm, Y, alpha, fitIntercept, sw);
    this.setSolution(coef, intercept, Y.classes, Xm.cols);
    return this;
  }
}
