/**
 * Dense linear algebra of the SVC in WebAssembly, for the loops that otherwise run interpreted
 * on a cold start (a searchlight sphere's problems are exactly these: a few hundred samples, a
 * few voxels, one fit each):
 * - the linear Gram matrix X Xᵀ of narrow data (fewer than 16 features, below the SIMD tile
 *   kernel's range), each value the plain sequential sum over the features, as the scalar
 *   JavaScript loop in `kernels.ts` computes it;
 * - the primal weights of a linear SVC from its support vectors, in the JavaScript loop's order;
 * - the rbf kernel from dot products, exp(−γ (‖a‖² + ‖b‖² − 2 a·b)) with the engine's own
 *   `Math.exp` imported (so the values are `kernelFromDot`'s), for the Gram matrix of a fit and
 *   the cross-kernel of a prediction;
 * - numpy's `X.var()` for `gamma='scale'`, with core's pairwise summation (`pairwiseSum`).
 * Every routine performs the same IEEE operations in the same order as the JavaScript it
 * replaces, so the results are bit-identical; each JavaScript loop stays as the fallback.
 *
 * @module
 */
import { GRAM_WASM_BASE64 } from './smo-wasm.bytes.js';
import {
  assembleModule,
  at,
  type Code,
  call,
  cat,
  compileEmbedded,
  F64,
  type Func,
  f64,
  fadd,
  fdiv,
  fmul,
  fne,
  fneg,
  fromI32,
  fsub,
  get,
  I32,
  i32,
  iadd,
  iand,
  ile,
  ilt,
  imul,
  instanceWithMemory,
  ishr,
  isub,
  type KeptInstance,
  loadF64,
  loop,
  ret,
  set,
  storeF64,
  when,
} from './wasm-builder.js';

/** Assembles the module: `dots(n, d, X, K)` writes the full symmetric n × n matrix at K. */
export function assembleGramModule(): Uint8Array<ArrayBuffer> {
  const [N, D, X, K, I, J, F, XI, XJ, S] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const body = loop(
    I,
    i32(0),
    get(N),
    cat(
      set(XI, iadd(get(X), imul(imul(get(I), get(D)), i32(8)))),
      loop(
        J,
        get(I),
        get(N),
        cat(
          set(XJ, iadd(get(X), imul(imul(get(J), get(D)), i32(8)))),
          set(S, f64(0)),
          loop(
            F,
            i32(0),
            get(D),
            set(S, fadd(get(S), fmul(loadF64(get(XI), get(F)), loadF64(get(XJ), get(F))))),
          ),
          storeF64(get(K), iadd(imul(get(I), get(N)), get(J)), get(S)),
          storeF64(get(K), iadd(imul(get(J), get(N)), get(I)), get(S)),
        ),
      ),
    ),
  );
  // combine(d, rows, sv, w, out): out[f] += w_s sv_s[f] for each row s with w_s ≠ 0
  const [DD, ROWS, SV, WW, OUT, R, FF, WR, SROW] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const combine = loop(
    R,
    i32(0),
    get(ROWS),
    cat(
      set(WR, loadF64(get(WW), get(R))),
      when(
        fne(get(WR), f64(0)),
        cat(
          set(SROW, iadd(get(SV), imul(imul(get(R), get(DD)), i32(8)))),
          loop(
            FF,
            i32(0),
            get(DD),
            storeF64(
              get(OUT),
              get(FF),
              fadd(loadF64(get(OUT), get(FF)), fmul(get(WR), loadF64(get(SROW), get(FF)))),
            ),
          ),
        ),
      ),
    ),
  );
  return assembleModule(
    [
      { params: [I32, I32, I32, I32], results: [], locals: [I32, I32, I32, I32, I32, F64], body },
      {
        params: [I32, I32, I32, I32, I32],
        results: [],
        locals: [I32, I32, F64, I32],
        body: combine,
      },
      pairwiseSumFunc(),
      varianceFunc(),
      rbfGramFunc(),
      rbfCrossFunc(),
    ],
    [],
    [
      ['dots', F_DOTS],
      ['combine', F_COMBINE],
      ['variance', F_VARIANCE],
      ['rbfGram', F_RBF_GRAM],
      ['rbfCross', F_RBF_CROSS],
    ],
    [{ name: 'exp', params: [F64], results: [F64] }],
  );
}

