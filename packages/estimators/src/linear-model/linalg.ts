/**
 * The dense linear algebra the linear models need, on flat row-major `Float64Array`s: Gram
 * matrices and products of rows (on the SVC's WebAssembly SIMD tile kernel where available), a
 * symmetric eigendecomposition (Householder tridiagonalisation + implicit QL) and a Cholesky
 * solve. Written for speed: contiguous inner loops, no per-element allocation.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { simdProducts } from '../svm/simd-dot.js';
import { tridiagWorkspace } from './tridiag-wasm.js';

/**
 * `out[0..3] = A[oi..oi+cols) · B[o0 + r·cols ..)` for the four consecutive rows `r` of `B` at
 * `o0`: each loaded value of `A`'s row serves four products.
 */
function dot4(
  A: Float64Array,
  oi: number,
  B: Float64Array,
  o0: number,
  cols: number,
  out: Float64Array,
): void {
  const o1 = o0 + cols;
  const o2 = o1 + cols;
  const o3 = o2 + cols;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < cols; k++) {
    const a = A[oi + k] as number;
    s0 += a * (B[o0 + k] as number);
    s1 += a * (B[o1 + k] as number);
    s2 += a * (B[o2 + k] as number);
    s3 += a * (B[o3 + k] as number);
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/** `Σₖ A[oa+k]·B[ob+k]` over `k ∈ [0, len)`, left to right. */
function dotRows(A: Float64Array, oa: number, B: Float64Array, ob: number, len: number): number {
  let g = 0;
  for (let k = 0; k < len; k++) g += (A[oa + k] as number) * (B[ob + k] as number);
  return g;
}

/** Whether a product is worth the SIMD kernel (and fits its tiles): at least 4 rows, 16 features. */
const useSimd = (rows: number, cols: number) => rows >= 4 && cols >= 16;

/** `Σₖ A[oa+k]·B[ob+k]` over `k ∈ [0, len)` in four partial sums (k mod 4), then added pairwise. */
function dotRows4(A: Float64Array, oa: number, B: Float64Array, ob: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += (A[oa + k] as number) * (B[ob + k] as number);
    s1 += (A[oa + k + 1] as number) * (B[ob + k + 1] as number);
    s2 += (A[oa + k + 2] as number) * (B[ob + k + 2] as number);
    s3 += (A[oa + k + 3] as number) * (B[ob + k + 3] as number);
  }
  for (; k < len; k++) s0 += (A[oa + k] as number) * (B[ob + k] as number);
  return s0 + s1 + (s2 + s3);
}

/**
 * The Gram matrix of the rows of `A` (`rows × cols`, row-major): `G = A Aᵀ` (`rows × rows`,
 * full symmetric). In WebAssembly SIMD where available ({@link simdProducts}); otherwise four
 * rows at a time in JavaScript, so each loaded value of row `i` serves four products.
 */
export function gramRows(A: Float64Array, rows: number, cols: number): Float64Array {
  const G = new Float64Array(rows * rows);
  if (!(useSimd(rows, cols) && simdProducts(A, rows, undefined, rows, cols, G))) {
    const s = new Float64Array(4);
    for (let i = 0; i < rows; i++) {
      const oi = i * cols;
      let j = i;
      for (; j + 3 < rows; j += 4) {
        dot4(A, oi, A, j * cols, cols, s);
        G[i * rows + j] = s[0] as number;
        G[i * rows + j + 1] = s[1] as number;
        G[i * rows + j + 2] = s[2] as number;
        G[i * rows + j + 3] = s[3] as number;
      }
      for (; j < rows; j++) G[i * rows + j] = dotRows(A, oi, A, j * cols, cols);
    }
  }
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < i; j++) G[i * rows + j] = G[j * rows + i] as number;
  return G;
}

/**
 * `A Bᵀ` (`rowsA × rowsB`) for row-major `A` (`rowsA × cols`) and `B` (`rowsB × cols`): the dot
 * products of their rows, in WebAssembly SIMD where available ({@link simdProducts}), otherwise
 * four rows of `B` per pass over a row of `A`.
 */
