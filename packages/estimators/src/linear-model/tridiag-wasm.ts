/**
 * The row kernels of the Householder tridiagonalisation (`linalg.ts` `tridiagonalize`) in
 * WebAssembly SIMD, on byte addresses in one memory that holds the matrix and the two work
 * vectors: the symmetric product row (`symvRow`), the rank-2 update row (`rank2Row`), the dot
 * product of the accumulation (`dotRows4`) and its scaled subtraction (`subScaledRow`). The
 * element-wise updates run two values at a time and the dot products keep the JavaScript
 * loops' four partial sums (`k mod 4`, as two f64x2 accumulators, the tail into the first) and
 * their final additions, so every value is bitwise the JavaScript loops' (a test runs both).
 * The whole reduction runs in the module (`tridiagonalize`, one call): its loops over a step's
 * rows call the kernels there, and its O(n²) loops are the JavaScript ones statement for
 * statement — which a fresh process would otherwise run interpreted.
 *
 * @module
 */
import { TRIDIAG_WASM_BASE64 } from '../svm/smo-wasm.bytes.js';
import {
  advance,
  assembleModule,
  type Code,
  call,
  cat,
  compileEmbedded,
  endOfDoubles,
  F64,
  type Func,
  f64,
  f64x2add,
  f64x2lane,
  f64x2mul,
  f64x2splat,
  f64x2sub,
  fabs,
  fadd,
  fdiv,
  feq,
  fgt,
  fmul,
  fne,
  fneg,
  fsqrt,
  fsub,
  get,
  I32,
  i32,
  iadd,
  imul,
  instanceWithMemory,
  ishl,
  isub,
  type KeptInstance,
  loadF64,
  loadF64Ptr,
  loadV128Ptr,
  loop,
  set,
  storeF64,
  storeF64Ptr,
  storeV128Ptr,
  V128,
  when,
  whileBelow,
} from '../svm/wasm-builder.js';

