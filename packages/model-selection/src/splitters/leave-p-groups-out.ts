/**
 * `LeavePGroupsOut`: one split per combination of `nGroups` groups left out, as scikit-learn's
 * `LeavePGroupsOut`.
 *
 * @module
 */
import { type Label, ValidationError } from '@voxelkit/core';
import {
  checkInteger,
  encodeGroups,
  numSamples,
  type Split,
  type SplitInput,
  type Splitter,
  splitFromMask,
} from './splitter.js';

/** Options of {@link LeavePGroupsOut}. */
export interface LeavePGroupsOutOptions {
  /** How many groups each test set holds (≥ 1, fewer than the number of groups). */
  nGroups: number;
}

/** n choose k as an exact integer (Number; exact below 2^53). */
function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/**
 * Leave-P-groups-out cross-validation: the test sets are every combination of `nGroups` distinct
 * groups, in lexicographic order of their sorted positions (Python's `itertools.combinations`).
 */
export class LeavePGroupsOut implements Splitter {
  readonly nGroups: number;

  constructor(options: LeavePGroupsOutOptions) {
    this.nGroups = checkInteger(options?.nGroups, 'LeavePGroupsOut nGroups', 1);
  }

  /** Yields one split per combination of `nGroups` groups; `groups` is required. */
  *split(
    X: SplitInput,
    _y?: ArrayLike<Label> | null,
    groups?: ArrayLike<Label> | null,
  ): Generator<Split> {
    const n = numSamples(X);
    const { unique, codes } = encodeGroups(groups, n, 'LeavePGroupsOut');
    const p = this.nGroups;
    const m = unique.length;
    if (p >= m) {
      throw new ValidationError(
        `The groups contain ${m} distinct values, not more than nGroups=${p}. LeavePGroupsOut needs at least nGroups + 1 (${p + 1}) groups.`,
      );
    }
    const chosen = Int32Array.from({ length: p }, (_, i) => i);
    const inTest = new Uint8Array(m);
    const mask = new Uint8Array(n);
    for (;;) {
      inTest.fill(0);
      for (const g of chosen) inTest[g] = 1;
      for (let i = 0; i < n; i++) mask[i] = inTest[codes[i] as number] as number;
      yield splitFromMask(mask);
      // Next combination in lexicographic order.
      let i = p - 1;
      while (i >= 0 && chosen[i] === m - p + i) i--;
      if (i < 0) return;
      chosen[i] = (chosen[i] as number) + 1;
      for (let j = i + 1; j < p; j++) chosen[j] = (chosen[j - 1] as number) + 1;
    }
  }

  /** The number of combinations (number of groups choose `nGroups`); `groups` is required. */
  getNSplits(
    _X?: SplitInput | null,
    _y?: ArrayLike<Label> | null,
    groups?: ArrayLike<Label> | null,
  ): number {
    return binomial(encodeGroups(groups, undefined, 'LeavePGroupsOut').unique.length, this.nGroups);
  }
}
