/**
 * Kernel functions of the SVM (libsvm's definitions) and the dense routines that evaluate them:
 * a blocked symmetric Gram matrix, single kernel rows, and the cross-kernel used at prediction.
 *
 * @module
 */
import type { Matrix2D } from '@voxelkit/core';
import { narrowLinearGram, rbfFromDots, rbfFromGram } from './gram-wasm.js';
import { float32Scratch } from './scratch.js';
import {
  createSimdDot,
  releaseSimdDot,
  SIMD_FEATURE_BLOCK,
  SIMD_ROW_BLOCK,
  simdProducts,
  TILE_ROWS_A,
} from './simd-dot.js';

/** Kernel names, as scikit-learn spells them. */
export type KernelName = 'linear' | 'poly' | 'rbf' | 'sigmoid' | 'precomputed';

/** A kernel with its resolved parameters (gamma is a number here). */
export interface KernelSpec {
  kind: KernelName;
  gamma: number;
  degree: number;
  coef0: number;
}

/** Integer power by repeated squaring (what libsvm uses for the polynomial kernel). */
function powInt(base: number, times: number): number {
  let result = 1;
  let b = base;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) result *= b;
    b *= b;
  }
  return result;
}

/**
 * Maps a dot product (and, for rbf, the two squared norms) to the kernel value.
 * Not used for `precomputed`.
 */
export function kernelFromDot(spec: KernelSpec, dot: number, sqA: number, sqB: number): number {
  switch (spec.kind) {
    case 'linear':
      return dot;
    case 'poly':
      return powInt(spec.gamma * dot + spec.coef0, spec.degree);
    case 'rbf':
      return Math.exp(-spec.gamma * (sqA + sqB - 2 * dot));
    case 'sigmoid':
      return Math.tanh(spec.gamma * dot + spec.coef0);
    default:
      return dot;
  }
}

/** Squared Euclidean norm of every row. */
export function rowSquaredNorms(X: Matrix2D): Float64Array {
  const { data, rows, cols } = X;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    const off = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = data[off + c] as number;
      s += v * v;
    }
    out[r] = s;
  }
  return out;
}

const FEATURE_BLOCK = 256;
const ROW_BLOCK = 48;

/**
 * Accumulates `out[i * ldOut + j] += A[i] · B[j]` for `i` in `[a0, a1)`, `j` in `[b0, b1)`,
 * features `[f0, f1)`, two rows of each operand at a time. With `upper`, only `j >= i` pairs are
 * computed (for a symmetric product).
 */
function dotBlock(
  A: Float64Array,
  B: Float64Array,
  cols: number,
  out: Float64Array,
  ldOut: number,
  a0: number,
  a1: number,
  b0: number,
  b1: number,
  f0: number,
  f1: number,
  upper: boolean,
): void {
  let i = a0;
  for (; i + 1 < a1; i += 2) {
    const oa = i * cols;
    const ob = oa + cols;
    let j = upper ? Math.max(b0, i) : b0;
    for (; j + 1 < b1; j += 2) {
      const oc = j * cols;
      const od = oc + cols;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let f = f0; f < f1; f++) {
        const x0 = A[oa + f] as number;
        const x1 = A[ob + f] as number;
        const z0 = B[oc + f] as number;
        const z1 = B[od + f] as number;
        s00 += x0 * z0;
        s01 += x0 * z1;
        s10 += x1 * z0;
        s11 += x1 * z1;
      }
      const r0 = i * ldOut;
      const r1 = r0 + ldOut;
      out[r0 + j] = (out[r0 + j] as number) + s00;
      out[r0 + j + 1] = (out[r0 + j + 1] as number) + s01;
      out[r1 + j] = (out[r1 + j] as number) + s10;
      out[r1 + j + 1] = (out[r1 + j + 1] as number) + s11;
    }
    for (; j < b1; j++) {
      const oc = j * cols;
      let s0 = 0;
      let s1 = 0;
      for (let f = f0; f < f1; f++) {
        const z = B[oc + f] as number;
        s0 += (A[oa + f] as number) * z;
        s1 += (A[ob + f] as number) * z;
      }
      out[i * ldOut + j] = (out[i * ldOut + j] as number) + s0;
      out[(i + 1) * ldOut + j] = (out[(i + 1) * ldOut + j] as number) + s1;
    }
  }
  for (; i < a1; i++) {
    const oa = i * cols;
    for (let j = upper ? Math.max(b0, i) : b0; j < b1; j++) {
      const oc = j * cols;
      let s = 0;
      for (let f = f0; f < f1; f++) s += (A[oa + f] as number) * (B[oc + f] as number);
      out[i * ldOut + j] = (out[i * ldOut + j] as number) + s;
    }
  }
}