/** The module's export; pointers are byte addresses of the arrays' first values. */
export interface TridiagKernels {
  /** The whole reduction of the n × n matrix at `t` (see `tridiagonalizeFunc`). */
  tridiagonalize(t: number, d: number, e: number, n: number): void;
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

// The loops over the rows of one Householder step call the row kernels above (function indices
// 0–3) from inside the module, so a step costs one call from JavaScript instead of one per row.
const [F_SYMV_ROW, F_RANK2_ROW, F_DOT_ROWS4, F_SUB_SCALED_ROW] = [0, 1, 2, 3];
/** params of the step functions: the addresses of T, d, e (or d only), then i and n */
const [T, D, E, I, N] = [0, 1, 2, 3, 4];
const storeF64Plus = (p: number, offset: number, v: Code): Code => [
  ...get(p),
  ...v,
  0x39,
  3,
  offset,
];

/**
 * The pointers of a step's walk down the rows: `diag` at T[0][0] (moving by `stride`, one row and
 * one column), `pd` and `pe` at d[0] and e[0].
 */
const rowWalk = (diag: number, pd: number, pe: number, stride: number): Code =>
  cat(
    set(diag, get(T)),
    set(pd, get(D)),
    set(pe, get(E)),
    set(stride, ishl(iadd(get(N), i32(1)), i32(3))),
  );

/**
 * symvStep(t, d, e, i, n), for j < i: `T[i][j] = d[j]` and
 * `e[j] = symvRow(T[j][j+1…i), d[j+1…], e[j+1…], e[j] + T[j][j]·d[j])`.
 */
function symvStepFunc(): Func {
  const [J, DIAG, PD, PE, PTI, STRIDE, FV] = [5, 6, 7, 8, 9, 10, 11];
  return {
    params: [I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32, I32, I32, I32, F64],
    body: cat(
      rowWalk(DIAG, PD, PE, STRIDE),
      set(PTI, iadd(get(T), ishl(imul(get(I), get(N)), i32(3)))),
      loop(
        J,
        i32(0),
        get(I),
        cat(
          set(FV, loadF64Ptr(PD)),
          storeF64Ptr(PTI, get(FV)),
          storeF64Ptr(
            PE,
            call(
              F_SYMV_ROW,
              iadd(get(DIAG), i32(8)),
              iadd(get(PD), i32(8)),
              iadd(get(PE), i32(8)),
              isub(isub(get(I), get(J)), i32(1)),
              get(FV),
              fadd(loadF64Ptr(PE), fmul(loadF64Ptr(DIAG), get(FV))),
            ),
          ),
          set(DIAG, iadd(get(DIAG), get(STRIDE))),
          advance([PD, PE, PTI], 8),
        ),
      ),
    ),
  };
}

/**
 * rank2Step(t, d, e, i, n), for j < i: `rank2Row(T[j][j…i), e[j…], d[j…], d[j], e[j])`, then
 * `d[j] = T[j][i−1]` and `T[j][i] = 0`.
 */
function rank2StepFunc(): Func {
  const [J, DIAG, PD, PE, LAST, STRIDE, ROW] = [5, 6, 7, 8, 9, 10, 11];
  return {
    params: [I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32, I32, I32, I32, I32],
    body: cat(
      rowWalk(DIAG, PD, PE, STRIDE),
      set(LAST, iadd(get(T), ishl(isub(get(I), i32(1)), i32(3)))),
      set(ROW, ishl(get(N), i32(3))),
      loop(
        J,
        i32(0),
        get(I),
        cat(
          call(
            F_RANK2_ROW,
            get(DIAG),
            get(PE),
            get(PD),
            isub(get(I), get(J)),
            loadF64Ptr(PD),
            loadF64Ptr(PE),
          ),
          storeF64Ptr(PD, loadF64Ptr(LAST)),
          storeF64Plus(LAST, 8, f64(0)),
          set(DIAG, iadd(get(DIAG), get(STRIDE))),
          set(LAST, iadd(get(LAST), get(ROW))),
          advance([PD, PE], 8),
        ),
      ),
    ),
  };
}

/**
 * accumulateStep(t, d, i, n), for j ≤ i: `subScaledRow(T[j][0…i], d, dotRows4(T[i+1][0…i],
 * T[j][0…i]))`.
 */
function accumulateStepFunc(): Func {
  const [TA, DA, IA, NA] = [0, 1, 2, 3];
  const [J, A, ROWJ, LEN, ROW] = [4, 5, 6, 7, 8];
  return {
    params: [I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32, I32, I32],
    body: cat(
      set(ROW, ishl(get(NA), i32(3))),
      set(A, iadd(get(TA), imul(iadd(get(IA), i32(1)), get(ROW)))),
      set(ROWJ, get(TA)),
      set(LEN, iadd(get(IA), i32(1))),
      loop(
        J,
        i32(0),
        get(LEN),
        cat(
          call(
            F_SUB_SCALED_ROW,
            get(ROWJ),
            get(DA),
            get(LEN),
            call(F_DOT_ROWS4, get(A), get(ROWJ), get(LEN)),
          ),
          set(ROWJ, iadd(get(ROWJ), get(ROW))),
        ),
      ),
    ),
  };
}

const [F_SYMV_STEP, F_RANK2_STEP, F_ACCUMULATE_STEP, F_TRIDIAGONALIZE] = [4, 5, 6, 7];

/**
 * tridiagonalize(t, d, e, n): `linalg.ts` `tridiagonalize` on the n × n matrix at `t` (its
 * JavaScript loops, statement for statement, with the steps above), leaving the transformation
 * in `t`, the diagonal in `d` and the off-diagonal in `e`. `d` and `e` start zeroed.
 */
function tridiagonalizeFunc(): Func {
  const [TP, DP, EP, NP] = [0, 1, 2, 3];
  const [I, II, J, K, OFF] = [4, 5, 6, 7, 8];
  const [SCALE, H, F, G, V, HH] = [9, 10, 11, 12, 13, 14];
  const dAt = (k: Code) => loadF64(get(DP), k);
  const eAt = (k: Code) => loadF64(get(EP), k);
  const tAt = (k: Code) => loadF64(get(TP), k);
  const rc = (r: Code, c: Code) => iadd(imul(r, get(NP)), c); // r·n + c
  const nm1 = isub(get(NP), i32(1));
  const im1 = isub(get(I), i32(1));
  const ip1 = iadd(get(I), i32(1));
  const householder = cat(
    loop(
      K,
      i32(0),
      get(I),
      cat(
        set(V, fdiv(dAt(get(K)), get(SCALE))),
        storeF64(get(DP), get(K), get(V)),
        set(H, fadd(get(H), fmul(get(V), get(V)))),
      ),
    ),
    set(F, dAt(im1)),
    set(G, fsqrt(get(H))),
    when(fgt(get(F), f64(0)), set(G, fneg(get(G)))),
    storeF64(get(EP), get(I), fmul(get(SCALE), get(G))),
    set(H, fsub(get(H), fmul(get(F), get(G)))),
    storeF64(get(DP), im1, fsub(get(F), get(G))),
    loop(J, i32(0), get(I), storeF64(get(EP), get(J), f64(0))),
    call(F_SYMV_STEP, get(TP), get(DP), get(EP), get(I), get(NP)),
    set(F, f64(0)),
    loop(
      J,
      i32(0),
      get(I),
      cat(
        storeF64(get(EP), get(J), fdiv(eAt(get(J)), get(H))),
        set(F, fadd(get(F), fmul(eAt(get(J)), dAt(get(J))))),
      ),
    ),
    set(HH, fdiv(get(F), fadd(get(H), get(H)))),
    loop(
      J,
      i32(0),
      get(I),
      storeF64(get(EP), get(J), fsub(eAt(get(J)), fmul(get(HH), dAt(get(J))))),
    ),
    call(F_RANK2_STEP, get(TP), get(DP), get(EP), get(I), get(NP)),
  );
  const zeroColumn = cat(
    storeF64(get(EP), get(I), dAt(im1)),
    loop(
      J,
      i32(0),
      get(I),
      cat(
        storeF64(get(DP), get(J), tAt(rc(get(J), im1))),
        storeF64(get(TP), rc(get(J), get(I)), f64(0)),
        storeF64(get(TP), rc(get(I), get(J)), f64(0)),
      ),
    ),
  );
  const reduce = loop(
    II,
    i32(0),
    nm1,
    cat(
      set(I, isub(nm1, get(II))), // i = n − 1 … 1
      set(SCALE, f64(0)),
      set(H, f64(0)),
      loop(K, i32(0), get(I), set(SCALE, fadd(get(SCALE), fabs(dAt(get(K)))))),
      when(feq(get(SCALE), f64(0)), zeroColumn, householder),
      storeF64(get(DP), get(I), get(H)),
    ),
  );
  const accumulate = loop(
    I,
    i32(0),
    nm1,
    cat(
      storeF64(get(TP), rc(get(I), nm1), tAt(rc(get(I), get(I)))),
      storeF64(get(TP), rc(get(I), get(I)), f64(1)),
      set(H, dAt(ip1)),
      set(OFF, imul(ip1, get(NP))),
      when(
        fne(get(H), f64(0)),
        cat(
          loop(
            K,
            i32(0),
            ip1,
            storeF64(get(DP), get(K), fdiv(tAt(iadd(get(OFF), get(K))), get(H))),
          ),
          call(F_ACCUMULATE_STEP, get(TP), get(DP), get(I), get(NP)),
        ),
      ),
      loop(K, i32(0), ip1, storeF64(get(TP), iadd(get(OFF), get(K)), f64(0))),
    ),
  );
  return {
    params: [I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32, I32, I32, F64, F64, F64, F64, F64, F64],
    body: cat(
      loop(J, i32(0), get(NP), storeF64(get(DP), get(J), tAt(rc(get(J), nm1)))),
      reduce,
      accumulate,
      loop(
        J,
        i32(0),
        get(NP),
        cat(
          storeF64(get(DP), get(J), tAt(rc(get(J), nm1))),
          storeF64(get(TP), rc(get(J), nm1), f64(0)),
        ),
      ),
      storeF64(get(TP), isub(imul(get(NP), get(NP)), i32(1)), f64(1)),
      storeF64(get(EP), i32(0), f64(0)),
      loop(I, i32(1), get(NP), storeF64(get(EP), im1, eAt(get(I)))),
      storeF64(get(EP), nm1, f64(0)),
    ),
  };
}

/** Assembles the module (the kernels compile the embedded copy, `TRIDIAG_WASM_BASE64`). */
export function assembleTridiagModule(): Uint8Array<ArrayBuffer> {
  return assembleModule(
    [
      symvRowFunc(),
      updateRowFunc(true),
      dotRows4Func(),
      updateRowFunc(false),
      symvStepFunc(),
      rank2StepFunc(),
      accumulateStepFunc(),
      tridiagonalizeFunc(),
    ],
    [],
    [['tridiagonalize', F_TRIDIAGONALIZE]],
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
