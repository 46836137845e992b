/**
 * The 2-D numeric input every voxelkit package accepts, and its one conversion to a flat,
 * row-major `Float64Array` (or, for callers that compute in either precision, a `Float32Array`
 * kept as it is).
 *
 * @module
 */
import { ValidationError } from './errors.js';

/** The element arrays a {@link Matrix2D} can hold. */
export type FloatArray = Float32Array | Float64Array;

/**
 * A dense row-major matrix: `data[r * cols + c]`. The form every numeric routine works on:
 * float64 by default; `Matrix2D<Float32Array>` is what a masker returns in single precision
 * (`Matrix2D<FloatArray>` is either).
 */
export interface Matrix2D<T extends FloatArray = Float64Array> {
  readonly data: T;
  readonly rows: number;
  readonly cols: number;
}

/** A flat typed array with an explicit `[rows, cols]` shape (row-major). */
export interface ShapedArray {
  readonly data: Float32Array | Float64Array | ArrayLike<number>;
  readonly shape: readonly [number, number];
}

/** The parts of ml-matrix's `Matrix` (or any look-alike) that voxelkit reads. */
export interface MatrixLikeObject {
  readonly rows: number;
  readonly columns: number;
  get(row: number, column: number): number;
}

/**
 * What every `fit`/`predict`/`transform` accepts as `X`: an array of rows, a flat typed array with
 * a shape (`{ data, shape: [rows, cols] }` or `{ data, rows, cols }`), or an ml-matrix `Matrix`.
 */
export type MatrixLike =
  | ReadonlyArray<ArrayLike<number>>
  | ShapedArray
  | Matrix2D
  | { readonly data: ArrayLike<number>; readonly rows: number; readonly cols: number }
  | MatrixLikeObject;

/** A class label: sklearn allows strings or numbers. */
export type Label = string | number;

/** Options of {@link toMatrix}. */
export interface ToMatrixOptions {
  /** Name used in error messages (default `"X"`). */
  name?: string;
  /** Accept NaN/±Infinity (default false: they raise a ValidationError). */
  allowNonFinite?: boolean;
  /** Accept zero rows (default false). */
  allowEmpty?: boolean;
  /** Copy even when the input already is a Float64Array matrix (default false). */
  copy?: boolean;
  /**
   * Return a Float32Array input's data as it is instead of converting it to float64 (default
   * false), for callers whose arithmetic reads either precision (scikit-learn's
   * `check_array(dtype=[np.float64, np.float32])`). Other inputs still become float64.
   */
  acceptFloat32?: boolean;
}

function isMatrixLikeObject(x: unknown): x is MatrixLikeObject {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as MatrixLikeObject).rows === 'number' &&
    typeof (x as MatrixLikeObject).columns === 'number' &&
    typeof (x as MatrixLikeObject).get === 'function'
  );
}

/** The ValidationError for a value of X that is not a number (null, a string, …). */
function notNumber(name: string, r: number, c: number, v: unknown): ValidationError {
  const what =
    v === null ? 'null' : typeof v === 'string' ? `the string ${JSON.stringify(v)}` : typeof v;
  return new ValidationError(
    `${name} contains ${what} at row ${r}, column ${c}: every value must be a number. ` +
      'Convert the data to numbers (and impute missing values) before fitting.',
  );
}

function checkDim(value: number, what: string, name: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ValidationError(
      `${name} has an invalid ${what} (${String(value)}): expected a non-negative integer.`,
    );
  }
}

/**
 * Converts any {@link MatrixLike} to a validated {@link Matrix2D} (one copy at most).
 *
 * @throws ValidationError for ragged rows, a shape that does not match the data length,
 *   zero rows or columns, values that are not numbers (null, strings: never coerced), or
 *   non-finite values (naming the first offending position).
 */