function K0(n: number): Float64Array {
  return new Float64Array(n * n);
}

/** Upper triangle of X Xᵀ with the scalar 2 × 2 kernel, in cache-sized blocks. */
function scalarDotProducts(X: Matrix2D, K: Float64Array): Float64Array {
  const { data, rows: n, cols } = X;
  for (let f0 = 0; f0 < cols; f0 += FEATURE_BLOCK) {
    const f1 = Math.min(cols, f0 + FEATURE_BLOCK);
    for (let i0 = 0; i0 < n; i0 += ROW_BLOCK) {
      const i1 = Math.min(n, i0 + ROW_BLOCK);
      for (let j0 = i0; j0 < n; j0 += ROW_BLOCK) {
        const j1 = Math.min(n, j0 + ROW_BLOCK);
        dotBlock(data, data, cols, K, n, i0, i1, j0, j1, f0, f1, j0 === i0);
      }
    }
  }
  return K;
}

/**
 * The linear Gram matrix in single precision when X fits one SIMD feature block: the tiles
 * write their dot products straight into an nPad × nPad matrix in the module's memory, and the
 * module's `finish` rounds them to single precision in both triangles (the same values as the
 * tile-by-tile copy, without running that copy in JavaScript).
 */
function singleBlockGram(X: Matrix2D, K: Float32Array, diag: Float64Array): boolean {
  const { data, rows: n, cols } = X;
  const nPad = Math.ceil(n / TILE_ROWS_A) * TILE_ROWS_A;
  const block = cols + (cols % 2);
  const tBase = nPad * block; // in doubles
  const kBase = tBase + nPad * nPad;
  const dBase = kBase + Math.ceil((n * n) / 2);
  const simd = createSimdDot(8 * (dBase + n));
  if (simd === undefined) return false;
  const { heap, tile, finish } = simd;
  for (let r = 0; r < n; r++) {
    heap.set(data.subarray(r * cols, (r + 1) * cols), r * block);
    if (block > cols) heap[r * block + cols] = 0;
  }
  heap.fill(0, n * block, nPad * block);
  const rowBytes = 8 * block;
  const ld = 8 * nPad;
  for (let i0 = 0; i0 < nPad; i0 += SIMD_ROW_BLOCK) {
    const i1 = Math.min(nPad, i0 + SIMD_ROW_BLOCK);
    for (let j0 = i0; j0 < nPad; j0 += SIMD_ROW_BLOCK) {
      const j1 = Math.min(nPad, j0 + SIMD_ROW_BLOCK);
      tile(i0, i1, j0, j1, rowBytes, rowBytes, 8 * (tBase + i0 * nPad + j0), ld, j0 === i0 ? 1 : 0);
    }
  }
  finish(n, nPad, 8 * tBase, 8 * kBase, 8 * dBase);
  K.set(new Float32Array(heap.buffer, 8 * kBase, n * n));
  diag.set(heap.subarray(dBase, dBase + n));
  releaseSimdDot();
  return true;
}

/**
 * The full kernel matrix `K[i][j] = k(x_i, x_j)` (n × n, row-major), computed once: dot products
 * in cache-sized blocks over features and rows, only the upper triangle, then mirrored.
 */
export function gramMatrix(X: Matrix2D, spec: KernelSpec): Float64Array {
  const { rows: n, cols } = X;
  const K = K0(n);
  if (cols < 16 && narrowLinearGram(X.data, n, cols, K)) {
    // both triangles written, each value the scalar loop's sequential sum
    if (spec.kind === 'linear') return K;
  } else if (!(n >= 4 && cols >= 16 && simdProducts(X.data, n, undefined, n, cols, K))) {
    scalarDotProducts(X, K);
  }
  // rbf: the exp loop in WebAssembly (the same values; a JavaScript loop runs interpreted first)
  if (spec.kind === 'rbf' && rbfFromGram(K, n, spec.gamma)) return K;
  const sq = spec.kind === 'rbf' ? new Float64Array(n) : undefined;
  if (sq) for (let i = 0; i < n; i++) sq[i] = K[i * n + i] as number;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v =
        spec.kind === 'linear'
          ? (K[i * n + j] as number)
          : kernelFromDot(spec, K[i * n + j] as number, sq?.[i] ?? 0, sq?.[j] ?? 0);
      K[i * n + j] = v;
      K[j * n + i] = v;
    }
  }
  return K;
}

