/**
 * The folds the linear models' own cross-validation uses without `@voxelkit/model-selection`
 * (which depends on this package): scikit-learn's default `KFold`, and the shape of any splitter.
 *
 * @module
 */
import { type Matrix2D, ValidationError } from '@voxelkit/core';

/** An object with scikit-learn's `split()`: yields `[train, test]` index arrays. */
export interface CvSplitter {
  split(
    X: Matrix2D,
    y?: unknown,
    groups?: unknown,
  ): Iterable<[ArrayLike<number>, ArrayLike<number>]>;
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

/** The folds of `cv` (a fold count or a splitter) for `X`, `y`. */
export function resolveFolds(
  cv: unknown,
  X: Matrix2D,
  y: unknown,
): [ArrayLike<number>, ArrayLike<number>][] {
  if (typeof cv === 'number') return kFoldSplits(X.rows, cv);
  if (cv !== null && typeof cv === 'object' && typeof (cv as CvSplitter).split === 'function') {
    return Array.from((cv as CvSplitter).split(X, y));
  }
  throw new ValidationError('cv must be a number of folds or an object with a split(X, y) method.');
}
