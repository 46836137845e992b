/**
 * The column loops of liblinear's L1 solvers in WebAssembly, each with the JavaScript loop's
 * operations in its order. For the squared-hinge solver (`l1-primal-cd.ts`): the gradient and
 * curvature of one feature's loss, the margin shift of a step and the shift that also sums the
 * loss. liblinear (and the JavaScript loops) add a sample's terms only where its margin
 * shortfall `b` is positive, behind a branch that real data make unpredictable; here every
 * sample's term is computed and a `select` puts +0 in its place where `b ≤ 0`. Adding +0 leaves
 * each sum bitwise unchanged (the sums start at +0 and never reach −0: their terms are `C x²`,
 * `C b²` ≥ 0, or subtracted). For the same reason the gradient may skip those samples outright:
 * each margin update lists the samples left with `b > 0` (in order, branch-free), and the
 * gradient of the next feature sums over that list only. For newGLMNET (`l1-newglmnet.ts`): the column of the quadratic
 * model, the inner coordinate descent's dot product and its update of `Xᵀd` (element-wise, two
 * at a time). So the results equal the JavaScript loops' (a test runs both) and the solvers keep
 * scikit-learn's iterates. The loops walk byte pointers. Where WebAssembly is unavailable, the
 * workspaces are undefined and the solvers keep their JavaScript loops.
 *
 * @module
 */
import { L1_WASM_BASE64 } from '../svm/smo-wasm.bytes.js';
import {
  advance,
  assembleModule,
  type Code,
  cat,
  choose,
  compileEmbedded,
  endOfDoubles,
  F64,
  type Func,
  f64,
  f64x2add,
  f64x2mul,
  f64x2splat,
  fadd,
  fgt,
  fmul,
  fsub,
  get,
  gget,
  gset,
  I32,
  i32,
  iadd,
  instanceWithMemory,
  ishl,
  ishr,
  isub,
  type KeptInstance,
  loadF64At,
  loadF64Ptr,
  loadV128Ptr,
  set,
  storeF64Ptr,
  storeV128Ptr,
  V128,
  when,
  whileBelow,
} from '../svm/wasm-builder.js';

/** The kernels, on byte addresses in the workspace's memory. */
export interface L1Exports {
  /**
   * Returns `Σ −(C·yx)·b` over the `count` samples listed at `pos` (the addresses of their `b`;
   * from +0, in their order);
   * `second()` is then `Σ (C·yx)·yx` over them.
   */
  gradient(yx: number, b: number, C: number, pos: number, count: number): number;
  /** `b += dDiff · yx` over n values, listing at `pos` the samples with `b > 0` (`count()`). */
  shift(b: number, yx: number, dDiff: number, n: number, pos: number): void;
  /**
   * `b += dDiff · yx`, returning the new `Σ_{b>0} C b²`; with `withOld` 1 the old sum goes to
   * `second()`. Lists the samples with `b > 0` at `pos` as `shift` does.
   */
  shiftLoss(
    b: number,
    yx: number,
    C: number,
    dDiff: number,
    n: number,
    withOld: number,
    pos: number,
  ): number;
  /** `init + Σ a·b` over n values, left to right. */
  dot(a: number, b: number, n: number, init: number): number;
  /** `y += a · z` over n values (two at a time: element-wise, so the same values). */
  axpy(y: number, a: number, z: number, n: number): void;
  /**
   * newGLMNET's column model: `xD = x·D`, returns `NU + Σ x² D` (`(x·x)·D`, left to right);
   * `second()` is then `Σ x τ`.
   */
  columnModel(x: number, D: number, tau: number, xD: number, n: number, nu: number): number;
  /** The second result of the last `gradient`, `shiftLoss` or `columnModel` call. */
  second(): number;
  /** The length of the list the last `shift` or `shiftLoss` wrote. */
  count(): number;
}

const SECOND = 0;
/** The global holding the length of the list the last margin update wrote. */
const COUNT = 1;
const step = (p: number) => advance([p], 8);

/**
 * Lists the byte address in local `p` (of `b[i]`): stores it at the list pointer `pp`, which
 * moves on only where `cond`.
 */
