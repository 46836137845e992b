/**
 * `GroupKFold`: k folds with non-overlapping groups, as scikit-learn 1.2's `GroupKFold`.
 *
 * @module
 */
import { type Label, ValidationError } from '@voxelkit/core';
import { checkEnoughSamples } from './k-fold.js';
import {
  encodeGroups,
  numSamples,
  type Split,
  type SplitInput,
  type Splitter,
  splitFromFolds,
} from './splitter.js';

/** Options of {@link GroupKFold}. */
export interface GroupKFoldOptions {
  /** Number of folds, at least 2 and at most the number of groups (default 5). */
  nSplits?: number;
}

/**
 * K-fold over groups: every group is in exactly one test fold. Groups are dealt largest first
 * (ties: the later group in sorted order first) to the fold with the fewest samples so far (ties:
 * the first such fold), which balances fold sizes — scikit-learn's greedy allocation.
 *
 * With more than 16 groups of equal size, numpy's unstable sort may order tied groups
 * differently, so the folds can differ from scikit-learn's; with ≤ 16 groups or distinct sizes
 * they are identical.
 */
export class GroupKFold implements Splitter {
  readonly nSplits: number;

  constructor(options: GroupKFoldOptions = {}) {
    const nSplits = options.nSplits ?? 5;
    if (typeof nSplits !== 'number' || !Number.isInteger(nSplits) || nSplits < 2) {
      throw new ValidationError(
        `GroupKFold needs nSplits to be an integer >= 2; got ${String(nSplits)}.`,
      );
    }
    this.nSplits = nSplits;
  }

  /** Yields `nSplits` train/test splits; `groups` is required. */
  *split(
    X: SplitInput,
    _y?: ArrayLike<Label> | null,
    groups?: ArrayLike<Label> | null,
  ): Generator<Split> {
    const n = numSamples(X);
    checkEnoughSamples(this.nSplits, n);
    const { unique, codes } = encodeGroups(groups, n, 'GroupKFold');
    const nGroups = unique.length;
    if (this.nSplits > nGroups) {
      throw new ValidationError(
        `GroupKFold: cannot have nSplits=${this.nSplits} greater than the number of groups (${nGroups}). Use fewer splits or LeaveOneGroupOut.`,
      );
    }
    const sizes = new Float64Array(nGroups);
    for (let i = 0; i < n; i++)
      sizes[codes[i] as number] = (sizes[codes[i] as number] as number) + 1;
    // Ascending stable order by size, then reversed: largest first, ties by descending index.
    const order = Array.from({ length: nGroups }, (_, g) => g);
    order.sort((a, b) => (sizes[a] as number) - (sizes[b] as number) || a - b);
    order.reverse();
    const foldWeight = new Float64Array(this.nSplits);
    const groupFold = new Int32Array(nGroups);
    for (const g of order) {
      let lightest = 0;
      for (let f = 1; f < this.nSplits; f++) {
        if ((foldWeight[f] as number) < (foldWeight[lightest] as number)) lightest = f;
      }
      foldWeight[lightest] = (foldWeight[lightest] as number) + (sizes[g] as number);
      groupFold[g] = lightest;
    }
    const fold = new Int32Array(n);
    for (let i = 0; i < n; i++) fold[i] = groupFold[codes[i] as number] as number;
    for (let f = 0; f < this.nSplits; f++) yield splitFromFolds(fold, f);
  }

  /** The number of folds. */
  getNSplits(): number {
    return this.nSplits;
  }
}
