/**
 * The linear Gram matrix X Xᵀ of narrow data (fewer than 16 features, below the SIMD tile
 * kernel's range) in WebAssembly: each value is the plain sequential sum over the features, as
 * the scalar JavaScript loop in `kernels.ts` computes it, so the values are the same; the loop
 * just does not run in the interpreter on a cold start (a searchlight sphere's problems are
 * exactly these: a few hundred samples, a few voxels).
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
  get,
  I32,
  i32,
  iadd,
  imul,
  loadF64,
  loop,
  set,
  storeF64,
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
  return assembleModule(
    [{ params: [I32, I32, I32, I32], results: [], locals: [I32, I32, I32, I32, I32, F64], body }],
    [],
    [['dots', 0]],
  );
}

let compiled: WebAssembly.Module | null | undefined;
const KEEP_BYTES = 64 * 1024 * 1024;
let kept:
  | { memory: WebAssembly.Memory; dots: (n: number, d: number, X: number, K: number) => void }
  | undefined;

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
  if (compiled === undefined) compiled = compileEmbedded(GRAM_WASM_BASE64);
  if (compiled === null) return false;
  const xBytes = 8 * n * d;
  const bytes = xBytes + 8 * n * n;
  try {
    if (kept === undefined) {
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
      const instance = new WebAssembly.Instance(compiled, { env: { mem: memory } });
      kept = { memory, dots: instance.exports.dots as NonNullable<typeof kept>['dots'] };
    }
    const have = kept.memory.buffer.byteLength;
    if (have < bytes) kept.memory.grow(Math.ceil((bytes - have) / 65536));
    const buf = kept.memory.buffer;
    new Float64Array(buf, 0, n * d).set(data.subarray(0, n * d));
    kept.dots(n, d, 0, xBytes);
    K.set(new Float64Array(buf, xBytes, n * n));
    if (buf.byteLength > KEEP_BYTES) kept = undefined;
    return true;
  } catch {
    kept = undefined;
    return false;
  }
}
