/**
 * `r2Score`: the coefficient of determination.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { checkNumbers } from './targets.js';

/**
 * R² = 1 − SS_res / SS_tot (scikit-learn's `r2_score` with `force_finite=true`: a constant
 * `yTrue` gives 1 for a perfect prediction and 0 otherwise).
 *
 * @throws ValidationError for mismatched lengths, empty input, or non-finite values.
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const t = checkNumbers(yTrue, 'yTrue');
  const p = checkNumbers(yPred, 'yPred');
  if (t.length !== p.length) {
    throw new ValidationError(`yTrue has ${t.length} values but yPred has ${p.length}.`);
  }
  if (t.length < 2) {
    throw new ValidationError(
      `R² needs at least 2 samples, got ${t.length}: it is not well defined otherwise.`,
    );
  }
  let mean = 0;
  for (let i = 0; i < t.length; i++) mean += t[i] as number;
  mean /= t.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < t.length; i++) {
    const r = (t[i] as number) - (p[i] as number);
    const d = (t[i] as number) - mean;
    ssRes += r * r;
    ssTot += d * d;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
