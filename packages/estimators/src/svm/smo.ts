/**
 * Sequential minimal optimisation for the C-SVC dual
 *
 *   min ½ αᵀQα − eᵀα   subject to   yᵀα = 0,   0 ≤ α_t ≤ C_t,
 *
 * as described by Fan, Chen & Lin, "Working set selection using second order information for
 * training support vector machines" (JMLR 6, 2005) and Chang & Lin, "LIBSVM: a library for
 * support vector machines" (ACM TIST 2, 2011): second-order working-set selection (WSS 3), the
 * analytic two-variable step clipped to the box, shrinking with gradient reconstruction, the
 * stopping rule m(α) − M(α) < ε, and the bias from the free variables. Where the papers leave a
 * choice open (tie-breaking, the order of the active set after shrinking, when shrinking runs) the
 * choices reproduce LIBSVM's, so that the iterates — and hence the results — are the same.
 *
 * @module
 */
import { ConvergenceWarning, warn } from '@voxelkit/core';
import type { QMatrix } from './kernel-cache.js';
import type { SmoWorkspace } from './smo-wasm.js';

/** Options of {@link solveSmo}. */
export interface SmoOptions {
  /** Stopping tolerance ε on the maximal violation m(α) − M(α). */
  tol: number;
  /** Temporarily remove bounded variables that are unlikely to move. */
  shrinking: boolean;
  /** Iteration limit; −1 for none. */
  maxIter: number;
  /**
   * Without an iteration limit (`maxIter` −1), emit a {@link ConvergenceWarning} as soon as this
   * many iterations have run without meeting the tolerance (the solver goes on, as libsvm does).
   * Default {@link smoWarnIter}(l).
   */
  warnIter?: number;
  /**
   * The linear term p of the objective ½ αᵀQα + pᵀα (default −e, the C-SVC dual; epsilon-SVR
   * passes ε − z and ε + z for its 2l variables).
   */
  p?: Float64Array | undefined;
  /**
   * When `Q` is a dense l × l matrix stored at the start of this workspace's `q`, the whole
   * solve runs in its WebAssembly solver (same operations, same iterates).
   */
  workspace?: SmoWorkspace | undefined;
}

/** The solution of one C-SVC dual. */
export interface SmoResult {
  /** Dual variables α (≥ 0), in the sub-problem's sample order. */
  alpha: Float64Array;
  /** ρ: the decision function is Σ α_t y_t k(x_t, x) − ρ. */
  rho: number;
  /** Dual objective value. */
  objective: number;
  /** Number of two-variable updates. */
  nIter: number;
  /** True when the iteration limit stopped the solver before the tolerance was met. */
  reachedMaxIter: boolean;
}

/** Replaces a non-positive curvature a_ij (non-PSD kernels) in the step and the selection. */
const TAU = 1e-12;
const LOWER = 0;
const UPPER = 1;
const FREE = 2;
/** States returned by the workspace solver. */
const REACHED_MAX_ITER = 1;
const PAUSED = 2;

class SmoState {
  readonly l: number;
  readonly alpha: Float64Array;
  /** Gradient ∇f(α) = Qα − e (exact on the active set). */
  readonly G: Float64Array;
  /** Ḡ_t = Σ_{s at upper bound} C_s Q_ts, used to rebuild G on the inactive set. */
  readonly Gbar: Float64Array;
  readonly status: Int8Array;
  /** Sample indices: positions < active form the active set (shrinking permutes this list). */
  readonly order: Int32Array;
  readonly QD: Float64Array;
  active: number;
  unshrunk = false;
  wi = -1;
  wj = -1;

  constructor(
    readonly Q: QMatrix,
    readonly y: Int8Array,
    readonly C: Float64Array,
    readonly eps: number,
    readonly p: Float64Array,
  ) {
    const l = y.length;
    this.l = l;
    this.alpha = new Float64Array(l);
    this.QD = Q.diag;
    this.G = Float64Array.from(p);
    this.Gbar = new Float64Array(l);
    this.status = new Int8Array(l);
    this.order = new Int32Array(l);
    for (let t = 0; t < l; t++) this.order[t] = t;
    this.active = l;
  }

  private setStatus(k: number): void {
    const a = this.alpha[k] as number;
    this.status[k] = a >= (this.C[k] as number) ? UPPER : a <= 0 ? LOWER : FREE;
  }

