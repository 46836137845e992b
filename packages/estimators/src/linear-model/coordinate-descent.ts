/**
 * Coordinate descent for the Lasso, as scikit-learn's `_cd_fast`: cyclic or random coordinate
 * order, soft-thresholding updates, and the duality-gap stopping rule (checked when the largest
 * coordinate change falls below `tol` times the largest coefficient). Two forms: on the centred
 * design matrix (stored column-major), and on its Gram matrix `XᵀX` (scikit-learn's
 * `precompute`).
 *
 * @module
 */
import { ConvergenceWarning, type RandomState, warn } from '@voxelkit/core';
import { cdWorkspace, gramWorkspace } from './cd-wasm.js';

/** What a coordinate-descent run returns (the weights are updated in place). */
export interface CdResult {
  /** Final duality gap (unscaled: divide by n for scikit-learn's `dual_gap_`). */
  gap: number;
  /** The scaled tolerance `tol · ‖y‖²` the gap was compared with. */
  tol: number;
  /** Passes over the coordinates. */
  nIter: number;
}

/** Options shared by both solvers. */
export interface CdOptions {
  /** L1 penalty in the solver's scale (`alpha · n`). */
  alpha: number;
  /** L2 penalty in the solver's scale (0 for the Lasso). */
  beta: number;
  maxIter: number;
  tol: number;
  /** Random coordinate order from this generator (scikit-learn's `selection='random'`). */
  rng: RandomState | undefined;
  positive: boolean;
}

const RAND_R_MAX = 0x7fffffff;

/** scikit-learn's `our_rand_r` xorshift, so 'random' selection visits the same coordinates. */
function makeRandInt(rng: RandomState): (end: number) => number {
  let seed = rng.randint(0, RAND_R_MAX) >>> 0;
  return (end: number) => {
    if (seed === 0) seed = 1;
    seed = (seed ^ (seed << 13)) >>> 0;
    seed = (seed ^ (seed >>> 17)) >>> 0;
    seed = (seed ^ (seed << 5)) >>> 0;
    return (seed % (RAND_R_MAX + 1)) % end;
  };
}

function notConverged(gap: number, tol: number): void {
  warn(
    new ConvergenceWarning(
      'Objective did not converge. You might want to increase the number of iterations (maxIter), ' +
        'check the scale of the features or consider increasing regularisation. ' +
        `Duality gap: ${gap.toExponential(3)}, tolerance: ${tol.toExponential(3)}`,
    ),
  );
}

/**
 * `x_jᵀR` for the column at `oj` in the WebAssembly `dot`'s order (and `xtr`'s), bitwise: eight
 * partial sums (i mod 8) break the dependency chain, the tail goes to the first, then
 * `((t0 + t1) + (t2 + t3)) + ((t4 + t5) + (t6 + t7))`.
 */
function columnDot(Xc: Float64Array, oj: number, R: Float64Array, n: number): number {
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  let t4 = 0;
  let t5 = 0;
  let t6 = 0;
  let t7 = 0;
  const n8 = n - (n % 8);
  let i = 0;
  for (; i < n8; i += 8) {
    const o = oj + i;
    t0 += (Xc[o] as number) * (R[i] as number);
    t1 += (Xc[o + 1] as number) * (R[i + 1] as number);
    t2 += (Xc[o + 2] as number) * (R[i + 2] as number);
    t3 += (Xc[o + 3] as number) * (R[i + 3] as number);
    t4 += (Xc[o + 4] as number) * (R[i + 4] as number);
    t5 += (Xc[o + 5] as number) * (R[i + 5] as number);
    t6 += (Xc[o + 6] as number) * (R[i + 6] as number);
    t7 += (Xc[o + 7] as number) * (R[i + 7] as number);
  }
  for (; i < n; i++) t0 += (Xc[oj + i] as number) * (R[i] as number);
  return t0 + t1 + (t2 + t3) + (t4 + t5 + (t6 + t7));
}

/**
 * Minimises `½‖y − Xw‖² + alpha‖w‖₁ + ½ beta‖w‖²` over `w` (updated in place) for a
 * column-major `Xc` (`n` rows, `p` columns: column `j` at `Xc[j·n … j·n + n)`).
 */
