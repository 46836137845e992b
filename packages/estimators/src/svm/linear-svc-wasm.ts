/**
 * One pass of `LinearSVC`'s dual coordinate descent (liblinear's solver for the L2-regularised
 * L1-/L2-loss SVM) in WebAssembly SIMD: for each coordinate of the (already shuffled) active
 * set, the dot product w·x_i, the projected gradient, shrinking, the clipped Newton step and
 * the update of w. The dot product keeps the JavaScript solver's four partial sums (as two
 * f64x2 accumulators: lanes are the sums of features 4k, 4k+1 and 4k+2, 4k+3) and its final
 * additions, and the update of w is lane-wise, so the iterates are bit-identical to
 * `linear-svc.ts`'s loop. An update of w and the next coordinate's dot product run as one sweep
 * (each w value loaded and stored once), and the loops walk byte pointers with memarg offsets:
 * ~45 % faster on 792 × 530 folds, the same values. With a seed, the coordinate order comes from the module's own
 * MT19937 (numpy `RandomState`'s seeding and `randint`, as core's), and `solve` runs every pass
 * with its shuffle in one call; with a `RandomState` object the shuffle stays in JavaScript and
 * `pass` is called once per pass. The shuffle draws inline (no call per draw) and the twist wraps
 * its indices by a compare, not a remainder: the same words, about twice as fast.
 *
 * @module
 */
import { LINEAR_SVC_WASM_BASE64 } from './smo-wasm.bytes.js';
import {
  advance,
  assembleModule,
  type Code,
  call,
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
  fge,
  fgt,
  fle,
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
  iand,
  iclz,
  ieq,
  ieqz,
  ige,
  igtu,
  ilt,
  imul,
  instanceWithMemory,
  ior,
  ishl,
  ishr,
  isub,
  ixor,
  type KeptInstance,
  leb,
  loadF64,
  loadI32,
  loadV128At,
  loop,
  set,
  storeF64,
  storeI32,
  storeV128At,
  V128,
  VOID,
  when,
  whileBelow,
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
  /**
   * Seeds the module's MT19937 generator, its 624 state words at byte address `mt`, as
   * `numpy.random.RandomState(seed)` (core random.ts `seed`).
   */
  seed(mt: number, seed: number): void;
  /**
   * The passes of `linear-svc.ts` `passesInWorkspace`, each after shuffling the active set with
   * the module's generator (core's `randint` draws, in the same order), until the stopping rule
   * holds or `maxIter` passes have run; returns the passes run.
   */
  solve(maxIter: number, tol: number): number;
  /** QD from X, the bias and diag (after `init`; linear-svc.ts' loop, see `squaredNormsFunc`). */
  squaredNorms(): void;
}

const [L, D, X, W, AL, QD, DG, UP, IDX, Y, UPD] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const [BIAS, PGMAX, PGMIN] = [11, 12, 13];
/** The generator's 624 state words (address) and its position in them. */
const [MT, MTI] = [14, 15];
const g = gget;

// function indices
const F_INIT = 0;
const F_PASS = 1;
const F_PGMAX = 2;
const F_PGMIN = 3;
const F_UPDATED = 4;
const F_SEED = 5;
const F_TWIST = 6;
const F_SHUFFLE = 7;
const F_SOLVE = 8;
const F_SQUARED_NORMS = 9;

/**
 * squaredNorms(): QD_i = diag_i + (bias² + Σ_f x_if²) for every row, in linear-svc.ts' order.
 * Its `x ** 2` is x·x exactly: `Math.pow` is fdlibm's, which returns x·x for y = 2 (and a test
 * runs both loops on the same data).
 */
function squaredNormsFunc(): Func {
  const [I, F, OFF, SQ] = [0, 1, 2, 3];
  return {
    params: [],
    results: [],
    locals: [I32, I32, I32, F64],
    body: loop(
      I,
      i32(0),
      g(L),
      cat(
        set(SQ, fmul(g(BIAS), g(BIAS))),
        set(OFF, iadd(g(X), ishl(imul(get(I), g(D)), i32(3)))),
        loop(
          F,
          i32(0),
          g(D),
          set(SQ, fadd(get(SQ), fmul(loadF64(get(OFF), get(F)), loadF64(get(OFF), get(F))))),
        ),
        storeF64(g(QD), get(I), fadd(loadF64(g(DG), get(I)), get(SQ))),
      ),
    ),
  };
}

const MT_N = 624;
const MT_M = 397;

