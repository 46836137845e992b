/**
 * `balancedAccuracyScore`: the mean of per-class recalls.
 *
 * @module
 */
import { type Label, warn } from '@voxelkit/core';
import { confusionMatrix } from './confusion-matrix.js';
import { MetricWarning } from './metric-warning.js';

/**
 * Balanced accuracy (scikit-learn's `balanced_accuracy_score`, `adjusted=false`): the recall of
 * each class averaged over classes. Classes that only occur in `yPred` are left out with a
 * warning, as in scikit-learn.
 *
 * @throws ValidationError when the arrays differ in length or are empty.
 */
export function balancedAccuracyScore(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): number {
  const C = confusionMatrix(yTrue, yPred);
  const k = C.rows;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < k; i++) {
    let row = 0;
    for (let j = 0; j < k; j++) row += C.data[i * k + j] as number;
    if (row === 0) continue;
    sum += (C.data[i * k + i] as number) / row;
    n++;
  }
  if (n < k) warn(new MetricWarning('yPred contains classes not in yTrue'));
  return sum / n;
}
