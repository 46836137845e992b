/**
 * A tile of the Gram matrix in WebAssembly SIMD (f64x2): all row pairs of two row ranges, in
 * 4 × 2 groups of rows (eight dot products per six loads), at twice the arithmetic width of
 * scalar JavaScript and with one call per tile (a call per 2 × 2 pair cost more in
 * JS-to-WebAssembly transitions than the arithmetic on narrow data); and {@link simdProducts},
 * the products of whole matrices' rows on it. The module (a few hundred bytes) is assembled here
 * from its opcodes; where WebAssembly SIMD is unavailable, {@link createSimdDot} returns
 * undefined and callers use their scalar loop.
 *
 * @module
 */
import { SIMD_DOT_WASM_BASE64 } from './smo-wasm.bytes.js';
import * as b from './wasm-builder.js';
import {
  assembleModule,
  at,
  type Code,
  compileEmbedded,
  type Func,
  instanceWithMemory,
  type KeptInstance,
  leb,
} from './wasm-builder.js';

/** The tile kernel bound to its own memory. */
export interface SimdDot {
  /** A Float64Array view of the whole module memory (at least the bytes asked for). */
  readonly heap: Float64Array;
  /**
   * Dot products of rows `[i0, i1)` with rows `[j0, j1)` ({@link TILE_ROWS_A} rows of the first
   * range with {@link TILE_ROWS_B} of the second at a time; with `upper`, each group of the second
   * range starts at the group's `i`, so every `j >= i` pair is computed, and a few below).
   * Rows start at byte `row × rowBytes` and are dotted over their first `nBytes` bytes (a
   * multiple of 16); `i0` and `i1 − i0` must be multiples of TILE_ROWS_A, `j0` and `j1 − j0` of
   * TILE_ROWS_B. Each
   * value is summed in two lanes (even and odd features), the lanes are added, and the result is
   * stored (not accumulated) as an f64 at byte `out + (i − i0) × ldBytes + 8 (j − j0)`.
   */
  tile(
    i0: number,
    i1: number,
    j0: number,
    j1: number,
    rowBytes: number,
    nBytes: number,
    out: number,
    ldBytes: number,
    upper: number,
  ): void;
  /**
   * From the upper triangle (j ≥ i) of the nPad × nPad f64 matrix of dot products at byte `T`,
   * the n × n single-precision matrix at byte `K` (both triangles, each value rounded once) and
   * the n diagonal values in double at byte `diag`.
   */
  finish(n: number, nPad: number, T: number, K: number, diag: number): void;
}

/** Rows of A and of B per micro-tile (4 × 2: 8 accumulators and 6 loads fit the 16 registers). */
export const TILE_ROWS_A = 4;
export const TILE_ROWS_B = 2;

/**
 * Assembles the module: (import "env" "mem" memory) (func tile (9 × i32)). The kernel compiles
 * the embedded copy of these bytes (`SIMD_DOT_WASM_BASE64`; a test checks that they agree).
 */
