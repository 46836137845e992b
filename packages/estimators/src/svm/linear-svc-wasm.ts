/**
 * One pass of `LinearSVC`'s dual coordinate descent (liblinear's solver for the L2-regularised
 * L1-/L2-loss SVM) in WebAssembly SIMD: for each coordinate of the (already shuffled) active
 * set, the dot product w·x_i, the projected gradient, shrinking, the clipped Newton step and
 * the update of w. The dot product keeps the JavaScript solver's four partial sums (as two
 * f64x2 accumulators: lanes are the sums of features 4k, 4k+1 and 4k+2, 4k+3) and its final
 * additions, and the update of w is lane-wise, so the iterates are bit-identical to
 * `linear-svc.ts`'s loop; the coordinate order (the random shuffle) stays in JavaScript.
 *
 * @module
 */
import { LINEAR_SVC_WASM_BASE64 } from './smo-wasm.bytes.js';
import {
  assembleModule,
  at,
  type Code,
  cat,
  choose,
  compileEmbedded,
  F64,
  type Func,
  f64,
  f64x2add,
  f64x2lane,
  f64x2mul,
  f64x2splat,
  fabs,
  fadd,
  fdiv,
  feq,
  fgt,
  flt,
  fmax,
  fmin,
  fmul,
  fromI32,
  fsub,
  get,
  gget,
  gset,
  I32,
  i32,
  iadd,
  ige,
  imul,
  instanceWithMemory,
  ishl,
  isub,
  type KeptInstance,
  loadF64,
  loadI32,
  loadV128,
  loop,
  set,
  storeF64,
  storeI32,
  storeV128,
  V128,
  VOID,
  when,
} from './wasm-builder.js';

interface DcdExports {
  /** Sets the sizes and addresses; w = 0, α = 0, index = identity (QD, diag, upper, y written). */
  init(
    l: number,
    d: number,
    bias: number,
    X: number,
    w: number,
    alpha: number,
    QD: number,
    diag: number,
    upper: number,
    index: number,
    y: number,
  ): void;
  /** One pass over index[0 … active − 1]; returns the new active-set size. */
  pass(active: number, pgMaxOld: number, pgMinOld: number): number;
  /** The pass's largest and smallest projected gradients and whether it moved α. */
  pgMax(): number;
  pgMin(): number;
  updated(): number;
}

const [L, D, X, W, AL, QD, DG, UP, IDX, Y, UPD] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const [BIAS, PGMAX, PGMIN] = [11, 12, 13];
const g = gget;

function initFunc(): Func {
  const T = 11;
  const addrs = [X, W, AL, QD, DG, UP, IDX, Y];
  return {
    params: [I32, I32, F64, ...addrs.map(() => I32)],
    results: [],
    locals: [I32],
    body: cat(
      gset(L, get(0)),
      gset(D, get(1)),
      gset(BIAS, get(2)),
      ...addrs.map((glob, k) => gset(glob, get(3 + k))),
      loop(T, i32(0), iadd(g(D), i32(1)), storeF64(g(W), get(T), f64(0))),
      loop(T, i32(0), g(L), cat(storeF64(g(AL), get(T), f64(0)), storeI32(g(IDX), get(T), get(T)))),
    ),
  };
}

