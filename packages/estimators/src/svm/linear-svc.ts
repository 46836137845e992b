/**
 * `LinearSVC`: a linear SVM trained by dual coordinate descent (liblinear's solver), one-vs-rest
 * for more than two classes — the estimator nilearn's `Decoder` uses.
 *
 * @module
 */
import {
  type Classifier,
  ConvergenceWarning,
  checkIsFitted,
  checkNFeatures,
  checkRandomState,
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
import { l1PrimalSquaredHinge } from '../liblinear/l1-primal-cd.js';
import { LiblinearRandom } from '../liblinear/liblinear-random.js';
import { primalTolerance, sampleCosts, transposeWithBias } from '../liblinear/problem.js';
import { type DcdWorkspace, dcdWorkspace } from './linear-svc-wasm.js';

/** Hyper-parameters of {@link LinearSVC} (scikit-learn's names in camelCase, same defaults). */
export interface LinearSVCParams {
  /** Inverse regularisation strength, > 0 (default 1). */
  C: number;
  /** Stopping tolerance on the projected-gradient range (default 1e-4). */
  tol: number;
  /** Maximum number of passes over the data (default 1000). */
  maxIter: number;
  /** Learn an intercept (default true), as an extra constant feature (regularised, as liblinear). */
  fitIntercept: boolean;
  /** Value of that constant feature (default 1). */
  interceptScaling: number;
  /**
   * `'l2'` (default) or `'l1'` (sparse weights; needs `dual: false` and the squared hinge,
   * solved by liblinear's primal coordinate descent in a random order drawn from `randomState`).
   */
  penalty: 'l1' | 'l2';
  /** `'squared_hinge'` (default) or `'hinge'`. */
  loss: 'squared_hinge' | 'hinge';
  /**
   * scikit-learn chooses between liblinear's dual and primal solvers with this flag. Both
   * minimise the same strictly convex objective; this implementation always solves the dual, so
   * `false` gives the same model to within the tolerance.
   */
  dual: boolean;
  /** Seed of the coordinate order (default: 0, so that fits are reproducible). */
  randomState: number | undefined;
  /** Class weights (C of class c is `C * classWeight[c]`), or `'balanced'`. */
  classWeight: ClassWeight | undefined;
}

/** The weights (the last is the bias weight when there is one) and the passes run. */
export interface BinaryResult {
  w: Float64Array;
  nIter: number;
}

/**
 * Dual coordinate descent for the L2-regularised L1- or L2-loss SVM (Hsieh, Chang, Lin, Keerthi &
 * Sundararajan, ICML 2008): one coordinate of α at a time in a random order, projected to
 * [0, U], with shrinking of coordinates stuck at a bound. With `ws` (holding a copy of X), each
 * pass runs in its WebAssembly kernel; the iterates are the same.
 */
export function dualCoordinateDescent(
  X: Matrix2D,
  bias: number,
  y: Int8Array,
  Cpos: number,
  Cneg: number,
  squared: boolean,
  tol: number,
  maxIter: number,
  rng: ReturnType<typeof checkRandomState> | 'workspace',
  ws?: DcdWorkspace,
): BinaryResult {
  const { data, rows: l, cols: d } = X;
  const dim = bias > 0 ? d + 1 : d;
  const w = new Float64Array(dim);
  const alpha = new Float64Array(l);
  const QD = ws?.QD ?? new Float64Array(l);
  const diag = ws?.diag ?? new Float64Array(l);
  const upper = ws?.upper ?? new Float64Array(l);
  const index = new Int32Array(l);
  for (let i = 0; i < l; i++) {
    const C = y[i] === 1 ? Cpos : Cneg;
    diag[i] = squared ? 0.5 / C : 0;
    upper[i] = squared ? Number.POSITIVE_INFINITY : C;
    if (ws !== undefined) continue; // QD: the same loop in the workspace (passesInWorkspace)
    let sq = bias * bias;
    const off = i * d;
    for (let f = 0; f < d; f++) sq += (data[off + f] as number) ** 2;
    QD[i] = (diag[i] as number) + sq;
    index[i] = i;
  }
  if (ws !== undefined) return passesInWorkspace(ws, l, d, dim, bias, y, tol, maxIter, rng);
  if (rng === 'workspace') throw new RangeError("dualCoordinateDescent: rng 'workspace' needs ws");
  let active = l;
  let pgMaxOld = Number.POSITIVE_INFINITY;
  let pgMinOld = Number.NEGATIVE_INFINITY;
  let iter = 0;
  while (iter < maxIter) {
    let pgMax = Number.NEGATIVE_INFINITY;
    let pgMin = Number.POSITIVE_INFINITY;
    let updated = false;
    for (let s = 0; s < active; s++) {
      const r = s + rng.randint(0, active - s);
      const tmp = index[s] as number;
      index[s] = index[r] as number;
      index[r] = tmp;
    }
    for (let s = 0; s < active; s++) {
      const i = index[s] as number;
      const yi = y[i] as number;
      const off = i * d;
      // four partial sums: the adds of one sum form a dependency chain, four run side by side
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let f = 0;
      for (; f + 3 < d; f += 4) {
        s0 += (w[f] as number) * (data[off + f] as number);
        s1 += (w[f + 1] as number) * (data[off + f + 1] as number);
        s2 += (w[f + 2] as number) * (data[off + f + 2] as number);
        s3 += (w[f + 3] as number) * (data[off + f + 3] as number);
      }
      for (; f < d; f++) s0 += (w[f] as number) * (data[off + f] as number);
      const dot = (bias > 0 ? (w[d] as number) * bias : 0) + (s0 + s1 + (s2 + s3));
      const a = alpha[i] as number;
      const U = upper[i] as number;
      const G = yi * dot - 1 + a * (diag[i] as number);
      let pg = 0;
      if (a === 0) {
        if (G > pgMaxOld) {
          active--;
          index[s] = index[active] as number;
          index[active] = i;
          s--;
          continue;
        }
        if (G < 0) pg = G;
      } else if (a === U) {
        if (G < pgMinOld) {
          active--;
          index[s] = index[active] as number;
          index[active] = i;
          s--;
          continue;
        }
        if (G > 0) pg = G;
      } else pg = G;
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) > 1e-12) {
        updated = true;
        const next = Math.min(Math.max(a - G / (QD[i] as number), 0), U);
        alpha[i] = next;
        const step = (next - a) * yi;
        for (let f = 0; f < d; f++) w[f] = (w[f] as number) + step * (data[off + f] as number);
        if (bias > 0) w[d] = (w[d] as number) + step * bias;
      }
    }
    iter++;
    // A pass that moved nothing cannot make progress on the active set: like a met criterion,
    // it brings the shrunk coordinates back (liblinear would loop until maxIter when the
    // tolerance is below the rounding noise of the projected gradients).
    if (pgMax - pgMin <= tol || !updated) {
      if (active === l) break;
      active = l;
      pgMaxOld = Number.POSITIVE_INFINITY;
      pgMinOld = Number.NEGATIVE_INFINITY;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Number.POSITIVE_INFINITY : pgMax;
    pgMinOld = pgMin >= 0 ? Number.NEGATIVE_INFINITY : pgMin;
  }
  return { w, nIter: iter };
}

