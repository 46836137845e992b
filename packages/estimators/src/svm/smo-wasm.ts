/**
 * The SMO solver's per-iteration loops in WebAssembly: the two passes of working-set selection
 * and the gradient updates, over a workspace that also holds the dense `Q` matrix.
 *
 * Why: a fit on a real decoding problem runs thousands of iterations over a few hundred
 * variables, and the first fit of a process runs them in V8's interpreter, which boxes every
 * double (a scavenge every few milliseconds): ~50 ms for a fit that takes 4 ms once optimised.
 * WebAssembly is compiled before it runs (Liftoff, then tiered up), so the first fit runs at
 * nearly the speed of the later ones. The loops perform the same IEEE operations in the same
 * order as the JavaScript ones in `smo.ts` (WebAssembly has no fused multiply-add and no
 * reassociation), so the iterates are bit-identical; `smo.ts` keeps its JavaScript loops for
 * the row-cached `Q` and where WebAssembly is unavailable.
 *
 * The module (a few hundred bytes) is assembled here from its opcodes.
 *
 * @module
 */
import { leb, name, section } from './simd-dot.js';

/**
 * Byte offsets are plain i32 values; f64 values are passed as f64. The loops run over positions
 * 0 … active − 1 directly: the solver swaps shrunk variables physically (as libsvm does), so no
 * index list is read.
 */
interface SmoExports {
  /** i = argmax over I_up of −y_t G_t (ties to the last); stores gmax at `out`; −1 if none. */
  selI(active: number, y: number, status: number, G: number, out: number): number;
  /** j of WSS 3 for the chosen i; stores gmax2 at `out + 8`; −1 if none. */
  selJ(
    active: number,
    y: number,
    status: number,
    G: number,
    QD: number,
    Qi: number,
    out: number,
    yi: number,
    qdi: number,
    gmax: number,
  ): number;
  /** G_k += Qi_k dI + Qj_k dJ over the active positions. */
  updG(active: number, G: number, Qi: number, Qj: number, dI: number, dJ: number): void;
  /** Ḡ_k += s Q_k for k < l. */
  axpy(l: number, Gbar: number, Q: number, s: number): void;
}

const I32 = 0x7f;
const F64 = 0x7c;
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
/** i32.const with a signed LEB128 immediate (small values only: −64 ≤ v < 64). */
const i32c = (v: number) => [0x41, v & 0x7f];
const f64c = (v: number) => {
  const b = new Uint8Array(new Float64Array([v]).buffer);
  return [0x44, ...b];
};
const [ADD, SHL, EQ, NE, GE_S] = [0x6a, 0x74, 0x46, 0x47, 0x4e];
const [F_GT, F_LE, F_GE] = [0x64, 0x65, 0x66];
const [F_NEG, F_ADD, F_SUB, F_MUL, F_DIV, PROMOTE] = [0x9a, 0xa0, 0xa1, 0xa2, 0xa3, 0xbb];
const END = 0x0b;
const IF = [0x04, 0x40];
const ELSE = 0x05;
const SELECT = 0x1b;
const i32Load = [0x28, 0x02, 0x00];
const f64Load = [0x2b, 0x03, 0x00];
const f32Load = [0x2a, 0x02, 0x00];
const f64Store = [0x39, 0x03, 0x00];
/** address = base + (index << shift) */
const addr = (base: number, index: number, shift: number) => [
  ...get(base),
  ...get(index),
  ...i32c(shift),
  SHL,
  ADD,
];
/** for (t = 0; t < n; t++) body */
const forUp = (t: number, n: number, body: number[]) => [
  ...i32c(0),
  ...set(t),
  0x02,
  0x40, // block
  0x03,
  0x40, // loop
  ...get(t),
  ...get(n),
  GE_S,
  0x0d,
  1, // br_if 1
  ...body,
  ...get(t),
  ...i32c(1),
  ADD,
  ...set(t),
  0x0c,
  0, // br 0
  END,
  END,
];
const LOWER = 0;
const UPPER = 1;
const TAU = 1e-12;

function func(locals: number[][], body: number[]): number[] {
  const decl = [
    locals.length,
    ...locals.flatMap(([count, type]) => [count as number, type as number]),
  ];
  const code = [...decl, ...body, END];
  return [...leb(code.length), ...code];
}

