/**
 * The two dense products of liblinear's trust-region Newton solver (`tronLogistic`) in
 * WebAssembly SIMD: `X v` from a column-major copy of X (two samples per f64x2, each summed over
 * the features in order) and `Xᵀ u` from the row-major X (two features per f64x2, each summed
 * over the samples in order). Every value is the sequential sum the JavaScript loops compute,
 * bitwise; the loops just run at twice the width, without the serial dependency of a single
 * accumulator, and are never interpreted on a first fit. Where WebAssembly SIMD is unavailable,
 * {@link matvecWorkspace} returns undefined and the caller keeps its JavaScript loops.
 *
 * @module
 */
import {
  assembleModule,
  type Code,
  cat,
  compileEmbedded,
  F64,
  f64,
  f64x2add,
  f64x2mul,
  f64x2splat,
  fadd,
  fmul,
  fne,
  get,
  I32,
  i32,
  iadd,
  imul,
  instanceWithMemory,
  ishl,
  type KeptInstance,
  loadF64,
  loadV128,
  loop,
  set,
  storeF64,
  storeV128,
  V128,
  when,
} from '../svm/wasm-builder.js';
import { MATVEC_WASM_BASE64 } from './linear-wasm.bytes.js';

/** The kernels (byte addresses). */
export interface MatvecKernels {
  /** `out[i] = b + Σ_j xc[j·n + i]·v[j]` (j ascending) for `i < n`; `xc` is `d × n`. */
  xv(xc: number, v: number, out: number, n: number, d: number, b: number): void;
  /** `out[j] += Σ_i u[i]·x[i·d + j]` (i ascending, rows with `u[i] = 0` skipped) for `j < d`. */
  xtu(x: number, u: number, out: number, n: number, d: number): void;
  /** `dst[j·n + i] = src[i·d + j]`: the column-major copy. */
  transpose(src: number, dst: number, n: number, d: number): void;
}

