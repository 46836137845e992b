/**
 * `LeaveOneGroupOut`: one split per group, that group being the test set (e.g. leave one session
 * or run out), as scikit-learn's `LeaveOneGroupOut`.
 *
 * @module
 */
import { type Label, ValidationError } from '@voxelkit/core';
import {
  encodeGroups,
  numSamples,
  type Split,
  type SplitInput,
  type Splitter,
  splitFromFolds,
} from './splitter.js';

/**
 * Leave-one-group-out cross-validation: the test set of split `k` is the `k`-th group in sorted
 * order (numbers ascending, strings by code unit — numpy's `np.unique` order).
 *
 * @example
 * ```ts
 * const cv = new LeaveOneGroupOut();
 * const scores = await crossValScore(svc, X, y, { cv, groups: chunks });
 * ```
 */
export class LeaveOneGroupOut implements Splitter {
  /** Yields one split per distinct group; `groups` is required and needs ≥ 2 distinct values. */
  *split(
    X: SplitInput,
    _y?: ArrayLike<Label> | null,
    groups?: ArrayLike<Label> | null,
  ): Generator<Split> {
    const n = numSamples(X);
    const { unique, codes } = encodeGroups(groups, n, 'LeaveOneGroupOut');
    if (unique.length <= 1) {
      throw new ValidationError(
        `The groups contain fewer than 2 distinct values (${unique.map((g) => JSON.stringify(g)).join(', ')}). LeaveOneGroupOut needs at least 2 groups.`,
      );
    }
    for (let g = 0; g < unique.length; g++) yield splitFromFolds(codes, g);
  }

  /** The number of distinct groups; `groups` is required. */
  getNSplits(
    _X?: SplitInput | null,
    _y?: ArrayLike<Label> | null,
    groups?: ArrayLike<Label> | null,
  ): number {
    return encodeGroups(groups, undefined, 'LeaveOneGroupOut').unique.length;
  }
}