/** The kernel matrix as the SMO solver reads it (see {@link solverGram}). */
export interface SolverGram {
  /** `k(x_i, x_j)`, n × n row-major: single precision where that is all the solver keeps. */
  values: Float32Array | Float64Array;
  /** `k(x_i, x_i)` in double precision, when `values` are single precision. */
  diag?: Float64Array;
}

/**
 * The kernel matrix for the solver. The solver keeps `Q` in single precision (like libsvm's
 * kernel cache) and only its diagonal in double, so for the linear kernel on data that fit one
 * SIMD feature block the matrix is built directly in single precision: half the memory (whose
 * page faults are a large part of the cost at n ≈ 1000) and the same rounded values, since
 * `float32(±v) = ±float32(v)`. That single-precision matrix is scratch shared between calls:
 * it is valid until the next call. Otherwise it is {@link gramMatrix} in double.
 */
export function solverGram(X: Matrix2D, spec: KernelSpec): SolverGram {
  const { rows: n, cols } = X;
  if (spec.kind === 'linear' && n >= 4 && cols >= 16 && cols <= SIMD_FEATURE_BLOCK) {
    const values = float32Scratch('gram', n * n);
    const diag = new Float64Array(n);
    if (singleBlockGram(X, values, diag)) return { values, diag };
  }
  return { values: gramMatrix(X, spec) };
}

/**
 * The cross-kernel `K[r][s] = k(a_r, b_s)` between the rows of `A` (m × d) and of `B` (p × d),
 * an m × p row-major matrix. Used to evaluate the decision function against support vectors.
 */
export function crossKernel(A: Matrix2D, B: Matrix2D, spec: KernelSpec): Float64Array {
  const m = A.rows;
  const p = B.rows;
  const cols = A.cols;
  const K = new Float64Array(m * p);
  for (let f0 = 0; f0 < cols; f0 += FEATURE_BLOCK) {
    const f1 = Math.min(cols, f0 + FEATURE_BLOCK);
    for (let i0 = 0; i0 < m; i0 += ROW_BLOCK) {
      const i1 = Math.min(m, i0 + ROW_BLOCK);
      for (let j0 = 0; j0 < p; j0 += ROW_BLOCK) {
        dotBlock(
          A.data,
          B.data,
          cols,
          K,
          p,
          i0,
          i1,
          j0,
          Math.min(p, j0 + ROW_BLOCK),
          f0,
          f1,
          false,
        );
      }
    }
  }
  if (spec.kind !== 'linear') {
    const sqA = spec.kind === 'rbf' ? rowSquaredNorms(A) : undefined;
    const sqB = spec.kind === 'rbf' ? rowSquaredNorms(B) : undefined;
    if (sqA !== undefined && sqB !== undefined && rbfFromDots(K, m, p, sqA, sqB, spec.gamma))
      return K;
    for (let r = 0; r < m; r++) {
      for (let s = 0; s < p; s++) {
        const o = r * p + s;
        K[o] = kernelFromDot(spec, K[o] as number, sqA?.[r] ?? 0, sqB?.[s] ?? 0);
      }
    }
  }
  return K;
}

/**
 * One kernel row: `out[t] = k(x_i, x_{idx[t]})` for the samples listed in `idx`.
 * `sq` holds the squared row norms (used by rbf only).
 */
export function kernelRow(
  X: Matrix2D,
  spec: KernelSpec,
  sq: Float64Array,
  i: number,
  idx: Int32Array,
  out: Float64Array,
): void {
  const { data, cols } = X;
  const oi = i * cols;
  for (let t = 0; t < idx.length; t++) {
    const j = idx[t] as number;
    const oj = j * cols;
    let s0 = 0;
    let s1 = 0;
    let f = 0;
    for (; f + 1 < cols; f += 2) {
      s0 += (data[oi + f] as number) * (data[oj + f] as number);
      s1 += (data[oi + f + 1] as number) * (data[oj + f + 1] as number);
    }
    if (f < cols) s0 += (data[oi + f] as number) * (data[oj + f] as number);
    out[t] = kernelFromDot(spec, s0 + s1, sq[i] as number, sq[j] as number);
  }
}
