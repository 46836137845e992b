/**
 * A minimal conforming classifier for core's own tests (core cannot depend on
 * `@voxelkit/estimators`, where `DummyClassifier` lives): predicts the most frequent training
 * label, ties to the first in sorted order.
 */
import { ValidationError } from '../errors.js';
import { BaseEstimator, type Classifier, checkIsFitted, checkNFeatures } from '../estimator.js';
import {
  encodeLabels,
  type Label,
  type Matrix2D,
  type MatrixLike,
  toLabels,
  toMatrix,
  uniqueLabels,
} from '../matrix.js';

export interface MajorityParams {
  /** Added to every class count before taking the largest (must be ≥ 0). */
  smoothing: number;
}

export class MajorityClassifier
  extends BaseEstimator<MajorityParams>
  implements Classifier<MajorityParams>
{
  readonly estimatorType = 'classifier' as const;
  classes_?: Label[];
  classCounts_?: Float64Array;
  nFeaturesIn_?: number;

  constructor(params: Partial<MajorityParams> = {}) {
    super({ smoothing: 0, ...params });
  }

  fit(X: MatrixLike, y: ArrayLike<Label>): this {
    if (!(this.params.smoothing >= 0)) throw new ValidationError('smoothing must be >= 0.');
    const Xm = toMatrix(X);
    const labels = toLabels(y, Xm.rows);
    const classes = uniqueLabels(labels);
    const counts = new Float64Array(classes.length).fill(this.params.smoothing);
    for (const c of encodeLabels(labels, classes)) counts[c] = (counts[c] as number) + 1;
    this.classes_ = classes;
    this.classCounts_ = counts;
    this.nFeaturesIn_ = Xm.cols;
    return this;
  }

  private checkX(X: MatrixLike): Matrix2D {
    checkIsFitted(this, 'classes_');
    const Xm = toMatrix(X);
    checkNFeatures(this, Xm);
    return Xm;
  }

  predict(X: MatrixLike): Label[] {
    const Xm = this.checkX(X);
    const counts = this.classCounts_ as Float64Array;
    let best = 0;
    for (let k = 1; k < counts.length; k++)
      if ((counts[k] as number) > (counts[best] as number)) best = k;
    return new Array<Label>(Xm.rows).fill((this.classes_ as Label[])[best] as Label);
  }

  /** Every row gets the class frequencies (smoothed counts over their sum). */
  predictProba(X: MatrixLike): Matrix2D {
    const Xm = this.checkX(X);
    const counts = this.classCounts_ as Float64Array;
    let total = 0;
    for (const c of counts) total += c;
    const data = new Float64Array(Xm.rows * counts.length);
    for (let i = 0; i < Xm.rows; i++)
      for (let k = 0; k < counts.length; k++)
        data[i * counts.length + k] = (counts[k] as number) / total;
    return { data, rows: Xm.rows, cols: counts.length };
  }

  score(X: MatrixLike, y: ArrayLike<Label>): number {
    const predicted = this.predict(X);
    const labels = toLabels(y, predicted.length);
    let hits = 0;
    for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) hits++;
    return hits / labels.length;
  }
}