  /**
   * WSS 3: i maximises −y_t ∇f_t over I_up; j minimises the second-order decrease −b²/a over
   * I_low among the violating partners of i. Returns true when the stopping rule holds.
   */
  select(): boolean {
    const { G, y, status, order, active } = this;
    const QD = this.QD;
    let gmax = Number.NEGATIVE_INFINITY;
    let i = -1;
    for (let t = 0; t < active; t++) {
      const k = order[t] as number;
      if (y[k] === 1) {
        if (status[k] !== UPPER && -(G[k] as number) >= gmax) {
          gmax = -(G[k] as number);
          i = k;
        }
      } else if (status[k] !== LOWER && (G[k] as number) >= gmax) {
        gmax = G[k] as number;
        i = k;
      }
    }
    const Qi = i === -1 ? undefined : this.Q.row(i);
    const yi = i === -1 ? 0 : (y[i] as number);
    const qdi = i === -1 ? 0 : (QD[i] as number);
    let gmax2 = Number.NEGATIVE_INFINITY;
    let j = -1;
    let objMin = Number.POSITIVE_INFINITY;
    for (let t = 0; t < active; t++) {
      const k = order[t] as number;
      const g = G[k] as number;
      if (y[k] === 1) {
        if (status[k] !== LOWER) {
          const diff = gmax + g;
          if (g >= gmax2) gmax2 = g;
          if (diff > 0) {
            const quad = qdi + (QD[k] as number) - 2 * yi * ((Qi as Float32Array)[k] as number);
            const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
            if (obj <= objMin) {
              j = k;
              objMin = obj;
            }
          }
        }
      } else if (status[k] !== UPPER) {
        const diff = gmax - g;
        if (-g >= gmax2) gmax2 = -g;
        if (diff > 0) {
          const quad = qdi + (QD[k] as number) + 2 * yi * ((Qi as Float32Array)[k] as number);
          const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
          if (obj <= objMin) {
            j = k;
            objMin = obj;
          }
        }
      }
    }
    if (gmax + gmax2 < this.eps || j === -1) return true;
    this.wi = i;
    this.wj = j;
    return false;
  }

  /** Solves the two-variable sub-problem on (i, j) analytically and updates G and Ḡ. */
  update(i: number, j: number): void {
    const { alpha, G, y, C, Q, QD } = this;
    const Qi = Q.row(i);
    const Qj = Q.row(j);
    const Qij = Qi[j] as number;
    const Ci = C[i] as number;
    const Cj = C[j] as number;
    const oldI = alpha[i] as number;
    const oldJ = alpha[j] as number;
    let ai = oldI;
    let aj = oldJ;
    if (y[i] !== y[j]) {
      let quad = (QD[i] as number) + (QD[j] as number) + 2 * Qij;
      if (quad <= 0) quad = TAU;
      const delta = (-(G[i] as number) - (G[j] as number)) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) {
          aj = 0;
          ai = diff;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = -diff;
      }
      if (diff > Ci - Cj) {
        if (ai > Ci) {
          ai = Ci;
          aj = Ci - diff;
        }
      } else if (aj > Cj) {
        aj = Cj;
        ai = Cj + diff;
      }
    } else {
      let quad = (QD[i] as number) + (QD[j] as number) - 2 * Qij;
      if (quad <= 0) quad = TAU;
      const delta = ((G[i] as number) - (G[j] as number)) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > Ci) {
        if (ai > Ci) {
          ai = Ci;
          aj = sum - Ci;
        }
      } else if (aj < 0) {
        aj = 0;
        ai = sum;
      }
      if (sum > Cj) {
        if (aj > Cj) {
          aj = Cj;
          ai = sum - Cj;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = sum;
      }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    const dI = ai - oldI;
    const dJ = aj - oldJ;
    const { order, active } = this;
    for (let t = 0; t < active; t++) {
      const k = order[t] as number;
      // Parenthesised as G += (a + b): the rounding must match LIBSVM's for identical iterates.
      G[k] = (G[k] as number) + ((Qi[k] as number) * dI + (Qj[k] as number) * dJ);
    }
    const wasUpperI = this.status[i] === UPPER;
    const wasUpperJ = this.status[j] === UPPER;
    this.setStatus(i);
    this.setStatus(j);
    const { Gbar, l } = this;
    if (wasUpperI !== (this.status[i] === UPPER)) {
      const s = wasUpperI ? -Ci : Ci;
      for (let k = 0; k < l; k++) Gbar[k] = (Gbar[k] as number) + s * (Qi[k] as number);
    }
    if (wasUpperJ !== (this.status[j] === UPPER)) {
      const s = wasUpperJ ? -Cj : Cj;
      for (let k = 0; k < l; k++) Gbar[k] = (Gbar[k] as number) + s * (Qj[k] as number);
    }
  }

