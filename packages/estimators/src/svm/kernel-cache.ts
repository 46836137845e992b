/**
 * The matrix `Q[a][b] = y_a y_b k(x_a, x_b)` of one SVM sub-problem, as the SMO solver reads it:
 * one row at a time, stored in single precision like libsvm's kernel cache. Two providers: a dense
 * one cut from a kernel matrix computed once, and a least-recently-used row cache that evaluates
 * rows on demand within a memory budget.
 *
 * @module
 */

/** Rows of the signed kernel matrix of a sub-problem, and its diagonal. */
export interface QMatrix {
  /** `Q[a][a] = k(x_a, x_a)` in double precision. */
  readonly diag: Float64Array;
  /** Row `a` (length l). The returned array must not be modified; it stays valid for two calls. */
  row(a: number): Float32Array;
}

/**
 * `Q` cut from a full n × n kernel matrix for the sub-problem samples `idx` with signs `y`:
 * all l × l values are materialised once.
 */
export class DenseQ implements QMatrix {
  readonly diag: Float64Array;
  private readonly q: Float32Array;
  private readonly l: number;

  /**
   * @param K the n × n kernel matrix (single precision is enough: rows are stored in single)
   * @param buffer optional storage of at least l² values to reuse (e.g. across the one-vs-one
   *   sub-problems of one fit, which are solved one after the other)
   * @param kDiag the n diagonal values of K in double precision (default: read from K)
   */
  constructor(
    K: Float64Array | Float32Array,
    n: number,
    idx: Int32Array,
    y: Int8Array,
    buffer?: Float32Array,
    kDiag?: Float64Array,
  ) {
    const l = idx.length;
    this.l = l;
    this.q =
      buffer !== undefined && buffer.length >= l * l
        ? buffer.subarray(0, l * l)
        : new Float32Array(l * l);
    this.diag = new Float64Array(l);
    for (let a = 0; a < l; a++) {
      const off = (idx[a] as number) * n;
      const ya = y[a] as number;
      const qa = a * l;
      for (let b = 0; b < l; b++) {
        this.q[qa + b] = ya * (y[b] as number) * (K[off + (idx[b] as number)] as number);
      }
      this.diag[a] = (kDiag ? kDiag[idx[a] as number] : K[off + (idx[a] as number)]) as number;
    }
  }

  row(a: number): Float32Array {
    return this.q.subarray(a * this.l, (a + 1) * this.l);
  }
}

/** Computes kernel values `out[t] = k(x_{idx[a]}, x_{idx[t]})` for one row `a`. */
export type KernelRowFn = (a: number, out: Float64Array) => void;

/**
 * A least-recently-used cache of `Q` rows within `bytes` of memory (at least two rows, so the
 * two rows of a working pair are always resident together).
 */
export class CachedQ implements QMatrix {
  readonly diag: Float64Array;
  private readonly rows = new Map<number, Float32Array>();
  private readonly capacity: number;
  private readonly scratch: Float64Array;

  constructor(
    private readonly compute: KernelRowFn,
    diag: Float64Array,
    private readonly y: Int8Array,
    bytes: number,
  ) {
    const l = y.length;
    this.diag = diag;
    this.capacity = Math.max(2, Math.floor(bytes / (4 * Math.max(1, l))));
    this.scratch = new Float64Array(l);
  }

  row(a: number): Float32Array {
    const hit = this.rows.get(a);
    if (hit !== undefined) {
      this.rows.delete(a);
      this.rows.set(a, hit);
      return hit;
    }
    let out: Float32Array;
    if (this.rows.size >= this.capacity) {
      const oldest = this.rows.keys().next().value as number;
      out = this.rows.get(oldest) as Float32Array;
      this.rows.delete(oldest);
    } else out = new Float32Array(this.y.length);
    this.compute(a, this.scratch);
    const ya = this.y[a] as number;
    const { y, scratch } = this;
    for (let b = 0; b < out.length; b++) out[b] = ya * (y[b] as number) * (scratch[b] as number);
    this.rows.set(a, out);
    return out;
  }
}