/** seed(mt, s): numpy's `init_genrand` (core random.ts `seed`) into the words at mt. */
function seedFunc(): Func {
  const [ADDR, SEED, I, PREV] = [0, 1, 2, 3];
  return {
    params: [I32, I32],
    results: [],
    locals: [I32, I32],
    body: cat(
      gset(MT, get(ADDR)),
      storeI32(g(MT), i32(0), get(SEED)),
      loop(
        I,
        i32(1),
        i32(MT_N),
        cat(
          set(PREV, loadI32(g(MT), isub(get(I), i32(1)))),
          storeI32(
            g(MT),
            get(I),
            iadd(imul(i32(1812433253), ixor(get(PREV), ishr(get(PREV), i32(30)))), get(I)),
          ),
        ),
      ),
      gset(MTI, i32(MT_N)),
    ),
  };
}

/** An i32 load from `address + offset` (the offset in the memarg). */
const loadI32At = (address: Code, offset: number): Code => [...address, 0x28, 2, ...leb(offset)];

/**
 * twist(): regenerates the generator's 624 words in place (core random.ts `twist`), in C's three
 * segments — word k + 397 ahead of k, then 227 behind it, then the last word, which pairs with
 * the first — walking byte pointers, the fixed distances in the loads' memarg offsets.
 */
function twistFunc(): Func {
  const [P, PM, END, Y] = [0, 1, 2, 3];
  const word = (y: Code, kM: Code) =>
    ixor(ixor(kM, ishr(y, i32(1))), choose(i32(0x9908b0df), i32(0), iand(y, i32(1))));
  const pair = (k: Code, k1: Code) =>
    set(Y, ior(iand(k, i32(0x80000000)), iand(k1, i32(0x7fffffff))));
  const step = (kM: Code) =>
    cat(
      pair(loadI32At(get(P), 0), loadI32At(get(P), 4)),
      [...get(P), ...word(get(Y), kM), 0x36, 2, 0],
      set(P, iadd(get(P), i32(4))),
    );
  const below = (body: Code) => whileBelow(P, END, body);
  return {
    params: [],
    results: [],
    locals: [I32, I32, I32, I32],
    body: cat(
      set(P, g(MT)),
      set(END, iadd(g(MT), i32(4 * (MT_N - MT_M)))),
      below(step(loadI32At(get(P), 4 * MT_M))),
      set(PM, g(MT)),
      set(END, iadd(g(MT), i32(4 * (MT_N - 1)))),
      below(cat(step(loadI32At(get(PM), 0)), set(PM, iadd(get(PM), i32(4))))),
      // P is now the last word: its pair is word 0 and its partner word 396
      pair(loadI32At(get(P), 0), loadI32At(g(MT), 0)),
      [...get(P), ...word(get(Y), loadI32At(g(MT), 4 * (MT_M - 1))), 0x36, 2, 0],
    ),
  };
}

/**
 * shuffle(active): linear-svc.ts' swap of index[s] with index[s + randint(0, active − s)], each
 * draw numpy's `rk_interval` (core random.ts `interval`: no draw for an empty range, else the
 * next tempered 32-bit word under the range's bit mask until it falls in the range), inlined.
 */
function shuffleFunc(): Func {
  const [ACTIVE, S, R, T, MAX, MASK, V, POS, Y, BASE_MT] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const temper = cat(
    set(Y, ixor(get(Y), ishr(get(Y), i32(11)))),
    set(Y, ixor(get(Y), iand(ishl(get(Y), i32(7)), i32(0x9d2c5680)))),
    set(Y, ixor(get(Y), iand(ishl(get(Y), i32(15)), i32(0xefc60000)))),
    set(Y, ixor(get(Y), ishr(get(Y), i32(18)))),
  );
  return {
    params: [I32],
    results: [],
    locals: Array(9).fill(I32),
    body: cat(
      set(POS, g(MTI)),
      set(BASE_MT, g(MT)),
      loop(
        S,
        i32(0),
        get(ACTIVE),
        cat(
          set(MAX, isub(isub(get(ACTIVE), get(S)), i32(1))),
          set(V, i32(0)),
          when(
            get(MAX),
            cat(
              // the bits up to MAX's highest set bit
              set(MASK, ishr(i32(-1), iclz(get(MAX)))),
              [0x03, VOID],
              when(ige(get(POS), i32(MT_N)), cat(call(F_TWIST), set(POS, i32(0)))),
              set(Y, loadI32(get(BASE_MT), get(POS))),
              set(POS, iadd(get(POS), i32(1))),
              temper,
              set(V, iand(get(Y), get(MASK))),
              igtu(get(V), get(MAX)),
              [0x0d, 0, 0x0b],
            ),
          ),
          set(R, iadd(get(S), get(V))),
          set(T, loadI32(g(IDX), get(S))),
          storeI32(g(IDX), get(S), loadI32(g(IDX), get(R))),
          storeI32(g(IDX), get(R), get(T)),
        ),
      ),
      gset(MTI, get(POS)),
    ),
  };
}

