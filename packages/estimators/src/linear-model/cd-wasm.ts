/**
 * The inner loop of dense coordinate descent (`cdDense`) in WebAssembly SIMD: for one
 * coordinate `j`, the residual update `R ← R − pw·x_p + w_j·x_j` (the previous coordinate's
 * deferred update and this one's removal, either part absent) and the dot product `x_jᵀR`, in
 * one sweep. Each lane does the scalar loop's operations in its order — the four partial sums
 * `i mod 4` are the two f64x2 accumulators, the tail goes to the first — so the results are
 * bitwise those of the JavaScript loop; it only runs at twice its width and is never
 * interpreted on a first fit. Where WebAssembly SIMD is unavailable, {@link cdWorkspace} returns
 * undefined and `cdDense` keeps its JavaScript loop.
 *
 * @module
 */
import {
  assembleModule,
  type Code,
  call,
  cat,
  compileEmbedded,
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
  flt,
  fmax,
  fmul,
  fne,
  fsub,
  get,
  I32,
  i32,
  iadd,
  iand,
  ige,
  imul,
  ine,
  instanceWithMemory,
  ishl,
  isub,
  type KeptInstance,
  loadF64,
  loadF64At,
  loadV128At,
  loop,
  set,
  storeF64,
  storeV128At,
  V128,
  when,
} from '../svm/wasm-builder.js';
import { CD_WASM_BASE64 } from './linear-wasm.bytes.js';

/**
 * The four sweeps (byte addresses; `nb = n >> 2`); each returns `x_jᵀR` after the update. `dot`
 * sums in eight partial sums (i mod 8, see `dotFunc`), the others in four (i mod 4).
 */
export interface CdKernels {
  /** `x_jᵀR` (no update). */
  dot(xj: number, r: number, n: number): number;
  /** `R += wOld·x_j`, then the dot. */
  add(xj: number, r: number, nb: number, n: number, wOld: number): number;
  /** `R −= pw·x_p`, then the dot. */
  pend(xj: number, xp: number, r: number, nb: number, n: number, pw: number): number;
  /** `R = (R − pw·x_p) + wOld·x_j`, then the dot. */
  pendAdd(
    xj: number,
    xp: number,
    r: number,
    nb: number,
    n: number,
    pw: number,
    wOld: number,
  ): number;
  /** Gram form: `H = (H + pw·Q_p) − wOld·Q_j`. */
  gPendSub(
    h: number,
    qp: number,
    qj: number,
    nb: number,
    p: number,
    pw: number,
    wOld: number,
  ): void;
  /** Gram form: `H += pw·Q_p`. */
  gPend(h: number, qp: number, nb: number, p: number, pw: number): void;
  /** Gram form: `H −= wOld·Q_j`. */
  gSub(h: number, qj: number, nb: number, p: number, wOld: number): void;
  /** One cyclic pass of Gram-form coordinate descent (see `gramEpochFunc`). */
  gramEpoch(
    q: number,
    h: number,
    w: number,
    qv: number,
    st: number,
    p: number,
    nb: number,
    alpha: number,
    beta: number,
    positive: number,
  ): void;
  /** `out[j] = x_jᵀ r` for the `p` columns, each in `dot`'s order (see `xtrFunc`). */
  xtr(x: number, r: number, out: number, n: number, p: number): void;
  /** One cyclic pass of dense coordinate descent (see `epochFunc`). */
  epoch(
    x: number,
    r: number,
    w: number,
    nc: number,
    st: number,
    n: number,
    nb: number,
    p: number,
    alpha: number,
    beta: number,
    positive: number,
  ): void;
}

/**
 * dot(xj, r, n): `x_jᵀR` in eight partial sums (i mod 8) — four f64x2 accumulators over blocks
 * of eight, the tail into the first, then `((t0 + t1) + (t2 + t3)) + ((t4 + t5) + (t6 + t7))`
 * (`coordinate-descent.ts` `columnDot`). Eight, not the update sweeps' four: with nothing to
 * store, the dot is bound by its additions' latency, and eight chains keep the loads busy.
 */
