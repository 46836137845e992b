/**
 * One unit of cross-validation work — clone, fit on the training rows, score or predict on the
 * test rows — described by plain data, so that the same code runs on the main thread and in a
 * worker (scikit-learn's `_fit_and_score` / `_fit_and_predict`).
 *
 * @module
 */
import {
  type Estimator,
  type Label,
  type Matrix2D,
  numpyMean,
  takeRows,
  ValidationError,
} from '@voxelkit/core';
import type { ScorableEstimator, ScoringFunction } from '@voxelkit/metrics';
import type { Split } from './splitters/splitter.js';
import { runTask, type TaskHandlers, type TaskJob, type TaskResult } from './workers/tasks.js';

/** What cross-validation needs of an estimator: the contract of '@voxelkit/core' plus `fit`. */
export type CrossValEstimator = Estimator &
  ScorableEstimator & {
    fit(X: Matrix2D, y?: ArrayLike<Label>): unknown;
  };

/** Targets as cross-validation stores them: labels, or numbers for regressors. */
export type Targets = Label[] | Float64Array;

/** Prediction methods {@link crossValPredict} can call. */
export type PredictMethod = 'predict' | 'decisionFunction' | 'predictProba';

/** Fit on `train`, score on `test` (and on `train` when asked). */
export interface ScoreJob {
  kind: 'score';
  train: Int32Array;
  test: Int32Array;
  returnTrainScore: boolean;
  returnEstimator: boolean;
  /** Hyper-parameters set on the clone before fitting (a grid-search candidate). */
  params?: Record<string, unknown>;
}

/** Fit on `train`, predict `test` with `method`. */
export interface PredictJob {
  kind: 'predict';
  train: Int32Array;
  test: Int32Array;
  method: PredictMethod;
}

/** Fit and score every fold with `y` re-ordered by `order` (null: unpermuted); mean score. */
export interface PermutationJob {
  kind: 'permutation';
  order: Int32Array | null;
  folds: Split[];
}

/** A unit of work: a fold job, or a custom task (see `defineTaskHandlers`). */
export type FoldJob = ScoreJob | PredictJob | PermutationJob | TaskJob;

/** The result of a {@link ScoreJob}. */
export interface ScoreResult {
  kind: 'score';
  /** One test score per scorer of the context. */
  testScores: number[];
  /** One train score per scorer (only when `returnTrainScore`). */
  trainScores?: number[];
  fitTime: number;
  scoreTime: number;
  /** The fitted clone (only when `returnEstimator`). */
  estimator?: CrossValEstimator;
}

/** Predictions of a {@link PredictJob}, with the classes the fold's estimator learned. */
export interface PredictResult {
  kind: 'predict';
  predictions: ArrayLike<Label> | Float64Array | Matrix2D;
  classes?: Label[];
}

/** The result of a {@link PermutationJob}: the mean score over the folds. */
export interface PermutationResult {
  kind: 'permutation';
  score: number;
}

/** The result of a {@link FoldJob}. */
export type JobResult = ScoreResult | PredictResult | PermutationResult | TaskResult;

/** Everything a job needs besides its own description. */
export interface JobContext {
  /** The unfitted template; every job fits a clone. */
  estimator: CrossValEstimator;
  X: Matrix2D;
  y: Targets | undefined;
  /** Scorers applied by score jobs; permutation jobs use the first. */
  scorers: ScoringFunction[];
  /** What every custom task of the run shares (sent once per worker, like X). */
  shared?: unknown;
  /** Handlers of custom tasks, by name (on a worker: those of its `workerModules`). */
  tasks?: TaskHandlers;
}

/** The targets at `indices` (same kind as `y`). */
export function takeTargets(y: Targets, indices: ArrayLike<number>): Targets {
  if (y instanceof Float64Array) {
    const out = new Float64Array(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = y[indices[i] as number] as number;
    return out;
  }
  const out: Label[] = new Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = y[indices[i] as number] as Label;
  return out;
}

function fitClone(
  ctx: JobContext,
  train: Int32Array,
  y: Targets | undefined,
  params?: Record<string, unknown>,
): CrossValEstimator {
  const est = ctx.estimator.clone();
  if (params !== undefined) est.setParams(params as never);
  const Xtrain = takeRows(ctx.X, train);
  if (y === undefined) est.fit(Xtrain);
  else est.fit(Xtrain, takeTargets(y, train));
  return est;
}

function checkScore(value: unknown, where: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new ValidationError(
      `Scoring returned ${String(value)} on the ${where} set; a scorer must return a number.`,
    );
  }
  return value;
}

/** Runs one job with `ctx` (on whichever thread calls it). */
export function runJob(ctx: JobContext, job: FoldJob): JobResult {
  if (job.kind === 'score') {
    const t0 = performance.now();
    const est = fitClone(ctx, job.train, ctx.y, job.params);
    const t1 = performance.now();
    const yTest = ctx.y === undefined ? [] : takeTargets(ctx.y, job.test);
    const Xtest = takeRows(ctx.X, job.test);
    const testScores = ctx.scorers.map((scorer) => checkScore(scorer(est, Xtest, yTest), 'test'));
    const t2 = performance.now();
    const result: ScoreResult = {
      kind: 'score',
      testScores,
      fitTime: (t1 - t0) / 1000,
      scoreTime: (t2 - t1) / 1000,
    };
    if (job.returnTrainScore) {
      const yTrain = ctx.y === undefined ? [] : takeTargets(ctx.y, job.train);
      const Xtrain = takeRows(ctx.X, job.train);
      result.trainScores = ctx.scorers.map((scorer) =>
        checkScore(scorer(est, Xtrain, yTrain), 'train'),
      );
    }
    if (job.returnEstimator) result.estimator = est;
    return result;
  }
  if (job.kind === 'task') return runTask(ctx, job);
  if (job.kind === 'predict') {
    const est = fitClone(ctx, job.train, ctx.y);
    const method = est[job.method] as ((X: Matrix2D) => unknown) | undefined;
    if (typeof method !== 'function') {
      throw new ValidationError(
        `${est.constructor.name} has no ${job.method}() method, so crossValPredict cannot use method '${job.method}'.`,
      );
    }
    const predictions = method.call(est, takeRows(ctx.X, job.test)) as PredictResult['predictions'];
    const result: PredictResult = { kind: 'predict', predictions };
    if (est.classes_ !== undefined) result.classes = [...est.classes_];
    return result;
  }
  const y = job.order === null || ctx.y === undefined ? ctx.y : takeTargets(ctx.y, job.order);
  const scorer = ctx.scorers[0] as ScoringFunction;
  const scores = new Float64Array(job.folds.length);
  for (let f = 0; f < job.folds.length; f++) {
    const { train, test } = job.folds[f] as Split;
    const est = fitClone(ctx, train, y);
    const yTest = y === undefined ? [] : takeTargets(y, test);
    scores[f] = checkScore(scorer(est, takeRows(ctx.X, test), yTest), 'test');
  }
  return { kind: 'permutation', score: numpyMean(scores) };
}
