/**
 * liblinear's solver 0 (`L2R_LR`): L2-regularised logistic regression in the primal,
 * `min ½‖w‖² + Σ Cᵢ log(1 + exp(−yᵢ wᵀxᵢ))`, by a trust-region Newton method whose steps are
 * truncated conjugate-gradient solves with Hessian-vector products (Lin, Weng & Keerthi, JMLR
 * 2008, "Trust region Newton method for large-scale logistic regression"; the trust-region
 * update rules of Lin & Moré 1999).
 *
 * @module
 */
import type { Matrix2D } from '@voxelkit/core';
import { type MatvecWorkspace, matvecWorkspace } from '../linear-model/matvec-wasm.js';
import type { SolveResult } from './problem.js';

const ETA0 = 1e-4;
const ETA1 = 0.25;
const ETA2 = 0.75;
const SIGMA1 = 0.25;
const SIGMA2 = 0.5;
const SIGMA3 = 4;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** The L2-regularised logistic objective on X (n × d) with a bias feature of value `bias`. */
class LogisticObjective {
  readonly dim: number;
  /** Margins Xw of the last `value()` call. */
  private readonly z: Float64Array;
  /** The Hessian's weights Cᵢ σ(1 − σ) at the last `gradient()` point. */
  private readonly D: Float64Array;
  private readonly Xv: Float64Array;
  /** The products in WebAssembly SIMD (same values), when available. */
  private readonly ws: MatvecWorkspace | undefined;

  constructor(
    private readonly X: Matrix2D,
    private readonly bias: number,
    private readonly y: Int8Array,
    private readonly C: Float64Array,
  ) {
    this.dim = bias > 0 ? X.cols + 1 : X.cols;
    this.z = new Float64Array(X.rows);
    this.D = new Float64Array(X.rows);
    this.Xv = new Float64Array(X.rows);
    this.ws = matvecWorkspace(X.data, X.rows, X.cols);
  }

  /** out = X v (with the bias feature). */
  private times(v: Float64Array, out: Float64Array): void {
    const { data, rows, cols } = this.X;
    const b = this.bias > 0 ? this.bias * (v[cols] as number) : 0;
    if (this.ws !== undefined) {
      this.ws.times(v, b, out);
      return;
    }
    for (let i = 0; i < rows; i++) {
      const off = i * cols;
      let s = b;
      for (let j = 0; j < cols; j++) s += (data[off + j] as number) * (v[j] as number);
      out[i] = s;
    }
  }

  /** out += Xᵀ u (with the bias feature). */
  private addTransposeTimes(u: Float64Array, out: Float64Array): void {
    const { data, rows, cols } = this.X;
    let b = 0;
    if (this.ws !== undefined) {
      for (let i = 0; i < rows; i++) b += u[i] as number;
      this.ws.addTransposeTimes(u, out);
      if (this.bias > 0) out[cols] = (out[cols] as number) + b * this.bias;
      return;
    }
    for (let i = 0; i < rows; i++) {
      const ui = u[i] as number;
      if (ui === 0) continue;
      b += ui;
      const off = i * cols;
      for (let j = 0; j < cols; j++) out[j] = (out[j] as number) + ui * (data[off + j] as number);
    }
    if (this.bias > 0) out[cols] = (out[cols] as number) + b * this.bias;
  }

  /** The objective at w (stores the margins for `gradient`). */
  value(w: Float64Array): number {
    const { y, C, z } = this;
    this.times(w, z);
    let f = 0;
    for (let i = 0; i < z.length; i++) {
      const yz = (y[i] as number) * (z[i] as number);
      // log(1 + e^{−yz}) without overflow.
      f +=
        (C[i] as number) * (yz >= 0 ? Math.log1p(Math.exp(-yz)) : -yz + Math.log1p(Math.exp(yz)));
    }
    return f + 0.5 * dot(w, w);
  }

  /** g = ∇f at the point of the last `value()` call (w given again for the ½‖w‖² term). */
  gradient(w: Float64Array, g: Float64Array): void {
    const { y, C, z, D } = this;
    const u = this.Xv;
    for (let i = 0; i < z.length; i++) {
      const s = 1 / (1 + Math.exp(-(y[i] as number) * (z[i] as number)));
      D[i] = (C[i] as number) * s * (1 - s);
      u[i] = (C[i] as number) * (s - 1) * (y[i] as number);
    }
    g.set(w);
    this.addTransposeTimes(u, g);
  }

  /** Hv = v + Xᵀ D X v at the point of the last `gradient()` call. */
  hessianTimes(v: Float64Array, Hv: Float64Array): void {
    const u = this.Xv;
    this.times(v, u);
    for (let i = 0; i < u.length; i++) u[i] = (u[i] as number) * (this.D[i] as number);
    Hv.set(v);
    this.addTransposeTimes(u, Hv);
  }
}

