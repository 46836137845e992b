/**
 * `LogisticRegression` with scikit-learn's `liblinear` solver: L2 (trust-region Newton in the
 * primal) or L1 (newGLMNET), one-vs-rest for more than two classes.
 *
 * @module
 */
import {
  type Classifier,
  ConvergenceWarning,
  checkIsFitted,
  checkNFeatures,
  encodeLabels,
  type Label,
  type Matrix2D,
  type MatrixLike,
  toLabels,
  toMatrix,
  uniqueLabels,
  ValidationError,
  warn,
} from '@voxelkit/core';
import { BaseClassifier } from '../base-classifier.js';
import { type ClassWeight, computeClassWeight } from '../class-weight.js';
import { l1LogisticNewGlmnet } from '../liblinear/l1-newglmnet.js';
import { LiblinearRandom } from '../liblinear/liblinear-random.js';
import { linearScores, oneVsRest } from '../liblinear/one-vs-rest.js';
import { primalTolerance, sampleCosts, transposeWithBias } from '../liblinear/problem.js';
import { tronLogistic } from '../liblinear/tron-logistic.js';

/** Hyper-parameters of {@link LogisticRegression} (scikit-learn's names, camelCase). */
export interface LogisticRegressionParams {
  /** `'l2'` (default) or `'l1'`. */
  penalty: 'l1' | 'l2';
  /**
   * The dual formulation (only with `'l2'`). Both formulations minimise the same strictly convex
   * objective; this implementation solves the primal either way (the model agrees to the
   * tolerance).
   */
  dual: boolean;
  /** Stopping tolerance (default 1e-4), scaled as liblinear's primal solvers do. */
  tol: number;
  /** Inverse regularisation strength, > 0 (default 1). */
  C: number;
  /** Learn an intercept (default true), as a regularised constant feature (liblinear). */
  fitIntercept: boolean;
  /** Value of that constant feature (default 1). */
  interceptScaling: number;
  /** `'balanced'` or `{ label: weight }` (C of class c is `C · weight[c]`). */
  classWeight: ClassWeight | undefined;
  /** Seed of the coordinate order of the L1 solver (default: 0, so that fits are reproducible). */
  randomState: number | undefined;
  /**
   * Only `'liblinear'` is implemented. (scikit-learn's default is `'lbfgs'`; nilearn's `Decoder`
   * asks for `'liblinear'`, which is why it is the default here.)
   */
  solver: 'liblinear';
  /** Maximum number of Newton iterations (default 100). */
  maxIter: number;
  /** `'auto'` or `'ovr'` (liblinear is always one-vs-rest). */
  multiClass: 'auto' | 'ovr';
}

/**
 * Logistic regression (scikit-learn's `LogisticRegression(solver='liblinear')`): the intercept is
 * learned as a regularised constant feature of value `interceptScaling`; more than two classes
 * are fitted one-vs-rest and `predictProba` normalises the per-class sigmoids. For two classes a
 * positive decision value means `classes_[1]`.
 *
 * @example
 * ```ts
 * const clf = new LogisticRegression({ penalty: 'l1', C: 0.5 }).fit(X, y);
 * clf.predictProba(X); // (n × classes), rows sum to 1
 * ```
 */