export function multiplyABt(
  A: Float64Array,
  rowsA: number,
  B: Float64Array,
  rowsB: number,
  cols: number,
): Float64Array {
  const out = new Float64Array(rowsA * rowsB);
  if (useSimd(Math.min(rowsA, rowsB), cols) && simdProducts(A, rowsA, B, rowsB, cols, out)) {
    return out;
  }
  const s = new Float64Array(4);
  for (let i = 0; i < rowsA; i++) {
    const oi = i * cols;
    const orow = i * rowsB;
    let j = 0;
    for (; j + 3 < rowsB; j += 4) {
      dot4(A, oi, B, j * cols, cols, s);
      out[orow + j] = s[0] as number;
      out[orow + j + 1] = s[1] as number;
      out[orow + j + 2] = s[2] as number;
      out[orow + j + 3] = s[3] as number;
    }
    for (; j < rowsB; j++) out[orow + j] = dotRows(A, oi, B, j * cols, cols);
  }
  return out;
}

/** `Aᵀ` of a row-major `rows × cols` matrix (blocked for cache). */
export function transpose(A: Float64Array, rows: number, cols: number): Float64Array {
  const T = new Float64Array(rows * cols);
  const B = 32;
  for (let r0 = 0; r0 < rows; r0 += B) {
    const r1 = Math.min(rows, r0 + B);
    for (let c0 = 0; c0 < cols; c0 += B) {
      const c1 = Math.min(cols, c0 + B);
      for (let r = r0; r < r1; r++)
        for (let c = c0; c < c1; c++) T[c * rows + r] = A[r * cols + c] as number;
    }
  }
  return T;
}

/** A symmetric eigendecomposition: ascending `values`; `vectors` row `j` is eigenvector `j`. */
export interface SymmetricEigen {
  values: Float64Array;
  /** `n × n`, row-major, one unit eigenvector per row (the transpose of LAPACK's `Q`). */
  vectors: Float64Array;
}

/** A symmetric matrix reduced to tridiagonal form: `A = V Tri Vᵀ`. */
export interface Tridiagonal {
  /** Diagonal of `Tri` (length `n`). */
  d: Float64Array;
  /** Off-diagonal: `e[i]` couples `i` and `i + 1` (`e[n − 1] = 0`). */
  e: Float64Array;
  /** `n × n`, row-major, row `b` is column `b` of the orthogonal `V`. */
  vectors: Float64Array;
}

// The O(n) inner loops of the O(n³) routines below are small functions of their own: called
// O(n²) times, V8 optimises them after a few calls, where one big function called once waits for
// on-stack replacement of each loop (the first fit in a fresh process was several times slower).

/** One row of the Householder `A·u`: `g + Σₖ T[oj+k]·d[k]` over `k ∈ [from, to)`, and `e[k] += T[oj+k]·f`. */
function symvRow(
  T: Float64Array,
  oj: number,
  from: number,
  to: number,
  d: Float64Array,
  e: Float64Array,
  f: number,
  g: number,
): number {
  // four partial sums (k − from ≡ 0, 1, 2, 3 mod 4), so the adds do not wait on each other
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let k = from;
  for (; k + 3 < to; k += 4) {
    const v0 = T[oj + k] as number;
    const v1 = T[oj + k + 1] as number;
    const v2 = T[oj + k + 2] as number;
    const v3 = T[oj + k + 3] as number;
    a0 += v0 * (d[k] as number);
    a1 += v1 * (d[k + 1] as number);
    a2 += v2 * (d[k + 2] as number);
    a3 += v3 * (d[k + 3] as number);
    e[k] = (e[k] as number) + v0 * f;
    e[k + 1] = (e[k + 1] as number) + v1 * f;
    e[k + 2] = (e[k + 2] as number) + v2 * f;
    e[k + 3] = (e[k + 3] as number) + v3 * f;
  }
  for (; k < to; k++) {
    const v = T[oj + k] as number;
    a0 += v * (d[k] as number);
    e[k] = (e[k] as number) + v * f;
  }
  return g + (a0 + a1 + (a2 + a3));
}