function assemble(): Uint8Array<ArrayBuffer> {
  // selI(active, y, status, G, out) -> i32 ; locals: t, k, i (i32), g, gmax (f64)
  const selI = (() => {
    const [A, Y, S, G, OUT, T, K, I, g, GMAX] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const body = [
      ...f64c(Number.NEGATIVE_INFINITY),
      ...set(GMAX),
      ...i32c(-1),
      ...set(I),
      ...forUp(T, A, [
        // k = t: the workspace's variables are swapped physically, positions are samples
        ...get(T),
        ...set(K),
        ...addr(G, K, 3),
        ...f64Load,
        ...set(g),
        ...addr(Y, K, 2),
        ...i32Load,
        ...i32c(1),
        EQ,
        ...IF,
        // y = +1: status != UPPER && -g >= gmax
        ...addr(S, K, 2),
        ...i32Load,
        ...i32c(UPPER),
        NE,
        ...IF,
        ...get(g),
        F_NEG,
        ...get(GMAX),
        F_GE,
        ...IF,
        ...get(g),
        F_NEG,
        ...set(GMAX),
        ...get(K),
        ...set(I),
        END,
        END,
        ELSE,
        // y = −1: status != LOWER && g >= gmax
        ...addr(S, K, 2),
        ...i32Load,
        ...i32c(LOWER),
        NE,
        ...IF,
        ...get(g),
        ...get(GMAX),
        F_GE,
        ...IF,
        ...get(g),
        ...set(GMAX),
        ...get(K),
        ...set(I),
        END,
        END,
        END,
      ]),
      ...get(OUT),
      ...get(GMAX),
      ...f64Store,
      ...get(I),
    ];
    return func(
      [
        [3, I32],
        [2, F64],
      ],
      body,
    );
  })();

  // selJ(active, y, status, G, QD, Qi, out, yi, qdi, gmax) -> i32
  // locals: t, k, j (i32); g, gmax2, objMin, diff, quad, obj (f64)
  const selJ = (() => {
    const [A, Y, S, G, QD, QI, OUT, YI, QDI, GMAX] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const [T, K, J, g, GMAX2, OBJMIN, DIFF, QUAD, OBJ] = [10, 11, 12, 13, 14, 15, 16, 17, 18];
    // quad = qdi + QD[k] (op) 2 * yi * Qi[k]; obj = -(diff²) / (quad > 0 ? quad : TAU); keep the min (ties to the last)
    const candidate = (op: number) => [
      ...get(DIFF),
      ...f64c(0),
      F_GT,
      ...IF,
      ...get(QDI),
      ...addr(QD, K, 3),
      ...f64Load,
      F_ADD,
      ...f64c(2),
      ...get(YI),
      F_MUL,
      ...addr(QI, K, 2),
      ...f32Load,
      PROMOTE,
      F_MUL,
      op,
      ...tee(QUAD),
      ...f64c(TAU),
      ...get(QUAD),
      ...f64c(0),
      F_GT,
      SELECT,
      ...set(QUAD),
      ...get(DIFF),
      ...get(DIFF),
      F_MUL,
      F_NEG,
      ...get(QUAD),
      F_DIV,
      ...tee(OBJ),
      ...get(OBJMIN),
      F_LE,
      ...IF,
      ...get(K),
      ...set(J),
      ...get(OBJ),
      ...set(OBJMIN),
      END,
      END,
    ];
    const body = [
      ...f64c(Number.NEGATIVE_INFINITY),
      ...set(GMAX2),
      ...f64c(Number.POSITIVE_INFINITY),
      ...set(OBJMIN),
      ...i32c(-1),
      ...set(J),
      ...forUp(T, A, [
        // k = t: the workspace's variables are swapped physically, positions are samples
        ...get(T),
        ...set(K),
        ...addr(G, K, 3),
        ...f64Load,
        ...set(g),
        ...addr(Y, K, 2),
        ...i32Load,
        ...i32c(1),
        EQ,
        ...IF,
        ...addr(S, K, 2),
        ...i32Load,
        ...i32c(LOWER),
        NE,
        ...IF,
        // diff = gmax + g; if (g >= gmax2) gmax2 = g
        ...get(GMAX),
        ...get(g),
        F_ADD,
        ...set(DIFF),
        ...get(g),
        ...get(GMAX2),
        F_GE,
        ...IF,
        ...get(g),
        ...set(GMAX2),
        END,
        ...candidate(F_SUB),
        END,
        ELSE,
        ...addr(S, K, 2),
        ...i32Load,
        ...i32c(UPPER),
        NE,
        ...IF,
        // diff = gmax - g; if (-g >= gmax2) gmax2 = -g
        ...get(GMAX),
        ...get(g),
        F_SUB,
        ...set(DIFF),
        ...get(g),
        F_NEG,
        ...get(GMAX2),
        F_GE,
        ...IF,
        ...get(g),
        F_NEG,
        ...set(GMAX2),
        END,
        ...candidate(F_ADD),
        END,
        END,
      ]),
      ...get(OUT),
      ...get(GMAX2),
      0x39,
      0x03,
      0x08, // f64.store offset=8
      ...get(J),
    ];
    return func(
      [
        [3, I32],
        [6, F64],
      ],
      body,
    );
  })();

  // updG(active, G, Qi, Qj, dI, dJ); locals: t, k, p (i32)
  const updG = (() => {
    const [A, G, QI, QJ, DI, DJ, T, K, P] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const body = forUp(T, A, [
      ...get(T),
      ...set(K),
      ...addr(G, K, 3),
      ...tee(P),
      ...get(P),
      ...f64Load,
      ...addr(QI, K, 2),
      ...f32Load,
      PROMOTE,
      ...get(DI),
      F_MUL,
      ...addr(QJ, K, 2),
      ...f32Load,
      PROMOTE,
      ...get(DJ),
      F_MUL,
      F_ADD,
      F_ADD,
      ...f64Store,
    ]);
    return func([[3, I32]], body);
  })();

  // axpy(l, Gbar, Q, s); locals: k, p (i32)
  const axpy = (() => {
    const [L, GB, Q, S, K, P] = [0, 1, 2, 3, 4, 5];
    const body = forUp(K, L, [
      ...addr(GB, K, 3),
      ...tee(P),
      ...get(P),
      ...f64Load,
      ...get(S),
      ...addr(Q, K, 2),
      ...f32Load,
      PROMOTE,
      F_MUL,
      F_ADD,
      ...f64Store,
    ]);
    return func([[2, I32]], body);
  })();

  const types = [
    4,
    ...[0x60, 5, I32, I32, I32, I32, I32, 1, I32], // selI
    ...[0x60, 10, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64, 1, I32], // selJ
    ...[0x60, 6, I32, I32, I32, I32, F64, F64, 0], // updG
    ...[0x60, 4, I32, I32, I32, F64, 0], // axpy
  ];
  const exports = [
    4,
    ...name('selI'),
    0x00,
    0,
    ...name('selJ'),
    0x00,
    1,
    ...name('updG'),
    0x00,
    2,
    ...name('axpy'),
    0x00,
    3,
  ];
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, types),
    ...section(2, [1, ...name('env'), ...name('mem'), 0x02, 0x00, 1]),
    ...section(3, [4, 0, 1, 2, 3]),
    ...section(7, exports),
    ...section(10, [4, ...selI, ...selJ, ...updG, ...axpy]),
  ];
  return new Uint8Array(bytes);
}