/** The passes of {@link dualCoordinateDescent} in the workspace's kernel (QD, diag, upper set). */
function passesInWorkspace(
  ws: DcdWorkspace,
  l: number,
  d: number,
  dim: number,
  bias: number,
  y: Int8Array,
  tol: number,
  maxIter: number,
  rng: ReturnType<typeof checkRandomState> | 'workspace',
): BinaryResult {
  ws.y.set(y);
  const { fns, index } = ws;
  fns.init(
    l,
    d,
    bias,
    ws.X.byteOffset,
    ws.w.byteOffset,
    ws.alpha.byteOffset,
    ws.QD.byteOffset,
    ws.diag.byteOffset,
    ws.upper.byteOffset,
    index.byteOffset,
    ws.y.byteOffset,
  );
  fns.squaredNorms();
  if (rng === 'workspace') {
    // the shuffles (from the workspace's seeded generator) and the passes in one call
    const nIter = fns.solve(Math.min(maxIter, 0x7fffffff), tol);
    return { w: ws.w.slice(0, dim), nIter };
  }
  let active = l;
  let pgMaxOld = Number.POSITIVE_INFINITY;
  let pgMinOld = Number.NEGATIVE_INFINITY;
  let iter = 0;
  while (iter < maxIter) {
    for (let s = 0; s < active; s++) {
      const r = s + rng.randint(0, active - s);
      const tmp = index[s] as number;
      index[s] = index[r] as number;
      index[r] = tmp;
    }
    active = fns.pass(active, pgMaxOld, pgMinOld);
    iter++;
    const pgMax = fns.pgMax();
    const pgMin = fns.pgMin();
    // as in dualCoordinateDescent's JavaScript loop
    if (pgMax - pgMin <= tol || fns.updated() === 0) {
      if (active === l) break;
      active = l;
      pgMaxOld = Number.POSITIVE_INFINITY;
      pgMinOld = Number.NEGATIVE_INFINITY;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Number.POSITIVE_INFINITY : pgMax;
    pgMinOld = pgMin >= 0 ? Number.NEGATIVE_INFINITY : pgMin;
  }
  return { w: ws.w.slice(0, dim), nIter: iter };
}

/**
 * Linear support vector classifier (scikit-learn's `LinearSVC`, liblinear's dual coordinate
 * descent): squared hinge loss by default, one-vs-rest for more than two classes, the intercept
 * learned as a regularised constant feature. For two classes a positive decision value means
 * `classes_[1]`.
 *
 * @example
 * ```ts
 * const clf = new LinearSVC({ C: 0.1 }).fit(X, y);
 * clf.coef_; // (1 × p) for two classes, (k × p) otherwise
 * ```
 */
export class LinearSVC
  extends BaseClassifier<LinearSVCParams>
  implements Classifier<LinearSVCParams>
{
  readonly estimatorType = 'classifier' as const;
  /** Sorted class labels. */
  classes_?: Label[];
  /** Weights: one row for two classes, one per class (one-vs-rest) otherwise. */
  coef_?: Matrix2D;
  /** Intercepts, one per row of `coef_` (0 without `fitIntercept`). */
  intercept_?: Float64Array;
  /** Largest number of passes over the data among the binary problems. */
  nIter_?: number;
  /** Number of features seen by fit. */
  nFeaturesIn_?: number;

  /** The name this class crosses into worker threads under (see `estimatorRegistry`). */
  static readonly estimatorName: string = 'LinearSVC';

  constructor(params: Partial<LinearSVCParams> = {}) {
    super({
      C: 1,
      tol: 1e-4,
      maxIter: 1000,
      fitIntercept: true,
      interceptScaling: 1,
      penalty: 'l2',
      loss: 'squared_hinge',
      dual: true,
      randomState: undefined,
      classWeight: undefined,
      ...params,
    });
  }

  private validateParams(): void {
    const p = this.params;
    if (typeof p.C !== 'number' || !(p.C > 0) || !Number.isFinite(p.C)) {
      throw new ValidationError(`C must be a positive finite number; got ${String(p.C)}.`);
    }
    if (typeof p.tol !== 'number' || !(p.tol > 0)) {
      throw new ValidationError(`tol must be a positive number; got ${String(p.tol)}.`);
    }
    if (!Number.isInteger(p.maxIter) || p.maxIter < 1) {
      throw new ValidationError(`maxIter must be a positive integer; got ${String(p.maxIter)}.`);
    }
    if (p.loss !== 'squared_hinge' && p.loss !== 'hinge') {
      throw new ValidationError(`loss must be 'squared_hinge' or 'hinge'; got ${String(p.loss)}.`);
    }
    if (p.loss === 'hinge' && p.dual === false) {
      throw new ValidationError(
        "loss='hinge' is only supported with dual=true (as in scikit-learn's liblinear).",
      );
    }
    if (p.penalty !== 'l1' && p.penalty !== 'l2') {
      throw new ValidationError(`penalty must be 'l1' or 'l2'; got ${String(p.penalty)}.`);
    }
    if (p.penalty === 'l1' && p.loss === 'hinge') {
      throw new ValidationError(
        "The combination of penalty='l1' and loss='hinge' is not supported: use loss: 'squared_hinge'.",
      );
    }
    if (p.penalty === 'l1' && p.dual) {
      throw new ValidationError(
        "The combination of penalty='l1' and loss='squared_hinge' is not supported when dual=true: pass dual: false.",
      );
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
   * @throws ValidationError for invalid input, fewer than two classes, or invalid parameters.
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
    const k = classes.length;
    const weights = computeClassWeight(this.params.classWeight, classes, labels);
    const { C, tol, maxIter, fitIntercept, interceptScaling, loss } = this.params;
    const bias = fitIntercept ? interceptScaling : 0;
    const rng = checkRandomState(this.params.randomState ?? 0);
    const nClf = k === 2 ? 1 : k;
    const d = Xm.cols;
    const coef = new Float64Array(nClf * d);
    const intercept = new Float64Array(nClf);
    const signs = new Int8Array(Xm.rows);
    let nIter = 0;
    // The primal L1 solver reads X by columns and shuffles with liblinear's own generator, seeded
    // as scikit-learn does.
    const l1 =
      this.params.penalty === 'l1'
        ? {
            columns: transposeWithBias(Xm, bias),
            rng: new LiblinearRandom(this.params.randomState ?? 0),
          }
        : undefined;
    const ws = l1 === undefined ? dcdWorkspace(Xm.data, Xm.rows, d) : undefined;
    // A seed (not a RandomState object, whose state lives in JavaScript): the workspace's own
    // MT19937 draws the same stream, so the shuffles run in WebAssembly with the passes.
    const seed = this.params.randomState ?? 0;
    const dcdRng = ws !== undefined && typeof seed === 'number' ? 'workspace' : rng;
    if (dcdRng === 'workspace') ws?.fns.seed(ws.mt.byteOffset, seed >>> 0);
    for (let c = 0; c < nClf; c++) {
      const positive = k === 2 ? 1 : c;
      for (let i = 0; i < signs.length; i++) signs[i] = codes[i] === positive ? 1 : -1;
      const Cpos = C * (weights[positive] as number);
      const Cneg = k === 2 ? C * (weights[0] as number) : C;
      const res = l1
        ? l1PrimalSquaredHinge(
            l1.columns,
            signs,
            sampleCosts(signs, Cpos, Cneg),
            primalTolerance(tol, signs),
            maxIter,
            l1.rng,
          )
        : dualCoordinateDescent(
            Xm,
            bias,
            signs,
            Cpos,
            Cneg,
            loss === 'squared_hinge',
            tol,
            maxIter,
            dcdRng,
            ws,
          );
      coef.set(res.w.subarray(0, d), c * d);
      intercept[c] = fitIntercept ? bias * (res.w[d] as number) : 0;
      nIter = Math.max(nIter, res.nIter);
    }
    this.classes_ = classes;
    this.coef_ = { data: coef, rows: nClf, cols: d };
    this.intercept_ = intercept;
    this.nIter_ = nIter;
    this.nFeaturesIn_ = d;
    if (nIter >= maxIter) {
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
    const coef = this.coef_ as Matrix2D;
    const intercept = this.intercept_ as Float64Array;
    const { rows, cols } = Xm;
    const out = new Float64Array(rows * coef.rows);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < coef.rows; c++) {
        let s = intercept[c] as number;
        for (let f = 0; f < cols; f++) {
          s += (Xm.data[r * cols + f] as number) * (coef.data[c * cols + f] as number);
        }
        out[r * coef.rows + c] = s;
      }
    }
    return { data: out, rows, cols: coef.rows };
  }

  /** Signed distances: a Float64Array for two classes (positive = `classes_[1]`), else n × k. */
  decisionFunction(X: MatrixLike): Float64Array | Matrix2D {
    const s = this.scores(X);
    return s.cols === 1 ? s.data : s;
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