// function indices: the imported Math.exp is function 0
const F_EXP = 0;
const F_DOTS = 1;
const F_COMBINE = 2;
const F_PSUM = 3;
const F_VARIANCE = 4;
const F_RBF_GRAM = 5;
const F_RBF_CROSS = 6;

/**
 * psum(a, n): numpy's pairwise sum of the n doubles at byte address a, as core's `pairwiseSum`
 * (below 8 values a plain sum; up to 128 eight interleaved accumulators combined as
 * ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then the tail; above, halves rounded down to
 * a multiple of 8, each summed recursively).
 */
function pairwiseSumFunc(): Func {
  const [A, N, I, HALF, S] = [0, 1, 2, 3, 4];
  const R = [5, 6, 7, 8, 9, 10, 11, 12];
  const r = (k: number) => R[k] as number;
  const at8 = (k: number) => loadF64(get(A), iadd(imul(get(I), i32(8)), i32(k)));
  const tail = loop(I, get(I), get(N), set(S, fadd(get(S), loadF64(get(A), get(I)))));
  return {
    params: [I32, I32],
    results: [F64],
    locals: [I32, I32, F64, ...R.map(() => F64)],
    body: cat(
      when(ilt(get(N), i32(8)), cat(set(S, f64(0)), set(I, i32(0)), tail, ret(get(S)))),
      when(
        ile(get(N), i32(128)),
        cat(
          ...R.map((_, k) => set(r(k), loadF64(get(A), i32(k)))),
          // blocks of eight: I counts blocks here, from the second to the last whole one
          loop(
            I,
            i32(1),
            ishr(get(N), i32(3)),
            cat(...R.map((_, k) => set(r(k), fadd(get(r(k)), at8(k))))),
          ),
          set(
            S,
            fadd(
              fadd(fadd(get(r(0)), get(r(1))), fadd(get(r(2)), get(r(3)))),
              fadd(fadd(get(r(4)), get(r(5))), fadd(get(r(6)), get(r(7)))),
            ),
          ),
          set(I, iand(get(N), i32(-8))),
          tail,
          ret(get(S)),
        ),
      ),
      set(HALF, iand(ishr(get(N), i32(1)), i32(-8))),
      fadd(
        call(F_PSUM, get(A), get(HALF)),
        call(F_PSUM, at(get(A), get(HALF), 3), isub(get(N), get(HALF))),
      ),
    ),
  };
}

/**
 * variance(a, n): numpy's `x.var()` of the n doubles at a (mean by pairwise sum over n, then the
 * mean of the squared deviations), as svc.ts `resolveGamma`; the deviations overwrite a.
 */
function varianceFunc(): Func {
  const [A, N, I, M, D] = [0, 1, 2, 3, 4];
  return {
    params: [I32, I32],
    results: [F64],
    locals: [I32, F64, F64],
    body: cat(
      set(M, fdiv(call(F_PSUM, get(A), get(N)), fromI32(get(N)))),
      loop(
        I,
        i32(0),
        get(N),
        cat(
          set(D, fsub(loadF64(get(A), get(I)), get(M))),
          storeF64(get(A), get(I), fmul(get(D), get(D))),
        ),
      ),
      fdiv(call(F_PSUM, get(A), get(N)), fromI32(get(N))),
    ),
  };
}

/** exp(−γ (sqA + sqB − 2 dot)): kernels.ts `kernelFromDot` for rbf, operation for operation. */
const rbfValue = (negGamma: Code, sqA: Code, sqB: Code, dot: Code): Code =>
  call(F_EXP, fmul(negGamma, fsub(fadd(sqA, sqB), fmul(f64(2), dot))));