/** solve(maxIter, tol): the outer loop of linear-svc.ts `passesInWorkspace`. */
function solveFunc(): Func {
  const [MAXITER, TOL, ACTIVE, ITER, PMO, PMI] = [0, 1, 2, 3, 4, 5];
  const restart = cat(
    set(ACTIVE, g(L)),
    set(PMO, f64(Number.POSITIVE_INFINITY)),
    set(PMI, f64(Number.NEGATIVE_INFINITY)),
  );
  return {
    params: [I32, F64],
    results: [I32],
    locals: [I32, I32, F64, F64],
    body: cat(
      restart,
      set(ITER, i32(0)),
      [0x02, VOID, 0x03, VOID],
      ige(get(ITER), get(MAXITER)),
      [0x0d, 1],
      call(F_SHUFFLE, get(ACTIVE)),
      set(ACTIVE, call(F_PASS, get(ACTIVE), get(PMO), get(PMI))),
      set(ITER, iadd(get(ITER), i32(1))),
      when(
        ior(fle(fsub(g(PGMAX), g(PGMIN)), get(TOL)), ieqz(g(UPD))),
        // depth: 0 the inner if, 1 this if, 2 the loop, 3 the block
        cat(when(ieq(get(ACTIVE), g(L)), [0x0c, 3]), restart, [0x0c, 1]),
      ),
      set(PMO, choose(f64(Number.POSITIVE_INFINITY), g(PGMAX), fle(g(PGMAX), f64(0)))),
      set(PMI, choose(f64(Number.NEGATIVE_INFINITY), g(PGMIN), fge(g(PGMIN), f64(0)))),
      [0x0c, 0, 0x0b, 0x0b],
      get(ITER),
    ),
  };
}

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
  // the next coordinate's row, and whether its w·x is already in DOTN (see `updateAndDot`)
  const [HAVE, J, OFFN] = [21, 22, 23];
  const DOTN = 24;
  const [W01, W23] = [25, 26];
  const [PW, PX, PXN, END] = [27, 28, 29, 30];
  const plus = (f: number, k: number) => iadd(get(f), i32(k));
  const biasTerm = choose(fmul(loadF64(g(W), g(D)), g(BIAS)), f64(0), fgt(g(BIAS), f64(0)));
  /** The dot product from the four partial sums and S0 (which holds the tail): linear-svc.ts' order. */
  const finish = (target: number) =>
    set(
      target,
      fadd(
        biasTerm,
        fadd(
          fadd(get(S0), f64x2lane(get(ACC01), 1)),
          fadd(f64x2lane(get(ACC23), 0), f64x2lane(get(ACC23), 1)),
        ),
      ),
    );
  const zeroSums = cat(set(ACC01, f64x2splat(f64(0))), set(ACC23, f64x2splat(f64(0))));
  /** the index of the first feature after the vector loop (where PW stopped) */
  const tailFrom = set(F, ishr(isub(get(PW), g(W)), i32(3)));
  // w·x_i: four partial sums (two f64x2), then the tail into the first
  const plainDot = cat(
    zeroSums,
    set(PW, g(W)),
    set(PX, get(OFF)),
    set(END, iadd(g(W), ishl(isub(g(D), i32(3)), i32(3)))),
    whileBelow(
      PW,
      END,
      cat(
        set(ACC01, f64x2add(get(ACC01), f64x2mul(loadV128At(get(PW), 0), loadV128At(get(PX), 0)))),
        set(
          ACC23,
          f64x2add(get(ACC23), f64x2mul(loadV128At(get(PW), 16), loadV128At(get(PX), 16))),
        ),
        advance([PW, PX], 32),
      ),
    ),
    tailFrom,
    set(S0, f64x2lane(get(ACC01), 0)),
    loop(
      F,
      get(F),
      g(D),
      set(S0, fadd(get(S0), fmul(loadF64(g(W), get(F)), loadF64(get(OFF), get(F))))),
    ),
    finish(DOT),
  );
  // w += step x_i, two features at a time, then the last odd one and the bias
  const plainUpdate = cat(
    set(PW, g(W)),
    set(PX, get(OFF)),
    set(END, iadd(g(W), ishl(isub(g(D), i32(1)), i32(3)))),
    whileBelow(
      PW,
      END,
      cat(
        storeV128At(
          get(PW),
          0,
          f64x2add(loadV128At(get(PW), 0), f64x2mul(get(STEPV), loadV128At(get(PX), 0))),
        ),
        advance([PW, PX], 16),
      ),
    ),
    tailFrom,
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
  );
  // The update of w and the next coordinate's w·x_j in one sweep: each w value is loaded and
  // stored once and used right away, with the same operations per element and the same partial
  // sums as plainUpdate followed by plainDot, so the iterates are unchanged.
  const updateAndDot = cat(
    set(J, loadI32(g(IDX), plus(S, 1))),
    set(OFFN, iadd(g(X), ishl(imul(get(J), g(D)), i32(3)))),
    when(
      fgt(g(BIAS), f64(0)),
      storeF64(g(W), g(D), fadd(loadF64(g(W), g(D)), fmul(get(STEP), g(BIAS)))),
    ),
    zeroSums,
    // byte pointers into w, x_i and x_j, four features a step (the second pair at offset 16)
    set(PW, g(W)),
    set(PX, get(OFF)),
    set(PXN, get(OFFN)),
    set(END, iadd(g(W), ishl(isub(g(D), i32(3)), i32(3)))),
    whileBelow(
      PW,
      END,
      cat(
        set(W01, f64x2add(loadV128At(get(PW), 0), f64x2mul(get(STEPV), loadV128At(get(PX), 0)))),
        set(W23, f64x2add(loadV128At(get(PW), 16), f64x2mul(get(STEPV), loadV128At(get(PX), 16)))),
        storeV128At(get(PW), 0, get(W01)),
        storeV128At(get(PW), 16, get(W23)),
        set(ACC01, f64x2add(get(ACC01), f64x2mul(get(W01), loadV128At(get(PXN), 0)))),
        set(ACC23, f64x2add(get(ACC23), f64x2mul(get(W23), loadV128At(get(PXN), 16)))),
        advance([PW, PX, PXN], 32),
      ),
    ),
    tailFrom,
    set(S0, f64x2lane(get(ACC01), 0)),
    loop(
      F,
      get(F),
      g(D),
      cat(
        set(NEXT, fadd(loadF64(g(W), get(F)), fmul(get(STEP), loadF64(get(OFF), get(F))))),
        storeF64(g(W), get(F), get(NEXT)),
        set(S0, fadd(get(S0), fmul(get(NEXT), loadF64(get(OFFN), get(F))))),
      ),
    ),
    finish(DOTN),
    set(HAVE, i32(1)),
  );
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
    locals: [
      ...[I32, I32, I32, I32],
      ...Array(11).fill(F64),
      ...[V128, V128, V128],
      ...[I32, I32, I32],
      F64,
      ...[V128, V128],
      ...[I32, I32, I32, I32],
    ],
    body: cat(
      set(PMAX, f64(Number.NEGATIVE_INFINITY)),
      set(PMIN, f64(Number.POSITIVE_INFINITY)),
      gset(UPD, i32(0)),
      set(S, i32(0)),
      set(HAVE, i32(0)),
      [0x02, VOID, 0x03, VOID],
      ige(get(S), get(ACTIVE)),
      [0x0d, 1],
      set(I, loadI32(g(IDX), get(S))),
      set(YI, fromI32(loadI32(g(Y), get(I)))),
      set(OFF, iadd(g(X), ishl(imul(get(I), g(D)), i32(3)))),
      when(get(HAVE), set(DOT, get(DOTN)), plainDot),
      set(HAVE, i32(0)),
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
          when(ilt(plus(S, 1), get(ACTIVE)), updateAndDot, plainUpdate),
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
    [
      initFunc(),
      passFunc(),
      getter(PGMAX, F64),
      getter(PGMIN, F64),
      getter(UPD, I32),
      seedFunc(),
      twistFunc(),
      shuffleFunc(),
      solveFunc(),
      squaredNormsFunc(),
    ],
    [
      ...Array.from({ length: 11 }, () => ({ type: I32, init: i32(0) })),
      ...Array.from({ length: 3 }, () => ({ type: F64, init: f64(0) })),
      { type: I32, init: i32(0) },
      { type: I32, init: i32(0) },
    ],
    [
      ['init', F_INIT],
      ['pass', F_PASS],
      ['pgMax', F_PGMAX],
      ['pgMin', F_PGMIN],
      ['updated', F_UPDATED],
      ['seed', F_SEED],
      ['solve', F_SOLVE],
      ['squaredNorms', F_SQUARED_NORMS],
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
  /** The state words of the module's MT19937 generator (see `seed`). */
  readonly mt: Int32Array;
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
  const bytes = 8 * (l * d + dPad + 4 * lPad) + 4 * 2 * lPad + 4 * MT_N;
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
    const mt = new Int32Array(buf, at + 8 * lPad, MT_N);
    if (buf.byteLength > KEEP_BYTES) kept = undefined;
    return { fns, X, w, alpha, QD: QDv, diag, upper, index, y, mt };
  } catch {
    kept = undefined;
    return undefined;
  }
}