export function toMatrix(
  X: MatrixLike,
  options?: ToMatrixOptions & { acceptFloat32?: false },
): Matrix2D;
export function toMatrix(X: MatrixLike, options: ToMatrixOptions): Matrix2D<FloatArray>;
export function toMatrix(X: MatrixLike, options: ToMatrixOptions = {}): Matrix2D<FloatArray> {
  const name = options.name ?? 'X';
  let data: FloatArray;
  let rows: number;
  let cols: number;
  if (X === null || X === undefined || typeof X !== 'object') {
    throw new ValidationError(
      `${name} must be a 2-D array (number[][]), a typed array with a shape, or a Matrix; got ${X === null ? 'null' : typeof X}.`,
    );
  }
  if (Array.isArray(X)) {
    rows = X.length;
    cols = rows > 0 ? (X[0]?.length ?? -1) : 0;
    if (rows > 0 && (typeof cols !== 'number' || cols < 0)) {
      throw new ValidationError(`${name}[0] is not an array of numbers: ${name} must be 2-D.`);
    }
    data = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const row = X[r] as ArrayLike<number> | undefined;
      if (row === null || typeof row !== 'object' || typeof row.length !== 'number') {
        throw new ValidationError(
          `${name}[${r}] is ${row === null ? 'null' : typeof row}, not an array: ${name} must be 2-D (one array per sample).`,
        );
      }
      if (row.length !== cols) {
        throw new ValidationError(
          `${name} is ragged: row 0 has ${cols} values but row ${r} has ${row.length}. Every sample needs the same number of features.`,
        );
      }
      const off = r * cols;
      for (let c = 0; c < cols; c++) {
        const v = row[c];
        if (typeof v !== 'number') throw notNumber(name, r, c, v);
        data[off + c] = v;
      }
    }
  } else if (isMatrixLikeObject(X)) {
    rows = X.rows;
    cols = X.columns;
    checkDim(rows, 'row count', name);
    checkDim(cols, 'column count', name);
    data = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = X.get(r, c);
        if (typeof v !== 'number') throw notNumber(name, r, c, v);
        data[r * cols + c] = v;
      }
    }
  } else if ('data' in X && X.data !== null && typeof X.data === 'object') {
    if ('shape' in X && Array.isArray(X.shape)) {
      if (X.shape.length !== 2) {
        throw new ValidationError(
          `${name}.shape must be [rows, cols]; got [${X.shape.join(', ')}].`,
        );
      }
      [rows, cols] = X.shape as [number, number];
    } else if ('rows' in X && 'cols' in X) {
      rows = X.rows;
      cols = X.cols;
    } else {
      throw new ValidationError(
        `${name} has a flat 'data' array but no shape: pass { data, shape: [rows, cols] }.`,
      );
    }
    checkDim(rows, 'row count', name);
    checkDim(cols, 'column count', name);
    const src = X.data;
    if (src.length !== rows * cols) {
      throw new ValidationError(
        `${name}.data has ${src.length} values but its shape [${rows}, ${cols}] needs ${rows * cols}.`,
      );
    }
    if (src instanceof Float64Array && !options.copy) data = src;
    else if (src instanceof Float32Array && options.acceptFloat32 && !options.copy) data = src;
    else if (ArrayBuffer.isView(src)) data = Float64Array.from(src as ArrayLike<number>);
    else {
      // a plain array: null, strings, booleans would be coerced (null -> 0) by Float64Array
      data = new Float64Array(src.length);
      for (let i = 0; i < src.length; i++) {
        const v = src[i];
        if (typeof v !== 'number') throw notNumber(name, Math.floor(i / cols), i % cols, v);
        data[i] = v;
      }
    }
  } else {
    throw new ValidationError(
      `${name} must be a 2-D array (number[][]), { data, shape: [rows, cols] }, or a Matrix.`,
    );
  }
  if (!options.allowEmpty && rows === 0) {
    throw new ValidationError(`${name} has 0 samples: at least one is required.`);
  }
  if (rows > 0 && cols === 0) {
    throw new ValidationError(`${name} has 0 features: at least one is required.`);
  }
  if (!options.allowNonFinite && hasNonFinite(data)) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as number;
      if (!Number.isFinite(v)) {
        const r = Math.floor(i / cols);
        throw new ValidationError(
          `${name} contains ${Number.isNaN(v) ? 'NaN' : 'Infinity'} at row ${r}, column ${i - r * cols}. ` +
            'Remove or impute non-finite values before fitting.',
        );
      }
    }
  }
  return { data, rows, cols };
}