/**
 * rbfGram(n, K, sq, γ): the n × n dot products at K (upper triangle and diagonal read) become
 * the rbf kernel in both triangles; sq receives the diagonal (the squared norms) first.
 */
function rbfGramFunc(): Func {
  const [N, K, SQ, GAMMA, I, J, ROW, NG, V] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  return {
    params: [I32, I32, I32, F64],
    results: [],
    locals: [I32, I32, I32, F64, F64],
    body: cat(
      loop(
        I,
        i32(0),
        get(N),
        storeF64(get(SQ), get(I), loadF64(get(K), imul(get(I), iadd(get(N), i32(1))))),
      ),
      set(NG, fneg(get(GAMMA))),
      loop(
        I,
        i32(0),
        get(N),
        cat(
          set(ROW, at(get(K), imul(get(I), get(N)), 3)),
          loop(
            J,
            get(I),
            get(N),
            cat(
              set(
                V,
                rbfValue(
                  get(NG),
                  loadF64(get(SQ), get(I)),
                  loadF64(get(SQ), get(J)),
                  loadF64(get(ROW), get(J)),
                ),
              ),
              storeF64(get(ROW), get(J), get(V)),
              storeF64(get(K), iadd(imul(get(J), get(N)), get(I)), get(V)),
            ),
          ),
        ),
      ),
    ),
  };
}

/** rbfCross(m, p, K, sqA, sqB, γ): the m × p dot products at K become rbf kernel values. */
function rbfCrossFunc(): Func {
  const [M, P, K, SQA, SQB, GAMMA, R, S, ROW, NG] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  return {
    params: [I32, I32, I32, I32, I32, F64],
    results: [],
    locals: [I32, I32, I32, F64],
    body: cat(
      set(NG, fneg(get(GAMMA))),
      loop(
        R,
        i32(0),
        get(M),
        cat(
          set(ROW, at(get(K), imul(get(R), get(P)), 3)),
          loop(
            S,
            i32(0),
            get(P),
            storeF64(
              get(ROW),
              get(S),
              rbfValue(
                get(NG),
                loadF64(get(SQA), get(R)),
                loadF64(get(SQB), get(S)),
                loadF64(get(ROW), get(S)),
              ),
            ),
          ),
        ),
      ),
    ),
  };
}

let compiled: WebAssembly.Module | null | undefined;
const KEEP_BYTES = 64 * 1024 * 1024;
interface GramExports {
  dots(n: number, d: number, X: number, K: number): void;
  combine(d: number, rows: number, sv: number, w: number, out: number): void;
  variance(a: number, n: number): number;
  rbfGram(n: number, K: number, sq: number, gamma: number): void;
  rbfCross(m: number, p: number, K: number, sqA: number, sqB: number, gamma: number): void;
}
/** What the module imports besides its memory: the engine's own exp, so values equal Math.exp's. */
const IMPORTS = { exp: Math.exp };
let kept: KeptInstance<GramExports> | undefined;

/** The module's memory holding at least `bytes` bytes (kept up to 64 MB), or undefined. */
function instance(bytes: number): { buf: ArrayBuffer; fns: GramExports } | undefined {
  if (compiled === undefined) compiled = compileEmbedded(GRAM_WASM_BASE64);
  if (compiled === null) return undefined;
  try {
    kept = instanceWithMemory(kept, compiled, bytes, IMPORTS);
    const out = { buf: kept.memory.buffer, fns: kept.fns };
    if (out.buf.byteLength > KEEP_BYTES) kept = undefined;
    return out;
  } catch {
    kept = undefined;
    return undefined;
  }
}

/**
 * Writes X Xᵀ (n × n, both triangles) of the row-major n × d `data` into `K`; false where
 * WebAssembly is unavailable or the memory cannot be had (the caller then runs its own loop).
 */
export function narrowLinearGram(
  data: Float64Array,
  n: number,
  d: number,
  K: Float64Array,
): boolean {
  const xBytes = 8 * n * d;
  const mod = instance(xBytes + 8 * n * n);
  if (mod === undefined) return false;
  new Float64Array(mod.buf, 0, n * d).set(data.subarray(0, n * d));
  mod.fns.dots(n, d, 0, xBytes);
  K.set(new Float64Array(mod.buf, xBytes, n * n));
  return true;
}

