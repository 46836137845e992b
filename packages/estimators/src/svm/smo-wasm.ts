/**
 * The whole SMO solver in WebAssembly, for sub-problems whose dense `Q` matrix sits in the
 * workspace: working-set selection, the two-variable step, the gradient updates, shrinking (with
 * the physical swaps of libsvm) and gradient reconstruction all run in one call per solve.
 *
 * Why: a fit on a real decoding problem runs thousands of iterations over a few hundred
 * variables, and the first fits of a process run JavaScript in V8's interpreter, which boxes
 * every double (a scavenge every few milliseconds) — and even once optimised, each iteration
 * paid several JavaScript-to-WebAssembly transitions. WebAssembly is compiled before it runs
 * (Liftoff, then tiered up), so the first fit runs at nearly the speed of the later ones. The
 * code performs the same IEEE operations in the same order as the JavaScript solver in `smo.ts`
 * (WebAssembly has no fused multiply-add and no reassociation), so the iterates are
 * bit-identical — also where a loop runs two elements at a time in f64x2 lanes (128-bit SIMD),
 * each lane doing the scalar operations. `smo.ts` keeps its JavaScript loops for the row-cached
 * `Q` and where WebAssembly or its SIMD instructions are unavailable.
 *
 * The module (about 4 KB) is written here with the small expression builders below, which
 * emit its opcodes; `smo-wasm.bytes.ts` holds the assembled bytes (a test rebuilds them).
 *
 * @module
 */
import type { QMatrix } from './kernel-cache.js';
import { SMO_WASM_BASE64 } from './smo-wasm.bytes.js';
import {
  assembleModule,
  at,
  type Binary,
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
  f64x2pmax,
  f64x2pmin,
  f64x2splat,
  fadd,
  fdiv,
  fge,
  fgt,
  fle,
  flt,
  fmul,
  fneg,
  fromI32,
  fsub,
  get,
  gget,
  gset,
  I32,
  i32,
  iadd,
  iand,
  ieq,
  ieqz,
  ige,
  igt,
  ile,
  ilt,
  imul,
  ine,
  instanceWithMemory,
  ior,
  ishr,
  isub,
  type KeptInstance,
  loadF32x2,
  loadF64,
  loadI32,
  loadQ,
  loadV128,
  loop,
  ret,
  set,
  storeF64,
  storeI32,
  storeV128,
  V128,
  VOID,
  when,
} from './wasm-builder.js';

/** The module's exports (byte addresses are plain i32 values). */
interface SmoExports {
  /**
   * Starts a solve of `l` variables: stores the addresses and the options, sets α = 0, Ḡ = 0,
   * every status to lower bound, the permutation to the identity and G = p (p, y, C and QD
   * must have been written).
   */
  init(
    l: number,
    shrinking: number,
    eps: number,
    q: number,
    G: number,
    Gbar: number,
    QD: number,
    alpha: number,
    C: number,
    p: number,
    y: number,
    status: number,
    perm: number,
  ): void;
  /**
   * Runs iterations until the stopping rule holds (returns 0), `maxIter` iterations have run
   * (≥ 0; returns 1), or the iteration count reaches `pauseAt` (returns 2, before that
   * iteration's update: call {@link SmoExports.update} and then `solve` again to go on).
   */
  solve(maxIter: number, pauseAt: number): number;
  /** The pending two-variable update of the selected working set. */
  update(): void;
  /** The size of the active set. */
  active(): number;
  /** The iterations run so far. */
  iterations(): number;
  /** Fills the dense Q of a sub-problem from the kernel matrix (see `gatherFunc`). */
  gather(n: number, l: number, single: number, K: number, idx: number, y: number, q: number): void;
}

// ------------------------------------------------------------------------------ the module
const LOWER = 0;
const UPPER = 1;
const FREE = 2;
/** Replaces a non-positive curvature a_ij (non-PSD kernels), as in smo.ts. */
const TAU = 1e-12;

// globals: sizes, array addresses, solver state (i32), then eps (f64)
const [L, ACT, Q, G, GB, QD, AL, CC, P, Y, ST, PERM, WI, WJ, UNSH, ITER, CNT, SHR] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
];
const EPS = 18;
const N_I32_GLOBALS = 18;