/** xv(xc, v, out, n, d, b); locals j, q, col, o (i32), VJ (v128), VS (f64). */
function xvFunc() {
  const [XC, V, OUT, N, D, B, J, Q, COL, O, VJ, VS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const nb = (): Code => [...get(N), 0x41, 1, 0x76]; // n >>> 1
  const body = cat(
    loop(Q, i32(0), get(N), storeF64(get(OUT), get(Q), get(B))),
    loop(
      J,
      i32(0),
      get(D),
      cat(
        set(VS, loadF64(get(V), get(J))),
        set(VJ, f64x2splat(get(VS))),
        set(COL, iadd(get(XC), ishl(imul(get(J), get(N)), i32(3)))),
        loop(
          Q,
          i32(0),
          nb(),
          cat(
            set(O, ishl(get(Q), i32(4))),
            storeV128(
              iadd(get(OUT), get(O)),
              f64x2add(
                loadV128(iadd(get(OUT), get(O))),
                f64x2mul(loadV128(iadd(get(COL), get(O))), get(VJ)),
              ),
            ),
          ),
        ),
        loop(
          Q,
          ishl(nb(), i32(1)),
          get(N),
          storeF64(
            get(OUT),
            get(Q),
            fadd(loadF64(get(OUT), get(Q)), fmul(loadF64(get(COL), get(Q)), get(VS))),
          ),
        ),
      ),
    ),
  );
  return {
    params: [I32, I32, I32, I32, I32, F64],
    results: [],
    locals: [I32, I32, I32, I32, V128, F64],
    body,
  };
}

/** xtu(x, u, out, n, d); locals i, q, row, o (i32), UI (v128), US (f64). */
function xtuFunc() {
  const [X, U, OUT, N, D, I, Q, ROW, O, UI, US] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const nb = (): Code => [...get(D), 0x41, 1, 0x76]; // d >>> 1
  const body = loop(
    I,
    i32(0),
    get(N),
    cat(
      set(US, loadF64(get(U), get(I))),
      when(
        fne(get(US), f64(0)),
        cat(
          set(UI, f64x2splat(get(US))),
          set(ROW, iadd(get(X), ishl(imul(get(I), get(D)), i32(3)))),
          loop(
            Q,
            i32(0),
            nb(),
            cat(
              set(O, ishl(get(Q), i32(4))),
              storeV128(
                iadd(get(OUT), get(O)),
                f64x2add(
                  loadV128(iadd(get(OUT), get(O))),
                  f64x2mul(get(UI), loadV128(iadd(get(ROW), get(O)))),
                ),
              ),
            ),
          ),
          loop(
            Q,
            ishl(nb(), i32(1)),
            get(D),
            storeF64(
              get(OUT),
              get(Q),
              fadd(loadF64(get(OUT), get(Q)), fmul(get(US), loadF64(get(ROW), get(Q)))),
            ),
          ),
        ),
      ),
    ),
  );
  return {
    params: [I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32, I32, V128, F64],
    body,
  };
}

/** transpose(src, dst, n, d): `dst[j·n + i] = src[i·d + j]`; locals i, j, row (i32). */
function transposeFunc() {
  const [SRC, DST, N, D, I, J, ROW] = [0, 1, 2, 3, 4, 5, 6];
  const body = loop(
    I,
    i32(0),
    get(N),
    cat(
      set(ROW, iadd(get(SRC), ishl(imul(get(I), get(D)), i32(3)))),
      loop(
        J,
        i32(0),
        get(D),
        storeF64(get(DST), iadd(imul(get(J), get(N)), get(I)), loadF64(get(ROW), get(J))),
      ),
    ),
  );
  return { params: [I32, I32, I32, I32], results: [], locals: [I32, I32, I32], body };
}

/** Assembles the module: `xv`, `xtu` and `transpose` over the imported memory. */
export function assembleMatvecModule(): Uint8Array<ArrayBuffer> {
  return assembleModule(
    [xvFunc(), xtuFunc(), transposeFunc()],
    [],
    [
      ['xv', 0],
      ['xtu', 1],
      ['transpose', 2],
    ],
  );
}

let compiled: WebAssembly.Module | null | undefined;
let kept: KeptInstance<MatvecKernels> | undefined;
/** Memory kept between fits up to this size. */
const KEEP_BYTES = 64 * 1024 * 1024;
/** Above this, the caller's JavaScript loops (the two copies of X would be too much memory). */
const MAX_BYTES = 256 * 1024 * 1024;

/** Compiles the embedded bytes (the same as `assembleMatvecModule()`, checked by a test). */
function compile(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileEmbedded(MATVEC_WASM_BASE64);
  return compiled;
}

/** X (row-major and column-major copies) and the vectors of the products, in kernel memory. */
export interface MatvecWorkspace {
  /** `X v` into `out` (`v` has at least `d` values; `b` is added to every row first). */
  times(v: Float64Array, b: number, out: Float64Array): void;
  /** `out += Xᵀ u` over the `d` features (`out` has at least `d` values). */
  addTransposeTimes(u: Float64Array, out: Float64Array): void;
}

/**
 * A workspace for `X` (`n × d`, row-major), or undefined where WebAssembly SIMD or the memory is
 * unavailable. Valid until the next call.
 */
export function matvecWorkspace(
  data: Float64Array,
  n: number,
  d: number,
): MatvecWorkspace | undefined {
  const bytes = 8 * (2 * n * d + 2 * (n + d) + 4);
  if (bytes > MAX_BYTES) return undefined;
  const module = compile();
  if (module === null) return undefined;
  try {
    kept = instanceWithMemory(kept, module, bytes);
    const { fns, memory } = kept;
    const buf = memory.buffer;
    const X = new Float64Array(buf, 0, n * d);
    X.set(data.subarray(0, n * d));
    const xcAt = 8 * n * d;
    fns.transpose(0, xcAt, n, d);
    const vAt = 16 * n * d;
    const V = new Float64Array(buf, vAt, d);
    const outAt = vAt + 8 * d;
    const Out = new Float64Array(buf, outAt, Math.max(n, d));
    const uAt = outAt + 8 * Math.max(n, d);
    const U = new Float64Array(buf, uAt, n);
    if (buf.byteLength > KEEP_BYTES) kept = undefined;
    return {
      times(v, b, out) {
        V.set(v.subarray(0, d));
        fns.xv(xcAt, vAt, outAt, n, d, b);
        out.set(Out.subarray(0, n));
      },
      addTransposeTimes(u, out) {
        U.set(u.subarray(0, n));
        Out.set(out.subarray(0, d));
        fns.xtu(0, uAt, outAt, n, d);
        out.set(Out.subarray(0, d), 0);
      },
    };
  } catch {
    kept = undefined;
    return undefined;
  }
}