export function assembleSimdDotModule(): Uint8Array<ArrayBuffer> {
  const MR = TILE_ROWS_A;
  const NR = TILE_ROWS_B;
  const I32 = 0x7f;
  const V128 = 0x7b;
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const simd = (op: number) => [0xfd, ...leb(op)];
  const i32 = (v: number) => [0x41, v]; // i32.const, 0 <= v < 64
  const [ADD, SUB, MUL, GE_U] = [0x6a, 0x6b, 0x6c, 0x4f];
  const BLOCK = [0x02, 0x40];
  const LOOP = [0x03, 0x40];
  const END = 0x0b;
  const brIf = (depth: number) => [0x0d, depth];
  const br = (depth: number) => [0x0c, depth];
  // params
  const [I0, I1, J0, J1, ROW, NB, OUT, LD, UPPER] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  // i32 locals: i, j, off, o, then the MR + NR row pointers
  const [I, J, OFF, O] = [9, 10, 11, 12];
  const pa = Array.from({ length: MR }, (_, r) => 13 + r);
  const pb = Array.from({ length: NR }, (_, c) => 13 + MR + c);
  const nI32 = 4 + MR + NR;
  // v128 locals: MR × NR accumulators, MR x, NR z
  const acc = (r: number, c: number) => 9 + nI32 + r * NR + c;
  const x = (r: number) => 9 + nI32 + MR * NR + r;
  const z = (c: number) => 9 + nI32 + MR * NR + MR + c;
  const nV128 = MR * NR + MR + NR;
  const load = (ptr: number) => [...get(ptr), ...get(OFF), ADD, ...simd(0x00), 0x04, 0x00];
  // row pointers p[0] = row × rowBytes, p[r] = p[r − 1] + rowBytes
  const pointers = (row: number, p: number[]) => [
    ...get(row),
    ...get(ROW),
    MUL,
    ...set(p[0] as number),
    ...p.slice(1).flatMap((q, r) => [...get(p[r] as number), ...get(ROW), ADD, ...set(q)]),
  ];
  const accumulate: number[] = [];
  for (let r = 0; r < MR; r++) accumulate.push(...load(pa[r] as number), ...set(x(r)));
  for (let c = 0; c < NR; c++) accumulate.push(...load(pb[c] as number), ...set(z(c)));
  for (let r = 0; r < MR; r++) {
    for (let c = 0; c < NR; c++) {
      accumulate.push(
        ...get(acc(r, c)),
        ...get(x(r)),
        ...get(z(c)),
        ...simd(0xf2), // f64x2.mul
        ...simd(0xf0), // f64x2.add
        ...set(acc(r, c)),
      );
    }
  }
  const zero: number[] = [];
  for (let r = 0; r < MR; r++) {
    for (let c = 0; c < NR; c++) {
      zero.push(0x44, 0, 0, 0, 0, 0, 0, 0, 0, ...simd(0x14), ...set(acc(r, c))); // splat +0
    }
  }
  // f64.store [o + r × ld] (lane 0 + lane 1 of acc(r, c)) at offset 8c
  const stores: number[] = [];
  for (let r = 0; r < MR; r++) {
    for (let c = 0; c < NR; c++) {
      const addr = [...get(O)];
      for (let k = 0; k < r; k++) addr.push(...get(LD), ADD);
      stores.push(
        ...addr,
        ...get(acc(r, c)),
        ...simd(0x21),
        0x00, // f64x2.extract_lane 0
        ...get(acc(r, c)),
        ...simd(0x21),
        0x01, // f64x2.extract_lane 1
        0xa0, // f64.add
        0x39,
        0x03,
        ...leb(8 * c), // f64.store align=8
      );
    }
  }
  // for (; v < end; v += step) inner  — block { loop { br_if v >= end; inner; v += step } }
  const forLoop = (v: number, end: number, step: number, inner: number[]) => [
    ...BLOCK,
    ...LOOP,
    ...get(v),
    ...get(end),
    GE_U,
    ...brIf(1),
    ...inner,
    ...get(v),
    ...i32(step),
    ADD,
    ...set(v),
    ...br(0),
    END,
    END,
  ];
  const pairs = [
    ...pointers(J, pb),
    ...zero,
    ...i32(0),
    ...set(OFF),
    ...forLoop(OFF, NB, 16, accumulate),
    // o = out + (i − i0) × ld + (j − j0) × 8
    ...get(OUT),
    ...get(I),
    ...get(I0),
    SUB,
    ...get(LD),
    MUL,
    ADD,
    ...get(J),
    ...get(J0),
    SUB,
    ...i32(8),
    MUL,
    ADD,
    ...set(O),
    ...stores,
  ];
  const rows = [
    ...pointers(I, pa),
    // j = upper ? i : j0
    ...get(I),
    ...get(J0),
    ...get(UPPER),
    0x1b, // select
    ...set(J),
    ...forLoop(J, J1, NR, pairs),
  ];
  const tile: Func = {
    params: Array(9).fill(I32),
    results: [],
    locals: [...Array(nI32).fill(I32), ...Array(nV128).fill(V128)],
    body: [...get(I0), ...set(I), ...forLoop(I, I1, MR, rows)],
  };
  return assembleModule(
    [tile, finishFunc()],
    [],
    [
      ['tile', 0],
      ['finish', 1],
    ],
  );
}

/**
 * finish(n, nPad, T, K, diag): from the upper triangle of the nPad × nPad f64 matrix T of dot
 * products, the n × n single-precision K (both triangles) and the diagonal in double.
 */
function finishFunc(): Func {
  const [N, NPAD, T, K, DIAG, I, J, ROWT, V] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const storeK = (r: Code, c: Code, v: Code): Code => [
    ...at(b.get(K), b.iadd(b.imul(r, b.get(N)), c), 2),
    ...v,
    0x38,
    2,
    0,
  ];
  return {
    params: Array(5).fill(b.I32),
    results: [],
    locals: [b.I32, b.I32, b.I32, 0x7d],
    body: b.loop(
      I,
      b.i32(0),
      b.get(N),
      b.cat(
        b.set(ROWT, b.iadd(b.get(T), b.imul(b.imul(b.get(I), b.get(NPAD)), b.i32(8)))),
        b.storeF64(b.get(DIAG), b.get(I), b.loadF64(b.get(ROWT), b.get(I))),
        storeK(b.get(I), b.get(I), [...b.loadF64(b.get(ROWT), b.get(I)), 0xb6]),
        b.loop(
          J,
          b.iadd(b.get(I), b.i32(1)),
          b.get(N),
          b.cat(
            b.set(V, [...b.loadF64(b.get(ROWT), b.get(J)), 0xb6]),
            storeK(b.get(I), b.get(J), b.get(V)),
            storeK(b.get(J), b.get(I), b.get(V)),
          ),
        ),
      ),
    ),
  };
}

let compiled: WebAssembly.Module | null | undefined;

function compile(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileEmbedded(SIMD_DOT_WASM_BASE64, true);
  return compiled;
}