// function indices
const F_INIT = 0;
const F_SELECT = 1;
const F_UPDATE = 2;
const F_RECONSTRUCT = 3;
const F_SHRINKABLE = 4;
const F_SHRINK = 5;
const F_SWAP = 6;
const F_SOLVE = 7;
const F_ACTIVE = 8;
const F_ITERATIONS = 9;
const F_GATHER = 10;

const g = (i: number) => gget(i);
const row = (a: Code): Code => at(g(Q), imul(a, g(L)), 2);
const min1000 = (v: Code): Code => choose(v, i32(1000), ilt(v, i32(1000)));

function initFunc(): Func {
  // params: l, shrinking, eps, then the nine addresses
  const T = 13;
  const addrs = [Q, G, GB, QD, AL, CC, P, Y, ST, PERM];
  return {
    params: [I32, I32, F64, ...addrs.map(() => I32)],
    results: [],
    locals: [I32],
    body: cat(
      gset(L, get(0)),
      gset(SHR, get(1)),
      gset(EPS, get(2)),
      ...addrs.map((glob, k) => gset(glob, get(3 + k))),
      gset(ACT, get(0)),
      gset(UNSH, i32(0)),
      gset(ITER, i32(0)),
      gset(CNT, iadd(min1000(get(0)), i32(1))),
      loop(
        T,
        i32(0),
        g(L),
        cat(
          storeF64(g(AL), get(T), f64(0)),
          storeF64(g(GB), get(T), f64(0)),
          storeF64(g(G), get(T), loadF64(g(P), get(T))),
          storeI32(g(ST), get(T), i32(LOWER)),
          storeI32(g(PERM), get(T), get(T)),
        ),
      ),
    ),
  };
}

/**
 * WSS 3 (smo.ts `select`): 1 when the stopping rule holds, else 0 with WI, WJ set.
 *
 * The running gmax, gmax2 and objmin live in lane 0 of v128 locals, so that keeping a new best
 * takes no branch: the index moves with an i32 `select` (a conditional move) on the sequential
 * test (`>=` for the max, `<=` for the min: the last index wins a tie), and the value with one
 * f64x2.pmax / pmin. A "new best" branch depends on the comparison of a fresh value (for obj, of
 * a division just issued), which no predictor can guess, and each miss cost the whole pipeline;
 * x64 has no conditional move for doubles, so a scalar f64 `select` would be a branch again.
 * pmax / pmin keep the old value on a tie and on NaN, as the sequential `>=` / `<=` do, and can
 * differ from it only in the sign of a zero, which neither diff = gmax ± G_t (a zero diff is no
 * candidate), the comparisons nor the stopping rule can see: i, j are bit-identical.
 *
 * The scans stay scalar, branching on y_t, the status and diff > 0: with the sub-problems of a
 * searchlight (~15 active variables on average), computing every element in f64x2 lanes
 * (divisions included) and combining the lanes cost more than these mostly predicted branches.
 */
