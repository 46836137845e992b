/**
 * liblinear's solver 6 (`L1R_LR`): newGLMNET for L1-regularised logistic regression,
 * `min ‖w‖₁ + Σ Cᵢ log(1 + exp(−yᵢ wᵀxᵢ))` — each outer (Newton) iteration builds the quadratic
 * model of the loss, minimises model + ‖w‖₁ by coordinate descent (random order, shrinking,
 * an inner tolerance that tightens when the inner problem is solved in one pass), then takes
 * an Armijo line search along the result (Yuan, Ho & Lin, KDD 2011, "An improved GLMNET for
 * L1-regularized logistic regression").
 *
 * @module
 */
import { type L1Exports, type L1LogisticWorkspace, l1LogisticWorkspace } from './l1-wasm.js';
import type { ColumnMajor, IntSource, SolveResult } from './problem.js';
import { shufflePrefix } from './problem.js';

const SIGMA = 0.01;
const NU = 1e-12;
const MAX_INNER = 1000;
/** Newton iterations in a row whose coordinate descent moved nothing, before liblinear stops. */
const MAX_NO_CHANGE = 10;
const MAX_LINE_SEARCH = 20;

// The hot loops are small functions of their own: called thousands of times per fit, V8
// optimises them after a few calls, where one big function waits for on-stack replacement of
// each loop (the first fit in a fresh process was several times slower than the next).

/** `init + Σᵢ a[offA + i] · b[i]` over `n` values, summed left to right from `init`. */
function dotAt(a: Float64Array, offA: number, b: Float64Array, n: number, init: number): number {
  let s = init;
  for (let i = 0; i < n; i++) s += (a[offA + i] as number) * (b[i] as number);
  return s;
}

/** `y[i] += z · a[offA + i]` over `n` values. */
function axpyAt(y: Float64Array, a: Float64Array, offA: number, z: number, n: number): void {
  for (let i = 0; i < n; i++) y[i] = (y[i] as number) + (a[offA + i] as number) * z;
}

/**
 * Column `off` of the Newton step: writes `xD = x · D`, stores `NU + Σ x² D` in `out[0]` and
 * `Σ x τ` in `out[1]`.
 */
function columnModel(
  data: Float64Array,
  off: number,
  D: Float64Array,
  tau: Float64Array,
  xD: Float64Array,
  n: number,
  out: Float64Array,
): void {
  let h = NU;
  let t = 0;
  for (let i = 0; i < n; i++) {
    const v = data[off + i] as number;
    const di = D[i] as number;
    h += v * v * di;
    xD[off + i] = v * di;
    t += v * (tau[i] as number);
  }
  out[0] = h;
  out[1] = t;
}

/**
 * The line search's `init + Σ Cᵢ log((1 + e'ᵢ)/(e^{dᵢ} + e'ᵢ))` (left to right from `init`),
 * writing `e'ᵢ = e^{wᵀxᵢ} e^{dᵢ}`.
 */
function lineSearchSum(
  xTd: Float64Array,
  expWTx: Float64Array,
  expWTxNew: Float64Array,
  C: Float64Array,
  n: number,
  init: number,
): number {
  let cond = init;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(xTd[i] as number);
    const en = (expWTx[i] as number) * e;
    expWTxNew[i] = en;
    cond += (C[i] as number) * Math.log((1 + en) / (e + en));
  }
  return cond;
}

/** The inner loops over column `off` (of the features, and of `xD`). */
interface ModelKernels {
  columnModel(off: number, out: Float64Array): void;
  dot(off: number, init: number): number;
  axpy(off: number, z: number): void;
}

// The kernels are classes, not objects of closures: their methods are the same functions from
// one fit to the next, so V8's optimised solver keeps calling them (new closures per fit made it
// deoptimise at each call site, fit after fit).

/** The JavaScript loops above. */
class JsKernels implements ModelKernels {
  constructor(
    private readonly data: Float64Array,
    private readonly xD: Float64Array,
    private readonly D: Float64Array,
    private readonly tau: Float64Array,
    private readonly xTd: Float64Array,
    private readonly n: number,
  ) {}
  columnModel(off: number, out: Float64Array): void {
    columnModel(this.data, off, this.D, this.tau, this.xD, this.n, out);
  }
  dot(off: number, init: number): number {
    return dotAt(this.xD, off, this.xTd, this.n, init);
  }
  axpy(off: number, z: number): void {
    axpyAt(this.xTd, this.data, off, z, this.n);
  }
}

