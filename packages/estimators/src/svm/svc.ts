/**
 * `SVC`: C-support vector classification with scikit-learn's (libsvm's) semantics — the same
 * solver, stopping rule, one-vs-one scheme, attribute layout and signs.
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
  numpyMean,
  toLabels,
  toMatrix,
  uniqueLabels,
  ValidationError,
  warn,
} from '@voxelkit/core';
import { BaseClassifier } from '../base-classifier.js';
import { type ClassWeight, computeClassWeight } from '../class-weight.js';
import { linearCoefs, numpyVariance } from './gram-wasm.js';
import { CachedQ, DenseQ, type QMatrix } from './kernel-cache.js';
import {
  crossKernel,
  type KernelName,
  type KernelSpec,
  kernelRow,
  rowSquaredNorms,
  solverGram,
} from './kernels.js';
import { float32Scratch } from './scratch.js';
import { solveSmo } from './smo.js';
import { gatherQ, smoWorkspace } from './smo-wasm.js';

export type { ClassWeight };

/** Hyper-parameters of {@link SVC} (scikit-learn's names in camelCase, same defaults). */
export interface SVCParams {
  /** Inverse regularisation strength, > 0 (default 1). */
  C: number;
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
  /**
   * Iteration limit per sub-problem; −1 for none (default). Without a limit, a sub-problem that
   * passes max(10 000 000, 100 l) iterations (l its samples; upstream libsvm's limit) emits a
   * `ConvergenceWarning` while the solver goes on, as scikit-learn's does, to the tolerance.
   */
  maxIter: number;
  /** Class weights (C of class c is `C * classWeight[c]`), or `'balanced'`. */
  classWeight: ClassWeight | undefined;
  /** Shape of `decisionFunction` for more than two classes: `'ovr'` (default) or `'ovo'`. */
  decisionFunctionShape: 'ovr' | 'ovo';
  /** With `'ovr'` and more than two classes, predict the argmax of `decisionFunction` instead of votes. */
  breakTies: boolean;
}

const KERNELS: readonly KernelName[] = ['linear', 'poly', 'rbf', 'sigmoid', 'precomputed'];

/**
 * C-support vector classifier, equal to scikit-learn's `SVC` (libsvm): SMO with second-order
 * working-set selection and shrinking, one-vs-one for more than two classes.
 *
 * Learned attributes follow scikit-learn exactly: `classes_` sorted; `support_` grouped by class;
 * `dualCoef_` ((k−1) × nSV) and `intercept_` (k(k−1)/2) in libsvm's one-vs-one layout, with the
 * binary sign flipped so that a positive decision value or `coef_` means `classes_[1]`.
 *
 * @example
 * ```ts
 * const clf = new SVC({ kernel: 'linear', C: 1 }).fit(X, y);
 * clf.predict(Xtest);
 * ```
 */
export class SVC extends BaseClassifier<SVCParams> implements Classifier<SVCParams> {
  readonly estimatorType = 'classifier' as const;
  /** Sorted class labels. */
  classes_?: Label[];
  /** Indices (into the training rows) of the support vectors, grouped by class. */
  support_?: Int32Array;
  /** The support vectors (nSV × features; 0 × 0 for a precomputed kernel). */
  supportVectors_?: Matrix2D;
  /** Number of support vectors of each class. */
  nSupport_?: Int32Array;
  /** Dual coefficients α_t y_t, (k−1) × nSV, libsvm's one-vs-one layout. */
  dualCoef_?: Matrix2D;
  /** Intercepts of the k(k−1)/2 one-vs-one classifiers. */
  intercept_?: Float64Array;
  /** Primal weights (linear kernel only): one row per class pair 0v1, 0v2, …, 1v2, … */
  coef_?: Matrix2D;
  /** Solver iterations per one-vs-one sub-problem. */
  nIter_?: Int32Array;
  /** 0 when every sub-problem converged, 1 when `maxIter` stopped one. */
  fitStatus_?: number;
  /** The gamma actually used (0 for the linear and precomputed kernels, which have none). */
  gamma_?: number;
  /** Weight of each class (in `classes_` order) multiplying C. */
  classWeight_?: Float64Array;
  /** Number of features seen by fit. */
  nFeaturesIn_?: number;