/**
 * The primal weights of a linear SVC: for each class pair (a, b) (row p of the result), the sum
 * of w_s x_s over the support vectors of classes a and b with their dual coefficients (class
 * a's in dual row b − 1, class b's in row a), in the order of svc.ts's loop (the zero
 * coefficients skipped). Undefined where WebAssembly is unavailable.
 */
export function linearCoefs(
  sv: Float64Array,
  nSV: number,
  d: number,
  dual: Float64Array,
  svStart: Int32Array,
  k: number,
): Float64Array | undefined {
  const nPairs = (k * (k - 1)) / 2;
  const svBytes = 8 * nSV * d;
  const dualBytes = 8 * dual.length;
  const outBytes = 8 * nPairs * d;
  const mod = instance(svBytes + dualBytes + outBytes);
  if (mod === undefined) return undefined;
  new Float64Array(mod.buf, 0, nSV * d).set(sv.subarray(0, nSV * d));
  new Float64Array(mod.buf, svBytes, dual.length).set(dual);
  const outAt = svBytes + dualBytes;
  new Float64Array(mod.buf, outAt, nPairs * d).fill(0);
  let p = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      for (let side = 0; side < 2; side++) {
        const cls = side === 0 ? a : b;
        const s0 = svStart[cls] as number;
        const rows = (svStart[cls + 1] as number) - s0;
        const w = svBytes + 8 * ((side === 0 ? b - 1 : a) * nSV + s0);
        mod.fns.combine(d, rows, 8 * s0 * d, w, outAt + 8 * p * d);
      }
      p++;
    }
  }
  return new Float64Array(mod.buf, outAt, nPairs * d).slice();
}

/**
 * numpy's `x.var()` of `data` (see {@link varianceFunc}), computed in the module; undefined
 * where WebAssembly is unavailable (the caller then runs core's `numpyMean` twice).
 */
export function numpyVariance(data: Float64Array): number | undefined {
  const mod = instance(8 * data.length);
  if (mod === undefined) return undefined;
  new Float64Array(mod.buf, 0, data.length).set(data);
  return mod.fns.variance(0, data.length);
}

/**
 * Maps the n × n dot products in `K` (upper triangle and diagonal) to the rbf kernel
 * exp(−γ ‖x_i − x_j‖²) in both triangles, the same values as kernels.ts' loop over
 * `kernelFromDot`; false where WebAssembly is unavailable.
 */
export function rbfFromGram(K: Float64Array, n: number, gamma: number): boolean {
  const kBytes = 8 * n * n;
  const mod = instance(kBytes + 8 * n);
  if (mod === undefined) return false;
  const view = new Float64Array(mod.buf, 0, n * n);
  view.set(K.subarray(0, n * n));
  mod.fns.rbfGram(n, 0, kBytes, gamma);
  K.set(view);
  return true;
}

/**
 * Maps the m × p dot products in `K` to rbf kernel values with the rows' squared norms `sqA`
 * (m) and `sqB` (p); false where WebAssembly is unavailable.
 */
export function rbfFromDots(
  K: Float64Array,
  m: number,
  p: number,
  sqA: Float64Array,
  sqB: Float64Array,
  gamma: number,
): boolean {
  const kBytes = 8 * m * p;
  const mod = instance(kBytes + 8 * (m + p));
  if (mod === undefined) return false;
  const view = new Float64Array(mod.buf, 0, m * p);
  view.set(K.subarray(0, m * p));
  new Float64Array(mod.buf, kBytes, m).set(sqA.subarray(0, m));
  new Float64Array(mod.buf, kBytes + 8 * m, p).set(sqB.subarray(0, p));
  mod.fns.rbfCross(m, p, 0, kBytes, kBytes + 8 * m, gamma);
  K.set(view);
  return true;
}
