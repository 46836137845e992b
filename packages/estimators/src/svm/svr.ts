/**
 * `SVR`: epsilon-support vector regression with scikit-learn's (libsvm's) semantics, on the same
 * SMO solver as `SVC`.
 *
 * @module
 */
import {
  BaseEstimator,
  ConvergenceWarning,
  checkIsFitted,
  checkNFeatures,
  type Matrix2D,
  type MatrixLike,
  type Regressor,
  registerEstimator,
  toMatrix,
  ValidationError,
  warn,
} from '@voxelkit/core';
import { r2Score } from '@voxelkit/metrics';
import { CachedQ, DenseQ, type QMatrix } from './kernel-cache.js';
import {
  crossKernel,
  type KernelName,
  type KernelSpec,
  kernelRow,
  rowSquaredNorms,
  solverGram,
} from './kernels.js';
import { solveSmo } from './smo.js';
import { smoWorkspace } from './smo-wasm.js';
import { resolveGamma } from './svc.js';

/** The targets as a Float64Array, or a ValidationError unless they are finite numbers. */
function targets(y: ArrayLike<number>): Float64Array {
  if (y === null || y === undefined || typeof y.length !== 'number') {
    throw new ValidationError('y must be an array of finite numbers (the regression targets).');
  }
  const z = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValidationError(
        `y[${i}] is ${String(v)}: regression targets must be finite numbers.`,
      );
    }
    z[i] = v;
  }
  return z;
}

/** Hyper-parameters of {@link SVR} (scikit-learn's names in camelCase, same defaults). */
export interface SVRParams {
  /** Penalty of the errors beyond epsilon, > 0 (default 1). */
  C: number;
  /** Half-width of the tube within which errors cost nothing, ≥ 0 (default 0.1). */
  epsilon: number;
  /** Kernel (default `'rbf'`). With `'precomputed'`, X is the kernel matrix. */
  kernel: KernelName;
  /** Kernel coefficient for rbf/poly/sigmoid: `'scale'` = 1/(p·Var(X)), `'auto'` = 1/p, or a number. */
  gamma: 'scale' | 'auto' | number;
  /** Degree of the polynomial kernel (default 3). */
  degree: number;
  /** Independent term of the poly and sigmoid kernels (default 0). */
  coef0: number;
  /** Stopping tolerance (default 1e-3). */
  tol: number;
  /** Use the shrinking heuristic (default true). */
  shrinking: boolean;
  /** Kernel cache size in MB (default 200). When the full kernel matrix fits, it is computed once. */
  cacheSize: number;
  /** Iteration limit; −1 for none (default; a warning is emitted past max(10⁷, 200 n) iterations). */
  maxIter: number;
}

const KERNELS: readonly KernelName[] = ['linear', 'poly', 'rbf', 'sigmoid', 'precomputed'];

/**
 * Epsilon-support vector regression, equal to scikit-learn's `SVR` (libsvm): the dual of the
 * ε-insensitive loss over 2n variables (α and α*), solved by SMO with second-order working-set
 * selection and shrinking.
 *
 * Learned attributes follow scikit-learn: `support_` (training rows with α ≠ α*, ascending),
 * `dualCoef_` (1 × nSV: α − α*), `intercept_` (length 1), `coef_` for the linear kernel,
 * `nIter_`, `fitStatus_`.
 *
 * @example
 * ```ts
 * const reg = new SVR({ kernel: 'rbf', C: 10, epsilon: 0.2 }).fit(X, y);
 * reg.predict(Xtest); // Float64Array
 * ```
 */
export class SVR extends BaseEstimator<SVRParams> implements Regressor<SVRParams> {
  readonly estimatorType = 'regressor' as const;
  /** Indices (into the training rows) of the support vectors, ascending. */
  support_?: Int32Array;
  /** The support vectors (nSV × features; 0 × 0 for a precomputed kernel). */
  supportVectors_?: Matrix2D;
  /** Number of support vectors (one entry, as scikit-learn's `n_support_` for regression). */
  nSupport_?: Int32Array;
  /** Dual coefficients α_t − α*_t of the support vectors, 1 × nSV. */
  dualCoef_?: Matrix2D;
  /** The intercept b of f(x) = Σ dualCoef_t k(sv_t, x) + b (length 1). */
  intercept_?: Float64Array;
  /** Primal weights (linear kernel only), 1 × features. */
  coef_?: Matrix2D;
  /** Solver iterations. */
  nIter_?: number;
  /** 0 when the solver converged, 1 when `maxIter` stopped it. */
  fitStatus_?: number;
  /** The gamma actually used (0 for the linear and precomputed kernels). */
  gamma_?: number;
  /** Number of features seen by fit (for a precomputed kernel: the training rows). */
  nFeaturesIn_?: number;

  static {
    registerEstimator('SVR', SVR as never);
  }