  /** Recomputes G on the inactive set from Ḡ and the free variables. */
  reconstruct(): void {
    const { l, active, order, G, Gbar, alpha, status, Q } = this;
    if (active === l) return;
    for (let t = active; t < l; t++) {
      const k = order[t] as number;
      G[k] = (Gbar[k] as number) + (this.p[k] as number);
    }
    let nFree = 0;
    for (let t = 0; t < active; t++) if (status[order[t] as number] === FREE) nFree++;
    if (nFree * l > 2 * active * (l - active)) {
      for (let t = active; t < l; t++) {
        const k = order[t] as number;
        const Qk = Q.row(k);
        let g = G[k] as number;
        for (let s = 0; s < active; s++) {
          const m = order[s] as number;
          if (status[m] === FREE) g += (alpha[m] as number) * (Qk[m] as number);
        }
        G[k] = g;
      }
    } else {
      for (let s = 0; s < active; s++) {
        const m = order[s] as number;
        if (status[m] !== FREE) continue;
        const Qm = Q.row(m);
        const a = alpha[m] as number;
        for (let t = active; t < l; t++) {
          const k = order[t] as number;
          G[k] = (G[k] as number) + a * (Qm[k] as number);
        }
      }
    }
  }

  private shrinkable(k: number, gmax1: number, gmax2: number): boolean {
    const g = this.G[k] as number;
    const st = this.status[k];
    if (st === UPPER) return this.y[k] === 1 ? -g > gmax1 : -g > gmax2;
    if (st === LOWER) return this.y[k] === 1 ? g > gmax2 : g > gmax1;
    return false;
  }

  /** Moves bounded variables that cannot move soon out of the active set. */
  shrink(): void {
    const { G, y, status, order } = this;
    let gmax1 = Number.NEGATIVE_INFINITY;
    let gmax2 = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < this.active; t++) {
      const k = order[t] as number;
      const g = G[k] as number;
      if (y[k] === 1) {
        if (status[k] !== UPPER && -g >= gmax1) gmax1 = -g;
        if (status[k] !== LOWER && g >= gmax2) gmax2 = g;
      } else {
        if (status[k] !== UPPER && -g >= gmax2) gmax2 = -g;
        if (status[k] !== LOWER && g >= gmax1) gmax1 = g;
      }
    }
    if (!this.unshrunk && gmax1 + gmax2 <= this.eps * 10) {
      this.unshrunk = true;
      this.reconstruct();
      this.active = this.l;
    }
    for (let t = 0; t < this.active; t++) {
      if (!this.shrinkable(order[t] as number, gmax1, gmax2)) continue;
      this.active--;
      while (this.active > t) {
        const last = order[this.active] as number;
        if (!this.shrinkable(last, gmax1, gmax2)) {
          order[this.active] = order[t] as number;
          order[t] = last;
          break;
        }
        this.active--;
      }
    }
  }

  /** ρ of the current iterate (see {@link rhoOf}). */
  rho(): number {
    return rhoOf(this.G, this.y, this.status, this.order, this.active);
  }
}

/**
 * ρ: the mean of y_t ∇f_t over the free variables of the active set (the positions
 * `order[0 … active − 1]`, or `0 … active − 1` without `order`), or the middle of its feasible
 * interval.
 */