/** The same loops in WebAssembly (`l1-wasm.ts`), on the workspace's arrays. */
class WasmKernels implements ModelKernels {
  private readonly pData: number;
  private readonly pXD: number;
  private readonly pD: number;
  private readonly pTau: number;
  private readonly pXTd: number;
  constructor(
    private readonly fns: L1Exports,
    ws: L1LogisticWorkspace,
    private readonly n: number,
  ) {
    this.pData = ws.data.byteOffset;
    this.pXD = ws.xD.byteOffset;
    this.pD = ws.D.byteOffset;
    this.pTau = ws.tau.byteOffset;
    this.pXTd = ws.xTd.byteOffset;
  }
  columnModel(off: number, out: Float64Array): void {
    out[0] = this.fns.columnModel(
      this.pData + 8 * off,
      this.pD,
      this.pTau,
      this.pXD + 8 * off,
      this.n,
      NU,
    );
    out[1] = this.fns.second();
  }
  dot(off: number, init: number): number {
    return this.fns.dot(this.pXD + 8 * off, this.pXTd, this.n, init);
  }
  axpy(off: number, z: number): void {
    this.fns.axpy(this.pXTd, this.pData + 8 * off, z, this.n);
  }
}

/** `tau = C / (1 + e^{wᵀx})` and `D = C e^{wᵀx} / (1 + e^{wᵀx})²` (the loss's curvature). */
function updateCurvature(
  expWTx: Float64Array,
  C: Float64Array,
  tau: Float64Array,
  D: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const e = expWTx[i] as number;
    const t = 1 / (1 + e);
    tau[i] = (C[i] as number) * t;
    D[i] = (C[i] as number) * e * t * t;
  }
}

/**
 * Solves one binary L1-regularised logistic regression.
 *
 * @param X features by rows (`dim × n`, bias row included)
 * @param y labels ±1
 * @param C cost of each sample
 * @param eps tolerance on the L1 norm of the minimum-norm sub-gradient relative to the start
 * @param maxIter maximum number of Newton iterations
 * @param rng the coordinate order's random source
 * @param wasm run the inner loops in WebAssembly where it is available (default true; false
 *   keeps the JavaScript loops, which give the same numbers — for tests)
 */
