/**
 * `accuracyScore`: the fraction (or count) of exactly matching labels.
 *
 * @module
 */
import type { Label } from '@voxelkit/core';
import { checkLabelPair } from './targets.js';

/** Options of {@link accuracyScore}. */
export interface AccuracyOptions {
  /** Return the fraction of correct predictions (default true) or their count. */
  normalize?: boolean;
}

/**
 * Classification accuracy, as scikit-learn's `accuracy_score`.
 *
 * @example
 * ```ts
 * accuracyScore(['a', 'b', 'b'], ['a', 'b', 'a']); // 0.6666…
 * ```
 * @throws ValidationError when the arrays differ in length or are empty.
 */
export function accuracyScore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: AccuracyOptions = {},
): number {
  const [t, p] = checkLabelPair(yTrue, yPred);
  let hits = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hits++;
  return options.normalize === false ? hits : hits / t.length;
}