  /** The name this class crosses into worker threads under (see `estimatorRegistry`). */
  static readonly estimatorName: string = 'SVC';

  constructor(params: Partial<SVCParams> = {}) {
    super({
      C: 1,
      kernel: 'rbf',
      gamma: 'scale',
      degree: 3,
      coef0: 0,
      tol: 1e-3,
      shrinking: true,
      cacheSize: 200,
      maxIter: -1,
      classWeight: undefined,
      decisionFunctionShape: 'ovr',
      breakTies: false,
      ...params,
    });
  }

  private validateParams(): void {
    const p = this.params;
    if (typeof p.C !== 'number' || !(p.C > 0) || !Number.isFinite(p.C)) {
      throw new ValidationError(`C must be a positive finite number; got ${String(p.C)}.`);
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
    if (p.decisionFunctionShape !== 'ovr' && p.decisionFunctionShape !== 'ovo') {
      throw new ValidationError(
        `decisionFunctionShape must be 'ovr' or 'ovo'; got ${String(p.decisionFunctionShape)}.`,
      );
    }
    if (p.breakTies && p.decisionFunctionShape === 'ovo') {
      throw new ValidationError(
        "breakTies must be false when decisionFunctionShape is 'ovo': ties are broken with the 'ovr' decision values.",
      );
    }
  }

  private resolveGamma(X: Matrix2D): number {
    return resolveGamma(X, this.params.gamma);
  }

  /**
   * Fits one binary SVM per pair of classes (one for two classes) and stores the support
   * vectors and coefficients in scikit-learn's layout. Returns `this`.
   *
   * @throws ValidationError for NaN/Inf, ragged or empty X, a label count that differs from the
   *   number of rows, fewer than two classes, or invalid hyper-parameters.
   */
  fit(X: MatrixLike, y: ArrayLike<Label>): this {
    this.validateParams();
    const Xm = toMatrix(X);
    const labels = toLabels(y, Xm.rows);
    const { kernel, C, tol, shrinking, maxIter, cacheSize } = this.params;
    const precomputed = kernel === 'precomputed';
    if (precomputed && Xm.rows !== Xm.cols) {
      throw new ValidationError(
        `With kernel 'precomputed', X must be the square n × n training kernel matrix; got ${Xm.rows} × ${Xm.cols}.`,
      );
    }
    const classes = uniqueLabels(labels);
    if (classes.length < 2) {
      throw new ValidationError(
        `The number of classes has to be greater than one; got ${classes.length} class (${classes.join(', ')}).`,
      );
    }
    const codes = encodeLabels(labels, classes);
    const weights = computeClassWeight(this.params.classWeight, classes, labels);
    const k = classes.length;
    const n = Xm.rows;
    const gamma = kernel === 'linear' || precomputed ? 0 : this.resolveGamma(Xm);
    const spec: KernelSpec = {
      kind: kernel,
      gamma,
      degree: this.params.degree,
      coef0: this.params.coef0,
    };

    // Samples grouped by class, each group in training order (libsvm's internal order).
    const counts = new Int32Array(k);
    for (const c of codes) counts[c] = (counts[c] as number) + 1;
    const start = new Int32Array(k + 1);
    for (let c = 0; c < k; c++) start[c + 1] = (start[c] as number) + (counts[c] as number);
    const grouped = new Int32Array(n);
    const fill = start.slice(0, k);
    for (let t = 0; t < n; t++) {
      const c = codes[t] as number;
      grouped[fill[c] as number] = t;
      fill[c] = (fill[c] as number) + 1;
    }

    const bytes = cacheSize * 1024 * 1024;
    const useGram = precomputed || n * n * 8 <= bytes;
    const gram = precomputed ? { values: Xm.data } : useGram ? solverGram(Xm, spec) : undefined;
    const K = gram?.values;
    const sq = K === undefined && kernel === 'rbf' ? rowSquaredNorms(Xm) : new Float64Array(n);

    const nPairs = (k * (k - 1)) / 2;
    let maxPair = 0;
    for (let a = 0; a < k; a++)
      for (let b = a + 1; b < k; b++)
        maxPair = Math.max(maxPair, (counts[a] as number) + (counts[b] as number));
    // Dense sub-problems are solved in the WebAssembly workspace, which also holds their Q and,
    // up to 64 MB, a copy of the kernel matrix to cut each Q from there.
    const copyK = K !== undefined && K.BYTES_PER_ELEMENT * n * n <= 64 * 1024 * 1024;
    const workspace =
      K !== undefined ? smoWorkspace(maxPair, copyK ? { values: K, n } : undefined) : undefined;
    const qBuffer =
      workspace !== undefined
        ? workspace.q
        : K !== undefined
          ? float32Scratch('q', maxPair * maxPair)
          : undefined;
    const pairCoef: Float64Array[] = [];
    const rho = new Float64Array(nPairs);
    const nIter = new Int32Array(nPairs);
    const nonzero = new Uint8Array(n);
    let status = 0;
    let p = 0;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        const na = counts[a] as number;
        const nb = counts[b] as number;
        const l = na + nb;
        const idx = new Int32Array(l);
        idx.set(grouped.subarray(start[a], start[a + 1]), 0);
        idx.set(grouped.subarray(start[b], start[b + 1]), na);
        const ys = new Int8Array(l);
        ys.fill(1, 0, na);
        ys.fill(-1, na);
        const Cs = new Float64Array(l);
        Cs.fill(C * (weights[a] as number), 0, na);
        Cs.fill(C * (weights[b] as number), na);
        let Q: QMatrix;
        if (workspace !== undefined && workspace.K.length > 0)
          Q = gatherQ(workspace, n, idx, ys, gram?.diag);
        else if (K !== undefined) Q = new DenseQ(K, n, idx, ys, qBuffer, gram?.diag);
        else {
          const diag = new Float64Array(l);
          const one = new Float64Array(1);
          for (let t = 0; t < l; t++) {
            kernelRow(Xm, spec, sq, idx[t] as number, idx.subarray(t, t + 1), one);
            diag[t] = one[0] as number;
          }
          const rowFn = (r: number, out: Float64Array) =>
            kernelRow(Xm, spec, sq, idx[r] as number, idx, out);
          Q = new CachedQ(rowFn, diag, ys, bytes);
        }
        const sol = solveSmo(Q, ys, Cs, {
          tol,
          shrinking,
          maxIter,
          workspace: K !== undefined ? workspace : undefined,
        });
        if (sol.reachedMaxIter) status = 1;
        const coef = new Float64Array(l);
        for (let t = 0; t < l; t++) {
          const v = (sol.alpha[t] as number) * (ys[t] as number);
          coef[t] = v;
          if (Math.abs(v) > 0) nonzero[idx[t] as number] = 1;
        }
        pairCoef.push(coef);
        rho[p] = sol.rho;
        nIter[p] = sol.nIter;
        p++;
      }
    }

