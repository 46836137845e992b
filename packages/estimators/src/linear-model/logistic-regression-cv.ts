/**
 * `LogisticRegressionCV`: scikit-learn 1.2's logistic regression with the inverse regularisation
 * `C` chosen by cross-validation, for the `'liblinear'` solver (L1 or L2, one-vs-rest).
 *
 * @module
 */
import {
  BaseEstimator,
  type Classifier,
  checkIsFitted,
  encodeLabels,
  type Label,
  type Matrix2D,
  type MatrixLike,
  takeRows,
  toLabels,
  toMatrix,
  uniqueLabels,
  ValidationError,
} from '@voxelkit/core';
import { accuracyScore, getScorer, type Scoring } from '@voxelkit/metrics';
import { type ClassWeight, computeClassWeight } from '../class-weight.js';
import { type CvSplit, type CvSplitter, splitterFolds, stratifiedKFoldSplits } from './k-fold.js';
import { LogisticRegression } from './logistic-regression.js';

/** Hyper-parameters of {@link LogisticRegressionCV} (scikit-learn's names, camelCase). */
export interface LogisticRegressionCVParams {
  /**
   * The candidate values of `C`: a count `n` (default 10) for `logspace(-4, 4, n)`, or the values
   * themselves.
   */
  Cs: number | readonly number[];
  /** Learn an intercept (default true), as liblinear's regularised constant feature. */
  fitIntercept: boolean;
  /**
   * The number of folds of an unshuffled `StratifiedKFold` (default 5, as scikit-learn), or any
   * splitter with `split(X, y)` — e.g. `new LeaveOneGroupOut()` of `@voxelkit/model-selection`
   * (which this package does not depend on) — or a list of splits.
   */
  cv: number | CvSplitter | readonly CvSplit[] | undefined;
  /** Dual formulation (L2 only); the primal is solved either way (same optimum). */
  dual: boolean;
  /** `'l2'` (default) or `'l1'`. */
  penalty: 'l1' | 'l2';
  /** How a fold's held-out part is scored (default: accuracy, scikit-learn's `score`). */
  scoring: Scoring | undefined;
  /** Only `'liblinear'` is implemented (scikit-learn's default is `'lbfgs'`). */
  solver: 'liblinear';
  /** Stopping tolerance (default 1e-4). */
  tol: number;
  /** Maximum number of solver iterations per fit (default 100). */
  maxIter: number;
  /**
   * `'balanced'` (computed once on the whole `y`, as scikit-learn) or `{ label: weight }`.
   * With more than two classes it is not supported (scikit-learn weights each sample of the
   * "rest" by its own class there, which `LogisticRegression`'s liblinear solver cannot).
   */
  classWeight: ClassWeight | undefined;
  /**
   * `true` (default): refit on all the data at the `C` whose fold scores sum highest (per class);
   * `false`: average the coefficients of each fold's best `C`.
   */
  refit: boolean;
  /** Value of the constant intercept feature (default 1). */
  interceptScaling: number;
  /** `'auto'` or `'ovr'` (liblinear is always one-vs-rest). */
  multiClass: 'auto' | 'ovr';
  /** Seed of the L1 solver's coordinate order (default 0, reproducible). */
  randomState: number | undefined;
}

/** A 3-D array in C order: `data[(i * shape[1] + j) * shape[2] + k]`. */
export interface Array3D {
  data: Float64Array;
  shape: [number, number, number];
}

/** numpy's `np.logspace(-4, 4, n)`: `10 ** linspace(-4, 4, n)`. */
function logspace(n: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 1) {
    out[0] = 1e-4;
    return out;
  }
  const step = 8 / (n - 1);
  for (let i = 0; i < n; i++) out[i] = 10 ** (i === n - 1 ? 4 : -4 + i * step);
  return out;
}

function checkCs(Cs: unknown): Float64Array {
  if (typeof Cs === 'number') {
    if (!Number.isInteger(Cs) || Cs < 1 || Cs > 1e4) {
      throw new ValidationError(
        `Cs must be a positive integer count (at most 10000) or a list of positive numbers; got ${String(Cs)}.`,
      );
    }
    return logspace(Cs);
  }
  if (
    Cs !== null &&
    typeof Cs === 'object' &&
    typeof (Cs as ArrayLike<number>).length === 'number'
  ) {
    const values = Float64Array.from(Cs as ArrayLike<number>);
    if (values.length === 0 || values.some((c) => !(c > 0) || !Number.isFinite(c))) {
      throw new ValidationError(
        `Cs must hold positive finite numbers; got [${Array.from(Cs as ArrayLike<number>).join(', ')}].`,
      );
    }
    return values;
  }
  throw new ValidationError(
    `Cs must be a positive integer count or a list of positive numbers; got ${String(Cs)}.`,
  );
}

