/**
 * A tiny nearest-centroid classifier (scikit-learn's `NearestCentroid` with the euclidean metric)
 * used to compare cross-validation results with scikit-learn on small data; this module exports
 * its `estimatorRegistry` so that worker threads can rebuild it (pass its URL as `workerModules`).
 */
import {
  BaseEstimator,
  type Classifier,
  checkIsFitted,
  defineRegistry,
  encodeLabels,
  type Label,
  type MatrixLike,
  toLabels,
  toMatrix,
  uniqueLabels,
} from '@voxelkit/core';

export interface NearestCentroidParams {
  /** Unused; lets tests check that parameters cross into workers. */
  tag: string;
}

export class NearestCentroid
  extends BaseEstimator<NearestCentroidParams>
  implements Classifier<NearestCentroidParams>
{
  readonly estimatorType = 'classifier' as const;
  classes_?: Label[];
  centroids_?: Float64Array;
  nFeaturesIn_?: number;

  /** The name this class crosses into worker threads under (see `estimatorRegistry`). */
  static readonly estimatorName: string = 'test/NearestCentroid';

  constructor(params: Partial<NearestCentroidParams> = {}) {
    super({ tag: 'none', ...params });
  }

  fit(X: MatrixLike, y: ArrayLike<Label>): this {
    const m = toMatrix(X);
    const labels = toLabels(y, m.rows);
    const classes = uniqueLabels(labels);
    const codes = encodeLabels(labels, classes);
    const sums = new Float64Array(classes.length * m.cols);
    const counts = new Float64Array(classes.length);
    for (let r = 0; r < m.rows; r++) {
      const c = codes[r] as number;
      counts[c] = (counts[c] as number) + 1;
      for (let j = 0; j < m.cols; j++) {
        sums[c * m.cols + j] =
          (sums[c * m.cols + j] as number) + (m.data[r * m.cols + j] as number);
      }
    }
    for (let c = 0; c < classes.length; c++) {
      for (let j = 0; j < m.cols; j++) {
        sums[c * m.cols + j] = (sums[c * m.cols + j] as number) / (counts[c] as number);
      }
    }
    this.classes_ = classes;
    this.centroids_ = sums;
    this.nFeaturesIn_ = m.cols;
    return this;
  }

  predict(X: MatrixLike): Label[] {
    checkIsFitted(this, 'centroids_');
    const m = toMatrix(X);
    const classes = this.classes_ as Label[];
    const cen = this.centroids_ as Float64Array;
    const out: Label[] = [];
    for (let r = 0; r < m.rows; r++) {
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      for (let c = 0; c < classes.length; c++) {
        let d = 0;
        for (let j = 0; j < m.cols; j++) {
          const t = (m.data[r * m.cols + j] as number) - (cen[c * m.cols + j] as number);
          d += t * t;
        }
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      out.push(classes[best] as Label);
    }
    return out;
  }

  score(X: MatrixLike, y: ArrayLike<Label>): number {
    const pred = this.predict(X);
    let hits = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === y[i]) hits++;
    return hits / pred.length;
  }
}

/** A classifier that is deliberately not registered (no own estimatorName). */
export class UnregisteredClassifier extends NearestCentroid {}

/** What a fold worker reads from this module (passed as `workerModules`). */
export const estimatorRegistry = defineRegistry([NearestCentroid]);
