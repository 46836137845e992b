/**
 * The one pass over the data of `fClassif` in WebAssembly SIMD: per class, the column sums and
 * sums of squares of its rows. Each value is the JavaScript loop's — `sums += v` and
 * `ss += v·v`, row after row — two columns at a time, so the results are bitwise equal (a test
 * runs both); and a fresh process does not run that loop interpreted.
 *
 * @module
 */
import { CLASS_SUMS_WASM_BASE64 } from '../svm/smo-wasm.bytes.js';
import {
  advance,
  assembleModule,
  cat,
  compileEmbedded,
  endOfDoubles,
  type Func,
  f64x2add,
  f64x2mul,
  fadd,
  fmul,
  get,
  I32,
  i32,
  iadd,
  imul,
  instanceWithMemory,
  ishl,
  type KeptInstance,
  loadF64Ptr,
  loadI32,
  loadV128Ptr,
  loop,
  set,
  storeF64Ptr,
  storeV128Ptr,
  V128,
  whileBelow,
} from '../svm/wasm-builder.js';

/** The module's export (byte addresses). */
interface ClassSumsExports {
  /** For each row r of the `rows × cols` x: `sums[c] += x[r]`, `ss[c] += x[r]²` (c = codes[r]). */
  classSums(x: number, codes: number, rows: number, cols: number, sums: number, ss: number): void;
}

/**
 * classSums(x, codes, rows, cols, sums, ss): rows in order; within a row, pairs of columns as
 * f64x2, then the odd one.
 */
function classSumsFunc(): Func {
  const [X, CODES, ROWS, COLS, SUMS, SS] = [0, 1, 2, 3, 4, 5];
  const [R, PX, PS, PQ, PAIRS_END, END, OFF, V] = [6, 7, 8, 9, 10, 11, 12, 13];
  return {
    params: [I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32, I32, I32, I32, I32, V128],
    body: cat(
      set(PX, get(X)), // walks the rows, which follow each other
      loop(
        R,
        i32(0),
        get(ROWS),
        cat(
          // the class's rows of sums and ss
          set(OFF, ishl(imul(loadI32(get(CODES), get(R)), get(COLS)), i32(3))),
          set(PS, iadd(get(SUMS), get(OFF))),
          set(PQ, iadd(get(SS), get(OFF))),
          endOfDoubles(PAIRS_END, PX, COLS, 1),
          endOfDoubles(END, PX, COLS, 0),
          whileBelow(
            PX,
            PAIRS_END,
            cat(
              set(V, loadV128Ptr(PX, 0)),
              storeV128Ptr(PS, 0, f64x2add(loadV128Ptr(PS, 0), get(V))),
              storeV128Ptr(PQ, 0, f64x2add(loadV128Ptr(PQ, 0), f64x2mul(get(V), get(V)))),
              advance([PX, PS, PQ], 16),
            ),
          ),
          whileBelow(
            PX,
            END,
            cat(
              storeF64Ptr(PS, fadd(loadF64Ptr(PS), loadF64Ptr(PX))),
              storeF64Ptr(PQ, fadd(loadF64Ptr(PQ), fmul(loadF64Ptr(PX), loadF64Ptr(PX)))),
              advance([PX, PS, PQ], 8),
            ),
          ),
        ),
      ),
    ),
  };
}

/** Assembles the module (`classSums` compiles the embedded copy, `CLASS_SUMS_WASM_BASE64`). */
export function assembleClassSumsModule(): Uint8Array<ArrayBuffer> {
  return assembleModule([classSumsFunc()], [], [['classSums', 0]]);
}

let compiled: WebAssembly.Module | null | undefined;
let kept: KeptInstance<ClassSumsExports> | undefined;
/** Memory kept between calls up to this size. */
const KEEP_BYTES = 64 * 1024 * 1024;
/** Bytes of X copied into the module per call (a few L2-sized blocks' worth). */
const CHUNK_BYTES = 256 * 1024;

/**
 * `sums` and `ss` (`k × cols`, row-major) of the `rows × cols` row-major `data` by class
 * (`codes[r]` in `[0, k)`), in WebAssembly SIMD; undefined where it (or the memory) is
 * unavailable.
 */
export function classSums(
  data: Float64Array,
  codes: ArrayLike<number>,
  rows: number,
  cols: number,
  k: number,
): { sums: Float64Array; ss: Float64Array } | undefined {
  // The rows go through the module in blocks of about CHUNK_BYTES (in order, so the sums are
  // the same): the memory stays small and each block is summed while it is still in cache.
  const chunkRows = Math.max(1, Math.min(rows, Math.floor(CHUNK_BYTES / (8 * Math.max(cols, 1)))));
  const chunkCells = chunkRows * cols;
  if (chunkCells + 2 * k * cols + rows > 2 ** 28) return undefined;
  if (compiled === undefined) compiled = compileEmbedded(CLASS_SUMS_WASM_BASE64, true);
  if (compiled === null) return undefined;
  try {
    const sumsAt = 8 * chunkCells;
    const ssAt = sumsAt + 8 * k * cols;
    const codesAt = ssAt + 8 * k * cols;
    kept = instanceWithMemory(kept, compiled, codesAt + 4 * rows);
    const buf = kept.memory.buffer;
    const block = new Float64Array(buf, 0, chunkCells);
    const sums = new Float64Array(buf, sumsAt, k * cols).fill(0);
    const ss = new Float64Array(buf, ssAt, k * cols).fill(0);
    new Int32Array(buf, codesAt, rows).set(codes);
    for (let r0 = 0; r0 < rows; r0 += chunkRows) {
      const r1 = Math.min(rows, r0 + chunkRows);
      block.set(data.subarray(r0 * cols, r1 * cols));
      kept.fns.classSums(0, codesAt + 4 * r0, r1 - r0, cols, sumsAt, ssAt);
    }
    const out = { sums: Float64Array.from(sums), ss: Float64Array.from(ss) };
    if (buf.byteLength > KEEP_BYTES) kept = undefined;
    return out;
  } catch {
    kept = undefined;
    return undefined;
  }
}
