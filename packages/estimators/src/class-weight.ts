/**
 * `computeClassWeight`: scikit-learn's `compute_class_weight` — the weight of each class that
 * `classWeight: 'balanced'` or a `{ label: weight }` map stands for.
 *
 * @module
 */
import { encodeLabels, type Label, ValidationError } from '@voxelkit/core';

/** Class weights: `'balanced'`, or a weight per label (labels missing from the map weigh 1). */
export type ClassWeight = Record<string, number> | 'balanced';

/**
 * The weight of each of `classes` (scikit-learn's `compute_class_weight`): all 1 for
 * `undefined` or `{}`; `n_samples / (n_classes * count(c))` for `'balanced'`; the map's value
 * (1 where a class is missing) for a map. Map keys are compared with `String(label)`.
 *
 * @example
 * ```ts
 * computeClassWeight('balanced', ['cat', 'face'], ['cat', 'face', 'face', 'face']);
 * // Float64Array [2, 0.6666666666666666]
 * ```
 * @param classWeight `'balanced'`, a `{ label: weight }` map, or undefined
 * @param classes the sorted classes (as `uniqueLabels(y)`)
 * @param y the labels
 * @throws ValidationError when `y` has a label outside `classes`, a map names a label that is
 *   not a class (while some class is unweighted), or a weight is not a non-negative number.
 */
export function computeClassWeight(
  classWeight: ClassWeight | undefined | null,
  classes: readonly Label[],
  y: ArrayLike<Label>,
): Float64Array {
  const k = classes.length;
  const weight = new Float64Array(k).fill(1);
  let codes: Int32Array;
  try {
    codes = encodeLabels(y, classes as Label[]);
  } catch {
    throw new ValidationError('classes should include all valid labels that can be in y.');
  }
  if (classWeight === undefined || classWeight === null) return weight;
  if (classWeight === 'balanced') {
    const counts = new Float64Array(k);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i] as number;
      counts[c] = (counts[c] as number) + 1;
    }
    let present = 0;
    for (let c = 0; c < k; c++) if ((counts[c] as number) > 0) present++;
    if (present !== k) throw new ValidationError('classes should have valid labels that are in y.');
    for (let c = 0; c < k; c++) weight[c] = codes.length / (present * (counts[c] as number));
    return weight;
  }
  if (typeof classWeight !== 'object' || Array.isArray(classWeight)) {
    throw new ValidationError(
      `classWeight must be a { label: weight } object, 'balanced', or undefined; got ${String(classWeight)}.`,
    );
  }
  const keys = Object.keys(classWeight);
  if (keys.length === 0) return weight;
  const unweighted: string[] = [];
  for (let c = 0; c < k; c++) {
    const key = String(classes[c]);
    if (Object.hasOwn(classWeight, key)) {
      const v = classWeight[key];
      if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
        throw new ValidationError(
          `classWeight[${JSON.stringify(key)}] = ${String(v)}: a class weight must be a non-negative finite number.`,
        );
      }
      weight[c] = v;
    } else unweighted.push(key);
  }
  if (unweighted.length > 0 && k - unweighted.length !== keys.length) {
    throw new ValidationError(
      `The classes, ${JSON.stringify(unweighted)}, are not in classWeight, and classWeight names labels that are not classes (${JSON.stringify(keys)}). Use the training labels as keys.`,
    );
  }
  return weight;
}
