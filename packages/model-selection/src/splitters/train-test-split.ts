/**
 * `trainTestSplit`: one random (optionally stratified) hold-out split, as scikit-learn's
 * `train_test_split`, with the same indices for the same seed.
 *
 * @module
 */
import {
  type Label,
  type Matrix2D,
  type MatrixLike,
  type RandomStateLike,
  takeRows,
  toMatrix,
  ValidationError,
} from '@voxelkit/core';
import { ShuffleSplit, validateShuffleSplit } from './shuffle-split.js';
import type { Split } from './splitter.js';
import { StratifiedShuffleSplit } from './stratified-shuffle-split.js';

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** Test size: a fraction in (0, 1) or a count (default: complement of trainSize, or 0.25). */
  testSize?: number;
  /** Train size: a fraction in (0, 1) or a count (default: the rest). */
  trainSize?: number;
  /** Seed or generator; an integer gives scikit-learn's split for the same `random_state`. */
  randomState?: RandomStateLike;
  /** Shuffle before splitting (default true); without shuffle the first samples are the train set. */
  shuffle?: boolean;
  /** Labels to stratify by (usually `y`); needs `shuffle`. */
  stratify?: ArrayLike<Label>;
}

/** The result of {@link trainTestSplit}. */
export interface TrainTestSplitResult<Y> {
  XTrain: Matrix2D;
  XTest: Matrix2D;
  /** Training targets (undefined when no `y` was given). */
  yTrain: Y;
  /** Test targets (undefined when no `y` was given). */
  yTest: Y;
  /** Indices of the training samples in `X`. */
  train: Int32Array;
  /** Indices of the test samples in `X`. */
  test: Int32Array;
}

/**
 * The indices of a train/test split of `nSamples` samples (what {@link trainTestSplit} uses).
 *
 * @throws ValidationError for invalid sizes, or `stratify` without `shuffle`.
 */
export function trainTestSplitIndices(
  nSamples: number,
  options: TrainTestSplitOptions = {},
): Split {
  const [nTrain, nTest] = validateShuffleSplit(nSamples, options.testSize, options.trainSize, 0.25);
  if (options.shuffle === false) {
    if (options.stratify !== undefined) {
      throw new ValidationError(
        'A stratified train/test split needs shuffle: true (stratification without shuffling is not implemented, as in scikit-learn).',
      );
    }
    const train = Int32Array.from({ length: nTrain }, (_, i) => i);
    const test = Int32Array.from({ length: nTest }, (_, i) => nTrain + i);
    return { train, test };
  }
  const cv =
    options.stratify !== undefined
      ? new StratifiedShuffleSplit({
          nSplits: 1,
          testSize: nTest,
          trainSize: nTrain,
          randomState: options.randomState,
        })
      : new ShuffleSplit({
          nSplits: 1,
          testSize: nTest,
          trainSize: nTrain,
          randomState: options.randomState,
        });
  const first = cv.split(nSamples, options.stratify).next();
  return first.value as Split;
}

function takeTargets<Y extends ArrayLike<Label>>(y: Y, indices: Int32Array): Y {
  if (ArrayBuffer.isView(y)) {
    const Ctor = (y as unknown as { constructor: new (n: number) => Y & { [i: number]: Label } })
      .constructor;
    const out = new Ctor(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = y[indices[i] as number] as Label;
    return out;
  }
  return Array.from(indices, (i) => y[i] as Label) as unknown as Y;
}

/**
 * Splits `X` (and `y`) into a random training and test set, as scikit-learn's
 * `train_test_split(X, y, test_size=…, random_state=…, stratify=…)`.
 *
 * @example
 * ```ts
 * const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.2, randomState: 0 });
 * ```
 * @throws ValidationError for invalid sizes or a `y` of the wrong length.
 */
export function trainTestSplit<Y extends ArrayLike<Label> | undefined = undefined>(
  X: MatrixLike,
  y?: Y,
  options: TrainTestSplitOptions = {},
): TrainTestSplitResult<Y> {
  const Xm = toMatrix(X);
  if (y !== undefined && y !== null && (y as ArrayLike<Label>).length !== Xm.rows) {
    throw new ValidationError(
      `y has ${(y as ArrayLike<Label>).length} entries but X has ${Xm.rows} samples: give one target per sample.`,
    );
  }
  if (options.stratify !== undefined && options.stratify.length !== Xm.rows) {
    throw new ValidationError(
      `stratify has ${options.stratify.length} labels but X has ${Xm.rows} samples.`,
    );
  }
  const { train, test } = trainTestSplitIndices(Xm.rows, options);
  return {
    XTrain: takeRows(Xm, train),
    XTest: takeRows(Xm, test),
    yTrain: (y === undefined || y === null ? undefined : takeTargets(y, train)) as Y,
    yTest: (y === undefined || y === null ? undefined : takeTargets(y, test)) as Y,
    train,
    test,
  };
}
