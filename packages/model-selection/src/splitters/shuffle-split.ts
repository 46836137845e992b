/**
 * `ShuffleSplit`: independent random train/test splits, as scikit-learn's `ShuffleSplit`, and
 * the train/test size rules every shuffling splitter shares.
 *
 * @module
 */
import {
  checkRandomState,
  type Label,
  type RandomStateLike,
  ValidationError,
} from '@voxelkit/core';
import {
  checkInteger,
  numSamples,
  type Split,
  type SplitInput,
  type Splitter,
} from './splitter.js';

/** Options of {@link ShuffleSplit} and {@link StratifiedShuffleSplit}. */
export interface ShuffleSplitOptions {
  /** Number of re-shuffles (default 10). */
  nSplits?: number;
  /**
   * Test set size: a fraction in (0, 1) (rounded up) or an integer count. Default: the
   * complement of `trainSize`, or 0.1 when neither is given.
   */
  testSize?: number;
  /** Train set size: a fraction in (0, 1) (rounded down) or an integer count; default: the rest. */
  trainSize?: number;
  /** Seed or generator; an integer gives scikit-learn's splits for the same `random_state`. */
  randomState?: RandomStateLike;
}

type SizeKind = 'fraction' | 'count' | 'none';

function sizeKind(value: unknown, name: string, nSamples: number): SizeKind {
  if (value === undefined || value === null) return 'none';
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(
      `Invalid value for ${name}: ${String(value)}. Use a fraction in (0, 1) or a count.`,
    );
  }
  if (value > 0 && value < 1) return 'fraction';
  if (Number.isInteger(value) && value > 0 && value < nSamples) return 'count';
  throw new ValidationError(
    `${name}=${value} should be either a positive integer smaller than the number of samples ${nSamples} or a fraction in the (0, 1) range.`,
  );
}

/**
 * Resolves train/test sizes exactly as scikit-learn's `_validate_shuffle_split`: a test fraction
 * is rounded up, a train fraction down, a missing size is the complement.
 *
 * @returns `[nTrain, nTest]`
 * @throws ValidationError for sizes out of range, sizes that add up to more than the samples, or
 *   an empty training set.
 */
export function validateShuffleSplit(
  nSamples: number,
  testSize: number | undefined,
  trainSize: number | undefined,
  defaultTestSize: number,
): [number, number] {
  if (
    (testSize === undefined || testSize === null) &&
    (trainSize === undefined || trainSize === null)
  ) {
    testSize = defaultTestSize;
  }
  const testKind = sizeKind(testSize, 'testSize', nSamples);
  const trainKind = sizeKind(trainSize, 'trainSize', nSamples);
  if (
    testKind === 'fraction' &&
    trainKind === 'fraction' &&
    (trainSize as number) + (testSize as number) > 1
  ) {
    throw new ValidationError(
      `The sum of testSize and trainSize = ${(trainSize as number) + (testSize as number)} should be in the (0, 1) range. Reduce testSize and/or trainSize.`,
    );
  }
  let nTest =
    testKind === 'fraction' ? Math.ceil((testSize as number) * nSamples) : (testSize as number);
  let nTrain =
    trainKind === 'fraction' ? Math.floor((trainSize as number) * nSamples) : (trainSize as number);
  if (trainKind === 'none') nTrain = nSamples - nTest;
  else if (testKind === 'none') nTest = nSamples - nTrain;
  if (nTrain + nTest > nSamples) {
    throw new ValidationError(
      `The sum of train and test sizes = ${nTrain + nTest} should be smaller than the number of samples ${nSamples}. Reduce testSize and/or trainSize.`,
    );
  }
  if (nTrain === 0) {
    throw new ValidationError(
      `With nSamples=${nSamples}, testSize=${String(testSize)} and trainSize=${String(trainSize)}, the training set would be empty. Adjust the sizes.`,
    );
  }
  return [nTrain, nTest];
}

/**
 * Random permutation cross-validation: each split draws a fresh permutation of the samples; its
 * first `nTest` entries are the test set, the next `nTrain` the training set (in permuted order,
 * as scikit-learn returns them).
 */
export class ShuffleSplit implements Splitter {
  readonly nSplits: number;
  readonly testSize: number | undefined;
  readonly trainSize: number | undefined;
  readonly randomState: RandomStateLike;

  constructor(options: ShuffleSplitOptions = {}) {
    this.nSplits = checkInteger(options.nSplits ?? 10, 'ShuffleSplit nSplits', 1);
    this.testSize = options.testSize;
    this.trainSize = options.trainSize;
    this.randomState = options.randomState;
  }

  /** Yields `nSplits` random train/test splits of the samples of `X`. */
  *split(
    X: SplitInput,
    _y?: ArrayLike<Label> | null,
    _groups?: ArrayLike<Label> | null,
  ): Generator<Split> {
    const n = numSamples(X);
    const [nTrain, nTest] = validateShuffleSplit(n, this.testSize, this.trainSize, 0.1);
    const rng = checkRandomState(this.randomState);
    for (let s = 0; s < this.nSplits; s++) {
      const perm = rng.permutation(n);
      yield { train: perm.slice(nTest, nTest + nTrain), test: perm.slice(0, nTest) };
    }
  }

  /** The number of splits. */
  getNSplits(): number {
    return this.nSplits;
  }
}
