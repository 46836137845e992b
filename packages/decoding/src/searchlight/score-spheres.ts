/**
 * The searchlight's inner loop, shared by the calling thread and the workers: for each sphere,
 * gather its columns of every fold's rows into reused buffers, fit a clone, score it.
 *
 * @module
 */
import {
  type Estimator,
  type Label,
  type Matrix2D,
  numpyMean,
  ValidationError,
} from '@voxelkit/core';
import type { Split } from '@voxelkit/model-selection';
import type { SphereAdjacency } from './spheres.js';

/** An estimator the searchlight can clone and fit on a sphere's columns. */
export type FitEstimator = Estimator & { fit(X: Matrix2D, y?: ArrayLike<Label>): unknown };

/** Everything a run over spheres needs; the same on the calling thread and a worker. */
export interface SphereContext {
  /** Masked data, scans × mask voxels, row-major. */
  X: Float64Array;
  nSamples: number;
  nColumns: number;
  adjacency: SphereAdjacency;
  folds: Split[];
  yTrain: (Label[] | Float64Array)[];
  yTest: (Label[] | Float64Array)[];
  estimator: FitEstimator;
  scorer: (estimator: never, X: Matrix2D, y: ArrayLike<Label>) => number;
}

/** Reusable train/test buffers sized for the largest sphere. */
export interface SphereBuffers {
  train: Float64Array;
  test: Float64Array;
  foldScores: Float64Array;
}

/** Buffers for {@link scoreSpheres}: allocated once per run. */
export function sphereBuffers(ctx: SphereContext): SphereBuffers {
  let maxTrain = 0;
  let maxTest = 0;
  for (const f of ctx.folds) {
    maxTrain = Math.max(maxTrain, f.train.length);
    maxTest = Math.max(maxTest, f.test.length);
  }
  const k = ctx.adjacency.maxSize;
  return {
    train: new Float64Array(maxTrain * k),
    test: new Float64Array(maxTest * k),
    foldScores: new Float64Array(ctx.folds.length),
  };
}

/**
 * Scores spheres `from … to-1` into `out[from … to-1]`: for each, gathers its columns of the
 * train and test rows of every fold into the reused buffers, fits a clone and scores it; the
 * sphere's score is the mean of its fold scores (numpy's `mean`).
 */
export function scoreSpheres(
  ctx: SphereContext,
  buffers: SphereBuffers,
  from: number,
  to: number,
  out: Float64Array,
): void {
  const { X, nColumns, folds } = ctx;
  const { indptr, indices } = ctx.adjacency;
  const { train, test, foldScores } = buffers;
  for (let s = from; s < to; s++) {
    const p0 = indptr[s]!;
    const k = indptr[s + 1]! - p0;
    for (let f = 0; f < folds.length; f++) {
      const fold = folds[f]!;
      const tr = fold.train;
      const te = fold.test;
      for (let r = 0; r < tr.length; r++) {
        const base = tr[r]! * nColumns;
        const o = r * k;
        for (let c = 0; c < k; c++) train[o + c] = X[base + indices[p0 + c]!]!;
      }
      for (let r = 0; r < te.length; r++) {
        const base = te[r]! * nColumns;
        const o = r * k;
        for (let c = 0; c < k; c++) test[o + c] = X[base + indices[p0 + c]!]!;
      }
      const est = ctx.estimator.clone();
      est.fit({ data: train.subarray(0, tr.length * k), rows: tr.length, cols: k }, ctx.yTrain[f]!);
      const score = ctx.scorer(
        est as never,
        { data: test.subarray(0, te.length * k), rows: te.length, cols: k },
        ctx.yTest[f] as ArrayLike<Label>,
      );
      if (typeof score !== 'number' || Number.isNaN(score)) {
        throw new ValidationError(
          `Scoring returned ${String(score)} for sphere ${s}; a scorer must return a number.`,
        );
      }
      foldScores[f] = score;
    }
    out[s] = numpyMean(foldScores);
  }
}
