/**
 * `StratifiedKFold`: k folds that keep each class's proportion, with scikit-learn 1.2's exact
 * fold allocation (so the folds — and the scores — equal scikit-learn's).
 *
 * @module
 */
import {
  checkRandomState,
  type Label,
  type RandomStateLike,
  ValidationError,
  warn,
} from '@voxelkit/core';
import { checkEnoughSamples, checkKFoldOptions, type KFoldOptions } from './k-fold.js';
import {
  checkTargets,
  numSamples,
  type Split,
  type SplitInput,
  type Splitter,
  SplitWarning,
  splitFromFolds,
} from './splitter.js';

/** Options of {@link StratifiedKFold} (the same as {@link KFoldOptions}). */
export type StratifiedKFoldOptions = KFoldOptions;

/**
 * Encodes class labels by order of first appearance (0 = the first label seen in `y`) and
 * checks they are classes, not a continuous target.
 */
export function encodeByAppearance(
  y: readonly Label[],
  name: string,
): { codes: Int32Array; counts: number[] } {
  const index = new Map<Label, number>();
  const counts: number[] = [];
  const codes = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const label = y[i] as Label;
    if (typeof label === 'number' && !Number.isInteger(label)) {
      throw new ValidationError(
        `${name} needs class labels (binary or multiclass), but y[${i}] = ${label} looks like a continuous target. Use KFold for regression.`,
      );
    }
    let k = index.get(label);
    if (k === undefined) {
      k = counts.length;
      index.set(label, k);
      counts.push(0);
    }
    codes[i] = k;
    counts[k] = (counts[k] as number) + 1;
  }
  return { codes, counts };
}

/**
 * Stratified k-fold cross-validation. Class sizes per fold are dealt round-robin over the sorted
 * class codes (classes numbered by first appearance), and each class's samples are given to the
 * folds in blocks, in sample order — shuffled per class when `shuffle` is true. This is
 * scikit-learn ≥ 0.22's allocation, which `crossValScore` uses by default for classifiers.
 *
 * Raises a ValidationError when every class has fewer members than `nSplits`; warns
 * ({@link SplitWarning}) when some class does.
 */
export class StratifiedKFold implements Splitter {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: RandomStateLike;

  constructor(options: StratifiedKFoldOptions = {}) {
    const o = checkKFoldOptions(options, 'StratifiedKFold');
    this.nSplits = o.nSplits;
    this.shuffle = o.shuffle;
    this.randomState = o.randomState;
  }

  /** The fold (0…nSplits-1) each sample is tested in. */
  testFolds(X: SplitInput, y: ArrayLike<Label> | null | undefined): Int32Array {
    const n = numSamples(X);
    checkEnoughSamples(this.nSplits, n);
    const labels = checkTargets(y, n, 'StratifiedKFold');
    const { codes, counts } = encodeByAppearance(labels, 'StratifiedKFold');
    const k = this.nSplits;
    const nClasses = counts.length;
    let minCount = Number.POSITIVE_INFINITY;
    for (const c of counts) minCount = Math.min(minCount, c);
    if (counts.every((c) => c < k)) {
      throw new ValidationError(
        `StratifiedKFold: nSplits=${k} cannot be greater than the number of members in each class (largest class: ${Math.max(...counts)}). Use fewer splits.`,
      );
    }
    if (minCount < k) {
      warn(
        new SplitWarning(
          `The least populated class in y has only ${minCount} members, which is less than nSplits=${k}.`,
        ),
      );
    }
    // allocation[f * nClasses + c]: members of class c in test fold f, dealt round-robin over
    // the class codes sorted ascending.
    const allocation = new Int32Array(k * nClasses);
    let pos = 0;
    for (let c = 0; c < nClasses; c++) {
      for (let j = 0; j < (counts[c] as number); j++, pos++) {
        const f = pos % k;
        allocation[f * nClasses + c] = (allocation[f * nClasses + c] as number) + 1;
      }
    }
    const rng = this.shuffle ? checkRandomState(this.randomState) : undefined;
    const fold = new Int32Array(n);
    for (let c = 0; c < nClasses; c++) {
      const blocks = new Int32Array(counts[c] as number);
      let b = 0;
      for (let f = 0; f < k; f++) {
        for (let j = 0; j < (allocation[f * nClasses + c] as number); j++) blocks[b++] = f;
      }
      if (rng) rng.shuffle(blocks);
      b = 0;
      for (let i = 0; i < n; i++) if (codes[i] === c) fold[i] = blocks[b++] as number;
    }
    return fold;
  }

  /** Yields `nSplits` stratified train/test splits; `y` (the class labels) is required. */
  *split(
    X: SplitInput,
    y?: ArrayLike<Label> | null,
    _groups?: ArrayLike<Label> | null,
  ): Generator<Split> {
    const fold = this.testFolds(X, y);
    for (let f = 0; f < this.nSplits; f++) yield splitFromFolds(fold, f);
  }

  /** The number of folds. */
  getNSplits(): number {
    return this.nSplits;
  }
}
