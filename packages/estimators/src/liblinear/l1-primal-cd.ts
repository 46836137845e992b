/**
 * liblinear's solver 5 (`L1R_L2LOSS_SVC`): primal coordinate descent for the L1-regularised
 * squared-hinge SVM, `min ‖w‖₁ + Σ Cᵢ max(0, 1 − yᵢ wᵀxᵢ)²` — one feature at a time in a random
 * order, a one-dimensional Newton step on the piecewise-quadratic loss with an Armijo line
 * search, and shrinking of features that stay at zero (Yuan, Chang, Hsieh & Lin, JMLR 2010,
 * "A comparison of optimization methods and software for large-scale L1-regularized linear
 * classification", section 4.1.2 "CDN").
 *
 * @module
 */
import { type L1Exports, type L1PrimalWorkspace, l1PrimalWorkspace } from './l1-wasm.js';
import type { ColumnMajor, IntSource, SolveResult } from './problem.js';
import { shufflePrefix } from './problem.js';

const SIGMA = 0.01;
const MAX_LINE_SEARCH = 20;

// The hot loops are small functions of their own: V8 optimises them after a few of their many
// calls, instead of waiting for on-stack replacement of each loop of one big function (which
// made a fresh process's first fit several times slower than the next).

/**
 * Writes `Σ_{b>0} C (yx) b` to `out[0]` and `Σ_{b>0} C x²` to `out[1]` for column `off` of `yx`
 * (the features times the labels, as liblinear stores them: y = ±1, so every product is the
 * one with x and y apart, bitwise).
 */
function columnGradient(
  yx: Float64Array,
  off: number,
  b: Float64Array,
  C: Float64Array,
  n: number,
  out: Float64Array,
): void {
  let gLoss = 0;
  let H = 0;
  for (let i = 0; i < n; i++) {
    const bi = b[i] as number;
    if (bi > 0) {
      const v = yx[off + i] as number;
      const cv = (C[i] as number) * v;
      gLoss -= cv * bi;
      H += cv * v;
    }
  }
  out[0] = gLoss;
  out[1] = H;
}

/** `b += dDiff · yx` (column `off`). */
function shiftMargins(
  b: Float64Array,
  yx: Float64Array,
  off: number,
  dDiff: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) b[i] = (b[i] as number) + dDiff * (yx[off + i] as number);
}

/** `b += dDiff · yx`, returning the new loss `Σ_{b>0} C b²`; the old one goes to `old[0]`. */
function shiftMarginsLoss(
  b: Float64Array,
  yx: Float64Array,
  off: number,
  C: Float64Array,
  dDiff: number,
  n: number,
  old: Float64Array | undefined,
): number {
  let lossNew = 0;
  if (old) {
    let lossOld = 0;
    for (let i = 0; i < n; i++) {
      const bi = b[i] as number;
      if (bi > 0) lossOld += (C[i] as number) * bi * bi;
      const bn = bi + dDiff * (yx[off + i] as number);
      b[i] = bn;
      if (bn > 0) lossNew += (C[i] as number) * bn * bn;
    }
    old[0] = lossOld;
  } else {
    for (let i = 0; i < n; i++) {
      const bn = (b[i] as number) + dDiff * (yx[off + i] as number);
      b[i] = bn;
      if (bn > 0) lossNew += (C[i] as number) * bn * bn;
    }
  }
  return lossNew;
}

/** The solver's column loops over column `off` of `yx` (see the functions above). */
interface ColumnKernels {
  gradient(off: number, out: Float64Array): void;
  shift(off: number, dDiff: number): void;
  shiftLoss(off: number, dDiff: number, old: Float64Array | undefined): number;
  /** After `b` was set from outside the kernels. */
  marginsSet(): void;
}

// The kernels are classes, not objects of closures: their methods stay the same functions from
// one fit to the next, so V8's optimised solver keeps its calls (see l1-newglmnet.ts).

/** The JavaScript loops above. */
class JsKernels implements ColumnKernels {
  constructor(
    private readonly yx: Float64Array,
    private readonly b: Float64Array,
    private readonly C: Float64Array,
    private readonly n: number,
  ) {}
  gradient(off: number, out: Float64Array): void {
    columnGradient(this.yx, off, this.b, this.C, this.n, out);
  }
  shift(off: number, dDiff: number): void {
    shiftMargins(this.b, this.yx, off, dDiff, this.n);
  }
  shiftLoss(off: number, dDiff: number, old: Float64Array | undefined): number {
    return shiftMarginsLoss(this.b, this.yx, off, this.C, dDiff, this.n, old);
  }
  marginsSet(): void {}
}

/**
 * The same loops in WebAssembly (`l1-wasm.ts`), on the workspace's arrays. The gradient sums over
 * the list of samples with `b > 0` that the last margin update wrote (the terms it skips are +0).
 */
