/**
 * `checkCv`: turns the `cv` argument of the cross-validation functions into a splitter, as
 * scikit-learn's `check_cv` (an integer means stratified folds for classifiers).
 *
 * @module
 */
import { type Label, ValidationError } from '@voxelkit/core';
import { KFold } from './splitters/k-fold.js';
import { isSplitter, type Split, type SplitInput, type Splitter } from './splitters/splitter.js';
import { StratifiedKFold } from './splitters/stratified-k-fold.js';

/** Explicit train/test index arrays of one split. */
export interface SplitIndices {
  train: ArrayLike<number>;
  test: ArrayLike<number>;
}

/** A splitter, a number of folds, or explicit train/test index pairs. */
export type CvLike = Splitter | number | Iterable<SplitIndices>;

/**
 * True when `y` holds class labels (sklearn's `type_of_target` is `'binary'` or `'multiclass'`):
 * strings, or numbers that are all integers.
 */
export function isClassTarget(y: ArrayLike<Label> | undefined | null): boolean {
  if (y === undefined || y === null) return false;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v === 'number' && !Number.isInteger(v)) return false;
  }
  return y.length > 0;
}

class ExplicitSplits implements Splitter {
  private readonly splits: Split[];
  constructor(splits: Iterable<SplitIndices>) {
    this.splits = [];
    for (const s of splits) {
      if (!s || typeof s !== 'object' || !('train' in s) || !('test' in s)) {
        throw new ValidationError(
          'cv must be a splitter, an integer, or an iterable of { train, test } index arrays.',
        );
      }
      this.splits.push({ train: Int32Array.from(s.train), test: Int32Array.from(s.test) });
    }
  }
  *split(_X: SplitInput): Generator<Split> {
    for (const s of this.splits) yield { train: s.train.slice(), test: s.test.slice() };
  }
  getNSplits(): number {
    return this.splits.length;
  }
}

/**
 * The splitter `cv` stands for: `undefined` → 5 folds; an integer `k` → `StratifiedKFold(k)` when
 * `classifier` and `y` holds class labels, else `KFold(k)`; a splitter → itself; an iterable of
 * `{ train, test }` → those splits.
 *
 * @throws ValidationError for anything else (or k < 2).
 */
export function checkCv(
  cv: CvLike | undefined | null,
  y: ArrayLike<Label> | undefined | null,
  classifier: boolean,
): Splitter {
  const value = cv ?? 5;
  if (typeof value === 'number') {
    return classifier && isClassTarget(y)
      ? new StratifiedKFold({ nSplits: value })
      : new KFold({ nSplits: value });
  }
  if (isSplitter(value)) return value;
  if (
    typeof value === 'object' &&
    typeof (value as Iterable<Split>)[Symbol.iterator] === 'function'
  ) {
    return new ExplicitSplits(value as Iterable<Split>);
  }
  throw new ValidationError(
    `cv must be a splitter (e.g. new KFold()), an integer number of folds, or an iterable of { train, test } index arrays; got ${String(value)}.`,
  );
}