export function l1LogisticNewGlmnet(
  X: ColumnMajor,
  y: Int8Array,
  C: Float64Array,
  eps: number,
  maxIter: number,
  rng: IntSource,
  wasm = true,
): SolveResult {
  const { n, dim } = X;
  const ws = wasm ? l1LogisticWorkspace(dim, n) : undefined;
  if (ws) ws.data.set(X.data.subarray(0, dim * n));
  const data = ws ? ws.data : X.data;
  const w = new Float64Array(dim);
  const wpd = new Float64Array(dim);
  const grad = new Float64Array(dim);
  const hdiag = new Float64Array(dim);
  const xjNegSum = new Float64Array(dim);
  const index = new Int32Array(dim);
  const expWTx = new Float64Array(n).fill(1);
  const expWTxNew = new Float64Array(n);
  const xTd = ws ? ws.xTd : new Float64Array(n);
  // tau = C / (1 + e^{wᵀx}) and D = C e^{wᵀx} / (1 + e^{wᵀx})² (the loss's curvature).
  const tau = ws ? ws.tau : new Float64Array(n);
  const D = ws ? ws.D : new Float64Array(n);
  // xD[j·n + i] = x_ij · D_i for the features of this Newton iteration: liblinear's inner product
  // (x_ij · D_i) · xTd_i with the first product done once per Newton step instead of per pass.
  const xD = ws ? ws.xD : new Float64Array(dim * n);
  const kernels: ModelKernels = ws
    ? new WasmKernels(ws.fns, ws, n)
    : new JsKernels(data, xD, D, tau, xTd, n);
  const ht = new Float64Array(2);
  for (let j = 0; j < dim; j++) {
    index[j] = j;
    const off = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      if ((y[i] as number) < 0) s += (C[i] as number) * (data[off + i] as number);
    }
    xjNegSum[j] = s;
  }
  updateCurvature(expWTx, C, tau, D, n);
  let wNorm = 0;
  let active = dim;
  let gMaxOld = Number.POSITIVE_INFINITY;
  let gNorm1Init = -1;
  let innerEps = 1;
  let newtonIter = 0;
  let qpNoChange = 0;
  while (newtonIter < maxIter) {
    let gMaxNew = 0;
    let gNorm1New = 0;
    // Every feature is checked again at each Newton iteration (outer-level shrinking is per
    // iteration, as in liblinear).
    active = dim;
    for (let s = 0; s < active; s++) {
      const j = index[s] as number;
      const off = j * n;
      kernels.columnModel(off, ht);
      const h = ht[0] as number;
      const t = ht[1] as number;
      hdiag[j] = h;
      const G = xjNegSum[j] as number;
      grad[j] = G - t;
      const Gp = G - t + 1;
      const Gn = G - t - 1;
      const wj = w[j] as number;
      let violation = 0;
      if (wj === 0) {
        if (Gp < 0) violation = -Gp;
        else if (Gn > 0) violation = Gn;
        else if (Gp > gMaxOld / n && Gn < -gMaxOld / n) {
          active--;
          index[s] = index[active] as number;
          index[active] = j;
          s--;
          continue;
        }
      } else if (wj > 0) violation = Math.abs(Gp);
      else violation = Math.abs(Gn);
      if (violation > gMaxNew) gMaxNew = violation;
      gNorm1New += violation;
    }
    if (newtonIter === 0) gNorm1Init = gNorm1New;
    // Stop when the violation is small, or when the inner problem moved nothing 10 times in a row.
    if (gNorm1New <= eps * gNorm1Init || qpNoChange >= MAX_NO_CHANGE) break;
    qpNoChange++;

    // Coordinate descent on the quadratic model; wpd = w + d (it starts where the last line
    // search left it: w after an accepted step).
    xTd.fill(0);
    let qpActive = active;
    let qpGMaxOld = Number.POSITIVE_INFINITY;
    let inner = 0;
    for (; inner < MAX_INNER; inner++) {
      let qpGMaxNew = 0;
      let qpGNorm1New = 0;
      shufflePrefix(index, qpActive, rng);
      for (let s = 0; s < qpActive; s++) {
        const j = index[s] as number;
        const off = j * n;
        const H = hdiag[j] as number;
        const G = kernels.dot(
          off,
          (grad[j] as number) + ((wpd[j] as number) - (w[j] as number)) * NU,
        );
        const Gp = G + 1;
        const Gn = G - 1;
        const wj = wpd[j] as number;
        let violation = 0;
        if (wj === 0) {
          if (Gp < 0) violation = -Gp;
          else if (Gn > 0) violation = Gn;
          else if (Gp > qpGMaxOld / n && Gn < -qpGMaxOld / n) {
            qpActive--;
            index[s] = index[qpActive] as number;
            index[qpActive] = j;
            s--;
            continue;
          }
        } else if (wj > 0) violation = Math.abs(Gp);
        else violation = Math.abs(Gn);
        let z: number;
        if (Gp < H * wj) z = -Gp / H;
        else if (Gn > H * wj) z = -Gn / H;
        else z = -wj;
        // A coordinate that does not move adds nothing to the inner violation (liblinear's order).
        if (Math.abs(z) < 1e-12) continue;
        z = Math.min(Math.max(z, -10), 10);
        qpNoChange = 0;
        if (violation > qpGMaxNew) qpGMaxNew = violation;
        qpGNorm1New += violation;
        wpd[j] = wj + z;
        kernels.axpy(off, z);
      }
      if (qpGNorm1New <= innerEps * gNorm1Init) {
        if (qpActive === active) {
          inner++;
          break;
        }
        qpActive = active;
        qpGMaxOld = Number.POSITIVE_INFINITY;
        continue;
      }
      qpGMaxOld = qpGMaxNew;
    }

    // Armijo line search along d.
    // Sums over the features in index order (not the shuffled order), as liblinear.
    let delta = 0;
    let wNormNew = 0;
    for (let j = 0; j < dim; j++) {
      delta += (grad[j] as number) * ((wpd[j] as number) - (w[j] as number));
      if (wpd[j] !== 0) wNormNew += Math.abs(wpd[j] as number);
    }
    delta += wNormNew - wNorm;
    let negSumXTd = 0;
    for (let i = 0; i < n; i++) {
      if ((y[i] as number) < 0) negSumXTd += (C[i] as number) * (xTd[i] as number);
    }
    let ls = 0;
    for (; ls < MAX_LINE_SEARCH; ls++) {
      const cond = lineSearchSum(
        xTd,
        expWTx,
        expWTxNew,
        C,
        n,
        wNormNew - wNorm + negSumXTd - SIGMA * delta,
      );
      if (cond <= 0) {
        wNorm = wNormNew;
        w.set(wpd);
        expWTx.set(expWTxNew);
        updateCurvature(expWTx, C, tau, D, n);
        break;
      }
      wNormNew = 0;
      for (let j = 0; j < dim; j++) {
        const v = ((w[j] as number) + (wpd[j] as number)) * 0.5;
        wpd[j] = v;
        if (v !== 0) wNormNew += Math.abs(v);
      }
      delta *= 0.5;
      negSumXTd *= 0.5;
      for (let i = 0; i < n; i++) xTd[i] = (xTd[i] as number) * 0.5;
    }
    if (ls >= MAX_LINE_SEARCH) {
      // No sufficient decrease: recompute e^{wᵀx} from w to shed accumulated rounding.
      expWTx.fill(0);
      for (let j = 0; j < dim; j++) {
        const wj = w[j] as number;
        if (wj === 0) continue;
        const off = j * n;
        for (let i = 0; i < n; i++)
          expWTx[i] = (expWTx[i] as number) + wj * (data[off + i] as number);
      }
      for (let i = 0; i < n; i++) expWTx[i] = Math.exp(expWTx[i] as number);
      updateCurvature(expWTx, C, tau, D, n);
    }
    if (inner === 1) innerEps *= 0.25;
    newtonIter++;
    gMaxOld = gMaxNew;
  }
  return { w, nIter: newtonIter };
}