function rhoOf(
  G: Float64Array,
  y: Int8Array | Int32Array,
  status: Int8Array | Int32Array,
  order: Int32Array | undefined,
  active: number,
): number {
  let ub = Number.POSITIVE_INFINITY;
  let lb = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let nFree = 0;
  for (let t = 0; t < active; t++) {
    const k = order === undefined ? t : (order[t] as number);
    const yG = (y[k] as number) * (G[k] as number);
    if (status[k] === UPPER) {
      if (y[k] === -1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else if (status[k] === LOWER) {
      if (y[k] === 1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else {
      nFree++;
      sum += yG;
    }
  }
  return nFree > 0 ? sum / nFree : (ub + lb) / 2;
}

/**
 * The iteration count past which an unlimited solve warns: max(10 000 000, 100 l), the count at
 * which upstream libsvm 3.x stops with "reaching max number of iterations". scikit-learn's libsvm
 * (1.2) neither stops nor warns with `max_iter=-1`; this solver does not stop either (the results
 * stay scikit-learn's), but says that it is still running.
 */
export function smoWarnIter(l: number): number {
  return Math.max(10_000_000, 100 * l);
}

/**
 * Solves the C-SVC dual for labels `y` (±1), per-sample upper bounds `C` and the signed kernel
 * matrix `Q` (Q_ts = y_t y_s k(x_t, x_s)), starting from α = 0 — or, with `options.p`, libsvm's
 * general problem min ½ αᵀQα + pᵀα under the same constraints (epsilon-SVR).
 */
export function solveSmo(
  Q: QMatrix,
  y: Int8Array,
  C: Float64Array,
  options: SmoOptions,
): SmoResult {
  const p = options.p ?? new Float64Array(y.length).fill(-1);
  if (p.length !== y.length) throw new RangeError('solveSmo: p must have one value per variable');
  const ws = options.workspace;
  if (ws !== undefined && ws.capacity >= y.length) return solveInWorkspace(ws, Q, y, C, options, p);
  const s = new SmoState(Q, y, C, options.tol, p);
  const l = s.l;
  let iter = 0;
  let counter = Math.min(l, 1000) + 1;
  let reachedMaxIter = false;
  const warnIter = options.maxIter < 0 ? (options.warnIter ?? smoWarnIter(l)) : -1;
  for (;;) {
    if (options.maxIter >= 0 && iter >= options.maxIter) {
      // As LIBSVM: stop where we are; ρ then comes from the active set only.
      reachedMaxIter = true;
      break;
    }
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      if (options.shrinking) s.shrink();
    }
    if (s.select()) {
      s.reconstruct();
      s.active = l;
      if (s.select()) break;
      counter = 1;
    }
    iter++;
    if (iter === warnIter) warnStillRunning(iter, l, options.tol);
    s.update(s.wi, s.wj);
  }
  return result(s.alpha, s.G, p, s.rho(), iter, reachedMaxIter);
}

function warnStillRunning(iter: number, l: number, tol: number): void {
  warn(
    new ConvergenceWarning(
      `The SVM solver has run ${iter} iterations on a problem of ${l} samples without meeting ` +
        `tol=${tol}, and goes on (maxIter=-1 sets no limit). A very large C on data ` +
        'that are not separable makes it run for millions of iterations: lower C, scale the ' +
        'features (StandardScaler), or set maxIter.',
    ),
  );
}

function result(
  alpha: Float64Array,
  G: Float64Array,
  p: Float64Array,
  rho: number,
  nIter: number,
  reachedMaxIter: boolean,
): SmoResult {
  let objective = 0;
  for (let k = 0; k < alpha.length; k++)
    objective += (alpha[k] as number) * ((G[k] as number) + (p[k] as number));
  return { alpha, rho, objective: objective / 2, nIter, reachedMaxIter };
}

/**
 * {@link solveSmo} entirely in the workspace's WebAssembly solver (one call for the whole loop;
 * `Q` must be a dense matrix stored at the start of `ws.q`). The variables are swapped
 * physically by shrinking; α and G are returned in the sample order.
 */
function solveInWorkspace(
  ws: SmoWorkspace,
  Q: QMatrix,
  y: Int8Array,
  C: Float64Array,
  options: SmoOptions,
  p: Float64Array,
): SmoResult {
  const l = y.length;
  ws.QD.set(Q.diag.subarray(0, l));
  ws.C.set(C);
  ws.p.set(p);
  ws.y.set(y);
  const { fns } = ws;
  const addr = (v: { byteOffset: number }) => v.byteOffset;
  fns.init(
    l,
    options.shrinking ? 1 : 0,
    options.tol,
    addr(ws.q),
    addr(ws.G),
    addr(ws.Gbar),
    addr(ws.QD),
    addr(ws.alpha),
    addr(ws.C),
    addr(ws.p),
    addr(ws.y),
    addr(ws.status),
    addr(ws.perm),
  );
  const maxIter = options.maxIter >= 0 ? Math.min(options.maxIter, 0x7fffffff) : -1;
  const warnIter = options.maxIter < 0 ? (options.warnIter ?? smoWarnIter(l)) : -1;
  let state = fns.solve(maxIter, warnIter);
  while (state === PAUSED) {
    warnStillRunning(fns.iterations(), l, options.tol);
    fns.update();
    state = fns.solve(maxIter, -1);
  }
  const rho = rhoOf(ws.G, ws.y, ws.status, undefined, fns.active());
  const alpha = new Float64Array(l);
  const G = new Float64Array(l);
  const { perm } = ws;
  for (let t = 0; t < l; t++) {
    const k = perm[t] as number;
    alpha[k] = ws.alpha[t] as number;
    G[k] = ws.G[t] as number;
  }
  return result(alpha, G, p, rho, fns.iterations(), state === REACHED_MAX_ITER);
}
