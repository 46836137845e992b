/**
 * `rocAucScore`: area under the ROC curve of a binary problem.
 *
 * @module
 */
import { type Label, type Matrix2D, uniqueLabels, ValidationError } from '@voxelkit/core';
import { checkNumbers } from './targets.js';

/** Options of {@link rocAucScore}. */
export interface RocAucOptions {
  /** The positive class (default: the greater of the two labels, as scikit-learn). */
  posLabel?: Label;
}

/**
 * Area under the ROC curve for a binary target (scikit-learn's `roc_auc_score`). `yScore` holds
 * scores for the positive class — e.g. `decisionFunction` output — or is an (n × 2) matrix of
 * per-class scores, whose column 1 is used. Tied scores count one half, as the trapezoidal rule
 * over distinct thresholds gives.
 *
 * @throws ValidationError when `yTrue` does not have exactly two classes, lengths differ, or a
 *   score is not finite.
 */
export function rocAucScore(
  yTrue: ArrayLike<Label>,
  yScore: ArrayLike<number> | Matrix2D,
  options: RocAucOptions = {},
): number {
  let scores: Float64Array;
  if ('data' in yScore && 'cols' in yScore) {
    if (yScore.cols === 1) scores = checkNumbers(yScore.data, 'yScore');
    else if (yScore.cols === 2) {
      scores = new Float64Array(yScore.rows);
      for (let i = 0; i < yScore.rows; i++) scores[i] = yScore.data[i * 2 + 1] as number;
      scores = checkNumbers(scores, 'yScore');
    } else {
      throw new ValidationError(
        `yScore has ${yScore.cols} columns: rocAucScore supports binary targets only (1-D scores or 2 columns).`,
      );
    }
  } else scores = checkNumbers(yScore, 'yScore');
  const labels = Array.from(yTrue);
  if (labels.length !== scores.length) {
    throw new ValidationError(
      `yTrue has ${labels.length} labels but yScore has ${scores.length} scores.`,
    );
  }
  const classes = uniqueLabels(labels);
  if (classes.length !== 2) {
    throw new ValidationError(
      `rocAucScore needs exactly 2 classes in yTrue, found ${classes.length}: ROC AUC is not defined otherwise.`,
    );
  }
  const pos = options.posLabel ?? (classes[1] as Label);
  if (!classes.includes(pos)) {
    throw new ValidationError(
      `posLabel ${JSON.stringify(pos)} is not one of the classes ${classes.map((c) => JSON.stringify(c)).join(', ')}.`,
    );
  }
  const n = scores.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  // Mann–Whitney U with mid-ranks for ties (equal to the trapezoidal ROC area).
  let rankSumPos = 0;
  let nPos = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end] as number] === scores[order[start] as number]) end++;
    const midRank = (start + 1 + end) / 2;
    for (let q = start; q < end; q++) {
      if (labels[order[q] as number] === pos) {
        rankSumPos += midRank;
        nPos++;
      }
    }
    start = end;
  }
  const nNeg = n - nPos;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