function selectFunc(): Func {
  const [T, I, J, QI] = [0, 1, 2, 3];
  const [GV, GMAX, DIFF, QUAD, OBJ, YI, QDI] = [4, 5, 6, 7, 8, 9, 10];
  // the array addresses and the active size, read once from the globals into locals
  const [BG, BY, BST, BQD, NACT] = [11, 12, 13, 14, 15];
  // the running gmax, objmin and gmax2, in lane 0
  const [VGMAX, VOBJMIN, VGMAX2] = [16, 17, 18];
  const lane0 = (v: number) => f64x2lane(get(v), 0);
  /** index = t where value >= best (<= with `min`); best = pmax (pmin) of best and value. */
  const better = (value: Code, best: number, index: number, min = false) =>
    cat(
      set(OBJ, value),
      set(index, choose(get(T), get(index), (min ? fle : fge)(get(OBJ), lane0(best)))),
      set(best, (min ? f64x2pmin : f64x2pmax)(get(best), f64x2splat(get(OBJ)))),
    );
  const gmax2 = (value: Code) => set(VGMAX2, f64x2pmax(get(VGMAX2), f64x2splat(value)));
  const yAt = loadI32(get(BY), get(T));
  const stAt = loadI32(get(BST), get(T));
  // quad = qdi + QD_t (op) 2 yi Qi_t; obj = −diff² / (quad > 0 ? quad : TAU); keep the last min
  const candidate = (op: Binary) =>
    when(
      fgt(get(DIFF), f64(0)),
      cat(
        set(
          QUAD,
          op(
            fadd(get(QDI), loadF64(get(BQD), get(T))),
            fmul(fmul(f64(2), get(YI)), loadQ(get(QI), get(T))),
          ),
        ),
        set(QUAD, choose(get(QUAD), f64(TAU), fgt(get(QUAD), f64(0)))),
        better(fdiv(fneg(fmul(get(DIFF), get(DIFF))), get(QUAD)), VOBJMIN, J, true),
      ),
    );
  return {
    params: [],
    results: [I32],
    locals: [...Array(4).fill(I32), ...Array(7).fill(F64), ...Array(5).fill(I32), V128, V128, V128],
    body: cat(
      set(BG, g(G)),
      set(BY, g(Y)),
      set(BST, g(ST)),
      set(BQD, g(QD)),
      set(NACT, g(ACT)),
      set(VGMAX, f64x2splat(f64(Number.NEGATIVE_INFINITY))),
      set(I, i32(-1)),
      loop(
        T,
        i32(0),
        get(NACT),
        cat(
          set(GV, loadF64(get(BG), get(T))),
          when(
            ieq(yAt, i32(1)),
            when(ine(stAt, i32(UPPER)), better(fneg(get(GV)), VGMAX, I)),
            when(ine(stAt, i32(LOWER)), better(get(GV), VGMAX, I)),
          ),
        ),
      ),
      set(GMAX, lane0(VGMAX)),
      when(
        ieq(get(I), i32(-1)),
        cat(set(YI, f64(0)), set(QDI, f64(0)), set(QI, i32(0))),
        cat(
          set(YI, fromI32(loadI32(g(Y), get(I)))),
          set(QDI, loadF64(g(QD), get(I))),
          set(QI, row(get(I))),
        ),
      ),
      set(VGMAX2, f64x2splat(f64(Number.NEGATIVE_INFINITY))),
      set(VOBJMIN, f64x2splat(f64(Number.POSITIVE_INFINITY))),
      set(J, i32(-1)),
      loop(
        T,
        i32(0),
        get(NACT),
        cat(
          set(GV, loadF64(get(BG), get(T))),
          when(
            ieq(yAt, i32(1)),
            when(
              ine(stAt, i32(LOWER)),
              cat(set(DIFF, fadd(get(GMAX), get(GV))), gmax2(get(GV)), candidate(fsub)),
            ),
            when(
              ine(stAt, i32(UPPER)),
              cat(set(DIFF, fsub(get(GMAX), get(GV))), gmax2(fneg(get(GV))), candidate(fadd)),
            ),
          ),
        ),
      ),
      when(ior(flt(fadd(get(GMAX), lane0(VGMAX2)), g(EPS)), ieq(get(J), i32(-1))), ret(i32(1))),
      gset(WI, get(I)),
      gset(WJ, get(J)),
      i32(0),
    ),
  };
}