let compiled: WebAssembly.Module | null | undefined;

function compile(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  try {
    const bytes = assemble();
    if (wasm?.validate(bytes)) compiled = new wasm.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/**
 * The arrays of SMO sub-problems of up to `capacity` variables, as views of one WebAssembly
 * memory, with the kernels that run on them. Byte offsets of the views are their addresses.
 */
export interface SmoWorkspace {
  readonly capacity: number;
  readonly fns: SmoExports;
  /** capacity² single-precision values: the dense Q of a sub-problem (l × l, row-major). */
  readonly q: Float32Array;
  readonly G: Float64Array;
  readonly Gbar: Float64Array;
  readonly QD: Float64Array;
  readonly y: Int32Array;
  readonly status: Int32Array;
  readonly order: Int32Array;
  /** two f64 results (gmax, gmax2). */
  readonly out: Float64Array;
}

/** Memory kept between fits up to this size (fresh pages are slow to fault in). */
const KEEP_BYTES = 64 * 1024 * 1024;
let kept: { memory: WebAssembly.Memory; fns: SmoExports } | undefined;

/**
 * A workspace for sub-problems of up to `capacity` variables, or undefined where WebAssembly is
 * unavailable or the memory cannot be had. Its memory (up to 64 MB) is kept for the next call,
 * so the views are valid until the next call.
 */
export function smoWorkspace(capacity: number): SmoWorkspace | undefined {
  const module = compile();
  if (module === null) return undefined;
  const c = Math.max(1, capacity);
  const cPad = c + (c % 2); // keeps the f64 arrays 8-byte aligned after the f32/i32 ones
  const qBytes = 4 * cPad * cPad;
  const bytes = qBytes + 8 * 3 * cPad + 4 * 3 * cPad + 16;
  try {
    if (kept === undefined) {
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
      const instance = new WebAssembly.Instance(module, { env: { mem: memory } });
      kept = { memory, fns: instance.exports as unknown as SmoExports };
    }
    const { memory, fns } = kept;
    const have = memory.buffer.byteLength;
    if (have < bytes) memory.grow(Math.ceil((bytes - have) / 65536));
    const buf = memory.buffer;
    let at = qBytes;
    const f64 = () => {
      const v = new Float64Array(buf, at, c);
      at += 8 * cPad;
      return v;
    };
    const i32 = () => {
      const v = new Int32Array(buf, at, c);
      at += 4 * cPad;
      return v;
    };
    const ws: SmoWorkspace = {
      capacity: c,
      fns,
      q: new Float32Array(buf, 0, c * c),
      G: f64(),
      Gbar: f64(),
      QD: f64(),
      y: i32(),
      status: i32(),
      order: i32(),
      out: new Float64Array(buf, at, 2),
    };
    if (buf.byteLength > KEEP_BYTES) kept = undefined;
    return ws;
  } catch {
    kept = undefined;
    return undefined;
  }
}