export class LogisticRegression
  extends BaseClassifier<LogisticRegressionParams>
  implements Classifier<LogisticRegressionParams>
{
  readonly estimatorType = 'classifier' as const;
  /** Sorted class labels. */
  classes_?: Label[];
  /** Weights: one row for two classes, one per class otherwise. */
  coef_?: Matrix2D;
  /** Intercepts, one per row of `coef_` (0 without `fitIntercept`). */
  intercept_?: Float64Array;
  /**
   * Iterations of the solver: one per class for several classes (one-vs-rest), one for two, as
   * scikit-learn's `n_iter_` with liblinear.
   */
  nIter_?: Int32Array;
  /** Number of features seen by fit. */
  nFeaturesIn_?: number;

  static readonly estimatorName: string = 'LogisticRegression';

  constructor(params: Partial<LogisticRegressionParams> = {}) {
    super({
      penalty: 'l2',
      dual: false,
      tol: 1e-4,
      C: 1,
      fitIntercept: true,
      interceptScaling: 1,
      classWeight: undefined,
      randomState: undefined,
      solver: 'liblinear',
      maxIter: 100,
      multiClass: 'auto',
      ...params,
    });
  }

  private validateParams(): void {
    const p = this.params;
    if (typeof p.C !== 'number' || !(p.C > 0) || !Number.isFinite(p.C)) {
      throw new ValidationError(
        `Penalty term C must be a positive finite number; got C=${String(p.C)}.`,
      );
    }
    if (p.penalty !== 'l1' && p.penalty !== 'l2') {
      throw new ValidationError(
        `penalty must be 'l1' or 'l2' with solver 'liblinear'; got ${String(p.penalty)}.`,
      );
    }
    if (p.solver !== 'liblinear') {
      throw new ValidationError(
        `solver ${String(p.solver)} is not implemented; use solver: 'liblinear'.`,
      );
    }
    if (p.penalty === 'l1' && p.dual) {
      throw new ValidationError(
        "The combination of penalty='l1' and loss='logistic_regression' is not supported when dual=true: use dual: false, or penalty: 'l2'.",
      );
    }
    if (p.multiClass !== 'auto' && p.multiClass !== 'ovr') {
      throw new ValidationError(
        `multiClass must be 'auto' or 'ovr' with solver 'liblinear'; got ${String(p.multiClass)}.`,
      );
    }
    if (typeof p.tol !== 'number' || !(p.tol >= 0)) {
      throw new ValidationError(
        `Tolerance for stopping criteria must be non-negative; got tol=${String(p.tol)}.`,
      );
    }
    if (!Number.isInteger(p.maxIter) || p.maxIter < 1) {
      throw new ValidationError(`maxIter must be a positive integer; got ${String(p.maxIter)}.`);
    }
    if (p.fitIntercept && !(p.interceptScaling > 0)) {
      throw new ValidationError(
        `interceptScaling must be positive when fitIntercept is true; got ${String(p.interceptScaling)}.`,
      );
    }
  }

  /**
   * Fits one binary problem (two classes) or one per class against the rest; returns `this`.
   *
   * @throws ValidationError for invalid input, a single class, or invalid parameters.
   */
  fit(X: MatrixLike, y: ArrayLike<Label>): this {
    this.validateParams();
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
    const { C, tol, maxIter, fitIntercept, interceptScaling, penalty } = this.params;
    const bias = fitIntercept ? interceptScaling : 0;
    let fit: ReturnType<typeof oneVsRest>;
    if (penalty === 'l1') {
      const cols = transposeWithBias(Xm, bias);
      const rng = new LiblinearRandom(this.params.randomState ?? 0);
      fit = oneVsRest(codes, classes.length, Xm.cols, C, weights, bias, (yb, Cp, Cn) =>
        l1LogisticNewGlmnet(
          cols,
          yb,
          sampleCosts(yb, Cp, Cn),
          primalTolerance(tol, yb),
          maxIter,
          rng,
        ),
      );
    } else {
      fit = oneVsRest(codes, classes.length, Xm.cols, C, weights, bias, (yb, Cp, Cn) =>
        tronLogistic(Xm, bias, yb, sampleCosts(yb, Cp, Cn), primalTolerance(tol, yb), maxIter),
      );
    }
    this.classes_ = classes;
    this.coef_ = fit.coef;
    this.intercept_ = fit.intercept;
    this.nIter_ = fit.nIters;
    this.nFeaturesIn_ = Xm.cols;
    if (Math.max(...fit.nIters) >= maxIter) {
      warn(
        new ConvergenceWarning(
          `Liblinear failed to converge in ${maxIter} iterations: increase maxIter, or scale the features (StandardScaler).`,
        ),
      );
    }
    return this;
  }

  private scores(X: MatrixLike): Matrix2D {
    checkIsFitted(this, 'coef_');
    const Xm = toMatrix(X);
    checkNFeatures(this, Xm);
    return linearScores(Xm, this.coef_ as Matrix2D, this.intercept_ as Float64Array);
  }

  /** Signed distances: a Float64Array for two classes (positive = `classes_[1]`), else n × k. */
  decisionFunction(X: MatrixLike): Float64Array | Matrix2D {
    const s = this.scores(X);
    return s.cols === 1 ? s.data : s;
  }

  /**
   * Class probabilities (n × k, columns in `classes_` order): the sigmoid of the decision value
   * for two classes, else each class's sigmoid divided by their sum (one-vs-rest, as
   * scikit-learn).
   */
  predictProba(X: MatrixLike): Matrix2D {
    const s = this.scores(X);
    const { rows, cols } = s;
    if (cols === 1) {
      const out = new Float64Array(rows * 2);
      for (let r = 0; r < rows; r++) {
        const p = 1 / (1 + Math.exp(-(s.data[r] as number)));
        out[2 * r] = 1 - p;
        out[2 * r + 1] = p;
      }
      return { data: out, rows, cols: 2 };
    }
    const out = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let c = 0; c < cols; c++) {
        const p = 1 / (1 + Math.exp(-(s.data[r * cols + c] as number)));
        out[r * cols + c] = p;
        sum += p;
      }
      for (let c = 0; c < cols; c++) out[r * cols + c] = (out[r * cols + c] as number) / sum;
    }
    return { data: out, rows, cols };
  }

  /** Natural logarithm of {@link predictProba}. */
  predictLogProba(X: MatrixLike): Matrix2D {
    const p = this.predictProba(X);
    return { data: p.data.map(Math.log), rows: p.rows, cols: p.cols };
  }

  /** Predicted labels: the sign for two classes, the highest score otherwise. */
  predict(X: MatrixLike): Label[] {
    const s = this.scores(X);
    const classes = this.classes_ as Label[];
    const out: Label[] = new Array(s.rows);
    for (let r = 0; r < s.rows; r++) {
      if (s.cols === 1) {
        out[r] = classes[(s.data[r] as number) > 0 ? 1 : 0] as Label;
        continue;
      }
      let best = 0;
      for (let c = 1; c < s.cols; c++) {
        if ((s.data[r * s.cols + c] as number) > (s.data[r * s.cols + best] as number)) best = c;
      }
      out[r] = classes[best] as Label;
    }
    return out;
  }
}