    // Support vectors: grouped by class, training order within a class.
    const nSupport = new Int32Array(k);
    const svStart = new Int32Array(k + 1);
    const support: number[] = [];
    const svPos = new Int32Array(n).fill(-1);
    for (let c = 0; c < k; c++) {
      for (let t = start[c] as number; t < (start[c + 1] as number); t++) {
        const s = grouped[t] as number;
        if (nonzero[s]) {
          svPos[s] = support.length;
          support.push(s);
          nSupport[c] = (nSupport[c] as number) + 1;
        }
      }
      svStart[c + 1] = support.length;
    }
    const nSV = support.length;
    const dual = new Float64Array((k - 1) * nSV);
    p = 0;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        const coef = pairCoef[p] as Float64Array;
        const na = counts[a] as number;
        for (let t = 0; t < na; t++) {
          const s = grouped[(start[a] as number) + t] as number;
          if (nonzero[s]) dual[(b - 1) * nSV + (svPos[s] as number)] = coef[t] as number;
        }
        for (let t = 0; t < (counts[b] as number); t++) {
          const s = grouped[(start[b] as number) + t] as number;
          if (nonzero[s]) dual[a * nSV + (svPos[s] as number)] = coef[na + t] as number;
        }
        p++;
      }
    }
    const intercept = new Float64Array(nPairs);
    for (let q = 0; q < nPairs; q++) intercept[q] = -(rho[q] as number);
    if (k === 2) {
      // scikit-learn's convention: a positive decision value means classes_[1].
      for (let t = 0; t < dual.length; t++) dual[t] = -(dual[t] as number);
      intercept[0] = -(intercept[0] as number);
    }
    if (!intercept.every(Number.isFinite) || !dual.every(Number.isFinite)) {
      throw new ValidationError(
        'The dual coefficients or intercepts are not finite (e.g. a class weight of 0 leaves a ' +
          'class without any admissible support vector, or the data contain very large values). ' +
          'Check classWeight and scale the data (StandardScaler).',
      );
    }
    const supportArr = Int32Array.from(support);
    const d = Xm.cols;
    const sv = precomputed
      ? { data: new Float64Array(0), rows: 0, cols: 0 }
      : { data: new Float64Array(nSV * d), rows: nSV, cols: d };
    if (!precomputed) {
      for (let r = 0; r < nSV; r++) {
        sv.data.set(
          Xm.data.subarray((support[r] as number) * d, ((support[r] as number) + 1) * d),
          r * d,
        );
      }
    }

    this.classes_ = classes;
    this.support_ = supportArr;
    this.supportVectors_ = sv;
    this.nSupport_ = nSupport;
    this.dualCoef_ = { data: dual, rows: k - 1, cols: nSV };
    this.intercept_ = intercept;
    this.nIter_ = nIter;
    this.fitStatus_ = status;
    this.gamma_ = gamma;
    this.classWeight_ = weights;
    this.nFeaturesIn_ = Xm.cols;
    this.coef_ = kernel === 'linear' ? this.linearCoef(svStart) : undefined;
    if (status === 1) {
      warn(
        new ConvergenceWarning(
          `Solver terminated early (maxIter=${maxIter}). Consider pre-processing your data with StandardScaler or increasing maxIter.`,
        ),
      );
    }
    return this;
  }

  /** w for each class pair from the dual coefficients and support vectors (linear kernel). */
  private linearCoef(svStart: Int32Array): Matrix2D {
    const k = (this.classes_ as Label[]).length;
    const sv = this.supportVectors_ as Matrix2D;
    const dual = this.dualCoef_ as Matrix2D;
    const d = sv.cols;
    const nSV = sv.rows;
    const nPairs = (k * (k - 1)) / 2;
    const fast = linearCoefs(sv.data, nSV, d, dual.data, svStart, k);
    if (fast !== undefined) return { data: fast, rows: nPairs, cols: d };
    const out = new Float64Array(nPairs * d);
    let p = 0;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        const rowOff = p * d;
        // Class a's support vectors carry their coefficients in dual row b − 1, class b's in row a.
        for (let side = 0; side < 2; side++) {
          const cls = side === 0 ? a : b;
          const dualOff = (side === 0 ? b - 1 : a) * nSV;
          const s1 = svStart[cls + 1] as number;
          for (let s = svStart[cls] as number; s < s1; s++) {
            const w = dual.data[dualOff + s] as number;
            if (w === 0) continue;
            const off = s * d;
            for (let f = 0; f < d; f++) {
              out[rowOff + f] = (out[rowOff + f] as number) + w * (sv.data[off + f] as number);
            }
          }
        }
        p++;
      }
    }
    return { data: out, rows: nPairs, cols: d };
  }

  private checkX(X: MatrixLike): Matrix2D {
    checkIsFitted(this, 'dualCoef_');
    const Xm = toMatrix(X);
    if (this.params.kernel === 'precomputed') {
      const nTrain = this.support_ === undefined ? 0 : this.trainRows;
      if (Xm.cols !== nTrain) {
        throw new ValidationError(
          `With kernel 'precomputed', X must be the kernel between test and training samples (n × ${nTrain}); got ${Xm.cols} columns.`,
        );
      }
      return Xm;
    }
    checkNFeatures(this, Xm);
    return Xm;
  }

  private get trainRows(): number {
    return this.nFeaturesIn_ as number;
  }

  /** One-vs-one decision values in libsvm's sign (positive favours the first class of a pair). */
  private ovoDecision(Xm: Matrix2D): Matrix2D {
    const classes = this.classes_ as Label[];
    const k = classes.length;
    const nPairs = (k * (k - 1)) / 2;
    const m = Xm.rows;
    const out = new Float64Array(m * nPairs);
    const dual = this.dualCoef_ as Matrix2D;
    const intercept = this.intercept_ as Float64Array;
    const sign = k === 2 ? -1 : 1;
    const nSV = dual.cols;
    if (this.params.kernel === 'linear' && this.coef_ !== undefined) {
      const coef = this.coef_;
      const W = crossKernel(Xm, coef, { kind: 'linear', gamma: 0, degree: 0, coef0: 0 });
      for (let r = 0; r < m; r++) {
        for (let q = 0; q < nPairs; q++) {
          out[r * nPairs + q] = sign * ((W[r * nPairs + q] as number) + (intercept[q] as number));
        }
      }
      return { data: out, rows: m, cols: nPairs };
    }
    let Kx: Float64Array;
    if (this.params.kernel === 'precomputed') {
      const support = this.support_ as Int32Array;
      Kx = new Float64Array(m * nSV);
      for (let r = 0; r < m; r++) {
        for (let s = 0; s < nSV; s++)
          Kx[r * nSV + s] = Xm.data[r * Xm.cols + (support[s] as number)] as number;
      }
    } else {
      const spec: KernelSpec = {
        kind: this.params.kernel,
        gamma: this.gamma_ as number,
        degree: this.params.degree,
        coef0: this.params.coef0,
      };
      Kx = crossKernel(Xm, this.supportVectors_ as Matrix2D, spec);
    }
    const nSupport = this.nSupport_ as Int32Array;
    const svStart = new Int32Array(k + 1);
    for (let c = 0; c < k; c++) svStart[c + 1] = (svStart[c] as number) + (nSupport[c] as number);
    for (let r = 0; r < m; r++) {
      const kr = r * nSV;
      let q = 0;
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++) {
          let sum = 0;
          for (let s = svStart[a] as number; s < (svStart[a + 1] as number); s++) {
            sum += sign * (dual.data[(b - 1) * nSV + s] as number) * (Kx[kr + s] as number);
          }
          for (let s = svStart[b] as number; s < (svStart[b + 1] as number); s++) {
            sum += sign * (dual.data[a * nSV + s] as number) * (Kx[kr + s] as number);
          }
          out[r * nPairs + q] = sum + sign * (intercept[q] as number);
          q++;
        }
      }
    }
    return { data: out, rows: m, cols: nPairs };
  }

  /**
   * Signed distances to the separating surfaces. Two classes: a Float64Array whose positive
   * values mean `classes_[1]`. More classes: n × k ('ovr': votes plus scaled confidences, as
   * scikit-learn) or n × k(k−1)/2 ('ovo': one column per class pair, positive favours the first).
   */
  decisionFunction(X: MatrixLike): Float64Array | Matrix2D {
    const Xm = this.checkX(X);
    const dec = this.ovoDecision(Xm);
    const k = (this.classes_ as Label[]).length;
    if (k === 2) {
      const out = new Float64Array(dec.rows);
      for (let r = 0; r < dec.rows; r++) out[r] = -(dec.data[r] as number);
      return out;
    }
    if (this.params.decisionFunctionShape === 'ovo') return dec;
    return ovrFromOvo(dec, k);
  }

  /** Predicted labels: one-vs-one voting (ties to the first class), or argmax with `breakTies`. */
  predict(X: MatrixLike): Label[] {
    const Xm = this.checkX(X);
    const classes = this.classes_ as Label[];
    const k = classes.length;
    const dec = this.ovoDecision(Xm);
    const m = dec.rows;
    const out: Label[] = new Array(m);
    if (this.params.breakTies && this.params.decisionFunctionShape === 'ovr' && k > 2) {
      const ovr = ovrFromOvo(dec, k);
      for (let r = 0; r < m; r++) {
        let best = 0;
        for (let c = 1; c < k; c++)
          if ((ovr.data[r * k + c] as number) > (ovr.data[r * k + best] as number)) best = c;
        out[r] = classes[best] as Label;
      }
      return out;
    }
    const votes = new Int32Array(k);
    const nPairs = dec.cols;
    for (let r = 0; r < m; r++) {
      votes.fill(0);
      let q = 0;
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++) {
          if ((dec.data[r * nPairs + q] as number) > 0) votes[a] = (votes[a] as number) + 1;
          else votes[b] = (votes[b] as number) + 1;
          q++;
        }
      }
      let best = 0;
      for (let c = 1; c < k; c++) if ((votes[c] as number) > (votes[best] as number)) best = c;
      out[r] = classes[best] as Label;
    }
    return out;
  }
}