function passFunc(): Func {
  const [ACTIVE, PGMAXOLD, PGMINOLD] = [0, 1, 2];
  const [S, I, OFF, F] = [3, 4, 5, 6];
  const [YI, DOT, A, U, GV, PG, PMAX, PMIN, NEXT, STEP, S0] = [
    7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
  ];
  const [ACC01, ACC23, STEPV] = [18, 19, 20];
  const xAt = (f: Code) => at(get(OFF), f, 3);
  const wAt = (f: Code) => at(g(W), f, 3);
  const plus = (f: number, k: number) => iadd(get(f), i32(k));
  // move coordinate i out of the active set, then go on at the same s (the loop's start)
  const shrinkOut = (depth: number) =>
    cat(
      set(ACTIVE, isub(get(ACTIVE), i32(1))),
      storeI32(g(IDX), get(S), loadI32(g(IDX), get(ACTIVE))),
      storeI32(g(IDX), get(ACTIVE), get(I)),
      [0x0c, depth],
    );
  return {
    params: [I32, F64, F64],
    results: [I32],
    locals: [I32, I32, I32, I32, ...Array(11).fill(F64), V128, V128, V128],
    body: cat(
      set(PMAX, f64(Number.NEGATIVE_INFINITY)),
      set(PMIN, f64(Number.POSITIVE_INFINITY)),
      gset(UPD, i32(0)),
      set(S, i32(0)),
      [0x02, VOID, 0x03, VOID],
      ige(get(S), get(ACTIVE)),
      [0x0d, 1],
      set(I, loadI32(g(IDX), get(S))),
      set(YI, fromI32(loadI32(g(Y), get(I)))),
      set(OFF, iadd(g(X), ishl(imul(get(I), g(D)), i32(3)))),
      // w·x_i: four partial sums (two f64x2), then the tail into the first
      set(ACC01, f64x2splat(f64(0))),
      set(ACC23, f64x2splat(f64(0))),
      set(F, i32(0)),
      [0x02, VOID, 0x03, VOID],
      ige(plus(F, 3), g(D)),
      [0x0d, 1],
      set(ACC01, f64x2add(get(ACC01), f64x2mul(loadV128(wAt(get(F))), loadV128(xAt(get(F)))))),
      set(
        ACC23,
        f64x2add(get(ACC23), f64x2mul(loadV128(wAt(plus(F, 2))), loadV128(xAt(plus(F, 2))))),
      ),
      set(F, plus(F, 4)),
      [0x0c, 0, 0x0b, 0x0b],
      set(S0, f64x2lane(get(ACC01), 0)),
      loop(
        F,
        get(F),
        g(D),
        set(S0, fadd(get(S0), fmul(loadF64(g(W), get(F)), loadF64(get(OFF), get(F))))),
      ),
      set(
        DOT,
        fadd(
          choose(fmul(loadF64(g(W), g(D)), g(BIAS)), f64(0), fgt(g(BIAS), f64(0))),
          fadd(
            fadd(get(S0), f64x2lane(get(ACC01), 1)),
            fadd(f64x2lane(get(ACC23), 0), f64x2lane(get(ACC23), 1)),
          ),
        ),
      ),
      set(A, loadF64(g(AL), get(I))),
      set(U, loadF64(g(UP), get(I))),
      set(GV, fadd(fsub(fmul(get(YI), get(DOT)), f64(1)), fmul(get(A), loadF64(g(DG), get(I))))),
      set(PG, f64(0)),
      when(
        feq(get(A), f64(0)),
        cat(
          // depth: 0 this if, 1 the a = 0 if, 2 the main loop
          when(fgt(get(GV), get(PGMAXOLD)), shrinkOut(2)),
          when(flt(get(GV), f64(0)), set(PG, get(GV))),
        ),
        when(
          feq(get(A), get(U)),
          cat(
            // depth: 0 this if, 1 the a = U if, 2 the a = 0 if's else, 3 the main loop
            when(flt(get(GV), get(PGMINOLD)), shrinkOut(3)),
            when(fgt(get(GV), f64(0)), set(PG, get(GV))),
          ),
          set(PG, get(GV)),
        ),
      ),
      when(fgt(get(PG), get(PMAX)), set(PMAX, get(PG))),
      when(flt(get(PG), get(PMIN)), set(PMIN, get(PG))),
      when(
        fgt(fabs(get(PG)), f64(1e-12)),
        cat(
          gset(UPD, i32(1)),
          set(
            NEXT,
            fmin(fmax(fsub(get(A), fdiv(get(GV), loadF64(g(QD), get(I)))), f64(0)), get(U)),
          ),
          storeF64(g(AL), get(I), get(NEXT)),
          set(STEP, fmul(fsub(get(NEXT), get(A)), get(YI))),
          set(STEPV, f64x2splat(get(STEP))),
          // w += step x_i, two features at a time, then the last odd one and the bias
          set(F, i32(0)),
          [0x02, VOID, 0x03, VOID],
          ige(plus(F, 1), g(D)),
          [0x0d, 1],
          storeV128(
            wAt(get(F)),
            f64x2add(loadV128(wAt(get(F))), f64x2mul(get(STEPV), loadV128(xAt(get(F))))),
          ),
          set(F, plus(F, 2)),
          [0x0c, 0, 0x0b, 0x0b],
          loop(
            F,
            get(F),
            g(D),
            storeF64(
              g(W),
              get(F),
              fadd(loadF64(g(W), get(F)), fmul(get(STEP), loadF64(get(OFF), get(F)))),
            ),
          ),
          when(
            fgt(g(BIAS), f64(0)),
            storeF64(g(W), g(D), fadd(loadF64(g(W), g(D)), fmul(get(STEP), g(BIAS)))),
          ),
        ),
      ),
      set(S, plus(S, 1)),
      [0x0c, 0, 0x0b, 0x0b],
      gset(PGMAX, get(PMAX)),
      gset(PGMIN, get(PMIN)),
      get(ACTIVE),
    ),
  };
}

