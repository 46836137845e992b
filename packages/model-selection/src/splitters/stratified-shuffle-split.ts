/**
 * `StratifiedShuffleSplit`: random train/test splits that keep class proportions, drawing the
 * same random numbers in the same order as scikit-learn's, so equal seeds give equal splits.
 *
 * @module
 */
import {
  checkRandomState,
  encodeLabels,
  type Label,
  type RandomState,
  type RandomStateLike,
  uniqueLabels,
  ValidationError,
} from '@voxelkit/core';
import { type ShuffleSplitOptions, validateShuffleSplit } from './shuffle-split.js';
import {
  checkInteger,
  checkTargets,
  numSamples,
  type Split,
  type SplitInput,
  type Splitter,
} from './splitter.js';

/** Options of {@link StratifiedShuffleSplit} (the same as {@link ShuffleSplitOptions}). */
export type StratifiedShuffleSplitOptions = ShuffleSplitOptions;

/**
 * How many of `nDraws` items each class gets: the proportional share rounded down, then one more
 * for the classes with the largest remainders; ties between equal remainders are broken at random
 * with `rng` (scikit-learn's `_approximate_mode`, including its random draws).
 */
export function approximateMode(
  counts: ArrayLike<number>,
  nDraws: number,
  rng: RandomState,
): Int32Array {
  const k = counts.length;
  let total = 0;
  for (let i = 0; i < k; i++) total += counts[i] as number;
  const remainder = new Float64Array(k);
  const out = new Int32Array(k);
  let assigned = 0;
  for (let i = 0; i < k; i++) {
    const continuous = ((counts[i] as number) / total) * nDraws;
    const floored = Math.floor(continuous);
    out[i] = floored;
    remainder[i] = continuous - floored;
    assigned += floored;
  }
  let needToAdd = nDraws - assigned;
  if (needToAdd > 0) {
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      for (let i = 0; i < k; i++) if (remainder[i] === value) inds.push(i);
      const addNow = Math.min(inds.length, needToAdd);
      const perm = rng.permutation(inds.length);
      for (let j = 0; j < addNow; j++) {
        const c = inds[perm[j] as number] as number;
        out[c] = (out[c] as number) + 1;
      }
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return out;
}

/**
 * Stratified random splits: per split, class shares of the training and test sets are set by
 * {@link approximateMode}, each class's samples are permuted and dealt to train then test, and
 * both sets are finally permuted (train and test indices come in that random order, as in
 * scikit-learn).
 */
export class StratifiedShuffleSplit implements Splitter {
  readonly nSplits: number;
  readonly testSize: number | undefined;
  readonly trainSize: number | undefined;
  readonly randomState: RandomStateLike;

  constructor(options: StratifiedShuffleSplitOptions = {}) {
    this.nSplits = checkInteger(options.nSplits ?? 10, 'StratifiedShuffleSplit nSplits', 1);
    this.testSize = options.testSize;
    this.trainSize = options.trainSize;
    this.randomState = options.randomState;
  }

  /** Yields `nSplits` stratified random splits; `y` (the class labels) is required. */
  *split(
    X: SplitInput,
    y?: ArrayLike<Label> | null,
    _groups?: ArrayLike<Label> | null,
  ): Generator<Split> {
    const n = numSamples(X);
    const labels = checkTargets(y, n, 'StratifiedShuffleSplit');
    const [nTrain, nTest] = validateShuffleSplit(n, this.testSize, this.trainSize, 0.1);
    const classes = uniqueLabels(labels);
    const codes = encodeLabels(labels, classes);
    const nClasses = classes.length;
    const counts = new Int32Array(nClasses);
    for (const c of codes) counts[c] = (counts[c] as number) + 1;
    let minCount = Number.POSITIVE_INFINITY;
    for (const c of counts) minCount = Math.min(minCount, c);
    if (minCount < 2) {
      throw new ValidationError(
        'The least populated class in y has only 1 member, which is too few: StratifiedShuffleSplit needs at least 2 members per class.',
      );
    }
    if (nTrain < nClasses) {
      throw new ValidationError(
        `The train size (${nTrain}) should be greater than or equal to the number of classes (${nClasses}).`,
      );
    }
    if (nTest < nClasses) {
      throw new ValidationError(
        `The test size (${nTest}) should be greater than or equal to the number of classes (${nClasses}).`,
      );
    }
    // Sample indices of each class, in increasing order.
    const classIndices: Int32Array[] = [];
    const fill = new Int32Array(nClasses);
    for (let c = 0; c < nClasses; c++) classIndices.push(new Int32Array(counts[c] as number));
    for (let i = 0; i < n; i++) {
      const c = codes[i] as number;
      (classIndices[c] as Int32Array)[fill[c]++] = i;
    }
    const rng = checkRandomState(this.randomState);
    const remaining = new Int32Array(nClasses);
    for (let s = 0; s < this.nSplits; s++) {
      const nI = approximateMode(counts, nTrain, rng);
      for (let c = 0; c < nClasses; c++) remaining[c] = (counts[c] as number) - (nI[c] as number);
      const tI = approximateMode(remaining, nTest, rng);
      const train = new Int32Array(nTrain);
      const test = new Int32Array(nTest);
      let a = 0;
      let b = 0;
      for (let c = 0; c < nClasses; c++) {
        const members = classIndices[c] as Int32Array;
        const perm = rng.permutation(members.length);
        const nc = nI[c] as number;
        const tc = tI[c] as number;
        for (let j = 0; j < nc; j++) train[a++] = members[perm[j] as number] as number;
        for (let j = nc; j < nc + tc; j++) test[b++] = members[perm[j] as number] as number;
      }
      rng.shuffle(train);
      rng.shuffle(test);
      yield { train, test };
    }
  }

  /** The number of splits. */
  getNSplits(): number {
    return this.nSplits;
  }
}
