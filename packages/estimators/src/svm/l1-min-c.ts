/**
 * `l1MinC`: scikit-learn's `l1_min_c` — the smallest C for which an L1-penalised linear model
 * (LinearSVC or LogisticRegression) has a non-zero weight.
 *
 * @module
 */
import {
  encodeLabels,
  type Label,
  type MatrixLike,
  toLabels,
  toMatrix,
  uniqueLabels,
  ValidationError,
} from '@voxelkit/core';

/** Options of {@link l1MinC}. */
export interface L1MinCOptions {
  /** `'squared_hinge'` (LinearSVC, default) or `'log'` (LogisticRegression). */
  loss?: 'squared_hinge' | 'log';
  /** Whether the model learns an intercept (default true). */
  fitIntercept?: boolean;
  /** The intercept's constant feature (default 1). */
  interceptScaling?: number;
}

/**
 * The lower bound of C below which every weight of an L1-penalised model is zero:
 * `0.5 / max|Yᵀ X|` (squared hinge) or `2 / max|Yᵀ X|` (log loss), with Y the ±1 class
 * indicators (one column for two classes) and X extended by the intercept feature.
 *
 * @example
 * ```ts
 * const cMin = l1MinC(X, y, { loss: 'log' });
 * const Cs = [1, 10, 100].map((f) => f * cMin);
 * ```
 * @throws ValidationError for bad X/y, an unknown loss, or when every weight is always zero.
 */
export function l1MinC(X: MatrixLike, y: ArrayLike<Label>, options: L1MinCOptions = {}): number {
  const loss = options.loss ?? 'squared_hinge';
  if (loss !== 'squared_hinge' && loss !== 'log') {
    throw new ValidationError(`loss must be 'squared_hinge' or 'log'; got ${String(loss)}.`);
  }
  const fitIntercept = options.fitIntercept ?? true;
  const interceptScaling = options.interceptScaling ?? 1;
  if (typeof interceptScaling !== 'number' || !Number.isFinite(interceptScaling)) {
    throw new ValidationError(
      `interceptScaling must be a finite number; got ${String(interceptScaling)}.`,
    );
  }
  const Xm = toMatrix(X);
  const labels = toLabels(y, Xm.rows);
  const classes = uniqueLabels(labels);
  const codes = encodeLabels(labels, classes);
  const k = classes.length;
  // LabelBinarizer(neg_label=-1): one indicator column for two classes (positive = classes[1]),
  // one per class otherwise (a single class: one column, whose sign does not change |YᵀX|).
  const columns = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
  const { data, rows, cols } = Xm;
  let den = 0;
  const acc = new Float64Array(cols);
  for (const positive of columns) {
    acc.fill(0);
    let biasSum = 0;
    for (let i = 0; i < rows; i++) {
      const s = codes[i] === positive ? 1 : -1;
      biasSum += s;
      const off = i * cols;
      for (let j = 0; j < cols; j++) acc[j] = (acc[j] as number) + s * (data[off + j] as number);
    }
    for (let j = 0; j < cols; j++) den = Math.max(den, Math.abs(acc[j] as number));
    if (fitIntercept) den = Math.max(den, Math.abs(biasSum * interceptScaling));
  }
  if (den === 0) {
    throw new ValidationError(
      'Ill-posed l1MinC calculation: l1 will always select zero coefficients for this data.',
    );
  }
  return loss === 'squared_hinge' ? 0.5 / den : 2 / den;
}