/** One row of the rank-2 update `T[oj+k] −= f·e[k] + g·d[k]` over `k ∈ [from, to)`. */
function rank2Row(
  T: Float64Array,
  oj: number,
  from: number,
  to: number,
  e: Float64Array,
  d: Float64Array,
  f: number,
  g: number,
): void {
  for (let k = from; k < to; k++)
    T[oj + k] = (T[oj + k] as number) - (f * (e[k] as number) + g * (d[k] as number));
}

/** `T[oj+k] −= g·d[k]` over `k ∈ [0, len)`. */
function subScaledRow(T: Float64Array, oj: number, g: number, d: Float64Array, len: number): void {
  for (let k = 0; k < len; k++) T[oj + k] = (T[oj + k] as number) - g * (d[k] as number);
}

/**
 * Householder reduction of the symmetric `n × n` `A` (overwritten) to tridiagonal form, with the
 * orthogonal transformation accumulated: `A = V Tri Vᵀ`. About `8n³/3` flops — a third of a full
 * eigendecomposition, whose QL sweeps over the vectors cost the rest. With `wasm` (default true)
 * it runs in WebAssembly SIMD where available (the same loops, in one call), with the same values.
 */
export function tridiagonalize(A: Float64Array, n: number, wasm = true): Tridiagonal {
  // In WebAssembly SIMD where available: the same loops (`tridiag-wasm.ts`), one call, on T, d
  // and e in its memory.
  const ws = wasm && n >= 8 ? tridiagWorkspace(n) : undefined;
  if (ws) {
    ws.T.set(A.subarray(0, n * n));
    ws.fns.tridiagonalize(ws.T.byteOffset, ws.d.fill(0).byteOffset, ws.e.fill(0).byteOffset, n);
    // out of the module's memory, which the next call reuses
    A.set(ws.T);
    return { d: Float64Array.from(ws.d), e: Float64Array.from(ws.e), vectors: A };
  }
  // T holds the transformation transposed (T[b*n + a] is V[a][b]), so every inner loop below
  // walks a contiguous row. A is symmetric, so initially T = A.
  const T = A;
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { d, e, vectors: T };
  for (let j = 0; j < n; j++) d[j] = T[j * n + n - 1] as number;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k] as number);
    if (scale === 0) {
      e[i] = d[i - 1] as number;
      for (let j = 0; j < i; j++) {
        d[j] = T[j * n + i - 1] as number;
        T[j * n + i] = 0;
        T[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        const v = (d[k] as number) / scale;
        d[k] = v;
        h += v * v;
      }
      let f = d[i - 1] as number;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        const oj = j * n;
        T[i * n + j] = f;
        e[j] = symvRow(T, oj, j + 1, i, d, e, f, (e[j] as number) + (T[oj + j] as number) * f);
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] = (e[j] as number) / h;
        f += (e[j] as number) * (d[j] as number);
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = (e[j] as number) - hh * (d[j] as number);
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        g = e[j] as number;
        const oj = j * n;
        rank2Row(T, oj, j, i, e, d, f, g);
        d[j] = T[oj + i - 1] as number;
        T[oj + i] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    T[i * n + n - 1] = T[i * n + i] as number;
    T[i * n + i] = 1;
    const h = d[i + 1] as number;
    const oi1 = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = (T[oi1 + k] as number) / h;
      for (let j = 0; j <= i; j++) {
        const oj = j * n;
        subScaledRow(T, oj, dotRows4(T, oi1, T, oj, i + 1), d, i + 1);
      }
    }
    for (let k = 0; k <= i; k++) T[oi1 + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = T[j * n + n - 1] as number;
    T[j * n + n - 1] = 0;
  }
  T[(n - 1) * n + n - 1] = 1;
  e[0] = 0;

  for (let i = 1; i < n; i++) e[i - 1] = e[i] as number;
  if (n > 0) e[n - 1] = 0;
  return { d, e, vectors: T };
}

/**
 * Eigenvalues and eigenvectors of the symmetric `n × n` matrix `A` (which is overwritten):
 * Householder reduction to tridiagonal form, then the implicit QL method with Wilkinson shifts.
 * Accurate to a few ulps of the largest eigenvalue, as LAPACK's `syev`.
 */