  constructor(params: Partial<SVRParams> = {}) {
    super({
      C: 1,
      epsilon: 0.1,
      kernel: 'rbf',
      gamma: 'scale',
      degree: 3,
      coef0: 0,
      tol: 1e-3,
      shrinking: true,
      cacheSize: 200,
      maxIter: -1,
      ...params,
    });
  }

  private validateParams(): void {
    const p = this.params;
    if (typeof p.C !== 'number' || !(p.C > 0) || !Number.isFinite(p.C)) {
      throw new ValidationError(`C must be a positive finite number; got ${String(p.C)}.`);
    }
    if (typeof p.epsilon !== 'number' || !(p.epsilon >= 0) || !Number.isFinite(p.epsilon)) {
      throw new ValidationError(
        `epsilon must be a non-negative finite number; got ${String(p.epsilon)}.`,
      );
    }
    if (!KERNELS.includes(p.kernel)) {
      throw new ValidationError(
        `Unknown kernel "${String(p.kernel)}": use one of ${KERNELS.join(', ')}.`,
      );
    }
    if (
      p.gamma !== 'scale' &&
      p.gamma !== 'auto' &&
      !(typeof p.gamma === 'number' && p.gamma >= 0 && Number.isFinite(p.gamma))
    ) {
      throw new ValidationError(
        `gamma must be 'scale', 'auto' or a non-negative number; got ${String(p.gamma)}.`,
      );
    }
    if (!Number.isInteger(p.degree) || p.degree < 0) {
      throw new ValidationError(`degree must be a non-negative integer; got ${String(p.degree)}.`);
    }
    if (typeof p.coef0 !== 'number' || !Number.isFinite(p.coef0)) {
      throw new ValidationError(`coef0 must be a finite number; got ${String(p.coef0)}.`);
    }
    if (typeof p.tol !== 'number' || !(p.tol > 0)) {
      throw new ValidationError(`tol must be a positive number; got ${String(p.tol)}.`);
    }
    if (typeof p.cacheSize !== 'number' || !(p.cacheSize > 0)) {
      throw new ValidationError(
        `cacheSize must be a positive number of MB; got ${String(p.cacheSize)}.`,
      );
    }
    if (!Number.isInteger(p.maxIter) || p.maxIter < -1) {
      throw new ValidationError(
        `maxIter must be -1 (no limit) or a non-negative integer; got ${String(p.maxIter)}.`,
      );
    }
  }