/**
 * Whether `data` holds a NaN or an infinity: one pass summing `v − v`, which is 0 for every
 * finite value and NaN for NaN and ±Infinity. Once the loop is compiled it reads ~0.4 ns a value
 * (a 792 × 530 fold in 0.3 ms, where three `includes` scans took 1.7 ms on every call); the first
 * call of a process costs about as much as those scans. The caller's loop then only runs to
 * locate the value for the error message.
 */
function hasNonFinite(data: FloatArray): boolean {
  let s = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    s += v - v;
  }
  return s !== 0;
}

/** Creates a zero-filled {@link Matrix2D}. */
export function zeros(rows: number, cols: number): Matrix2D {
  return { data: new Float64Array(rows * cols), rows, cols };
}

/**
 * Returns the rows `indices` of `X` as a new matrix of the same precision (e.g. the training
 * rows of a fold, or of a masker's float32 output).
 */
export function takeRows<T extends FloatArray = Float64Array>(
  X: Matrix2D<T>,
  indices: ArrayLike<number>,
): Matrix2D<T> {
  const { cols } = X;
  const out = new (X.data.constructor as new (length: number) => T)(indices.length * cols);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i] as number;
    if (!(r >= 0 && r < X.rows)) {
      throw new ValidationError(`Row index ${r} is out of range for a matrix with ${X.rows} rows.`);
    }
    out.set(X.data.subarray(r * cols, (r + 1) * cols), i * cols);
  }
  return { data: out, rows: indices.length, cols };
}

/** Converts a {@link Matrix2D} to an array of rows (for printing or JSON). */
export function toArrays(X: Matrix2D<FloatArray>): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < X.rows; r++)
    out.push(Array.from(X.data.subarray(r * X.cols, (r + 1) * X.cols)));
  return out;
}

/**
 * Converts labels to an array, validating that there are `nSamples` of them (when given) and
 * that they are all strings or all finite numbers.
 *
 * @throws ValidationError on a length mismatch, an invalid label, or mixed label types.
 */
export function toLabels(y: ArrayLike<Label>, nSamples?: number, name = 'y'): Label[] {
  if (y === null || y === undefined || typeof (y as ArrayLike<Label>).length !== 'number') {
    throw new ValidationError(`${name} must be an array of labels (strings or numbers).`);
  }
  const out = Array.from(y);
  if (nSamples !== undefined && out.length !== nSamples) {
    throw new ValidationError(
      `${name} has ${out.length} labels but X has ${nSamples} samples: give one label per sample.`,
    );
  }
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string') {
      throw new ValidationError(
        `${name}[${i}] is ${String(v)}: labels must be strings or finite numbers.`,
      );
    }
    if (typeof v !== typeof out[0]) {
      throw new ValidationError(
        `${name} mixes label types: ${name}[0] is the ${typeof out[0]} ${JSON.stringify(out[0])} ` +
          `but ${name}[${i}] is the ${typeof v} ${JSON.stringify(v)}. Use all strings or all ` +
          'numbers (scikit-learn refuses mixed types too).',
      );
    }
  }
  return out;
}

/**
 * Sorted unique labels, as numpy's `np.unique` sorts them (numbers ascending, strings by code
 * unit; numbers before strings when mixed). This is scikit-learn's `classes_` order.
 */
export function uniqueLabels(y: ArrayLike<Label>): Label[] {
  const set = new Set<Label>(Array.from(y));
  return [...set].sort(compareLabels);
}

/** Total order on labels used by {@link uniqueLabels}. */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Encodes labels as indices into `classes` (as sklearn's `LabelEncoder`).
 *
 * @throws ValidationError when a label is not one of `classes`.
 */
export function encodeLabels(y: ArrayLike<Label>, classes: readonly Label[]): Int32Array {
  const index = new Map<Label, number>();
  for (let i = 0; i < classes.length; i++) index.set(classes[i] as Label, i);
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const k = index.get(y[i] as Label);
    if (k === undefined) {
      throw new ValidationError(
        `Label ${JSON.stringify(y[i])} at position ${i} was not seen during fit (known: ${classes.map((c) => JSON.stringify(c)).join(', ')}).`,
      );
    }
    out[i] = k;
  }
  return out;
}