export function symmetricEigen(A: Float64Array, n: number): SymmetricEigen {
  const { d, e, vectors: T } = tridiagonalize(A, n);
  if (n === 0) return { values: d, vectors: T };
  // Implicit QL on the tridiagonal (d, e).
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l] as number) + Math.abs(e[l] as number));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m] as number) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) {
          throw new ValidationError(
            'The eigendecomposition did not converge: the input matrix probably holds values too large to square.',
          );
        }
        let g = d[l] as number;
        let p = ((d[l + 1] as number) - g) / (2 * (e[l] as number));
        let r = Math.sqrt(p * p + 1);
        if (p < 0) r = -r;
        d[l] = (e[l] as number) / (p + r);
        d[l + 1] = (e[l] as number) * (p + r);
        const dl1 = d[l + 1] as number;
        let h = g - (d[l] as number);
        for (let i = l + 2; i < n; i++) d[i] = (d[i] as number) - h;
        f += h;
        p = d[m] as number;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1] as number;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          const ei = e[i] as number;
          g = c * ei;
          h = c * p;
          r = Math.sqrt(p * p + ei * ei);
          e[i + 1] = s * r;
          s = ei / r;
          c = p / r;
          p = c * (d[i] as number) - s * g;
          d[i + 1] = h + s * (c * g + s * (d[i] as number));
          const oa = i * n;
          const ob = oa + n;
          for (let k = 0; k < n; k++) {
            const hk = T[ob + k] as number;
            const ak = T[oa + k] as number;
            T[ob + k] = s * ak + c * hk;
            T[oa + k] = c * ak - s * hk;
          }
        }
        p = (-s * s2 * c3 * el1 * (e[l] as number)) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l] as number) > eps * tst1);
    }
    d[l] = (d[l] as number) + f;
    e[l] = 0;
  }
  // Sort ascending (selection sort on the values, swapping whole rows).
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i] as number;
    for (let j = i + 1; j < n; j++) {
      if ((d[j] as number) < p) {
        k = j;
        p = d[j] as number;
      }
    }
    if (k !== i) {
      d[k] = d[i] as number;
      d[i] = p;
      const oi = i * n;
      const ok = k * n;
      for (let j = 0; j < n; j++) {
        const t = T[oi + j] as number;
        T[oi + j] = T[ok + j] as number;
        T[ok + j] = t;
      }
    }
  }
  return { values: d, vectors: T };
}

/**
 * Solves `A X = B` for a symmetric positive-definite `n × n` `A` (overwritten by its Cholesky
 * factor) and `B` (`n × m`, row-major, overwritten by `X`).
 *
 * @throws ValidationError when `A` is not positive definite.
 */
export function choleskySolve(A: Float64Array, n: number, B: Float64Array, m: number): void {
  for (let j = 0; j < n; j++) {
    const oj = j * n;
    let s = A[oj + j] as number;
    for (let k = 0; k < j; k++) s -= (A[oj + k] as number) ** 2;
    if (!(s > 0)) {
      throw new ValidationError(
        'The ridge system is not positive definite (singular X with alpha = 0?): use alpha > 0.',
      );
    }
    const ljj = Math.sqrt(s);
    A[oj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const oi = i * n;
      let t = A[oi + j] as number;
      for (let k = 0; k < j; k++) t -= (A[oi + k] as number) * (A[oj + k] as number);
      A[oi + j] = t / ljj;
    }
  }
  // Forward: L Y = B, then back: Lᵀ X = Y.
  for (let i = 0; i < n; i++) {
    const oi = i * n;
    for (let k = 0; k < i; k++) {
      const l = A[oi + k] as number;
      if (l === 0) continue;
      for (let c = 0; c < m; c++)
        B[i * m + c] = (B[i * m + c] as number) - l * (B[k * m + c] as number);
    }
    const lii = A[oi + i] as number;
    for (let c = 0; c < m; c++) B[i * m + c] = (B[i * m + c] as number) / lii;
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const l = A[k * n + i] as number;
      if (l === 0) continue;
      for (let c = 0; c < m; c++)
        B[i * m + c] = (B[i * m + c] as number) - l * (B[k * m + c] as number);
    }
    const lii = A[i * n + i] as number;
    for (let c = 0; c < m; c++) B[i * m + c] = (B[i * m + c] as number) / lii;
  }
}

