/**
 * Dense linear algebra of the SVC in WebAssembly, for the loops that otherwise run interpreted
 * on a cold start. The linear Gram matrix X Xᵀ of narrow data (fewer than 16 features, below the SIMD tile
 * kernel's range) in WebAssembly: each value is the plain sequential sum over the features, as
 * the scalar JavaScript loop in `kernels.ts` computes it, so the values are the same; the loop
 * just does not run in the interpreter on a cold start (a searchlight sphere's problems are
 * exactly these: a few hundred samples, a few voxels); and the primal weights of a linear SVC
 * from its support vectors, accumulated in the JavaScript loop's order.
 *
 * @module
 */
import { GRAM_WASM_BASE64 } from './smo-wasm.bytes.js';
import {
  assembleModule,
  cat,
  compileEmbedded,
  F64,
  f64,
  fadd,
  fmul,
  fne,
  get,
  I32,
  i32,
  iadd,
  imul,
  instanceWithMemory,
  type KeptInstance,
  loadF64,
  loop,
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
    ],
    [],
    [
      ['dots', 0],
      ['combine', 1],
    ],
  );
}

let compiled: WebAssembly.Module | null | undefined;
const KEEP_BYTES = 64 * 1024 * 1024;
interface GramExports {
  dots(n: number, d: number, X: number, K: number): void;
  combine(d: number, rows: number, sv: number, w: number, out: number): void;
}
let kept: KeptInstance<GramExports> | undefined;

/** The module's memory holding at least `bytes` bytes (kept up to 64 MB), or undefined. */
function instance(bytes: number): { buf: ArrayBuffer; fns: GramExports } | undefined {
  if (compiled === undefined) compiled = compileEmbedded(GRAM_WASM_BASE64);
  if (compiled === null) return undefined;
  try {
    kept = instanceWithMemory(kept, compiled, bytes);
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
