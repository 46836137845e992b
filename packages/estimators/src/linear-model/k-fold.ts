/**
 * The folds the linear models' own cross-validation uses without `@voxelkit/model-selection`
 * (which depends on this package): scikit-learn's default `KFold`, and the shape of any splitter.
 *
 * @module
 */
import { type Label, type Matrix2D, ValidationError } from '@voxelkit/core';

/** One split as a splitter yields it: a `[train, test]` pair or a `{ train, test }` object. */
export type CvSplit =
  | readonly [ArrayLike<number>, ArrayLike<number>]
  | { readonly train: ArrayLike<number>; readonly test: ArrayLike<number> };

/**
 * An object with scikit-learn's `split()` — e.g. any splitter of `@voxelkit/model-selection`
 * (`new StratifiedKFold({ nSplits: 3 })`, `new LeaveOneGroupOut()`…), which satisfies this shape
 * without this package depending on that one.
 */
export interface CvSplitter {
  split(X: Matrix2D, y?: never, groups?: never): Iterable<CvSplit>;
}

/** scikit-learn's `KFold(nSplits)` without shuffling: contiguous test folds, the first `n % k` one larger. */
export function kFoldSplits(n: number, k: number): [Int32Array, Int32Array][] {
  if (!Number.isInteger(k) || k < 2) {
    throw new ValidationError(
      `cv must be an integer >= 2 (the number of folds); got ${String(k)}.`,
    );
  }
  if (k > n) {
    throw new ValidationError(`Cannot have ${k} folds with only ${n} samples: use cv <= ${n}.`);
  }
  const out: [Int32Array, Int32Array][] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    const test = new Int32Array(size);
    const train = new Int32Array(n - size);
    for (let i = 0; i < size; i++) test[i] = start + i;
    let t = 0;
    for (let i = 0; i < n; i++) if (i < start || i >= start + size) train[t++] = i;
    out.push([train, test]);
    start += size;
  }
  return out;
}

/**
 * scikit-learn's `StratifiedKFold(k)` without shuffling (what an integer `cv` means for a
 * classifier): classes numbered by first appearance, the class sizes of each test fold dealt
 * round-robin over the sorted class codes, each class's samples given to the folds in order.
 *
 * @throws ValidationError when `k < 2`, or when every class has fewer than `k` members.
 */
export function stratifiedKFoldSplits(y: readonly Label[], k: number): [Int32Array, Int32Array][] {
  if (!Number.isInteger(k) || k < 2) {
    throw new ValidationError(
      `cv must be an integer >= 2 (the number of folds); got ${String(k)}.`,
    );
  }
  const n = y.length;
  const index = new Map<Label, number>();
  const codes = new Int32Array(n);
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    let c = index.get(y[i] as Label);
    if (c === undefined) {
      c = counts.length;
      index.set(y[i] as Label, c);
      counts.push(0);
    }
    codes[i] = c;
    counts[c] = (counts[c] as number) + 1;
  }
  if (counts.every((c) => c < k)) {
    throw new ValidationError(
      `cv=${k} folds cannot be stratified: no class has ${k} members (the largest has ${Math.max(0, ...counts)}). Use fewer folds.`,
    );
  }
  const nc = counts.length;
  const allocation = new Int32Array(k * nc);
  let pos = 0;
  for (let c = 0; c < nc; c++) {
    for (let j = 0; j < (counts[c] as number); j++, pos++) {
      const f = pos % k;
      allocation[f * nc + c] = (allocation[f * nc + c] as number) + 1;
    }
  }
  const fold = new Int32Array(n);
  const next = new Int32Array(nc);
  const used = new Int32Array(nc);
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    let f = next[c] as number;
    while ((used[c] as number) >= (allocation[f * nc + c] as number)) {
      f++;
      used[c] = 0;
    }
    next[c] = f;
    used[c] = (used[c] as number) + 1;
    fold[i] = f;
  }
  const out: [Int32Array, Int32Array][] = [];
  for (let f = 0; f < k; f++) {
    let size = 0;
    for (let i = 0; i < n; i++) if (fold[i] === f) size++;
    const test = new Int32Array(size);
    const train = new Int32Array(n - size);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (fold[i] === f) test[a++] = i;
      else train[b++] = i;
    }
    out.push([train, test]);
  }
  return out;
}

/**
 * The `[train, test]` pairs of a splitter's `split(X, y)`, or of a list of splits (scikit-learn's
 * "iterable of splits"), whichever shape each split has.
 */
export function splitterFolds(
  cv: unknown,
  X: Matrix2D,
  y: unknown,
): [ArrayLike<number>, ArrayLike<number>][] {
  const isList = Array.isArray(cv);
  if (
    !isList &&
    (cv === null || typeof cv !== 'object' || typeof (cv as CvSplitter).split !== 'function')
  ) {
    throw new ValidationError(
      'cv must be a number of folds, an object with a split(X, y) method (e.g. a splitter of @voxelkit/model-selection) or a list of splits.',
    );
  }
  const splits: Iterable<unknown> = isList
    ? (cv as unknown[])
    : (cv as { split(X: Matrix2D, y: unknown): Iterable<unknown> }).split(X, y);
  const out: [ArrayLike<number>, ArrayLike<number>][] = [];
  for (const s of splits) {
    if (Array.isArray(s) && s.length === 2) out.push([s[0], s[1]]);
    else if (s !== null && typeof s === 'object' && 'train' in s && 'test' in s) {
      const { train, test } = s as { train: ArrayLike<number>; test: ArrayLike<number> };
      out.push([train, test]);
    } else {
      throw new ValidationError(
        'cv.split(X, y) must yield [train, test] index pairs or { train, test } objects.',
      );
    }
  }
  for (const [train, test] of out) {
    for (const idx of [train, test]) {
      for (let i = 0; i < idx.length; i++) {
        const v = idx[i] as number;
        if (!Number.isInteger(v) || v < 0 || v >= X.rows) {
          throw new ValidationError(
            `cv.split yielded the index ${String(v)}, outside the ${X.rows} samples of X.`,
          );
        }
      }
    }
    if (train.length === 0 || test.length === 0) {
      throw new ValidationError('cv.split yielded an empty training or test set.');
    }
  }
  if (out.length === 0) throw new ValidationError('cv.split(X, y) yielded no split.');
  return out;
}

/** The folds of `cv` (a fold count — contiguous KFold — or a splitter) for `X`, `y`. */
export function resolveFolds(
  cv: unknown,
  X: Matrix2D,
  y: unknown,
): [ArrayLike<number>, ArrayLike<number>][] {
  if (typeof cv === 'number') return kFoldSplits(X.rows, cv);
  return splitterFolds(cv, X, y);
}