/** The analytic step on (WI, WJ) clipped to the box, then G, the statuses and Ḡ (smo.ts `update`). */
function updateFunc(): Func {
  const [I, J, QI, QJ, T, UPI, UPJ] = [0, 1, 2, 3, 4, 5, 6];
  const [QIJ, CI, CJ, OLDI, OLDJ, AI, AJ, QUAD, DELTA, DIFF, DI, DJ, S] = [
    7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
  ];
  // the gradient arrays' addresses and the sizes, read once from the globals into locals
  const [BG, BGB, NACT, NL] = [20, 21, 22, 23];
  // the f64x2 loops: pair index, a byte address, and dI, dJ (or Ḡ's step) in both lanes
  const [P, ADDR, VDI, VDJ] = [24, 25, 26, 27];
  const assign = (a: number, va: Code, b: number, vb: Code) => cat(set(a, va), set(b, vb));
  const status = (a: Code, c: Code): Code =>
    choose(i32(UPPER), choose(i32(LOWER), i32(FREE), fle(a, f64(0))), fge(a, c));
  const gbar = (wasUpper: number, c: number, q: number, k: number) =>
    when(
      ine(get(wasUpper), ieq(loadI32(g(ST), get(k)), i32(UPPER))),
      cat(
        set(S, choose(fneg(get(c)), get(c), get(wasUpper))),
        set(VDI, f64x2splat(get(S))),
        loop(
          P,
          i32(0),
          ishr(get(NL), i32(1)),
          cat(
            set(ADDR, at(get(BGB), get(P), 4)),
            storeV128(
              get(ADDR),
              f64x2add(loadV128(get(ADDR)), f64x2mul(get(VDI), loadF32x2(at(get(q), get(P), 3)))),
            ),
          ),
        ),
        loop(
          T,
          iand(get(NL), i32(-2)),
          get(NL),
          storeF64(
            get(BGB),
            get(T),
            fadd(loadF64(get(BGB), get(T)), fmul(get(S), loadQ(get(q), get(T)))),
          ),
        ),
      ),
    );
  const clampQuad = when(fle(get(QUAD), f64(0)), set(QUAD, f64(TAU)));
  const qd = fadd(loadF64(g(QD), get(I)), loadF64(g(QD), get(J)));
  return {
    params: [],
    results: [],
    locals: [...Array(7).fill(I32), ...Array(13).fill(F64), ...Array(6).fill(I32), V128, V128],
    body: cat(
      set(BG, g(G)),
      set(BGB, g(GB)),
      set(NACT, g(ACT)),
      set(NL, g(L)),
      set(I, g(WI)),
      set(J, g(WJ)),
      set(QI, row(get(I))),
      set(QJ, row(get(J))),
      set(QIJ, loadQ(get(QI), get(J))),
      set(CI, loadF64(g(CC), get(I))),
      set(CJ, loadF64(g(CC), get(J))),
      set(OLDI, loadF64(g(AL), get(I))),
      set(OLDJ, loadF64(g(AL), get(J))),
      set(AI, get(OLDI)),
      set(AJ, get(OLDJ)),
      when(
        ine(loadI32(g(Y), get(I)), loadI32(g(Y), get(J))),
        cat(
          set(QUAD, fadd(qd, fmul(f64(2), get(QIJ)))),
          clampQuad,
          set(DELTA, fdiv(fsub(fneg(loadF64(g(G), get(I))), loadF64(g(G), get(J))), get(QUAD))),
          set(DIFF, fsub(get(AI), get(AJ))),
          set(AI, fadd(get(AI), get(DELTA))),
          set(AJ, fadd(get(AJ), get(DELTA))),
          when(
            fgt(get(DIFF), f64(0)),
            when(flt(get(AJ), f64(0)), assign(AJ, f64(0), AI, get(DIFF))),
            when(flt(get(AI), f64(0)), assign(AI, f64(0), AJ, fneg(get(DIFF)))),
          ),
          when(
            fgt(get(DIFF), fsub(get(CI), get(CJ))),
            when(fgt(get(AI), get(CI)), assign(AI, get(CI), AJ, fsub(get(CI), get(DIFF)))),
            when(fgt(get(AJ), get(CJ)), assign(AJ, get(CJ), AI, fadd(get(CJ), get(DIFF)))),
          ),
        ),
        cat(
          set(QUAD, fsub(qd, fmul(f64(2), get(QIJ)))),
          clampQuad,
          set(DELTA, fdiv(fsub(loadF64(g(G), get(I)), loadF64(g(G), get(J))), get(QUAD))),
          // DIFF holds the sum here
          set(DIFF, fadd(get(AI), get(AJ))),
          set(AI, fsub(get(AI), get(DELTA))),
          set(AJ, fadd(get(AJ), get(DELTA))),
          when(
            fgt(get(DIFF), get(CI)),
            when(fgt(get(AI), get(CI)), assign(AI, get(CI), AJ, fsub(get(DIFF), get(CI)))),
            when(flt(get(AJ), f64(0)), assign(AJ, f64(0), AI, get(DIFF))),
          ),
          when(
            fgt(get(DIFF), get(CJ)),
            when(fgt(get(AJ), get(CJ)), assign(AJ, get(CJ), AI, fsub(get(DIFF), get(CJ)))),
            when(flt(get(AI), f64(0)), assign(AI, f64(0), AJ, get(DIFF))),
          ),
        ),
      ),
      storeF64(g(AL), get(I), get(AI)),
      storeF64(g(AL), get(J), get(AJ)),
      set(DI, fsub(get(AI), get(OLDI))),
      set(DJ, fsub(get(AJ), get(OLDJ))),
      // G_t += (Qi_t dI + Qj_t dJ), LIBSVM's operation order: two at a time in f64x2 lanes (the
      // same IEEE operations on each), then an odd last one
      set(VDI, f64x2splat(get(DI))),
      set(VDJ, f64x2splat(get(DJ))),
      loop(
        P,
        i32(0),
        ishr(get(NACT), i32(1)),
        cat(
          set(ADDR, at(get(BG), get(P), 4)),
          storeV128(
            get(ADDR),
            f64x2add(
              loadV128(get(ADDR)),
              f64x2add(
                f64x2mul(loadF32x2(at(get(QI), get(P), 3)), get(VDI)),
                f64x2mul(loadF32x2(at(get(QJ), get(P), 3)), get(VDJ)),
              ),
            ),
          ),
        ),
      ),
      loop(
        T,
        iand(get(NACT), i32(-2)),
        get(NACT),
        storeF64(
          get(BG),
          get(T),
          fadd(
            loadF64(get(BG), get(T)),
            fadd(fmul(loadQ(get(QI), get(T)), get(DI)), fmul(loadQ(get(QJ), get(T)), get(DJ))),
          ),
        ),
      ),
      set(UPI, ieq(loadI32(g(ST), get(I)), i32(UPPER))),
      set(UPJ, ieq(loadI32(g(ST), get(J)), i32(UPPER))),
      storeI32(g(ST), get(I), status(get(AI), get(CI))),
      storeI32(g(ST), get(J), status(get(AJ), get(CJ))),
      gbar(UPI, CI, QI, I),
      gbar(UPJ, CJ, QJ, J),
    ),
  };
}