/**
 * The `LDLᵀ` factors of the symmetric positive-definite tridiagonal `Tri + shift·I` (`d`, `e` as
 * {@link Tridiagonal}): writes the pivots to `D` and the multipliers to `L` (`L[i]` multiplies
 * row `i − 1` into row `i`; `L[0]` unused). Returns false when a pivot is not positive.
 */
export function shiftedTridiagonalLdl(
  d: Float64Array,
  e: Float64Array,
  shift: number,
  D: Float64Array,
  L: Float64Array,
): boolean {
  const n = d.length;
  if (n === 0) return true;
  let prev = (d[0] as number) + shift;
  D[0] = prev;
  if (!(prev > 0)) return false;
  for (let i = 1; i < n; i++) {
    const ei = e[i - 1] as number;
    const l = ei / prev;
    L[i] = l;
    prev = (d[i] as number) + shift - l * ei;
    D[i] = prev;
    if (!(prev > 0)) return false;
  }
  return true;
}

/** Solves `L D Lᵀ z = r` in place (`r` becomes `z`) with factors from {@link shiftedTridiagonalLdl}. */
export function tridiagonalLdlSolve(D: Float64Array, L: Float64Array, r: Float64Array): void {
  const n = D.length;
  for (let i = 1; i < n; i++) r[i] = (r[i] as number) - (L[i] as number) * (r[i - 1] as number);
  for (let i = 0; i < n; i++) r[i] = (r[i] as number) / (D[i] as number);
  for (let i = n - 2; i >= 0; i--)
    r[i] = (r[i] as number) - (L[i + 1] as number) * (r[i + 1] as number);
}

/**
 * `Σ_b y_b² / D_b` for `y = L⁻¹ r` (forward substitution with the unit-lower bidiagonal `L` of
 * {@link shiftedTridiagonalLdl}; `invD = 1/D`) and `r = R[o … o + n)`: `rᵀ (L D Lᵀ)⁻¹ r`.
 */
export function ldlQuadratic(
  R: Float64Array,
  o: number,
  L: Float64Array,
  invD: Float64Array,
  n: number,
): number {
  let y = R[o] as number;
  let h = y * y * (invD[0] as number);
  for (let b = 1; b < n; b++) {
    y = (R[o + b] as number) - (L[b] as number) * y;
    h += y * y * (invD[b] as number);
  }
  return h;
}

/**
 * {@link ldlQuadratic} of every row of the row-major `rows × len` matrix `R`, into `out`: four
 * rows at a time, so their forward substitutions (each a chain of dependent operations) overlap.
 * Each row's operations are the single-row function's, in its order: the values are bitwise
 * equal.
 */
export function ldlQuadratics(
  R: Float64Array,
  rows: number,
  len: number,
  L: Float64Array,
  invD: Float64Array,
  out: Float64Array,
): void {
  let i = 0;
  if (len > 0) {
    const w0 = invD[0] as number;
    for (; i + 3 < rows; i += 4) {
      const o0 = i * len;
      const o1 = o0 + len;
      const o2 = o1 + len;
      const o3 = o2 + len;
      let y0 = R[o0] as number;
      let y1 = R[o1] as number;
      let y2 = R[o2] as number;
      let y3 = R[o3] as number;
      let h0 = y0 * y0 * w0;
      let h1 = y1 * y1 * w0;
      let h2 = y2 * y2 * w0;
      let h3 = y3 * y3 * w0;
      for (let b = 1; b < len; b++) {
        const l = L[b] as number;
        const w = invD[b] as number;
        y0 = (R[o0 + b] as number) - l * y0;
        y1 = (R[o1 + b] as number) - l * y1;
        y2 = (R[o2 + b] as number) - l * y2;
        y3 = (R[o3 + b] as number) - l * y3;
        h0 += y0 * y0 * w;
        h1 += y1 * y1 * w;
        h2 += y2 * y2 * w;
        h3 += y3 * y3 * w;
      }
      out[i] = h0;
      out[i + 1] = h1;
      out[i + 2] = h2;
      out[i + 3] = h3;
    }
  }
  for (; i < rows; i++) out[i] = ldlQuadratic(R, i * len, L, invD, len);
}
