/**
 * `confusionMatrix`: counts of (true, predicted) label pairs.
 *
 * @module
 */
import { type Label, type Matrix2D, ValidationError } from '@voxelkit/core';
import { checkLabelPair, unionLabels } from './targets.js';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Labels indexing the rows/columns, in this order (default: sorted union of both arrays). */
  labels?: readonly Label[];
}

/** A confusion matrix with the labels that index it. */
export interface ConfusionMatrix extends Matrix2D {
  /** `labels[i]` names row i (true label) and column i (predicted label). */
  readonly labels: Label[];
}

/**
 * Confusion matrix `C` where `C[i][j]` counts samples of true label `labels[i]` predicted as
 * `labels[j]` (scikit-learn's `confusion_matrix`). Pairs involving a label outside `labels` are
 * ignored, as in scikit-learn.
 *
 * @throws ValidationError for mismatched lengths, empty input, or an empty/duplicated `labels`.
 */
export function confusionMatrix(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: ConfusionMatrixOptions = {},
): ConfusionMatrix {
  const [t, p] = checkLabelPair(yTrue, yPred);
  const labels = options.labels ? [...options.labels] : unionLabels(t, p);
  if (labels.length === 0) throw new ValidationError('`labels` must contain at least one label.');
  const index = new Map<Label, number>();
  for (let i = 0; i < labels.length; i++) {
    if (index.has(labels[i] as Label)) {
      throw new ValidationError(`\`labels\` contains ${JSON.stringify(labels[i])} twice.`);
    }
    index.set(labels[i] as Label, i);
  }
  const k = labels.length;
  const data = new Float64Array(k * k);
  for (let s = 0; s < t.length; s++) {
    const i = index.get(t[s] as Label);
    const j = index.get(p[s] as Label);
    if (i !== undefined && j !== undefined) data[i * k + j] = (data[i * k + j] as number) + 1;
  }
  return { data, rows: k, cols: k, labels };
}
