/**
 * The row kernels of the Householder tridiagonalisation (`linalg.ts` `tridiagonalize`) in
 * WebAssembly SIMD, on byte addresses in one memory that holds the matrix and the two work
 * vectors: the symmetric product row (`symvRow`), the rank-2 update row (`rank2Row`), the dot
 * product of the accumulation (`dotRows4`) and its scaled subtraction (`subScaledRow`). The
 * element-wise updates run two values at a time and the dot products keep the JavaScript
 * loops' four partial sums (`k mod 4`, as two f64x2 accumulators, the tail into the first) and
 * their final additions, so every value is bitwise the JavaScript loops' (a test runs both).
 *
 * @module
 */
import { TRIDIAG_WASM_BASE64 } from '../svm/smo-wasm.bytes.js';
import {
  advance,
  assembleModule,
  type Code,
  cat,
  compileEmbedded,
  endOfDoubles,
  F64,
  type Func,
  f64x2add,
  f64x2lane,
  f64x2mul,
  f64x2splat,
  f64x2sub,
  fadd,
  fmul,
  fsub,
  get,
  I32,
  instanceWithMemory,
  type KeptInstance,
  loadF64Ptr,
  loadV128Ptr,
  set,
  storeF64Ptr,
  storeV128Ptr,
  V128,
  whileBelow,
} from '../svm/wasm-builder.js';

/** The kernels; pointers are byte addresses of each row's first value. */
export interface TridiagKernels {
  /** `g + Σ t·d` (four partial sums), and `e += t·f`, over `len` values. */
  symvRow(t: number, d: number, e: number, len: number, f: number, g: number): number;
  /** `t −= f·e + g·d` over `len` values. */
  rank2Row(t: number, e: number, d: number, len: number, f: number, g: number): void;
  /** `Σ a·b` over `len` values (four partial sums). */
  dotRows4(a: number, b: number, len: number): number;
  /** `t −= g·d` over `len` values. */
  subScaledRow(t: number, d: number, len: number, g: number): void;
}

/** Locals of a dot product with four partial sums. */
interface DotLocals {
  blocksEnd: number;
  end: number;
  acc01: number;
  acc23: number;
  s0: number;
}

/**
 * `Σ a·b` over `len` values in the JavaScript loops' four partial sums — blocks of four as two
 * f64x2 accumulators, the tail into the first sum — leaving the result's parts in the locals
 * (see {@link dotResult}). `side(off)` is an element-wise update run on each block (at memarg
 * offsets 0 and 16) and `sideTail` on each tail value, after their products are taken.
 */
function dotLoop(
  A: number,
  B: number,
  LEN: number,
  l: DotLocals,
  moving: number[],
  side: (off: number) => Code,
  sideTail: Code,
): Code {
  return cat(
    endOfDoubles(l.blocksEnd, A, LEN, 3),
    endOfDoubles(l.end, A, LEN, 0),
    whileBelow(
      A,
      l.blocksEnd,
      cat(
        set(l.acc01, f64x2add(get(l.acc01), f64x2mul(loadV128Ptr(A, 0), loadV128Ptr(B, 0)))),
        set(l.acc23, f64x2add(get(l.acc23), f64x2mul(loadV128Ptr(A, 16), loadV128Ptr(B, 16)))),
        side(0),
        side(16),
        advance(moving, 32),
      ),
    ),
    set(l.s0, f64x2lane(get(l.acc01), 0)),
    whileBelow(
      A,
      l.end,
      cat(
        set(l.s0, fadd(get(l.s0), fmul(loadF64Ptr(A), loadF64Ptr(B)))),
        sideTail,
        advance(moving, 8),
      ),
    ),
  );
}

/** `(s0 + s1) + (s2 + s3)`. */
const dotResult = (l: DotLocals): Code =>
  fadd(
    fadd(get(l.s0), f64x2lane(get(l.acc01), 1)),
    fadd(f64x2lane(get(l.acc23), 0), f64x2lane(get(l.acc23), 1)),
  );

function symvRowFunc(): Func {
  const [T, D, E, LEN, F, G] = [0, 1, 2, 3, 4, 5];
  const l: DotLocals = { blocksEnd: 6, end: 7, acc01: 8, acc23: 9, s0: 11 };
  const FV = 10;
  const side = (off: number) =>
    storeV128Ptr(E, off, f64x2add(loadV128Ptr(E, off), f64x2mul(loadV128Ptr(T, off), get(FV))));
  const sideTail = storeF64Ptr(E, fadd(loadF64Ptr(E), fmul(loadF64Ptr(T), get(F))));
  return {
    params: [I32, I32, I32, I32, F64, F64],
    results: [F64],
    locals: [I32, I32, V128, V128, V128, F64],
    body: cat(
      set(FV, f64x2splat(get(F))),
      dotLoop(T, D, LEN, l, [T, D, E], side, sideTail),
      fadd(get(G), dotResult(l)),
    ),
  };
}