const append = (pp: number, p: number, cond: Code): Code =>
  cat(
    [...get(pp), ...get(p), 0x36, 2, 0], // i32.store
    set(pp, iadd(get(pp), ishl(cond, i32(2)))),
  );
/** The list's length, from its start `pos` and end pointer `pp`, into the COUNT global. */
const listCount = (pos: number, pp: number): Code =>
  gset(COUNT, ishr(isub(get(pp), get(pos)), i32(2)));

/**
 * gradient(yx, b, C, pos, count): `Σ −(C·yx)·b` and `Σ (C·yx)·yx` over the samples listed in
 * `pos` (the addresses of their `b`, ascending: those with `b > 0`, as the last margin update
 * wrote them).
 */
function gradientFunc(): Func {
  const [YX, B, C, POS, COUNT_] = [0, 1, 2, 3, 4];
  const [PP, END, O, G, H, BI, CV, YV] = [5, 6, 7, 8, 9, 10, 11, 12];
  return {
    params: [I32, I32, I32, I32, I32],
    results: [F64],
    locals: [I32, I32, I32, F64, F64, F64, F64, F64],
    body: cat(
      set(PP, get(POS)),
      set(END, iadd(get(POS), ishl(get(COUNT_), i32(2)))),
      // yx and C as distances from b, so that each listed address reaches all three
      set(YX, isub(get(YX), get(B))),
      set(C, isub(get(C), get(B))),
      whileBelow(
        PP,
        END,
        cat(
          set(O, [...get(PP), 0x28, 2, 0]), // &b[i]
          set(BI, loadF64At(get(O))),
          set(YV, loadF64At(iadd(get(O), get(YX)))),
          set(CV, fmul(loadF64At(iadd(get(O), get(C))), get(YV))),
          set(G, fsub(get(G), fmul(get(CV), get(BI)))),
          set(H, fadd(get(H), fmul(get(CV), get(YV)))),
          advance([PP], 4),
        ),
      ),
      gset(SECOND, get(H)),
      get(G),
    ),
  };
}

/** shift(b, yx, dDiff, n, pos): `b += dDiff · yx`, listing the samples left with `b > 0`. */
function shiftFunc(): Func {
  const [B, YX, DD, N, POS] = [0, 1, 2, 3, 4];
  const [END, PP, BN] = [5, 6, 7];
  return {
    params: [I32, I32, F64, I32, I32],
    results: [],
    locals: [I32, I32, F64],
    body: cat(
      endOfDoubles(END, B, N),
      set(PP, get(POS)),
      whileBelow(
        B,
        END,
        cat(
          set(BN, fadd(loadF64Ptr(B), fmul(get(DD), loadF64Ptr(YX)))),
          storeF64Ptr(B, get(BN)),
          append(PP, B, fgt(get(BN), f64(0))),
          step(B),
          step(YX),
        ),
      ),
      listCount(POS, PP),
    ),
  };
}

/**
 * shiftLoss(b, yx, C, dDiff, n, withOld, pos): `b += dDiff · yx`, returning the new
 * `Σ_{b>0} C b²` (with `withOld`, the old sum goes to `second()`) and listing the samples left
 * with `b > 0`. Two samples per pass of the loop (memarg offsets 0 and 8), each with the scalar
 * loop's operations in its order.
 */