/** Assembles the module (the solver compiles the embedded copy of these bytes). */
export function assembleLinearSvcModule(): Uint8Array<ArrayBuffer> {
  const getter = (glob: number, type: number): Func => ({
    params: [],
    results: [type],
    locals: [],
    body: g(glob),
  });
  return assembleModule(
    [initFunc(), passFunc(), getter(PGMAX, F64), getter(PGMIN, F64), getter(UPD, I32)],
    [
      ...Array.from({ length: 11 }, () => ({ type: I32, init: i32(0) })),
      ...Array.from({ length: 3 }, () => ({ type: F64, init: f64(0) })),
    ],
    [
      ['init', 0],
      ['pass', 1],
      ['pgMax', 2],
      ['pgMin', 3],
      ['updated', 4],
    ],
  );
}

let compiled: WebAssembly.Module | null | undefined;

/** The arrays of one `LinearSVC` fit in WebAssembly memory, with the pass that runs on them. */
export interface DcdWorkspace {
  readonly fns: DcdExports;
  /** The l × d training matrix (row-major). */
  readonly X: Float64Array;
  /** w (d + 1 values: the last is the bias weight). */
  readonly w: Float64Array;
  readonly alpha: Float64Array;
  readonly QD: Float64Array;
  readonly diag: Float64Array;
  readonly upper: Float64Array;
  readonly index: Int32Array;
  readonly y: Int32Array;
}

/** Memory kept between fits up to this size. */
const KEEP_BYTES = 64 * 1024 * 1024;
let kept: KeptInstance<DcdExports> | undefined;

/**
 * A workspace for l × d problems holding a copy of `data`, or undefined where WebAssembly SIMD
 * is unavailable or the memory cannot be had (the caller then runs its JavaScript loop). Valid
 * until the next call.
 */
export function dcdWorkspace(data: Float64Array, l: number, d: number): DcdWorkspace | undefined {
  if (compiled === undefined) compiled = compileEmbedded(LINEAR_SVC_WASM_BASE64, true);
  if (compiled === null) return undefined;
  const dPad = d + 2 + (d % 2);
  const lPad = l + (l % 2);
  const bytes = 8 * (l * d + dPad + 4 * lPad) + 4 * 2 * lPad;
  try {
    kept = instanceWithMemory(kept, compiled, bytes);
    const { memory, fns } = kept;
    const buf = memory.buffer;
    const X = new Float64Array(buf, 0, l * d);
    X.set(data.subarray(0, l * d));
    let at = 8 * l * d;
    const f64 = (n: number, stride: number) => {
      const v = new Float64Array(buf, at, n);
      at += 8 * stride;
      return v;
    };
    const w = f64(d + 1, dPad);
    const alpha = f64(l, lPad);
    const QDv = f64(l, lPad);
    const diag = f64(l, lPad);
    const upper = f64(l, lPad);
    const index = new Int32Array(buf, at, l);
    const y = new Int32Array(buf, at + 4 * lPad, l);
    if (buf.byteLength > KEEP_BYTES) kept = undefined;
    return { fns, X, w, alpha, QD: QDv, diag, upper, index, y };
  } catch {
    kept = undefined;
    return undefined;
  }
}
