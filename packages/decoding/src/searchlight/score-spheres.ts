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
import type { Split, TaskContext } from '@voxelkit/model-selection';
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
 * Scores spheres `from … to-1` into `out[from - offset … to-1 - offset]`: for each, gathers its columns of the
 * train and test rows of every fold into the reused buffers, fits a clone and scores it; the
 * sphere's score is the mean of its fold scores (numpy's `mean`).
 */
export function scoreSpheres(
  ctx: SphereContext,
  buffers: SphereBuffers,
  from: number,
  to: number,
  out: Float64Array,
  offset = 0,
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
    out[s - offset] = numpyMean(foldScores);
  }
}

/** Name of the searchlight's chunk task in `taskHandlers` of `@voxelkit/decoding/tasks`. */
export const SPHERE_CHUNK_TASK = 'voxelkit/decoding:sphere-chunk';

/** What every chunk task of one searchlight fit shares (sent once per worker, like X). */
export interface SearchLightShared {
  /** The sphere adjacency (CSR over the mask's columns). */
  indptr: Int32Array;
  indices: Int32Array;
  nSeeds: number;
  maxSize: number;
  folds: Split[];
}

/** A chunk task's arguments: the spheres `from … to-1`. */
export interface SphereChunkArgs {
  from: number;
  to: number;
}

/** A chunk task's result: the spheres' scores and how many of their fits did not converge. */
export interface SphereChunkResult {
  scores: Float64Array;
  notConverged: number;
}

/** Per worker, the context and buffers built from a run's shared value, reused by its chunks. */
const prepared = new WeakMap<object, { ctx: SphereContext; buffers: SphereBuffers }>();

function targetsAt(y: ArrayLike<Label>, idx: Int32Array): Label[] | Float64Array {
  if (y instanceof Float64Array) {
    const out = new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]!]!;
    return out;
  }
  const out: Label[] = new Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]!]!;
  return out;
}

/**
 * Scores the spheres `args.from … args.to-1` with the run's estimator, X, y and scorer: the task
 * of a `SearchLight` run on any executor. Non-convergence is counted, not warned (the caller
 * sums it into one warning); other warnings go to the caller, at most 5 per chunk.
 *
 * @throws ValidationError when the scorer returns a non-number.
 */
export function scoreSphereChunk(
  args: SphereChunkArgs,
  ctx: TaskContext<SearchLightShared>,
): SphereChunkResult {
  const shared = ctx.shared;
  let run = prepared.get(shared);
  if (run === undefined) {
    const y = ctx.y as Label[] | Float64Array;
    const sphereCtx: SphereContext = {
      X: ctx.X.data as Float64Array,
      nSamples: ctx.X.rows,
      nColumns: ctx.X.cols,
      adjacency: {
        indptr: shared.indptr,
        indices: shared.indices,
        nSeeds: shared.nSeeds,
        nColumns: ctx.X.cols,
        maxSize: shared.maxSize,
      },
      folds: shared.folds,
      yTrain: shared.folds.map((f) => targetsAt(y, f.train)),
      yTest: shared.folds.map((f) => targetsAt(y, f.test)),
      estimator: ctx.estimator as unknown as FitEstimator,
      scorer: ctx.scorers[0] as SphereContext['scorer'],
    };
    run = { ctx: sphereCtx, buffers: sphereBuffers(sphereCtx) };
    prepared.set(shared, run);
  }
  const { from, to } = args;
  const scores = new Float64Array(to - from);
  const { ctx: sphereCtx, buffers } = run;
  const { warnings } = ctx.collectWarnings(() =>
    scoreSpheres(sphereCtx, buffers, from, to, scores, from),
  );
  let notConverged = 0;
  let others = 0;
  for (const w of warnings) {
    if (w.name === 'ConvergenceWarning') notConverged++;
    else if (others++ < 5) ctx.warn(w);
  }
  return { scores, notConverged };
}