/** G on the inactive set from Ḡ and the free variables (smo.ts `reconstruct`). */
function reconstructFunc(): Func {
  const [T, S, NFREE, QK, GV, A] = [0, 1, 2, 3, 4, 5];
  const free = (k: number) => ieq(loadI32(g(ST), get(k)), i32(FREE));
  return {
    params: [],
    results: [],
    locals: [I32, I32, I32, I32, F64, F64],
    body: cat(
      when(ieq(g(ACT), g(L)), ret()),
      loop(
        T,
        g(ACT),
        g(L),
        storeF64(g(G), get(T), fadd(loadF64(g(GB), get(T)), loadF64(g(P), get(T)))),
      ),
      set(NFREE, i32(0)),
      loop(T, i32(0), g(ACT), when(free(T), set(NFREE, iadd(get(NFREE), i32(1))))),
      when(
        igt(imul(get(NFREE), g(L)), imul(imul(i32(2), g(ACT)), isub(g(L), g(ACT)))),
        loop(
          T,
          g(ACT),
          g(L),
          cat(
            set(QK, row(get(T))),
            set(GV, loadF64(g(G), get(T))),
            loop(
              S,
              i32(0),
              g(ACT),
              when(
                free(S),
                set(GV, fadd(get(GV), fmul(loadF64(g(AL), get(S)), loadQ(get(QK), get(S))))),
              ),
            ),
            storeF64(g(G), get(T), get(GV)),
          ),
        ),
        loop(
          S,
          i32(0),
          g(ACT),
          when(
            free(S),
            cat(
              set(A, loadF64(g(AL), get(S))),
              set(QK, row(get(S))),
              loop(
                T,
                g(ACT),
                g(L),
                storeF64(
                  g(G),
                  get(T),
                  fadd(loadF64(g(G), get(T)), fmul(get(A), loadQ(get(QK), get(T)))),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  };
}

/** shrinkable(k, gmax1, gmax2) of smo.ts. */
function shrinkableFunc(): Func {
  const [K, GMAX1, GMAX2, GV, STV] = [0, 1, 2, 3, 4];
  const pos = ieq(loadI32(g(Y), get(K)), i32(1));
  return {
    params: [I32, F64, F64],
    results: [I32],
    locals: [F64, I32],
    body: cat(
      set(GV, loadF64(g(G), get(K))),
      set(STV, loadI32(g(ST), get(K))),
      when(
        ieq(get(STV), i32(UPPER)),
        ret(choose(fgt(fneg(get(GV)), get(GMAX1)), fgt(fneg(get(GV)), get(GMAX2)), pos)),
      ),
      when(
        ieq(get(STV), i32(LOWER)),
        ret(choose(fgt(get(GV), get(GMAX2)), fgt(get(GV), get(GMAX1)), pos)),
      ),
      i32(0),
    ),
  };
}

/** smo.ts `shrink`, with the physical swaps. */
function shrinkFunc(): Func {
  const [T, GV, GMAX1, GMAX2] = [0, 1, 2, 3];
  const stAt = loadI32(g(ST), get(T));
  const up = (m: number, v: Code) => when(fge(v, get(m)), set(m, v));
  const shrinkable = (k: Code) => call(F_SHRINKABLE, k, get(GMAX1), get(GMAX2));
  const decActive = gset(ACT, isub(g(ACT), i32(1)));
  return {
    params: [],
    results: [],
    locals: [I32, F64, F64, F64],
    body: cat(
      set(GMAX1, f64(Number.NEGATIVE_INFINITY)),
      set(GMAX2, f64(Number.NEGATIVE_INFINITY)),
      loop(
        T,
        i32(0),
        g(ACT),
        cat(
          set(GV, loadF64(g(G), get(T))),
          when(
            ieq(loadI32(g(Y), get(T)), i32(1)),
            cat(
              when(ine(stAt, i32(UPPER)), up(GMAX1, fneg(get(GV)))),
              when(ine(stAt, i32(LOWER)), up(GMAX2, get(GV))),
            ),
            cat(
              when(ine(stAt, i32(UPPER)), up(GMAX2, fneg(get(GV)))),
              when(ine(stAt, i32(LOWER)), up(GMAX1, get(GV))),
            ),
          ),
        ),
      ),
      when(
        iand(ieqz(g(UNSH)), fle(fadd(get(GMAX1), get(GMAX2)), fmul(g(EPS), f64(10)))),
        cat(gset(UNSH, i32(1)), call(F_RECONSTRUCT), gset(ACT, g(L))),
      ),
      loop(
        T,
        i32(0),
        g(ACT),
        when(
          shrinkable(get(T)),
          cat(
            decActive,
            // while (active > t) { if (!shrinkable(active)) { swap(t, active); break } active-- }
            [0x02, VOID, 0x03, VOID],
            ile(g(ACT), get(T)),
            [0x0d, 1],
            when(ieqz(shrinkable(g(ACT))), cat(call(F_SWAP, get(T), g(ACT)), [0x0c, 2])),
            decActive,
            [0x0c, 0, 0x0b, 0x0b],
          ),
        ),
      ),
    ),
  };
}

/** Exchanges the variables at positions a and b, with their rows and columns of Q. */
function swapFunc(): Func {
  const [A, B, R, PA, PB, X, XI] = [0, 1, 2, 3, 4, 5, 6];
  const swapF64 = (base: number) =>
    cat(
      set(PA, at(g(base), get(A), 3)),
      set(PB, at(g(base), get(B), 3)),
      set(X, [...get(PA), 0x2b, 3, 0]),
      get(PA),
      get(PB),
      [0x2b, 3, 0, 0x39, 3, 0],
      get(PB),
      get(X),
      [0x39, 3, 0],
    );
  // 32-bit values (i32 arrays and the bits of the f32 Q values) moved as i32
  const swap32 = (pa: Code, pb: Code) =>
    cat(
      set(PA, pa),
      set(PB, pb),
      set(XI, [...get(PA), 0x28, 2, 0]),
      get(PA),
      get(PB),
      [0x28, 2, 0, 0x36, 2, 0],
      get(PB),
      get(XI),
      [0x36, 2, 0],
    );
  return {
    params: [I32, I32],
    results: [],
    locals: [I32, I32, I32, F64, I32],
    body: cat(
      ...[AL, G, GB, QD, CC, P].map(swapF64),
      ...[Y, ST, PERM].map((base) => swap32(at(g(base), get(A), 2), at(g(base), get(B), 2))),
      loop(R, i32(0), g(L), swap32(at(row(get(A)), get(R), 2), at(row(get(B)), get(R), 2))),
      loop(
        R,
        i32(0),
        g(L),
        swap32(
          at(g(Q), iadd(imul(get(R), g(L)), get(A)), 2),
          at(g(Q), iadd(imul(get(R), g(L)), get(B)), 2),
        ),
      ),
    ),
  };
}

/** The main loop of smo.ts `solveSmo`. */
function solveFunc(): Func {
  const [MAXITER, PAUSE] = [0, 1];
  return {
    params: [I32, I32],
    results: [I32],
    locals: [],
    body: cat(
      [0x03, VOID],
      when(iand(ige(get(MAXITER), i32(0)), ige(g(ITER), get(MAXITER))), ret(i32(1))),
      gset(CNT, isub(g(CNT), i32(1))),
      when(ieqz(g(CNT)), cat(gset(CNT, min1000(g(L))), when(g(SHR), call(F_SHRINK)))),
      when(
        call(F_SELECT),
        cat(
          call(F_RECONSTRUCT),
          gset(ACT, g(L)),
          when(call(F_SELECT), ret(i32(0))),
          gset(CNT, i32(1)),
        ),
      ),
      gset(ITER, iadd(g(ITER), i32(1))),
      when(ieq(g(ITER), get(PAUSE)), ret(i32(2))),
      call(F_UPDATE),
      [0x0c, 0, 0x0b],
      i32(0),
    ),
  };
}

/**
 * gather(n, l, single, K, idx, y, q): q[a][b] = f32((y_a y_b) K[idx_a][idx_b]) for a, b < l
 * (kernel-cache.ts `DenseQ`), K n × n in single (`single` 1) or double precision.
 */
function gatherFunc(): Func {
  const [N, LL, SINGLE, K, IDX, YS, QQ, A, B, KROW, QROW, YA] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
  ];
  const kAt = (shift: number) => at(get(KROW), loadI32(get(IDX), get(B)), shift);
  const value = (k: Code) => fmul(fmul(fromI32(get(YA)), fromI32(loadI32(get(YS), get(B)))), k);
  const store = (k: Code) => [...at(get(QROW), get(B), 2), ...value(k), 0xb6, 0x38, 2, 0];
  return {
    params: [I32, I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32, I32, I32],
    body: loop(
      A,
      i32(0),
      get(LL),
      cat(
        set(YA, loadI32(get(YS), get(A))),
        set(QROW, at(get(QQ), imul(get(A), get(LL)), 2)),
        when(
          get(SINGLE),
          cat(
            set(KROW, at(get(K), imul(loadI32(get(IDX), get(A)), get(N)), 2)),
            loop(B, i32(0), get(LL), store([...kAt(2), 0x2a, 2, 0, 0xbb])),
          ),
          cat(
            set(KROW, at(get(K), imul(loadI32(get(IDX), get(A)), get(N)), 3)),
            loop(B, i32(0), get(LL), store([...kAt(3), 0x2b, 3, 0])),
          ),
        ),
      ),
    ),
  };
}

/**
 * Assembles the module from the builders above. The solver compiles the same bytes from
 * `SMO_WASM_BASE64` instead (assembling takes longer than compiling on a cold start); a
 * test checks that the two agree.
 */
export function assembleSmoModule(): Uint8Array<ArrayBuffer> {
  const funcs: Func[] = [];
  funcs[F_INIT] = initFunc();
  funcs[F_SELECT] = selectFunc();
  funcs[F_UPDATE] = updateFunc();
  funcs[F_RECONSTRUCT] = reconstructFunc();
  funcs[F_SHRINKABLE] = shrinkableFunc();
  funcs[F_SHRINK] = shrinkFunc();
  funcs[F_SWAP] = swapFunc();
  funcs[F_SOLVE] = solveFunc();
  funcs[F_ACTIVE] = { params: [], results: [I32], locals: [], body: g(ACT) };
  funcs[F_ITERATIONS] = { params: [], results: [I32], locals: [], body: g(ITER) };
  funcs[F_GATHER] = gatherFunc();
  const globals = [
    ...Array.from({ length: N_I32_GLOBALS }, () => ({ type: I32, init: i32(0) })),
    { type: F64, init: f64(0) },
  ];
  return assembleModule(funcs, globals, [
    ['init', F_INIT],
    ['solve', F_SOLVE],
    ['update', F_UPDATE],
    ['active', F_ACTIVE],
    ['iterations', F_ITERATIONS],
    ['gather', F_GATHER],
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

function compile(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileEmbedded(SMO_WASM_BASE64, true);
  return compiled;
}

/**
 * The arrays of SMO sub-problems of up to `capacity` variables, as views of one WebAssembly
 * memory, with the solver that runs on them. Byte offsets of the views are their addresses.
 */
export interface SmoWorkspace {
  readonly capacity: number;
  readonly fns: SmoExports;
  /** capacity² single-precision values: the dense Q of a sub-problem (l × l, row-major). */
  readonly q: Float32Array;
  readonly G: Float64Array;
  readonly Gbar: Float64Array;
  readonly QD: Float64Array;
  readonly alpha: Float64Array;
  readonly C: Float64Array;
  readonly p: Float64Array;
  readonly y: Int32Array;
  readonly status: Int32Array;
  /** The sample at each position (the permutation that shrinking's swaps applied). */
  readonly perm: Int32Array;
  /** The sub-problem's sample indices, for {@link gatherQ}. */
  readonly idx: Int32Array;
  /** The copied n × n kernel matrix (empty without one). */
  readonly K: Float32Array | Float64Array;
}

/** Memory kept between fits up to this size (fresh pages are slow to fault in). */
const KEEP_BYTES = 64 * 1024 * 1024;
let kept: KeptInstance<SmoExports> | undefined;
/** The last workspace handed out, reused while its memory and layout still serve. */
let last: SmoWorkspace | undefined;

/**
 * A workspace for sub-problems of up to `capacity` variables, or undefined where WebAssembly is
 * unavailable or the memory cannot be had. With `kernel`, the n × n kernel matrix is copied
 * into it, so that {@link gatherQ} can cut each sub-problem's Q from it there. Its memory (up
 * to 64 MB) is kept for the next call, so the views are valid until the next call.
 */
export function smoWorkspace(
  capacity: number,
  kernel?: { values: Float32Array | Float64Array; n: number },
): SmoWorkspace | undefined {
  const module = compile();
  if (module === null) return undefined;
  const c = Math.max(1, capacity);
  const kLength = kernel === undefined ? 0 : kernel.n * kernel.n;
  const kSingle = kernel?.values instanceof Float32Array;
  if (
    last !== undefined &&
    last.capacity === c &&
    last.K.length === kLength &&
    last.K instanceof Float32Array === kSingle &&
    last.q.buffer === kept?.memory.buffer
  ) {
    if (kernel !== undefined) last.K.set(kernel.values.subarray(0, kLength));
    return last;
  }
  const cPad = c + (c % 2); // keeps the f64 arrays 8-byte aligned after the f32 matrix
  const qBytes = 4 * cPad * cPad;
  const kBytes = (kSingle ? 4 : 8) * kLength;
  const bytes = qBytes + 8 * 6 * cPad + 4 * 4 * cPad + kBytes;
  try {
    kept = instanceWithMemory(kept, module, bytes);
    const { memory, fns } = kept;
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
      alpha: f64(),
      C: f64(),
      p: f64(),
      y: i32(),
      status: i32(),
      perm: i32(),
      idx: i32(),
      K: kSingle ? new Float32Array(buf, at, kLength) : new Float64Array(buf, at, kLength),
    };
    if (kernel !== undefined) ws.K.set(kernel.values.subarray(0, kLength));
    if (buf.byteLength > KEEP_BYTES) {
      kept = undefined;
      last = undefined;
    } else last = ws;
    return ws;
  } catch {
    kept = undefined;
    last = undefined;
    return undefined;
  }
}

/**
 * The dense Q of the sub-problem of samples `idx` with signs `y`, cut in the workspace's
 * WebAssembly code from the kernel matrix copied in by {@link smoWorkspace} (the same values as
 * kernel-cache.ts `DenseQ`, stored in `ws.q`). `kDiag`: the n diagonal values in double
 * precision when the kernel matrix is single precision.
 */
export function gatherQ(
  ws: SmoWorkspace,
  n: number,
  idx: Int32Array,
  y: Int8Array,
  kDiag?: Float64Array,
): QMatrix {
  const l = idx.length;
  ws.idx.set(idx);
  ws.y.set(y);
  const single = ws.K instanceof Float32Array;
  ws.fns.gather(
    n,
    l,
    single ? 1 : 0,
    ws.K.byteOffset,
    ws.idx.byteOffset,
    ws.y.byteOffset,
    ws.q.byteOffset,
  );
  const diag = new Float64Array(l);
  const { K } = ws;
  for (let a = 0; a < l; a++) {
    const i = idx[a] as number;
    diag[a] = (kDiag !== undefined ? kDiag[i] : K[i * n + i]) as number;
  }
  const q = ws.q;
  return { diag, row: (a: number) => q.subarray(a * l, (a + 1) * l) };
}