class WasmKernels implements ColumnKernels {
  private readonly fns: L1Exports;
  private readonly pyx: number;
  private readonly pb: number;
  private readonly pc: number;
  private readonly ppos: number;
  private count = 0;
  constructor(
    private readonly ws: L1PrimalWorkspace,
    private readonly n: number,
  ) {
    this.fns = ws.fns;
    this.pyx = ws.yx.byteOffset;
    this.pb = ws.b.byteOffset;
    this.pc = ws.C.byteOffset;
    this.ppos = ws.pos.byteOffset;
    this.marginsSet();
  }
  gradient(off: number, out: Float64Array): void {
    out[0] = this.fns.gradient(this.pyx + 8 * off, this.pb, this.pc, this.ppos, this.count);
    out[1] = this.fns.second();
  }
  shift(off: number, dDiff: number): void {
    this.fns.shift(this.pb, this.pyx + 8 * off, dDiff, this.n, this.ppos);
    this.count = this.fns.count();
  }
  shiftLoss(off: number, dDiff: number, old: Float64Array | undefined): number {
    const { fns, pb, pyx, pc, n, ppos } = this;
    const lossNew = fns.shiftLoss(pb, pyx + 8 * off, pc, dDiff, n, old ? 1 : 0, ppos);
    this.count = fns.count();
    if (old) old[0] = fns.second();
    return lossNew;
  }
  marginsSet(): void {
    const { b, pos } = this.ws;
    let count = 0;
    for (let i = 0; i < this.n; i++) if ((b[i] as number) > 0) pos[count++] = this.pb + 8 * i;
    this.count = count;
  }
}

/**
 * Solves one binary L1-regularised L2-loss SVM.
 *
 * @param X features by rows (`dim × n`, bias row included)
 * @param y labels ±1
 * @param C cost of each sample
 * @param eps stopping tolerance on the L1 norm of the minimum-norm sub-gradient, relative to
 *   the first pass (liblinear's primal tolerance, see `primalTolerance`)
 * @param maxIter maximum number of passes
 * @param rng the coordinate order's random source
 * @param wasm run the column loops in WebAssembly where it is available (default true; false
 *   keeps the JavaScript loops, which give the same numbers — for tests)
 */
export function l1PrimalSquaredHinge(
  X: ColumnMajor,
  y: Int8Array,
  C: Float64Array,
  eps: number,
  maxIter: number,
  rng: IntSource,
  wasm = true,
): SolveResult {
  const { data, n, dim } = X;
  // The column loops run in WebAssembly where it is available, on yx, b and C in its memory.
  const ws = wasm ? l1PrimalWorkspace(dim, n) : undefined;
  // liblinear's x·y (exact: y = ±1), one column-major copy for this binary problem.
  const yx = ws ? ws.yx : new Float64Array(dim * n);
  for (let j = 0; j < dim; j++) {
    const off = j * n;
    for (let i = 0; i < n; i++) yx[off + i] = (y[i] as number) * (data[off + i] as number);
  }
  const w = new Float64Array(dim);
  // b = 1 − y·(Xw): the margins' shortfall; the loss is Σ C b² over b > 0.
  const b = ws ? ws.b : new Float64Array(n);
  b.fill(1);
  if (ws) ws.C.set(C.subarray(0, n));
  const kernels: ColumnKernels = ws ? new WasmKernels(ws, n) : new JsKernels(yx, b, C, n);
  const xjSq = new Float64Array(dim);
  const index = new Int32Array(dim);
  for (let j = 0; j < dim; j++) {
    index[j] = j;
    const off = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = data[off + i] as number;
      s += (C[i] as number) * v * v;
    }
    xjSq[j] = s;
  }
  const gh = new Float64Array(2);
  const lossOldBox = new Float64Array(1);
  let active = dim;
  let gMaxOld = Number.POSITIVE_INFINITY;
  let gNorm1Init = -1;
  let iter = 0;
  while (iter < maxIter) {
    let gMaxNew = 0;
    let gNorm1New = 0;
    shufflePrefix(index, active, rng);
    for (let s = 0; s < active; s++) {
      const j = index[s] as number;
      const off = j * n;
      kernels.gradient(off, gh);
      let gLoss = gh[0] as number;
      let H = gh[1] as number;
      gLoss *= 2;
      const G = gLoss;
      H = Math.max(2 * H, 1e-12);
      const Gp = G + 1;
      const Gn = G - 1;
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

      let d: number;
      if (Gp < H * wj) d = -Gp / H;
      else if (Gn > H * wj) d = -Gn / H;
      else d = -wj;
      if (Math.abs(d) < 1e-12) continue;

      let delta = Math.abs(wj + d) - Math.abs(wj) + G * d;
      let dOld = 0;
      let lossOld = 0;
      let ls = 0;
      for (; ls < MAX_LINE_SEARCH; ls++) {
        const dDiff = dOld - d;
        let cond = Math.abs(wj + d) - Math.abs(wj) - SIGMA * delta;
        // Upper bound of the loss change (the loss is quadratic with curvature ≤ xjSq).
        if ((xjSq[j] as number) * d * d + gLoss * d + cond <= 0) {
          kernels.shift(off, dDiff);
          break;
        }
        const lossNew = kernels.shiftLoss(off, dDiff, ls === 0 ? lossOldBox : undefined);
        if (ls === 0) lossOld = lossOldBox[0] as number;
        cond += lossNew - lossOld;
        if (cond <= 0) break;
        dOld = d;
        d *= 0.5;
        delta *= 0.5;
      }
      w[j] = wj + d;
      if (ls >= MAX_LINE_SEARCH) {
        // The margins hold the last rejected step: recompute them from w.
        b.fill(1);
        for (let f = 0; f < dim; f++) {
          const wf = w[f] as number;
          if (wf === 0) continue;
          const o = f * n;
          for (let i = 0; i < n; i++) {
            b[i] = (b[i] as number) - wf * (yx[o + i] as number);
          }
        }
        kernels.marginsSet();
      }
    }
    if (iter === 0) gNorm1Init = gNorm1New;
    iter++;
    if (gNorm1New <= eps * gNorm1Init) {
      if (active === dim) break;
      active = dim;
      gMaxOld = Number.POSITIVE_INFINITY;
      continue;
    }
    gMaxOld = gMaxNew;
  }
  return { w, nIter: iter };
}