export function cdDense(
  XcIn: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  w: Float64Array,
  o: CdOptions,
): CdResult {
  const { alpha, beta, maxIter, positive } = o;
  // With WebAssembly SIMD, X and the residual live in the kernels' memory (a copy of X).
  const ws = cdWorkspace(XcIn, n, p);
  const Xc = ws ? ws.X : XcIn;
  const fns = ws?.fns;
  const rAt = ws ? ws.rAt : 0;
  const nb = n >> 2;
  const normCols = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    const oj = j * n;
    for (let i = 0; i < n; i++) {
      const v = Xc[oj + i] as number;
      s += v * v;
    }
    normCols[j] = s;
  }
  if (ws) {
    ws.NC.set(normCols);
    ws.W.set(w.subarray(0, p));
  }
  const R = ws ? ws.R : new Float64Array(n);
  R.set(y.subarray(0, n));
  for (let j = 0; j < p; j++) {
    const wj = w[j] as number;
    if (wj === 0) continue;
    const oj = j * n;
    for (let i = 0; i < n; i++) R[i] = (R[i] as number) - wj * (Xc[oj + i] as number);
  }
  let yNorm2 = 0;
  for (let i = 0; i < n; i++) yNorm2 += (y[i] as number) ** 2;
  const tol = o.tol * yNorm2;
  const randInt = o.rng ? makeRandInt(o.rng) : undefined;
  let gap = tol + 1;
  let iter = 0;
  let converged = false;
  // The update `R -= w_j x_j` of one coordinate is deferred and applied in the same pass as the
  // next coordinate's `R += w_k x_k` and dot product (same operations, same order: one sweep of
  // R instead of two).
  let pend = -1;
  let pendW = 0;
  for (iter = 0; iter < maxIter; iter++) {
    let wMax = 0;
    let dwMax = 0;
    if (ws !== undefined && randInt === undefined) {
      // The whole cyclic pass in WebAssembly (same operations, same order).
      const st = ws.ST;
      st[0] = pend;
      st[1] = pendW;
      ws.fns.epoch(0, rAt, ws.wAt, ws.ncAt, ws.stAt, n, nb, p, alpha, beta, positive ? 1 : 0);
      pend = st[0] as number;
      pendW = st[1] as number;
      wMax = st[2] as number;
      dwMax = st[3] as number;
      w.set(ws.W);
    }
    for (let f = 0; f < (ws !== undefined && randInt === undefined ? 0 : p); f++) {
      const j = randInt ? randInt(p) : f;
      const nc = normCols[j] as number;
      if (nc === 0) continue;
      const oj = j * n;
      const wOld = w[j] as number;
      let tmp: number;
      if (fns !== undefined) {
        const xj = 8 * oj;
        if (pend >= 0) {
          tmp =
            wOld !== 0
              ? fns.pendAdd(xj, 8 * pend * n, rAt, nb, n, pendW, wOld)
              : fns.pend(xj, 8 * pend * n, rAt, nb, n, pendW);
          pend = -1;
        } else tmp = wOld !== 0 ? fns.add(xj, rAt, nb, n, wOld) : fns.dot(xj, rAt, n);
      } else {
        // The update sweeps: four partial sums (i mod 4) break the dot product's dependency chain.
        let t0 = 0;
        let t1 = 0;
        let t2 = 0;
        let t3 = 0;
        const n4 = n - (n % 4);
        if (pend >= 0) {
          const op = pend * n;
          const pw = pendW;
          if (wOld !== 0) {
            let i = 0;
            for (; i < n4; i += 4) {
              const x0 = Xc[oj + i] as number;
              const x1 = Xc[oj + i + 1] as number;
              const x2 = Xc[oj + i + 2] as number;
              const x3 = Xc[oj + i + 3] as number;
              const r0 = (R[i] as number) - pw * (Xc[op + i] as number) + wOld * x0;
              const r1 = (R[i + 1] as number) - pw * (Xc[op + i + 1] as number) + wOld * x1;
              const r2 = (R[i + 2] as number) - pw * (Xc[op + i + 2] as number) + wOld * x2;
              const r3 = (R[i + 3] as number) - pw * (Xc[op + i + 3] as number) + wOld * x3;
              R[i] = r0;
              R[i + 1] = r1;
              R[i + 2] = r2;
              R[i + 3] = r3;
              t0 += x0 * r0;
              t1 += x1 * r1;
              t2 += x2 * r2;
              t3 += x3 * r3;
            }
            for (; i < n; i++) {
              const x = Xc[oj + i] as number;
              const r = (R[i] as number) - pw * (Xc[op + i] as number) + wOld * x;
              R[i] = r;
              t0 += x * r;
            }
          } else {
            let i = 0;
            for (; i < n4; i += 4) {
              const r0 = (R[i] as number) - pw * (Xc[op + i] as number);
              const r1 = (R[i + 1] as number) - pw * (Xc[op + i + 1] as number);
              const r2 = (R[i + 2] as number) - pw * (Xc[op + i + 2] as number);
              const r3 = (R[i + 3] as number) - pw * (Xc[op + i + 3] as number);
              R[i] = r0;
              R[i + 1] = r1;
              R[i + 2] = r2;
              R[i + 3] = r3;
              t0 += (Xc[oj + i] as number) * r0;
              t1 += (Xc[oj + i + 1] as number) * r1;
              t2 += (Xc[oj + i + 2] as number) * r2;
              t3 += (Xc[oj + i + 3] as number) * r3;
            }
            for (; i < n; i++) {
              const r = (R[i] as number) - pw * (Xc[op + i] as number);
              R[i] = r;
              t0 += (Xc[oj + i] as number) * r;
            }
          }
          pend = -1;
          tmp = t0 + t1 + (t2 + t3);
        } else if (wOld !== 0) {
          let i = 0;
          for (; i < n4; i += 4) {
            const x0 = Xc[oj + i] as number;
            const x1 = Xc[oj + i + 1] as number;
            const x2 = Xc[oj + i + 2] as number;
            const x3 = Xc[oj + i + 3] as number;
            const r0 = (R[i] as number) + wOld * x0;
            const r1 = (R[i + 1] as number) + wOld * x1;
            const r2 = (R[i + 2] as number) + wOld * x2;
            const r3 = (R[i + 3] as number) + wOld * x3;
            R[i] = r0;
            R[i + 1] = r1;
            R[i + 2] = r2;
            R[i + 3] = r3;
            t0 += x0 * r0;
            t1 += x1 * r1;
            t2 += x2 * r2;
            t3 += x3 * r3;
          }
          for (; i < n; i++) {
            const x = Xc[oj + i] as number;
            const r = (R[i] as number) + wOld * x;
            R[i] = r;
            t0 += x * r;
          }
          tmp = t0 + t1 + (t2 + t3);
        } else tmp = columnDot(Xc, oj, R, n);
      }
      let wNew: number;
      if (positive && tmp < 0) wNew = 0;
      else wNew = (Math.sign(tmp) * Math.max(Math.abs(tmp) - alpha, 0)) / (nc + beta);
      w[j] = wNew;
      if (wNew !== 0) {
        pend = j;
        pendW = wNew;
      }
      const dw = Math.abs(wNew - wOld);
      if (dw > dwMax) dwMax = dw;
      const aw = Math.abs(wNew);
      if (aw > wMax) wMax = aw;
    }
    if (pend >= 0) {
      const op = pend * n;
      for (let i = 0; i < n; i++) R[i] = (R[i] as number) - pendW * (Xc[op + i] as number);
      pend = -1;
    }
    if (wMax === 0 || dwMax / wMax < o.tol || iter === maxIter - 1) {
      let dualNorm = 0;
      let first = true;
      if (ws !== undefined) ws.fns.xtr(0, rAt, ws.xtrAt, n, p);
      const xtR = ws?.XTR;
      for (let j = 0; j < p; j++) {
        const s = xtR !== undefined ? (xtR[j] as number) : columnDot(Xc, j * n, R, n);
        const xta = s - beta * (w[j] as number);
        const v = positive ? xta : Math.abs(xta);
        if (first || v > dualNorm) {
          dualNorm = v;
          first = false;
        }
      }
      let rNorm2 = 0;
      let rDotY = 0;
      for (let i = 0; i < n; i++) {
        const r = R[i] as number;
        rNorm2 += r * r;
        rDotY += r * (y[i] as number);
      }
      let wNorm2 = 0;
      let l1 = 0;
      for (let j = 0; j < p; j++) {
        const v = w[j] as number;
        wNorm2 += v * v;
        l1 += Math.abs(v);
      }
      let cst: number;
      if (dualNorm > alpha) {
        cst = alpha / dualNorm;
        gap = 0.5 * (rNorm2 + rNorm2 * cst * cst);
      } else {
        cst = 1;
        gap = rNorm2;
      }
      gap += alpha * l1 - cst * rDotY + 0.5 * beta * (1 + cst * cst) * wNorm2;
      if (gap < tol) {
        converged = true;
        break;
      }
    }
  }
  if (!converged) {
    notConverged(gap, tol);
    iter = maxIter - 1;
  }
  return { gap, tol, nIter: iter + 1 };
}