/**
 * The kernel coefficient scikit-learn uses: a number as given, `'auto'` = 1/p, `'scale'` =
 * 1/(p·Var(X)) (numpy's `X.var()` over all values; 1 when it is 0).
 */
export function resolveGamma(X: Matrix2D, gamma: 'scale' | 'auto' | number): number {
  if (typeof gamma === 'number') return gamma;
  if (gamma === 'auto') return 1 / X.cols;
  // numpy's X.var(): pairwise sums of the values and of the squared deviations (in WebAssembly
  // where it runs: the same sums, without two passes of interpreted JavaScript on a first fit).
  const { data } = X;
  const fast = numpyVariance(data);
  if (fast !== undefined) return fast !== 0 ? 1 / (X.cols * fast) : 1;
  const mean = numpyMean(data);
  const dev = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const d = (data[i] as number) - mean;
    dev[i] = d * d;
  }
  const v = numpyMean(dev);
  return v !== 0 ? 1 / (X.cols * v) : 1;
}

/** scikit-learn's one-vs-rest shape from one-vs-one values: votes + conf / (3 (|conf| + 1)). */
function ovrFromOvo(dec: Matrix2D, k: number): Matrix2D {
  const m = dec.rows;
  const nPairs = dec.cols;
  const out = new Float64Array(m * k);
  const conf = new Float64Array(k);
  for (let r = 0; r < m; r++) {
    conf.fill(0);
    let q = 0;
    const o = r * k;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        const v = dec.data[r * nPairs + q] as number;
        conf[a] = (conf[a] as number) + v;
        conf[b] = (conf[b] as number) - v;
        if (v < 0) out[o + b] = (out[o + b] as number) + 1;
        else out[o + a] = (out[o + a] as number) + 1;
        q++;
      }
    }
    for (let c = 0; c < k; c++) {
      const s = conf[c] as number;
      out[o + c] = (out[o + c] as number) + s / (3 * (Math.abs(s) + 1));
    }
  }
  return { data: out, rows: m, cols: k };
}