  /**
   * Fits the regression; returns `this`.
   *
   * @throws ValidationError for NaN/Inf, ragged or empty X, targets that are not finite numbers or
   *   whose count differs from the number of rows, or invalid hyper-parameters.
   */
  fit(X: MatrixLike, y: ArrayLike<number>): this {
    this.validateParams();
    const Xm = toMatrix(X);
    const z = targets(y);
    const n = Xm.rows;
    if (z.length !== n) {
      throw new ValidationError(
        `X has ${n} rows but y has ${z.length} values: give one target per sample.`,
      );
    }
    const { kernel, C, epsilon, tol, shrinking, maxIter, cacheSize } = this.params;
    const precomputed = kernel === 'precomputed';
    if (precomputed && Xm.rows !== Xm.cols) {
      throw new ValidationError(
        `With kernel 'precomputed', X must be the square n × n training kernel matrix; got ${Xm.rows} × ${Xm.cols}.`,
      );
    }
    const gamma = kernel === 'linear' || precomputed ? 0 : resolveGamma(Xm, this.params.gamma);
    const spec: KernelSpec = {
      kind: kernel,
      gamma,
      degree: this.params.degree,
      coef0: this.params.coef0,
    };
    // libsvm's epsilon-SVR: variables α_1..α_n (sign +1) and α*_1..α*_n (sign −1) over the same
    // samples, linear term ε − z and ε + z, bound C for all.
    const l = 2 * n;
    const idx = new Int32Array(l);
    const signs = new Int8Array(l);
    const p = new Float64Array(l);
    for (let t = 0; t < n; t++) {
      idx[t] = t;
      idx[t + n] = t;
      signs[t] = 1;
      signs[t + n] = -1;
      p[t] = epsilon - (z[t] as number);
      p[t + n] = epsilon + (z[t] as number);
    }
    const Cs = new Float64Array(l).fill(C);
    const bytes = cacheSize * 1024 * 1024;
    const useGram = precomputed || n * n * 8 <= bytes;
    const gram = precomputed ? { values: Xm.data } : useGram ? solverGram(Xm, spec) : undefined;
    const K = gram?.values;
    let Q: QMatrix;
    const workspace = K !== undefined ? smoWorkspace(l) : undefined;
    if (K !== undefined) {
      const diag = (gram as { diag?: Float64Array }).diag;
      Q = new DenseQ(K, n, idx, signs, workspace?.q, diag);
    } else {
      const sq = kernel === 'rbf' ? rowSquaredNorms(Xm) : new Float64Array(n);
      const diag = new Float64Array(l);
      const one = new Float64Array(1);
      for (let t = 0; t < n; t++) {
        kernelRow(Xm, spec, sq, t, Int32Array.of(t), one);
        diag[t] = one[0] as number;
        diag[t + n] = one[0] as number;
      }
      const rowFn = (r: number, out: Float64Array) =>
        kernelRow(Xm, spec, sq, idx[r] as number, idx, out);
      Q = new CachedQ(rowFn, diag, signs, bytes);
    }
    const sol = solveSmo(Q, signs, Cs, { tol, shrinking, maxIter, workspace, p });
    const coef = new Float64Array(n);
    const support: number[] = [];
    for (let t = 0; t < n; t++) {
      const v = (sol.alpha[t] as number) - (sol.alpha[t + n] as number);
      coef[t] = v;
      if (Math.abs(v) > 0) support.push(t);
    }
    const nSV = support.length;
    const dual = new Float64Array(nSV);
    support.forEach((t, s) => {
      dual[s] = coef[t] as number;
    });
    const d = Xm.cols;
    const sv = precomputed
      ? { data: new Float64Array(0), rows: 0, cols: 0 }
      : { data: new Float64Array(nSV * d), rows: nSV, cols: d };
    if (!precomputed) {
      support.forEach((t, s) => {
        sv.data.set(Xm.data.subarray(t * d, (t + 1) * d), s * d);
      });
    }
    if (!Number.isFinite(sol.rho) || !dual.every(Number.isFinite)) {
      throw new ValidationError(
        'The dual coefficients or the intercept are not finite (the data or targets contain very large values): scale them (StandardScaler).',
      );
    }
    this.support_ = Int32Array.from(support);
    this.supportVectors_ = sv;
    this.nSupport_ = Int32Array.of(nSV);
    this.dualCoef_ = { data: dual, rows: 1, cols: nSV };
    this.intercept_ = Float64Array.of(-sol.rho);
    this.nIter_ = sol.nIter;
    this.fitStatus_ = sol.reachedMaxIter ? 1 : 0;
    this.gamma_ = gamma;
    this.nFeaturesIn_ = d;
    if (kernel === 'linear') {
      const w = new Float64Array(d);
      for (let s = 0; s < nSV; s++) {
        const c = dual[s] as number;
        for (let f = 0; f < d; f++) w[f] = (w[f] as number) + c * (sv.data[s * d + f] as number);
      }
      this.coef_ = { data: w, rows: 1, cols: d };
    } else this.coef_ = undefined;
    if (sol.reachedMaxIter) {
      warn(
        new ConvergenceWarning(
          `Solver terminated early (maxIter=${maxIter}). Consider pre-processing your data with StandardScaler or increasing maxIter.`,
        ),
      );
    }
    return this;
  }

  /** Predicted targets: Σ dualCoef_t k(sv_t, x) + intercept. */
  predict(X: MatrixLike): Float64Array {
    checkIsFitted(this, 'dualCoef_');
    const Xm = toMatrix(X);
    const dual = (this.dualCoef_ as Matrix2D).data;
    const nSV = dual.length;
    const b = (this.intercept_ as Float64Array)[0] as number;
    let Kx: Float64Array;
    if (this.params.kernel === 'precomputed') {
      const nTrain = this.nFeaturesIn_ as number;
      if (Xm.cols !== nTrain) {
        throw new ValidationError(
          `With kernel 'precomputed', X must be the kernel between test and training samples (n × ${nTrain}); got ${Xm.cols} columns.`,
        );
      }
      const support = this.support_ as Int32Array;
      Kx = new Float64Array(Xm.rows * nSV);
      for (let r = 0; r < Xm.rows; r++) {
        for (let s = 0; s < nSV; s++)
          Kx[r * nSV + s] = Xm.data[r * Xm.cols + (support[s] as number)] as number;
      }
    } else {
      checkNFeatures(this, Xm);
      const spec: KernelSpec = {
        kind: this.params.kernel,
        gamma: this.gamma_ as number,
        degree: this.params.degree,
        coef0: this.params.coef0,
      };
      Kx = crossKernel(Xm, this.supportVectors_ as Matrix2D, spec);
    }
    const out = new Float64Array(Xm.rows);
    for (let r = 0; r < Xm.rows; r++) {
      let s = 0;
      for (let t = 0; t < nSV; t++) s += (dual[t] as number) * (Kx[r * nSV + t] as number);
      out[r] = s + b;
    }
    return out;
  }

  /** Coefficient of determination R² of `predict(X)` against `y`. */
  score(X: MatrixLike, y: ArrayLike<number>): number {
    return r2Score(y, this.predict(X));
  }
}