/**
 * Truncated conjugate gradient for H s = −g inside ‖s‖ ≤ delta; leaves the residual −g − Hs in
 * `r`.
 */
function trustRegionCG(
  fun: LogisticObjective,
  delta: number,
  g: Float64Array,
  s: Float64Array,
  r: Float64Array,
  d: Float64Array,
  Hd: Float64Array,
): void {
  const n = g.length;
  s.fill(0);
  for (let i = 0; i < n; i++) {
    r[i] = -(g[i] as number);
    d[i] = r[i] as number;
  }
  const cgtol = 0.1 * Math.sqrt(dot(g, g));
  let rTr = dot(r, r);
  for (;;) {
    if (Math.sqrt(rTr) <= cgtol) break;
    fun.hessianTimes(d, Hd);
    let alpha = rTr / dot(d, Hd);
    for (let i = 0; i < n; i++) s[i] = (s[i] as number) + alpha * (d[i] as number);
    if (Math.sqrt(dot(s, s)) > delta) {
      // Back to the previous iterate, then to the boundary along d.
      for (let i = 0; i < n; i++) s[i] = (s[i] as number) - alpha * (d[i] as number);
      const std = dot(s, d);
      const sts = dot(s, s);
      const dtd = dot(d, d);
      const dsq = delta * delta;
      const rad = Math.sqrt(std * std + dtd * (dsq - sts));
      alpha = std >= 0 ? (dsq - sts) / (std + rad) : (rad - std) / dtd;
      for (let i = 0; i < n; i++) {
        s[i] = (s[i] as number) + alpha * (d[i] as number);
        r[i] = (r[i] as number) - alpha * (Hd[i] as number);
      }
      break;
    }
    for (let i = 0; i < n; i++) r[i] = (r[i] as number) - alpha * (Hd[i] as number);
    const rnew = dot(r, r);
    const beta = rnew / rTr;
    for (let i = 0; i < n; i++) d[i] = (r[i] as number) + beta * (d[i] as number);
    rTr = rnew;
  }
}

/**
 * Solves one binary L2-regularised logistic regression; stops when ‖∇f‖ ≤ eps·‖∇f(0)‖ or after
 * `maxIter` accepted Newton steps.
 *
 * @param X samples (n × d), row-major
 * @param bias value of the constant feature (≤ 0: none)
 * @param y labels ±1
 * @param C cost of each sample
 */
export function tronLogistic(
  X: Matrix2D,
  bias: number,
  y: Int8Array,
  C: Float64Array,
  eps: number,
  maxIter: number,
): SolveResult {
  const fun = new LogisticObjective(X, bias, y, C);
  const n = fun.dim;
  const w = new Float64Array(n);
  const wNew = new Float64Array(n);
  const g = new Float64Array(n);
  const s = new Float64Array(n);
  const r = new Float64Array(n);
  const d = new Float64Array(n);
  const Hd = new Float64Array(n);
  let f = fun.value(w);
  fun.gradient(w, g);
  let delta = Math.sqrt(dot(g, g));
  const gnorm0 = delta;
  let gnorm = gnorm0;
  let iter = 1;
  const search = gnorm > eps * gnorm0;
  while (iter <= maxIter && search) {
    trustRegionCG(fun, delta, g, s, r, d, Hd);
    for (let i = 0; i < n; i++) wNew[i] = (w[i] as number) + (s[i] as number);
    const gs = dot(g, s);
    const prered = -0.5 * (gs - dot(s, r));
    const fnew = fun.value(wNew);
    const actred = f - fnew;
    const snorm = Math.sqrt(dot(s, s));
    if (iter === 1) delta = Math.min(delta, snorm);
    const alpha = fnew - f - gs <= 0 ? SIGMA3 : Math.max(SIGMA1, -0.5 * (gs / (fnew - f - gs)));
    if (actred < ETA0 * prered) delta = Math.min(Math.max(alpha, SIGMA1) * snorm, SIGMA2 * delta);
    else if (actred < ETA1 * prered) {
      delta = Math.max(SIGMA1 * delta, Math.min(alpha * snorm, SIGMA2 * delta));
    } else if (actred < ETA2 * prered) {
      delta = Math.max(SIGMA1 * delta, Math.min(alpha * snorm, SIGMA3 * delta));
    } else delta = Math.max(delta, Math.min(alpha * snorm, SIGMA3 * delta));
    if (actred > ETA0 * prered) {
      iter++;
      w.set(wNew);
      f = fnew;
      fun.gradient(w, g);
      gnorm = Math.sqrt(dot(g, g));
      if (gnorm <= eps * gnorm0) break;
    }
    if (f < -1e32) break;
    if (Math.abs(actred) <= 0 && prered <= 0) break;
    if (Math.abs(actred) <= 1e-12 * Math.abs(f) && Math.abs(prered) <= 1e-12 * Math.abs(f)) break;
  }
  return { w, nIter: iter - 1 };
}
