/**
 * Validation shared by the metrics: two label (or value) arrays of equal, non-zero length.
 *
 * @module
 */
import { type Label, toLabels, uniqueLabels, ValidationError } from '@voxelkit/core';

/** Checks that `yTrue` and `yPred` are label arrays of the same non-zero length. */
export function checkLabelPair(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  predName = 'yPred',
): [Label[], Label[]] {
  const t = toLabels(yTrue, undefined, 'yTrue');
  const p = toLabels(yPred, undefined, predName);
  if (t.length !== p.length) {
    throw new ValidationError(
      `yTrue has ${t.length} labels but ${predName} has ${p.length}: give one of each per sample.`,
    );
  }
  if (t.length === 0) {
    throw new ValidationError('yTrue and yPred are empty: a score needs at least one sample.');
  }
  return [t, p];
}

/** Checks that `values` are finite numbers and returns them as a Float64Array. */
export function checkNumbers(values: ArrayLike<number>, name: string): Float64Array {
  if (values === null || values === undefined || typeof values.length !== 'number') {
    throw new ValidationError(`${name} must be an array of numbers.`);
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValidationError(`${name}[${i}] is ${String(v)}: expected a finite number.`);
    }
    out[i] = v;
  }
  return out;
}

/** Sorted union of the labels in both arrays (sklearn's `unique_labels`). */
export function unionLabels(a: readonly Label[], b: readonly Label[]): Label[] {
  return uniqueLabels([...a, ...b]);
}