function shiftLossFunc(): Func {
  const [B, YX, C, DD, N, OLD, POS] = [0, 1, 2, 3, 4, 5, 6];
  const [END, BI, BN, LO, LN, CI, PP, PAIRS_END] = [7, 8, 9, 10, 11, 12, 13, 14];
  const positivePart = (v: number) =>
    choose(fmul(fmul(get(CI), get(v)), get(v)), f64(0), fgt(get(v), f64(0)));
  const ld = (p: number, off: number): Code => [...get(p), 0x2b, 3, off];
  const sample = (withOld: boolean, off: number): Code =>
    cat(
      withOld
        ? cat(
            set(BI, ld(B, off)),
            set(CI, ld(C, off)),
            set(LO, fadd(get(LO), positivePart(BI))),
            set(BN, fadd(get(BI), fmul(get(DD), ld(YX, off)))),
          )
        : cat(set(CI, ld(C, off)), set(BN, fadd(ld(B, off), fmul(get(DD), ld(YX, off))))),
      [...get(B), ...get(BN), 0x39, 3, off], // f64.store
      set(LN, fadd(get(LN), positivePart(BN))),
      [...get(PP), ...iadd(get(B), i32(off)), 0x36, 2, 0], // list &b[i] …
      set(PP, iadd(get(PP), ishl(fgt(get(BN), f64(0)), i32(2)))), // … kept where b > 0
    );
  const pass = (withOld: boolean): Code =>
    cat(
      whileBelow(
        B,
        PAIRS_END,
        cat(sample(withOld, 0), sample(withOld, 8), advance([B, YX, C], 16)),
      ),
      whileBelow(B, END, cat(sample(withOld, 0), advance([B, YX, C], 8))),
    );
  return {
    params: [I32, I32, I32, F64, I32, I32, I32],
    results: [F64],
    locals: [I32, F64, F64, F64, F64, F64, I32, I32],
    body: cat(
      endOfDoubles(END, B, N),
      endOfDoubles(PAIRS_END, B, N, 1),
      set(PP, get(POS)),
      when(get(OLD), pass(true), pass(false)),
      listCount(POS, PP),
      gset(SECOND, get(LO)),
      get(LN),
    ),
  };
}

function dotFunc(): Func {
  const [A, B, N, S] = [0, 1, 2, 3];
  const END = 4;
  return {
    params: [I32, I32, I32, F64],
    results: [F64],
    locals: [I32],
    body: cat(
      endOfDoubles(END, B, N),
      whileBelow(
        B,
        END,
        cat(set(S, fadd(get(S), fmul(loadF64Ptr(A), loadF64Ptr(B)))), step(A), step(B)),
      ),
      get(S),
    ),
  };
}

function axpyFunc(): Func {
  const [Y, A, Z, N] = [0, 1, 2, 3];
  const [END, ZV] = [4, 5];
  return {
    params: [I32, I32, F64, I32],
    results: [],
    locals: [I32, V128],
    body: cat(
      set(ZV, f64x2splat(get(Z))),
      // pairs while two values are left, then the last odd one
      set(END, iadd(get(Y), [...get(N), 0x41, 1, 0x76, 0x41, 4, 0x74])), // y + 16 (n >>> 1)
      whileBelow(
        Y,
        END,
        cat(
          storeV128Ptr(Y, 0, f64x2add(loadV128Ptr(Y, 0), f64x2mul(loadV128Ptr(A, 0), get(ZV)))),
          set(Y, iadd(get(Y), i32(16))),
          set(A, iadd(get(A), i32(16))),
        ),
      ),
      when(
        [...get(N), 0x41, 1, 0x71], // n & 1
        storeF64Ptr(Y, fadd(loadF64Ptr(Y), fmul(loadF64Ptr(A), get(Z)))),
      ),
    ),
  };
}

function columnModelFunc(): Func {
  const [X, D, TAU, XD, N, NU] = [0, 1, 2, 3, 4, 5];
  const [END, H, T, V, DI] = [6, 7, 8, 9, 10];
  return {
    params: [I32, I32, I32, I32, I32, F64],
    results: [F64],
    locals: [I32, F64, F64, F64, F64],
    body: cat(
      set(H, get(NU)),
      endOfDoubles(END, D, N),
      whileBelow(
        D,
        END,
        cat(
          set(V, loadF64Ptr(X)),
          set(DI, loadF64Ptr(D)),
          set(H, fadd(get(H), fmul(fmul(get(V), get(V)), get(DI)))),
          storeF64Ptr(XD, fmul(get(V), get(DI))),
          set(T, fadd(get(T), fmul(get(V), loadF64Ptr(TAU)))),
          step(X),
          step(D),
          step(TAU),
          step(XD),
        ),
      ),
      gset(SECOND, get(T)),
      get(H),
    ),
  };
}