function dotRows4Func(): Func {
  const [A, B, LEN] = [0, 1, 2];
  const l: DotLocals = { blocksEnd: 3, end: 4, acc01: 5, acc23: 6, s0: 7 };
  return {
    params: [I32, I32, I32],
    results: [F64],
    locals: [I32, I32, V128, V128, F64],
    body: cat(
      dotLoop(A, B, LEN, l, [A, B], () => [], []),
      dotResult(l),
    ),
  };
}

/** rank2Row (`t −= f·e + g·d`) or, without `e`, subScaledRow (`t −= g·d`): pairs, then the odd one. */
function updateRowFunc(withE: boolean): Func {
  // params (t, e, d, len, f, g) or (t, d, len, g)
  const [T, E, D, LEN, F, G] = withE ? [0, 1, 2, 3, 4, 5] : [0, -1, 1, 2, -1, 3];
  const base = withE ? 6 : 4;
  const [PAIRS_END, END, FV, GV] = [base, base + 1, base + 2, base + 3];
  const moving = withE ? [T, E, D] : [T, D];
  const pair = withE
    ? f64x2add(f64x2mul(get(FV), loadV128Ptr(E, 0)), f64x2mul(get(GV), loadV128Ptr(D, 0)))
    : f64x2mul(get(GV), loadV128Ptr(D, 0));
  const one = withE
    ? fadd(fmul(get(F), loadF64Ptr(E)), fmul(get(G), loadF64Ptr(D)))
    : fmul(get(G), loadF64Ptr(D));
  return {
    params: withE ? [I32, I32, I32, I32, F64, F64] : [I32, I32, I32, F64],
    results: [],
    locals: [I32, I32, V128, V128],
    body: cat(
      withE ? set(FV, f64x2splat(get(F))) : [],
      set(GV, f64x2splat(get(G))),
      endOfDoubles(PAIRS_END, T, LEN, 1),
      endOfDoubles(END, T, LEN, 0),
      whileBelow(
        T,
        PAIRS_END,
        cat(storeV128Ptr(T, 0, f64x2sub(loadV128Ptr(T, 0), pair)), advance(moving, 16)),
      ),
      whileBelow(T, END, cat(storeF64Ptr(T, fsub(loadF64Ptr(T), one)), advance(moving, 8))),
    ),
  };
}

/** Assembles the module (the kernels compile the embedded copy, `TRIDIAG_WASM_BASE64`). */
export function assembleTridiagModule(): Uint8Array<ArrayBuffer> {
  return assembleModule(
    [symvRowFunc(), updateRowFunc(true), dotRows4Func(), updateRowFunc(false)],
    [],
    [
      ['symvRow', 0],
      ['rank2Row', 1],
      ['dotRows4', 2],
      ['subScaledRow', 3],
    ],
  );
}

let compiled: WebAssembly.Module | null | undefined;
let kept: KeptInstance<TridiagKernels> | undefined;
/** Memory kept between calls up to this size. */
const KEEP_BYTES = 64 * 1024 * 1024;

/** An n × n matrix and two n-vectors in the module's memory, with the kernels over them. */
export interface TridiagWorkspace {
  readonly fns: TridiagKernels;
  readonly T: Float64Array;
  readonly d: Float64Array;
  readonly e: Float64Array;
}

/**
 * A workspace for an n × n tridiagonalisation, or undefined where WebAssembly SIMD is
 * unavailable or the memory cannot be had. Valid until the next call.
 */
export function tridiagWorkspace(n: number): TridiagWorkspace | undefined {
  if (compiled === undefined) compiled = compileEmbedded(TRIDIAG_WASM_BASE64, true);
  if (compiled === null) return undefined;
  try {
    kept = instanceWithMemory(kept, compiled, 8 * (n * n + 2 * n));
    const buf = kept.memory.buffer;
    const out = {
      fns: kept.fns,
      T: new Float64Array(buf, 0, n * n),
      d: new Float64Array(buf, 8 * n * n, n),
      e: new Float64Array(buf, 8 * (n * n + n), n),
    };
    if (buf.byteLength > KEEP_BYTES) kept = undefined;
    return out;
  } catch {
    kept = undefined;
    return undefined;
  }
}
