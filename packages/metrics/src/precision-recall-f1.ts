/**
 * `precisionScore`, `recallScore` and `f1Score`, with scikit-learn's averaging rules.
 *
 * @module
 */
import { type Label, ValidationError } from '@voxelkit/core';
import { checkLabelPair, unionLabels } from './targets.js';

/** How per-class scores are combined. */
export type Average = 'binary' | 'macro' | 'micro' | 'weighted';

/** Options of {@link precisionScore}, {@link recallScore} and {@link f1Score}. */
export interface PrecisionRecallOptions {
  /** The positive class when `average` is `'binary'` (default `1`, as in scikit-learn). */
  posLabel?: Label;
  /** Averaging over classes (default `'binary'`: the score of `posLabel` alone). */
  average?: Average;
}

const AVERAGES: readonly Average[] = ['binary', 'macro', 'micro', 'weighted'];

interface Counts {
  tp: Float64Array;
  predicted: Float64Array;
  actual: Float64Array;
}

function countsFor(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: PrecisionRecallOptions,
): Counts {
  const [t, p] = checkLabelPair(yTrue, yPred);
  const average = options.average ?? 'binary';
  if (!AVERAGES.includes(average)) {
    throw new ValidationError(
      `Unknown average "${String(average)}": use one of ${AVERAGES.join(', ')}.`,
    );
  }
  let labels = unionLabels(t, p);
  if (average === 'binary') {
    const posLabel = options.posLabel ?? 1;
    if (labels.length > 2) {
      throw new ValidationError(
        `Target is multiclass (${labels.length} labels) but average is 'binary'. ` +
          "Choose average: 'macro', 'micro' or 'weighted'.",
      );
    }
    if (!labels.includes(posLabel) && labels.length === 2) {
      throw new ValidationError(
        `posLabel ${JSON.stringify(posLabel)} is not a valid label: it should be one of ` +
          `${labels.map((l) => JSON.stringify(l)).join(', ')}. Pass { posLabel }.`,
      );
    }
    labels = [posLabel];
  }
  const index = new Map<Label, number>();
  for (let i = 0; i < labels.length; i++) index.set(labels[i] as Label, i);
  const k = labels.length;
  const tp = new Float64Array(k);
  const predicted = new Float64Array(k);
  const actual = new Float64Array(k);
  for (let s = 0; s < t.length; s++) {
    const i = index.get(t[s] as Label);
    const j = index.get(p[s] as Label);
    if (i !== undefined) actual[i] = (actual[i] as number) + 1;
    if (j !== undefined) predicted[j] = (predicted[j] as number) + 1;
    if (i !== undefined && i === j) tp[i] = (tp[i] as number) + 1;
  }
  if (average === 'micro') {
    const sum = (a: Float64Array) => a.reduce((x, v) => x + v, 0);
    return {
      tp: Float64Array.of(sum(tp)),
      predicted: Float64Array.of(sum(predicted)),
      actual: Float64Array.of(sum(actual)),
    };
  }
  return { tp, predicted, actual };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function combine(
  perClass: Float64Array,
  actual: Float64Array,
  average: Average | undefined,
): number {
  if (perClass.length === 1) return perClass[0] as number;
  let num = 0;
  let den = 0;
  for (let i = 0; i < perClass.length; i++) {
    const w = average === 'weighted' ? (actual[i] as number) : 1;
    num += w * (perClass[i] as number);
    den += w;
  }
  return den === 0 ? 0 : num / den;
}

function scores(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: PrecisionRecallOptions,
  which: 'precision' | 'recall' | 'f1',
): number {
  const { tp, predicted, actual } = countsFor(yTrue, yPred, options);
  const out = new Float64Array(tp.length);
  for (let i = 0; i < tp.length; i++) {
    const p = ratio(tp[i] as number, predicted[i] as number);
    const r = ratio(tp[i] as number, actual[i] as number);
    out[i] = which === 'precision' ? p : which === 'recall' ? r : ratio(2 * p * r, p + r);
  }
  return combine(out, actual, options.average);
}

/**
 * Precision `tp / (tp + fp)` (scikit-learn's `precision_score`; 0 when nothing was predicted
 * positive, i.e. `zero_division=0`).
 *
 * @throws ValidationError for mismatched lengths, a multiclass target with `average: 'binary'`,
 *   or a `posLabel` that is not one of the labels.
 */
export function precisionScore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: PrecisionRecallOptions = {},
): number {
  return scores(yTrue, yPred, options, 'precision');
}

/**
 * Recall `tp / (tp + fn)` (scikit-learn's `recall_score`, `zero_division=0`).
 *
 * @throws ValidationError as {@link precisionScore}.
 */
export function recallScore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: PrecisionRecallOptions = {},
): number {
  return scores(yTrue, yPred, options, 'recall');
}

/**
 * F1, the harmonic mean of precision and recall (scikit-learn's `f1_score`, `zero_division=0`;
 * macro/weighted averages are means of per-class F1).
 *
 * @throws ValidationError as {@link precisionScore}.
 */
export function f1Score(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: PrecisionRecallOptions = {},
): number {
  return scores(yTrue, yPred, options, 'f1');
}