/** Assembles the module (the solver compiles the embedded copy, `L1_WASM_BASE64`). */
export function assembleL1Module(): Uint8Array<ArrayBuffer> {
  return assembleModule(
    [
      gradientFunc(),
      shiftFunc(),
      shiftLossFunc(),
      { params: [], results: [F64], locals: [], body: gget(SECOND) },
      dotFunc(),
      axpyFunc(),
      columnModelFunc(),
      { params: [], results: [I32], locals: [], body: gget(COUNT) },
    ],
    [
      { type: F64, init: f64(0) },
      { type: I32, init: i32(0) },
    ],
    [
      ['gradient', 0],
      ['shift', 1],
      ['shiftLoss', 2],
      ['second', 3],
      ['dot', 4],
      ['axpy', 5],
      ['columnModel', 6],
      ['count', 7],
    ],
  );
}

/** The arrays of one binary problem in the module's memory, with the kernels over them. */
export interface L1PrimalWorkspace {
  readonly fns: L1Exports;
  /** The features times the labels, column-major (`dim × n`). */
  readonly yx: Float64Array;
  /** The margins' shortfall `1 − y·(Xw)`. */
  readonly b: Float64Array;
  /** Each sample's cost. */
  readonly C: Float64Array;
  /**
   * The byte addresses of the `b` of the samples with `b > 0`, ascending (the first `count()`
   * entries; written by the shifts).
   */
  readonly pos: Int32Array;
}

let compiled: WebAssembly.Module | null | undefined;
let kept: KeptInstance<L1Exports> | undefined;
/** Memory kept between fits up to this size. */
const KEEP_BYTES = 64 * 1024 * 1024;

/**
 * Float64Array views of the given lengths, one after the other from byte 0 of the kept instance's
 * memory (grown to hold them), or undefined where WebAssembly is unavailable or the memory
 * cannot be had. Valid until the next call.
 */
function views(lengths: number[]): { fns: L1Exports; views: Float64Array[] } | undefined {
  if (compiled === undefined) compiled = compileEmbedded(L1_WASM_BASE64, true);
  if (compiled === null) return undefined;
  try {
    kept = instanceWithMemory(kept, compiled, 8 * lengths.reduce((a, b) => a + b, 0));
    const { memory, fns } = kept;
    const buf = memory.buffer;
    let at = 0;
    const out = lengths.map((len) => {
      const v = new Float64Array(buf, at, len);
      at += 8 * len;
      return v;
    });
    if (buf.byteLength > KEEP_BYTES) kept = undefined;
    return { fns, views: out };
  } catch {
    kept = undefined;
    return undefined;
  }
}

/**
 * A workspace for a `dim × n` problem (`yx`, `b` and `C` as views of the module's memory), or
 * undefined where WebAssembly is unavailable or the memory cannot be had. Valid until the next
 * call.
 */
export function l1PrimalWorkspace(dim: number, n: number): L1PrimalWorkspace | undefined {
  const ws = views([dim * n, n, n, Math.ceil(n / 2)]);
  if (ws === undefined) return undefined;
  const [yx, b, C, list] = ws.views as [Float64Array, Float64Array, Float64Array, Float64Array];
  return { fns: ws.fns, yx, b, C, pos: new Int32Array(list.buffer, list.byteOffset, n) };
}

/** newGLMNET's arrays of one binary problem in the module's memory. */
export interface L1LogisticWorkspace {
  readonly fns: L1Exports;
  /** The features, column-major (`dim × n`). */
  readonly data: Float64Array;
  /** `x_ij · D_i`, column-major (`dim × n`). */
  readonly xD: Float64Array;
  readonly D: Float64Array;
  readonly tau: Float64Array;
  /** `Xᵀd` of the inner coordinate descent. */
  readonly xTd: Float64Array;
}

/** A newGLMNET workspace for a `dim × n` problem, or undefined (see {@link l1PrimalWorkspace}). */
export function l1LogisticWorkspace(dim: number, n: number): L1LogisticWorkspace | undefined {
  const ws = views([dim * n, dim * n, n, n, n]);
  if (ws === undefined) return undefined;
  const [data, xD, D, tau, xTd] = ws.views as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  return { fns: ws.fns, data, xD, D, tau, xTd };
}