function dotFunc(): Func {
  const [XJ, R, N] = [0, 1, 2];
  const [NB, O, I] = [3, 4, 5];
  const ACC = [6, 7, 8, 9];
  const T = 10;
  const load = (base: number, off: number) => loadV128At(iadd(get(base), get(O)), off);
  const lanes = (a: number) => fadd(f64x2lane(get(a), 0), f64x2lane(get(a), 1));
  return {
    params: [I32, I32, I32],
    results: [F64],
    locals: [I32, I32, I32, V128, V128, V128, V128, F64],
    body: cat(
      set(NB, [...get(N), 0x41, 3, 0x76]), // n >>> 3
      ...ACC.map((a) => set(a, f64x2splat(f64(0)))),
      set(O, i32(0)),
      loop(
        I,
        i32(0),
        get(NB),
        cat(
          ...ACC.map((a, k) =>
            set(a, f64x2add(get(a), f64x2mul(load(XJ, 16 * k), load(R, 16 * k)))),
          ),
          set(O, iadd(get(O), i32(64))),
        ),
      ),
      set(T, f64x2lane(get(ACC[0] as number), 0)),
      loop(
        I,
        ishl(get(NB), i32(3)),
        get(N),
        set(T, fadd(get(T), fmul(loadF64(get(XJ), get(I)), loadF64(get(R), get(I))))),
      ),
      fadd(
        fadd(fadd(get(T), f64x2lane(get(ACC[0] as number), 1)), lanes(ACC[1] as number)),
        fadd(lanes(ACC[2] as number), lanes(ACC[3] as number)),
      ),
    ),
  };
}

/**
 * One sweep: params (xj, xp, r, nb, n, pw, wOld) — `xp`, `pw`, `wOld` present per the flags.
 * Locals after the params: q, o, i (i32), A, B, XV, RV, PWV, WOV (v128), T, X, RS (f64).
 */
function sweep(
  withPend: boolean,
  withAdd: boolean,
): {
  params: number[];
  results: number[];
  locals: number[];
  body: Code;
} {
  const params: number[] = [I32];
  let k = 0;
  const XJ = k++;
  const XP = withPend ? k++ : -1;
  if (withPend) params.push(I32);
  const R = k++;
  const NB = k++;
  const N = k++;
  params.push(I32, I32, I32);
  const PW = withPend ? k++ : -1;
  if (withPend) params.push(F64);
  const WO = withAdd ? k++ : -1;
  if (withAdd) params.push(F64);
  const [Q, O, I] = [k, k + 1, k + 2];
  const [A, B, XV, RV, PWV, WOV] = [k + 3, k + 4, k + 5, k + 6, k + 7, k + 8];
  const [T, X, RS] = [k + 9, k + 10, k + 11];
  const updated = (rv: Code, xv: Code, xp: Code): Code => {
    let e = rv;
    if (withPend) e = f64x2sub(e, f64x2mul(get(PWV), xp));
    if (withAdd) e = f64x2add(e, f64x2mul(get(WOV), xv));
    return e;
  };
  // byte offset O of the block, the half's 0 or 16 in the instructions' memarg
  const half = (acc: number, off: number): Code => {
    const load = (base: number) => loadV128At(iadd(get(base), get(O)), off);
    const change = withPend || withAdd;
    return cat(
      set(XV, load(XJ)),
      change
        ? cat(
            set(RV, updated(load(R), get(XV), withPend ? load(XP) : [])),
            storeV128At(iadd(get(R), get(O)), off, get(RV)),
          )
        : set(RV, load(R)),
      set(acc, f64x2add(get(acc), f64x2mul(get(XV), get(RV)))),
    );
  };
  const scalarUpdated = (): Code => {
    let e = loadF64(get(R), get(I));
    if (withPend) e = fsub(e, fmul(get(PW), loadF64(get(XP), get(I))));
    if (withAdd) e = fadd(e, fmul(get(WO), get(X)));
    return e;
  };
  const body = cat(
    withPend ? set(PWV, f64x2splat(get(PW))) : [],
    withAdd ? set(WOV, f64x2splat(get(WO))) : [],
    set(A, f64x2splat(f64(0))),
    set(B, f64x2splat(f64(0))),
    set(O, i32(0)),
    loop(Q, i32(0), get(NB), cat(half(A, 0), half(B, 16), set(O, iadd(get(O), i32(32))))),
    set(T, f64x2lane(get(A), 0)),
    loop(
      I,
      ishl(get(NB), i32(2)),
      get(N),
      cat(
        set(X, loadF64(get(XJ), get(I))),
        withPend || withAdd
          ? cat(set(RS, scalarUpdated()), storeF64(get(R), get(I), get(RS)))
          : set(RS, loadF64(get(R), get(I))),
        set(T, fadd(get(T), fmul(get(X), get(RS)))),
      ),
    ),
    fadd(fadd(get(T), f64x2lane(get(A), 1)), fadd(f64x2lane(get(B), 0), f64x2lane(get(B), 1))),
  );
  return {
    params,
    results: [F64],
    locals: [I32, I32, I32, V128, V128, V128, V128, V128, V128, F64, F64, F64],
    body,
  };
}