/**
 * The same problem given `Q = XᵀX` (`p × p`), `q = Xᵀy` and `‖y‖²`: each update costs `O(p)`
 * instead of `O(n)`, the better deal when `n > p`. `wasm: false` keeps every loop in JavaScript
 * (the same values, for tests).
 */
export function cdGram(
  QIn: Float64Array,
  q: Float64Array,
  yNorm2: number,
  p: number,
  w: Float64Array,
  o: CdOptions,
  wasm = true,
): CdResult {
  const { alpha, beta, maxIter, positive } = o;
  const tol = o.tol * yNorm2;
  // With WebAssembly SIMD (and `wasm`, default true), Q and H live in the kernels' memory (a
  // copy of Q), and each cyclic pass is one call.
  const ws = wasm ? gramWorkspace(QIn, p) : undefined;
  const Q = ws ? ws.X : QIn;
  const fns = ws?.fns;
  const hAt = ws ? ws.rAt : 0;
  const nb = p >> 2;
  const H = ws ? ws.R.fill(0) : new Float64Array(p);
  if (ws) {
    ws.NC.set(q.subarray(0, p));
    ws.W.set(w.subarray(0, p));
  }
  for (let j = 0; j < p; j++) {
    const wj = w[j] as number;
    if (wj === 0) continue;
    const oj = j * p;
    for (let k = 0; k < p; k++) H[k] = (H[k] as number) + wj * (Q[oj + k] as number);
  }
  const randInt = o.rng ? makeRandInt(o.rng) : undefined;
  let gap = tol + 1;
  let iter = 0;
  let converged = false;
  // As in cdDense, `H += w_j Q_j` is deferred into the next coordinate's `H −= w_k Q_k` sweep.
  let pend = -1;
  let pendW = 0;
  for (iter = 0; iter < maxIter; iter++) {
    let wMax = 0;
    let dwMax = 0;
    const wholePass = ws !== undefined && randInt === undefined;
    if (wholePass) {
      // The whole cyclic pass in WebAssembly (same operations, same order).
      const st = ws.ST;
      st[0] = pend;
      st[1] = pendW;
      ws.fns.gramEpoch(0, hAt, ws.wAt, ws.ncAt, ws.stAt, p, nb, alpha, beta, positive ? 1 : 0);
      pend = st[0] as number;
      pendW = st[1] as number;
      wMax = st[2] as number;
      dwMax = st[3] as number;
      w.set(ws.W);
    }
    for (let f = 0; f < (wholePass ? 0 : p); f++) {
      const j = randInt ? randInt(p) : f;
      const oj = j * p;
      const qjj = Q[oj + j] as number;
      if (qjj === 0) continue;
      const wOld = w[j] as number;
      if (fns !== undefined) {
        if (pend >= 0) {
          if (wOld !== 0) fns.gPendSub(hAt, 8 * pend * p, 8 * oj, nb, p, pendW, wOld);
          else fns.gPend(hAt, 8 * pend * p, nb, p, pendW);
          pend = -1;
        } else if (wOld !== 0) fns.gSub(hAt, 8 * oj, nb, p, wOld);
      } else if (pend >= 0) {
        const op = pend * p;
        if (wOld !== 0) {
          for (let k = 0; k < p; k++)
            H[k] = (H[k] as number) + pendW * (Q[op + k] as number) - wOld * (Q[oj + k] as number);
        } else {
          for (let k = 0; k < p; k++) H[k] = (H[k] as number) + pendW * (Q[op + k] as number);
        }
        pend = -1;
      } else if (wOld !== 0) {
        for (let k = 0; k < p; k++) H[k] = (H[k] as number) - wOld * (Q[oj + k] as number);
      }
      const tmp = (q[j] as number) - (H[j] as number);
      let wNew: number;
      if (positive && tmp < 0) wNew = 0;
      else wNew = (Math.sign(tmp) * Math.max(Math.abs(tmp) - alpha, 0)) / (qjj + beta);
      w[j] = wNew;
      if (wNew !== 0) {
        pend = j;
        pendW = wNew;
      }
      const dw = Math.abs(wNew - wOld);
      if (dw > dwMax) dwMax = dw;
      const aw = Math.abs(wNew);
      if (aw > wMax) wMax = aw;
    }
    if (pend >= 0) {
      const op = pend * p;
      for (let k = 0; k < p; k++) H[k] = (H[k] as number) + pendW * (Q[op + k] as number);
      pend = -1;
    }
    if (wMax === 0 || dwMax / wMax < o.tol || iter === maxIter - 1) {
      let qDotW = 0;
      let wH = 0;
      let wNorm2 = 0;
      let l1 = 0;
      let dualNorm = 0;
      for (let j = 0; j < p; j++) {
        const wj = w[j] as number;
        qDotW += wj * (q[j] as number);
        wH += wj * (H[j] as number);
        wNorm2 += wj * wj;
        l1 += Math.abs(wj);
        const xta = (q[j] as number) - (H[j] as number) - beta * wj;
        const v = positive ? xta : Math.abs(xta);
        if (j === 0 || v > dualNorm) dualNorm = v;
      }
      const rNorm2 = yNorm2 + wH - 2 * qDotW;
      let cst: number;
      if (dualNorm > alpha) {
        cst = alpha / dualNorm;
        gap = 0.5 * (rNorm2 + rNorm2 * cst * cst);
      } else {
        cst = 1;
        gap = rNorm2;
      }
      gap += alpha * l1 - cst * yNorm2 + cst * qDotW + 0.5 * beta * (1 + cst * cst) * wNorm2;
      if (gap < tol) {
        converged = true;
        break;
      }
    }
  }
  if (!converged) {
    notConverged(gap, tol);
    iter = maxIter - 1;
  }
  return { gap, tol, nIter: iter + 1 };
}