/** Memory kept between calls up to this size (fresh pages are slow to fault in). */
const KEEP_BYTES = 64 * 1024 * 1024;
let kept: KeptInstance<Pick<SimdDot, 'tile' | 'finish'>> | undefined;

/**
 * A tile-kernel instance whose memory holds at least `bytes` bytes, or undefined where
 * WebAssembly SIMD is unavailable or the memory cannot be had. Up to 64 MB of memory is kept for
 * the next call; call {@link releaseSimdDot} when done to drop anything larger.
 */
export function createSimdDot(bytes: number): SimdDot | undefined {
  const module = compile();
  if (module === null) return undefined;
  try {
    kept = instanceWithMemory(kept, module, bytes);
    const { tile, finish } = kept.fns;
    return { heap: new Float64Array(kept.memory.buffer), tile, finish };
  } catch {
    kept = undefined;
    return undefined;
  }
}

/** Drops the kept memory if it grew beyond 64 MB. */
export function releaseSimdDot(): void {
  if (kept !== undefined && kept.memory.buffer.byteLength > KEEP_BYTES) kept = undefined;
}

/** Features per block of the SIMD products (the rows of a block are copied into its memory). */
export const SIMD_FEATURE_BLOCK = 1024;
/** Rows of A and of B per call of the tile kernel (a 48 × 48 block of results stays in cache). */
export const SIMD_ROW_BLOCK = 48;

/**
 * `A Bᵀ` (or, with `B` undefined, the upper triangle of `A Aᵀ`) with the tile kernel above, added
 * into `out`: one block of features at a time, the rows of A (then of B) copied into the module's
 * memory with their length padded to an even number and their count to whole micro-tiles, then
 * one call per SIMD_ROW_BLOCK × SIMD_ROW_BLOCK tile of results. Each product is summed in two
 * lanes (even and odd features) per block, so it can differ from the sequential JavaScript sum
 * in the last bits. Used by the SVC's Gram matrix and the linear models' products. Returns false
 * where WebAssembly SIMD is unavailable.
 */
export function simdProducts(
  A: Float64Array,
  rowsA: number,
  B: Float64Array | undefined,
  rowsB: number,
  cols: number,
  out: Float64Array,
): boolean {
  const aPad = Math.ceil(rowsA / TILE_ROWS_A) * TILE_ROWS_A;
  const bPad = B === undefined ? 0 : Math.ceil(rowsB / TILE_ROWS_A) * TILE_ROWS_A;
  const block = Math.min(SIMD_FEATURE_BLOCK, cols + (cols % 2));
  const tileIndex = (aPad + bPad) * block;
  const simd = createSimdDot(8 * (tileIndex + SIMD_ROW_BLOCK * SIMD_ROW_BLOCK));
  if (simd === undefined) return false;
  const { heap, tile } = simd;
  const copyRows = (
    M: Float64Array,
    rows: number,
    pad: number,
    at: number,
    f0: number,
    f1: number,
  ) => {
    const width = f1 - f0;
    const widthPad = width + (width % 2);
    // the memory is reused between blocks and calls: padding must be cleared, not assumed zero
    for (let r = 0; r < rows; r++) {
      heap.set(M.subarray(r * cols + f0, r * cols + f1), (at + r) * block);
      if (widthPad > width) heap[(at + r) * block + width] = 0;
    }
    for (let r = rows; r < pad; r++) heap.fill(0, (at + r) * block, (at + r) * block + widthPad);
  };
  const jBase = B === undefined ? 0 : aPad;
  const jEndPad = B === undefined ? aPad : aPad + bPad;
  for (let f0 = 0; f0 < cols; f0 += block) {
    const f1 = Math.min(cols, f0 + block);
    copyRows(A, rowsA, aPad, 0, f0, f1);
    if (B !== undefined) copyRows(B, rowsB, bPad, aPad, f0, f1);
    const width = f1 - f0;
    const nBytes = 8 * (width + (width % 2));
    for (let i0 = 0; i0 < aPad; i0 += SIMD_ROW_BLOCK) {
      const i1 = Math.min(aPad, i0 + SIMD_ROW_BLOCK);
      for (let j0 = B === undefined ? i0 : jBase; j0 < jEndPad; j0 += SIMD_ROW_BLOCK) {
        const j1 = Math.min(jEndPad, j0 + SIMD_ROW_BLOCK);
        const diagonal = B === undefined && j0 === i0;
        tile(
          i0,
          i1,
          j0,
          j1,
          8 * block,
          nBytes,
          8 * tileIndex,
          8 * SIMD_ROW_BLOCK,
          diagonal ? 1 : 0,
        );
        const iEnd = Math.min(i1, rowsA);
        const jEnd = Math.min(j1, jBase + rowsB);
        for (let i = i0; i < iEnd; i++) {
          const src = tileIndex + (i - i0) * SIMD_ROW_BLOCK - j0;
          const o = i * rowsB - jBase;
          for (let j = diagonal ? i : j0; j < jEnd; j++) {
            out[o + j] = (out[o + j] as number) + (heap[src + j] as number);
          }
        }
      }
    }
  }
  releaseSimdDot();
  return true;
}