/**
 * One Gram-form update (`cdGram`): `H = (H + pw·Q_p) − wOld·Q_j` over `p` values, either part
 * absent. Params (h, qp?, qj?, nb, p, pw?, wOld?); locals o, i (i32), HV, PWV, WOV (v128).
 */
function gramUpdate(
  withPend: boolean,
  withSub: boolean,
): {
  params: number[];
  results: number[];
  locals: number[];
  body: Code;
} {
  const params: number[] = [I32];
  let k = 0;
  const H = k++;
  const QP = withPend ? k++ : -1;
  if (withPend) params.push(I32);
  const QJ = withSub ? k++ : -1;
  if (withSub) params.push(I32);
  const NB = k++;
  const P = k++;
  params.push(I32, I32);
  const PW = withPend ? k++ : -1;
  if (withPend) params.push(F64);
  const WO = withSub ? k++ : -1;
  if (withSub) params.push(F64);
  const [Q, O, I, PWV, WOV] = [k, k + 1, k + 2, k + 3, k + 4];
  const vec = (off: number): Code => {
    const load = (base: number) => loadV128At(iadd(get(base), get(O)), off);
    let e = load(H);
    if (withPend) e = f64x2add(e, f64x2mul(get(PWV), load(QP)));
    if (withSub) e = f64x2sub(e, f64x2mul(get(WOV), load(QJ)));
    return storeV128At(iadd(get(H), get(O)), off, e);
  };
  let scalar = loadF64(get(H), get(I));
  if (withPend) scalar = fadd(scalar, fmul(get(PW), loadF64(get(QP), get(I))));
  if (withSub) scalar = fsub(scalar, fmul(get(WO), loadF64(get(QJ), get(I))));
  const body = cat(
    withPend ? set(PWV, f64x2splat(get(PW))) : [],
    withSub ? set(WOV, f64x2splat(get(WO))) : [],
    set(O, i32(0)),
    loop(Q, i32(0), get(NB), cat(vec(0), vec(16), set(O, iadd(get(O), i32(32))))),
    loop(I, ishl(get(NB), i32(2)), get(P), storeF64(get(H), get(I), scalar)),
  );
  return { params, results: [], locals: [I32, I32, I32, V128, V128], body };
}