/**
 * Logistic regression with `C` chosen by cross-validation (scikit-learn 1.2.1's
 * `LogisticRegressionCV(solver='liblinear')`): for each fold and each class against the rest
 * (only `classes_[1]` for two classes), one `LogisticRegression` per candidate `C` is fitted on
 * the training part and scored on the held-out part; `refit` then fits the whole data at the
 * best `C`. The folds are split once, on the original labels.
 *
 * @example
 * ```ts
 * const clf = new LogisticRegressionCV({ Cs: 10, cv: new StratifiedKFold({ nSplits: 5 }) }).fit(X, y);
 * clf.C_;          // the chosen C, one per binary problem
 * clf.scores_;     // { [class]: folds × Cs fold scores }
 * ```
 */
export class LogisticRegressionCV
  extends BaseEstimator<LogisticRegressionCVParams>
  implements Classifier<LogisticRegressionCVParams>
{
  readonly estimatorType = 'classifier' as const;
  /** The name this class is rebuilt under in worker threads. */
  static readonly estimatorName: string = 'LogisticRegressionCV';
  /** Sorted class labels. */
  classes_?: Label[];
  /** The candidate values of C. */
  Cs_?: Float64Array;
  /** The chosen C, one per row of `coef_` (the mean of the folds' best C when `refit` is false). */
  C_?: Float64Array;
  /** Fold scores by class (`String(label)`; only `classes_[1]` for two classes): folds × Cs. */
  scores_?: Record<string, Matrix2D>;
  /**
   * Coefficients by class, folds × Cs × (features + 1 with `fitIntercept`, the intercept last),
   * scikit-learn's `coefs_paths_`.
   */
  coefsPaths_?: Record<string, Array3D>;
  /** Weights: one row for two classes, one per class otherwise. */
  coef_?: Matrix2D;
  /** Intercepts, one per row of `coef_` (0 without `fitIntercept`). */
  intercept_?: Float64Array;
  /** Number of features seen by fit. */
  nFeaturesIn_?: number;

  #model?: LogisticRegression;

  constructor(params: Partial<LogisticRegressionCVParams> = {}) {
    super({
      Cs: 10,
      fitIntercept: true,
      cv: undefined,
      dual: false,
      penalty: 'l2',
      scoring: undefined,
      solver: 'liblinear',
      tol: 1e-4,
      maxIter: 100,
      classWeight: undefined,
      refit: true,
      interceptScaling: 1,
      multiClass: 'auto',
      randomState: undefined,
      ...params,
    });
  }

  private estimatorAt(C: number, classWeight: ClassWeight | undefined): LogisticRegression {
    const p = this.params;
    return new LogisticRegression({
      penalty: p.penalty,
      dual: p.dual,
      tol: p.tol,
      C,
      fitIntercept: p.fitIntercept,
      interceptScaling: p.interceptScaling,
      classWeight,
      randomState: p.randomState,
      solver: p.solver,
      maxIter: p.maxIter,
      multiClass: p.multiClass,
    });
  }

  /**
   * Cross-validates every candidate C for every binary problem, then refits (or averages);
   * returns `this`.
   *
   * @throws ValidationError for invalid input, a single class, invalid parameters, or a
   *   `classWeight` with more than two classes.
   */
  fit(X: MatrixLike, y: ArrayLike<Label>): this {
    // A failed fit leaves nothing of an earlier one looking fitted.
    this.#model = undefined;
    for (const key of [
      'classes_',
      'Cs_',
      'C_',
      'scores_',
      'coefsPaths_',
      'coef_',
      'intercept_',
      'nFeaturesIn_',
    ] as const) {
      delete this[key];
    }
    const Cs = checkCs(this.params.Cs);
    if (typeof this.params.refit !== 'boolean') {
      throw new ValidationError(`refit must be true or false; got ${String(this.params.refit)}.`);
    }
    const scorer = getScorer(this.params.scoring);
    const Xm = toMatrix(X);
    const labels = toLabels(y, Xm.rows);
    const classes = uniqueLabels(labels);
    if (classes.length < 2) {
      throw new ValidationError(
        `This solver needs samples of at least 2 classes in the data, but the data contains only one class: ${JSON.stringify(classes[0])}.`,
      );
    }
    const codes = encodeLabels(labels, classes);
    const weights = computeClassWeight(this.params.classWeight, classes, labels);
    if (this.params.classWeight !== undefined && classes.length > 2) {
      throw new ValidationError(
        'classWeight with more than two classes is not supported by LogisticRegressionCV (scikit-learn weights each "rest" sample by its own class, which the liblinear solver here cannot): leave classWeight undefined, or fit one binary problem per class.',
      );
    }
    const cv = this.params.cv ?? 5;
    const folds =
      typeof cv === 'number' ? stratifiedKFoldSplits(labels, cv) : splitterFolds(cv, Xm, labels);
    const positives = classes.length === 2 ? [1] : classes.map((_, c) => c);
    const nCoef = Xm.cols + (this.params.fitIntercept ? 1 : 0);
    const nF = folds.length;
    const nC = Cs.length;
    const binaryWeight: ClassWeight | undefined =
      this.params.classWeight === undefined
        ? undefined
        : { '1': weights[1] as number, '-1': weights[0] as number };

    const scores: Record<string, Matrix2D> = {};
    const paths: Record<string, Array3D> = {};
    const scoreData = positives.map(() => new Float64Array(nF * nC));
    const pathData = positives.map(() => new Float64Array(nF * nC * nCoef));
    for (let f = 0; f < nF; f++) {
      const [train, test] = folds[f] as [ArrayLike<number>, ArrayLike<number>];
      const Xtr = takeRows(Xm, train);
      const Xte = takeRows(Xm, test);
      for (let p = 0; p < positives.length; p++) {
        const pos = positives[p] as number;
        const ytr = Array.from(train, (i) => (codes[i] === pos ? 1 : -1));
        const yte = Array.from(test, (i) => (codes[i] === pos ? 1 : -1));
        for (let c = 0; c < nC; c++) {
          const est = this.estimatorAt(Cs[c] as number, binaryWeight).fit(Xtr, ytr);
          (scoreData[p] as Float64Array)[f * nC + c] = scorer(est, Xte, yte);
          const w = est.coef_ as Matrix2D;
          const base = (f * nC + c) * nCoef;
          const path = pathData[p] as Float64Array;
          path.set(w.data.subarray(0, Xm.cols), base);
          if (this.params.fitIntercept)
            path[base + Xm.cols] = (est.intercept_ as Float64Array)[0] as number;
        }
      }
    }

    const coef = new Float64Array(positives.length * Xm.cols);
    const intercept = new Float64Array(positives.length);
    const chosen = new Float64Array(positives.length);
    for (let p = 0; p < positives.length; p++) {
      const key = String(classes[positives[p] as number]);
      const s = scoreData[p] as Float64Array;
      const path = pathData[p] as Float64Array;
      scores[key] = { data: s, rows: nF, cols: nC };
      paths[key] = { data: path, shape: [nF, nC, nCoef] };
      if (this.params.refit) {
        let best = 0;
        let bestSum = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < nC; c++) {
          let sum = 0;
          for (let f = 0; f < nF; f++) sum += s[f * nC + c] as number;
          if (sum > bestSum) {
            bestSum = sum;
            best = c;
          }
        }
        const C = Cs[best] as number;
        chosen[p] = C;
        const pos = positives[p] as number;
        const yAll = Array.from(codes, (k) => (k === pos ? 1 : -1));
        const est = this.estimatorAt(C, binaryWeight).fit(Xm, yAll);
        coef.set((est.coef_ as Matrix2D).data.subarray(0, Xm.cols), p * Xm.cols);
        intercept[p] = this.params.fitIntercept
          ? ((est.intercept_ as Float64Array)[0] as number)
          : 0;
      } else {
        let sumC = 0;
        const mean = new Float64Array(nCoef);
        for (let f = 0; f < nF; f++) {
          let best = 0;
          for (let c = 1; c < nC; c++)
            if ((s[f * nC + c] as number) > (s[f * nC + best] as number)) best = c;
          sumC += Cs[best] as number;
          const base = (f * nC + best) * nCoef;
          for (let k = 0; k < nCoef; k++)
            mean[k] = (mean[k] as number) + (path[base + k] as number);
        }
        for (let k = 0; k < nCoef; k++) mean[k] = (mean[k] as number) / nF;
        chosen[p] = sumC / nF;
        coef.set(mean.subarray(0, Xm.cols), p * Xm.cols);
        intercept[p] = this.params.fitIntercept ? (mean[Xm.cols] as number) : 0;
      }
    }

    const model = new LogisticRegression({ fitIntercept: this.params.fitIntercept });
    model.classes_ = classes;
    model.coef_ = { data: coef, rows: positives.length, cols: Xm.cols };
    model.intercept_ = intercept;
    model.nFeaturesIn_ = Xm.cols;
    this.#model = model;
    this.classes_ = classes;
    this.Cs_ = Cs;
    this.C_ = chosen;
    this.scores_ = scores;
    this.coefsPaths_ = paths;
    this.coef_ = { data: coef.slice(), rows: positives.length, cols: Xm.cols };
    this.intercept_ = intercept.slice();
    this.nFeaturesIn_ = Xm.cols;
    return this;
  }

  private fitted(): LogisticRegression {
    checkIsFitted(this, 'coef_');
    return this.#model as LogisticRegression;
  }

  /** Signed distances: a Float64Array for two classes (positive = `classes_[1]`), else n × k. */
  decisionFunction(X: MatrixLike): Float64Array | Matrix2D {
    return this.fitted().decisionFunction(X);
  }

  /** Class probabilities (n × k), as `LogisticRegression.predictProba` (one-vs-rest). */
  predictProba(X: MatrixLike): Matrix2D {
    return this.fitted().predictProba(X);
  }

  /** The predicted class of each row. */
  predict(X: MatrixLike): Label[] {
    return this.fitted().predict(X);
  }

  /** Mean accuracy of `predict(X)` against `y`. */
  score(X: MatrixLike, y: ArrayLike<Label>): number {
    const predicted = this.predict(X);
    return accuracyScore(toLabels(y, predicted.length), predicted);
  }
}
