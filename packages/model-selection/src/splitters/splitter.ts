/**
 * What every cross-validation splitter offers, and the input checks they share: counting samples,
 * encoding groups as numpy's `np.unique` orders them, and turning a test mask into a split.
 *
 * @module
 */
import {
  type Label,
  type MatrixLike,
  uniqueLabels,
  ValidationError,
  VoxelkitWarning,
} from '@voxelkit/core';

/** One train/test split: sorted sample indices, as scikit-learn's `(train, test)` tuples. */
export interface Split {
  train: Int32Array;
  test: Int32Array;
}

/**
 * Anything whose samples can be counted: a matrix (`{ rows }`, `{ shape }`, ml-matrix), an
 * array of rows or labels, or the number of samples itself.
 */
export type SplitInput =
  | number
  | MatrixLike
  | ArrayLike<unknown>
  | { readonly rows: number }
  | { readonly shape: readonly number[] };

/** A cross-validation splitter (scikit-learn's `split` / `get_n_splits` protocol). */
export interface Splitter {
  /** Yields the train/test indices of each split, in scikit-learn's order. */
  split(
    X: SplitInput,
    y?: ArrayLike<Label> | null,
    groups?: ArrayLike<Label> | null,
  ): Generator<Split>;
  /** Number of splits `split` yields for these inputs. */
  getNSplits(
    X?: SplitInput | null,
    y?: ArrayLike<Label> | null,
    groups?: ArrayLike<Label> | null,
  ): number;
}

/** Warned (through `warn` from '@voxelkit/core') when a split is legal but questionable. */
export class SplitWarning extends VoxelkitWarning {}

/** True when `value` implements the {@link Splitter} protocol. */
export function isSplitter(value: unknown): value is Splitter {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Splitter).split === 'function' &&
    typeof (value as Splitter).getNSplits === 'function'
  );
}

/** The number of samples of `X` (sklearn's `_num_samples`). */
export function numSamples(X: SplitInput | null | undefined): number {
  let n: unknown;
  if (typeof X === 'number') n = X;
  else if (X !== null && typeof X === 'object') {
    if ('shape' in X && Array.isArray((X as { shape: unknown }).shape)) {
      n = (X as { shape: number[] }).shape[0];
    } else if ('rows' in X && typeof (X as { rows: unknown }).rows === 'number') {
      n = (X as { rows: number }).rows;
    } else if ('length' in X) n = (X as ArrayLike<unknown>).length;
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new ValidationError(
      'Cannot count the samples of X: pass a matrix ({ data, rows, cols } or number[][]), an array with one entry per sample, or the number of samples.',
    );
  }
  return n;
}

/** Checks that an integer option is an integer no smaller than `min`. */
export function checkInteger(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValidationError(`${name} must be an integer >= ${min}; got ${String(value)}.`);
  }
  return value;
}

/** Groups encoded as indices into their sorted unique values (`np.unique(…, return_inverse)`). */
export interface EncodedGroups {
  /** Sorted distinct group labels. */
  unique: Label[];
  /** For each sample, the index of its group in `unique`. */
  codes: Int32Array;
}

/**
 * Validates `groups` (one string or finite number per sample) and encodes them.
 *
 * @throws ValidationError when groups are missing, of the wrong length or not labels.
 */
export function encodeGroups(
  groups: ArrayLike<Label> | null | undefined,
  nSamples: number | undefined,
  splitterName: string,
): EncodedGroups {
  if (groups === null || groups === undefined) {
    throw new ValidationError(
      `${splitterName} needs groups: pass one group label per sample, e.g. split(X, y, groups) or { groups } to crossValScore.`,
    );
  }
  if (typeof groups !== 'object' || typeof groups.length !== 'number') {
    throw new ValidationError(`groups must be an array of labels (strings or numbers).`);
  }
  if (nSamples !== undefined && groups.length !== nSamples) {
    throw new ValidationError(
      `groups has ${groups.length} entries but X has ${nSamples} samples: give one group label per sample.`,
    );
  }
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (typeof g === 'number' ? !Number.isFinite(g) : typeof g !== 'string') {
      throw new ValidationError(
        `groups[${i}] is ${String(g)}: group labels must be strings or finite numbers.`,
      );
    }
  }
  const unique = uniqueLabels(groups);
  const index = new Map<Label, number>();
  for (let k = 0; k < unique.length; k++) index.set(unique[k] as Label, k);
  const codes = new Int32Array(groups.length);
  for (let i = 0; i < groups.length; i++) codes[i] = index.get(groups[i] as Label) as number;
  return { unique, codes };
}

/** Checks that `y` has one label per sample and returns it as an array. */
export function checkTargets(
  y: ArrayLike<Label> | null | undefined,
  nSamples: number,
  splitterName: string,
): Label[] {
  if (y === null || y === undefined || typeof y.length !== 'number') {
    throw new ValidationError(
      `${splitterName} needs y (the class labels) to stratify: call split(X, y).`,
    );
  }
  if (y.length !== nSamples) {
    throw new ValidationError(
      `y has ${y.length} labels but X has ${nSamples} samples: give one label per sample.`,
    );
  }
  const out = Array.from(y);
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string') {
      throw new ValidationError(
        `y[${i}] is ${String(v)}: labels must be strings or finite numbers.`,
      );
    }
  }
  return out;
}

/**
 * Builds a split from a per-sample fold assignment: samples whose `fold[i] === f` are the test
 * set, all others the training set (both in increasing order).
 */
export function splitFromFolds(fold: Int32Array, f: number): Split {
  let nTest = 0;
  for (let i = 0; i < fold.length; i++) if (fold[i] === f) nTest++;
  const train = new Int32Array(fold.length - nTest);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < fold.length; i++) {
    if (fold[i] === f) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/** Builds a split from a boolean test mask (1 = test). */
export function splitFromMask(mask: Uint8Array): Split {
  let nTest = 0;
  for (let i = 0; i < mask.length; i++) nTest += mask[i] as number;
  const train = new Int32Array(mask.length - nTest);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}