/** Function indices of the Gram updates (see {@link assembleCdModule}). */
const [F_G_PEND_SUB, F_G_PEND, F_G_SUB] = [4, 5, 6];
const copysign = (a: Code, b: Code): Code => [...a, ...b, 0xa6];
const fdiv = (a: Code, b: Code): Code => [...a, ...b, 0xa3];
const truncI32 = (a: Code): Code => [...a, 0xaa];
const fromI32 = (a: Code): Code => [...a, 0xb7];

/** The locals (and params) that a cyclic pass's coordinate update and state use. */
interface PassLocals {
  W: number;
  ST: number;
  AL: number;
  BE: number;
  POS: number;
  J: number;
  PEND: number;
  WO: number;
  TMP: number;
  WN: number;
  PW: number;
  WMAX: number;
  DWMAX: number;
}

/** The deferred coordinate and weight from `st`, and the pass's maxima zeroed. */
const stateIn = (l: PassLocals): Code =>
  cat(
    set(l.PEND, truncI32(loadF64(get(l.ST), i32(0)))),
    set(l.PW, loadF64(get(l.ST), i32(1))),
    set(l.WMAX, f64(0)),
    set(l.DWMAX, f64(0)),
  );

/** The deferred coordinate and weight, and the pass's largest |w| and |Δw|, into `st`. */
const stateOut = (l: PassLocals): Code =>
  cat(
    storeF64(get(l.ST), i32(0), fromI32(get(l.PEND))),
    storeF64(get(l.ST), i32(1), get(l.PW)),
    storeF64(get(l.ST), i32(2), get(l.WMAX)),
    storeF64(get(l.ST), i32(3), get(l.DWMAX)),
  );

/**
 * The soft-thresholded update `sign(t)·max(|t| − alpha, 0)/(diag + beta)` of coordinate J (0 when
 * `positive` and `t < 0`), stored; deferred when nonzero; and the largest |w| and |Δw|.
 */
const coordinateUpdate = (l: PassLocals, diag: number): Code =>
  cat(
    when(
      iand(ine(get(l.POS), i32(0)), flt(get(l.TMP), f64(0))),
      set(l.WN, f64(0)),
      set(
        l.WN,
        fdiv(
          copysign(fmax(fsub(fabs(get(l.TMP)), get(l.AL)), f64(0)), get(l.TMP)),
          fadd(get(diag), get(l.BE)),
        ),
      ),
    ),
    storeF64(get(l.W), get(l.J), get(l.WN)),
    when(fne(get(l.WN), f64(0)), cat(set(l.PEND, get(l.J)), set(l.PW, get(l.WN)))),
    set(l.DWMAX, fmax(get(l.DWMAX), fabs(fsub(get(l.WN), get(l.WO))))),
    set(l.WMAX, fmax(get(l.WMAX), fabs(get(l.WN)))),
  );

/**
 * One cyclic pass of `cdDense` over the `p` coordinates: per coordinate (skipping zero column
 * norms) the sweep above, the soft-thresholded update `sign(t)·max(|t| − alpha, 0)/(nc + beta)`
 * (0 when `positive` and `t < 0`), the deferred residual update, and the largest |w| and |Δw|.
 * Params (x, r, w, nc, st, n, nb, p, alpha, beta, positive); `st` holds the deferred coordinate
 * and weight on entry and exit, and the pass's largest |w| and |Δw| on exit.
 */
function epochFunc() {
  const [X, R, W, NC, ST, N, NB, P, AL, BE, POS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [J, PEND, NCJ, WO, TMP, WN, PW, WMAX, DWMAX] = [11, 12, 13, 14, 15, 16, 17, 18, 19];
  const L: PassLocals = { W, ST, AL, BE, POS, J, PEND, WO, TMP, WN, PW, WMAX, DWMAX };
  const col = (j: Code): Code => iadd(get(X), ishl(imul(j, get(N)), i32(3)));
  const body = cat(
    stateIn(L),
    loop(
      J,
      i32(0),
      get(P),
      cat(
        set(NCJ, loadF64(get(NC), get(J))),
        when(
          fne(get(NCJ), f64(0)),
          cat(
            set(WO, loadF64(get(W), get(J))),
            when(
              ige(get(PEND), i32(0)),
              cat(
                when(
                  fne(get(WO), f64(0)),
                  set(
                    TMP,
                    call(3, col(get(J)), col(get(PEND)), get(R), get(NB), get(N), get(PW), get(WO)),
                  ),
                  set(TMP, call(2, col(get(J)), col(get(PEND)), get(R), get(NB), get(N), get(PW))),
                ),
                set(PEND, i32(-1)),
              ),
              when(
                fne(get(WO), f64(0)),
                set(TMP, call(1, col(get(J)), get(R), get(NB), get(N), get(WO))),
                set(TMP, call(0, col(get(J)), get(R), get(N))),
              ),
            ),
            coordinateUpdate(L, NCJ),
          ),
        ),
      ),
    ),
    stateOut(L),
  );
  return {
    params: [I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, I32],
    results: [],
    locals: [I32, I32, F64, F64, F64, F64, F64, F64, F64],
    body,
  };
}

/**
 * One cyclic pass of `cdGram` over the `p` coordinates: per coordinate (skipping zero diagonal
 * entries of Q) the Gram update (the deferred `+pw·Q_p` and this coordinate's `−wOld·Q_j`), the
 * soft-thresholded update of `tmp = q_j − H_j` as in {@link epochFunc}, and at the end of the pass
 * the last deferred update. Params (q, h, w, qv, st, p, nb, alpha, beta, positive): Q at `q`
 * (`p × p`), H, the weights, `qv` = Xᵀy; `st` as in {@link epochFunc} (no update deferred on exit).
 */
function gramEpochFunc() {
  const [Q, H, W, QV, ST, P, NB, AL, BE, POS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [J, PEND, QJJ, WO, TMP, WN, PW, WMAX, DWMAX] = [10, 11, 12, 13, 14, 15, 16, 17, 18];
  const L: PassLocals = { W, ST, AL, BE, POS, J, PEND, WO, TMP, WN, PW, WMAX, DWMAX };
  const row = (j: Code): Code => iadd(get(Q), ishl(imul(j, get(P)), i32(3)));
  const body = cat(
    stateIn(L),
    loop(
      J,
      i32(0),
      get(P),
      cat(
        set(QJJ, loadF64(get(Q), iadd(imul(get(J), get(P)), get(J)))),
        when(
          fne(get(QJJ), f64(0)),
          cat(
            set(WO, loadF64(get(W), get(J))),
            when(
              ige(get(PEND), i32(0)),
              cat(
                when(
                  fne(get(WO), f64(0)),
                  call(
                    F_G_PEND_SUB,
                    get(H),
                    row(get(PEND)),
                    row(get(J)),
                    get(NB),
                    get(P),
                    get(PW),
                    get(WO),
                  ),
                  call(F_G_PEND, get(H), row(get(PEND)), get(NB), get(P), get(PW)),
                ),
                set(PEND, i32(-1)),
              ),
              when(
                fne(get(WO), f64(0)),
                call(F_G_SUB, get(H), row(get(J)), get(NB), get(P), get(WO)),
              ),
            ),
            set(TMP, fsub(loadF64(get(QV), get(J)), loadF64(get(H), get(J)))),
            coordinateUpdate(L, QJJ),
          ),
        ),
      ),
    ),
    when(
      ige(get(PEND), i32(0)),
      cat(call(F_G_PEND, get(H), row(get(PEND)), get(NB), get(P), get(PW)), set(PEND, i32(-1))),
    ),
    stateOut(L),
  );
  return {
    params: [I32, I32, I32, I32, I32, I32, I32, F64, F64, I32],
    results: [],
    locals: [I32, I32, F64, F64, F64, F64, F64, F64, F64],
    body,
  };
}

/**
 * xtr(x, r, out, n, p): `out[j] = x_jᵀ r` for every column, each in `dot`'s order (eight partial
 * sums i mod 8 as four f64x2 accumulators, the tail into the first), two columns per pass over
 * `r` (eight accumulators, each block of `r` loaded once for both); an odd last column calls
 * `dot`.
 */
function xtrFunc(): Func {
  const [X, R, OUT, N, P] = [0, 1, 2, 3, 4];
  const [J, Q, O, NB, C0, C1, I] = [5, 6, 7, 8, 9, 10, 11];
  const RV = [12, 13, 14, 15];
  const ACC = [16, 17, 18, 19, 20, 21, 22, 23]; // column k's lanes i mod 8 = 2m, 2m+1 in ACC[4k+m]
  const [T, RI] = [24, 25];
  const cols = [C0, C1];
  const colBytes = ishl(get(N), i32(3));
  const at = (base: number, off: number) => loadV128At(iadd(get(base), get(O)), off);
  const block = cat(
    ...RV.map((rv, m) => set(rv, at(R, 16 * m))),
    ...cols.flatMap((c, k) =>
      RV.map((rv, m) => {
        const acc = ACC[4 * k + m] as number;
        return set(acc, f64x2add(get(acc), f64x2mul(at(c, 16 * m), get(rv))));
      }),
    ),
    set(O, iadd(get(O), i32(64))),
  );
  const lanes = (a: number) => fadd(f64x2lane(get(a), 0), f64x2lane(get(a), 1));
  const finish = (k: number): Code => {
    const [a0, a1, a2, a3] = ACC.slice(4 * k, 4 * k + 4) as [number, number, number, number];
    const c = cols[k] as number;
    return cat(
      set(T, f64x2lane(get(a0), 0)),
      loop(
        I,
        ishl(get(NB), i32(3)),
        get(N),
        cat(
          set(RI, loadF64(get(R), get(I))),
          set(T, fadd(get(T), fmul(loadF64(get(c), get(I)), get(RI)))),
        ),
      ),
      storeF64(
        get(OUT),
        iadd(ishl(get(J), i32(1)), i32(k)),
        fadd(fadd(fadd(get(T), f64x2lane(get(a0), 1)), lanes(a1)), fadd(lanes(a2), lanes(a3))),
      ),
    );
  };
  const pairs = loop(
    J,
    i32(0),
    [...get(P), 0x41, 1, 0x76], // p >>> 1
    cat(
      set(C0, iadd(get(X), imul(ishl(get(J), i32(1)), colBytes))),
      set(C1, iadd(get(C0), colBytes)),
      ...ACC.map((acc) => set(acc, f64x2splat(f64(0)))),
      set(O, i32(0)),
      loop(Q, i32(0), get(NB), block),
      finish(0),
      finish(1),
    ),
  );
  const last = when(
    iand(get(P), i32(1)),
    storeF64(
      get(OUT),
      isub(get(P), i32(1)),
      call(0, iadd(get(X), imul(isub(get(P), i32(1)), colBytes)), get(R), get(N)),
    ),
  );
  return {
    params: [I32, I32, I32, I32, I32],
    results: [],
    locals: [
      I32,
      I32,
      I32,
      I32,
      I32,
      I32,
      I32,
      V128,
      V128,
      V128,
      V128,
      V128,
      V128,
      V128,
      V128,
      V128,
      V128,
      V128,
      V128,
      F64,
      F64,
    ],
    body: cat(set(NB, [...get(N), 0x41, 3, 0x76]), pairs, last),
  };
}

/**
 * Assembles the module: the dense sweeps `dot`, `add`, `pend`, `pendAdd`, the Gram updates
 * `gPendSub`, `gPend`, `gSub`, the passes `epoch` and `gramEpoch`, and `xtr`, over the imported
 * memory.
 */
export function assembleCdModule(): Uint8Array<ArrayBuffer> {
  return assembleModule(
    [
      dotFunc(),
      sweep(false, true),
      sweep(true, false),
      sweep(true, true),
      gramUpdate(true, true),
      gramUpdate(true, false),
      gramUpdate(false, true),
      epochFunc(),
      xtrFunc(),
      gramEpochFunc(),
    ],
    [],
    [
      ['dot', 0],
      ['add', 1],
      ['pend', 2],
      ['pendAdd', 3],
      ['gPendSub', 4],
      ['gPend', 5],
      ['gSub', 6],
      ['epoch', 7],
      ['xtr', 8],
      ['gramEpoch', 9],
    ],
  );
}

let compiled: WebAssembly.Module | null | undefined;
let kept: KeptInstance<CdKernels> | undefined;
/** Memory kept between fits up to this size. */
const KEEP_BYTES = 64 * 1024 * 1024;

/** Compiles the embedded bytes (the same as `assembleCdModule()`, checked by a test). */
function compile(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileEmbedded(CD_WASM_BASE64);
  return compiled;
}

/** A copy of the column-major design matrix and the residual, in the kernels' memory. */
export interface CdWorkspace {
  readonly fns: CdKernels;
  /** `n × p` column-major copy of `Xc` (byte address 0). */
  readonly X: Float64Array;
  /** The residual (length `n`) at byte address {@link CdWorkspace.rAt}. */
  readonly R: Float64Array;
  readonly rAt: number;
  /** The weights (length `p`) for `epoch`, at byte `wAt`. */
  readonly W: Float64Array;
  readonly wAt: number;
  /** The column norms (length `p`) for `epoch` — `q = Xᵀy` for `gramEpoch` — at byte `ncAt`. */
  readonly NC: Float64Array;
  readonly ncAt: number;
  /** `epoch`'s four state values, at byte `stAt`. */
  readonly ST: Float64Array;
  readonly stAt: number;
  /** `xtr`'s output (length `p`), at byte `xtrAt`. */
  readonly XTR: Float64Array;
  readonly xtrAt: number;
}

/**
 * A workspace holding a copy of the Gram matrix `Q` (`p × p`) at byte 0 and `H` (length `p`)
 * at byte `8p²`, or undefined as {@link cdWorkspace}. Valid until the next call.
 */
export function gramWorkspace(Q: Float64Array, p: number): CdWorkspace | undefined {
  return cdWorkspace(Q, p, p);
}

/**
 * A workspace holding a copy of `Xc` (`n × p`, column-major) and room for the residual, or
 * undefined where WebAssembly SIMD or the memory is unavailable. Valid until the next call.
 */
export function cdWorkspace(Xc: Float64Array, n: number, p: number): CdWorkspace | undefined {
  if (n * p + n + 3 * p > 2 ** 28) return undefined;
  const module = compile();
  if (module === null) return undefined;
  try {
    const bytes = 8 * (n * p + n + 3 * p + 4);
    kept = instanceWithMemory(kept, module, bytes);
    const buf = kept.memory.buffer;
    const X = new Float64Array(buf, 0, n * p);
    X.set(Xc.subarray(0, n * p));
    const rAt = 8 * n * p;
    const R = new Float64Array(buf, rAt, n);
    const wAt = rAt + 8 * n;
    const ncAt = wAt + 8 * p;
    const stAt = ncAt + 8 * p;
    const xtrAt = stAt + 32;
    const ws = {
      fns: kept.fns,
      X,
      R,
      rAt,
      W: new Float64Array(buf, wAt, p),
      wAt,
      NC: new Float64Array(buf, ncAt, p),
      ncAt,
      ST: new Float64Array(buf, stAt, 4),
      stAt,
      XTR: new Float64Array(buf, xtrAt, p),
      xtrAt,
    };
    if (buf.byteLength > KEEP_BYTES) kept = undefined;
    return ws;
  } catch {
    kept = undefined;
    return undefined;
  }
}
