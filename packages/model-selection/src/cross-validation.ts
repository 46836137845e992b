/**
 * `crossValScore`, `crossValidate` and `crossValPredict`: scikit-learn's cross-validation
 * functions. Each fold fits a clone of the estimator (the caller's estimator is never fitted);
 * with `nJobs > 1` folds run on worker threads with identical results.
 *
 * @module
 */
import {
  isClassifier,
  type Label,
  type Matrix2D,
  type MatrixLike,
  toLabels,
  toMatrix,
  uniqueLabels,
  ValidationError,
  VoxelkitWarning,
  warn,
} from '@voxelkit/core';
import { getScorer, type MultiScoring, resolveScoring, type Scoring } from '@voxelkit/metrics';
import { type CvLike, checkCv } from './check-cv.js';
import type {
  CrossValEstimator,
  FoldJob,
  PredictMethod,
  PredictResult,
  ScoreResult,
  Targets,
} from './fit-and-score.js';
import type { Split, Splitter } from './splitters/splitter.js';
import { type ParallelOptions, runJobs } from './workers/pool.js';

/**
 * Warned by `crossValPredict` when a training fold lacks some of the classes (scikit-learn warns
 * there too): the missing classes' columns get the method's fill value. Use stratified folds.
 */
export class FoldClassesWarning extends VoxelkitWarning {}

/** Options of {@link crossValScore}. */
export interface CrossValScoreOptions extends ParallelOptions {
  /**
   * The splitter, a number of folds, or explicit `{ train, test }` pairs. Default: 5 folds —
   * `StratifiedKFold` (no shuffle) for classifiers, `KFold` otherwise.
   */
  cv?: CvLike;
  /** Group label of each sample, for group splitters (LeaveOneGroupOut, GroupKFold, …). */
  groups?: ArrayLike<Label>;
  /** A scorer name (`'accuracy'`, `'roc_auc'`, …) or function; default: the estimator's `score`. */
  scoring?: Scoring;
}

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions extends Omit<CrossValScoreOptions, 'scoring'> {
  /**
   * One scoring (name or function; default: the estimator's `score`), a list of scorer names, or
   * named scorings `{ name: scoring }` — each fold is scored with every metric.
   */
  scoring?: MultiScoring;
  /** Also score each fold's training set (default false). */
  returnTrainScore?: boolean;
  /** Return each fold's fitted estimator (default false). */
  returnEstimator?: boolean;
}

/** The result of {@link crossValidate} (one entry per fold, in split order). */
export interface CrossValidateResult<E> {
  /** Test scores of the (first) metric. */
  testScore: Float64Array;
  /** Train scores of the (first) metric; present when `returnTrainScore` is true. */
  trainScore?: Float64Array;
  /**
   * Test scores by metric name (scikit-learn's `test_<name>`; the key is `'score'` for a single
   * scoring).
   */
  testScores: Record<string, Float64Array>;
  /** Train scores by metric name, when `returnTrainScore` is true. */
  trainScores?: Record<string, Float64Array>;
  /** Seconds spent fitting. */
  fitTime: Float64Array;
  /** Seconds spent scoring the test set. */
  scoreTime: Float64Array;
  /** The fitted estimators, when `returnEstimator` is true. */
  estimator?: E[];
}

/** Options of {@link crossValPredict}. */
export interface CrossValPredictOptions extends ParallelOptions {
  /** As in {@link CrossValScoreOptions}; the test sets must partition the samples. */
  cv?: CvLike;
  groups?: ArrayLike<Label>;
  /** The method whose output is collected (default `'predict'`). */
  method?: PredictMethod;
}

/** Validated inputs shared by the cross-validation functions. */
export interface PreparedInputs {
  estimator: CrossValEstimator;
  X: Matrix2D;
  y: Targets | undefined;
  groups: ArrayLike<Label> | undefined;
  cv: Splitter;
}

/** Checks and converts the arguments every cross-validation function takes. */
export function prepareInputs(
  estimator: unknown,
  X: MatrixLike,
  y: ArrayLike<Label> | undefined | null,
  cv: CvLike | undefined,
  groups: ArrayLike<Label> | undefined,
): PreparedInputs {
  if (
    typeof estimator !== 'object' ||
    estimator === null ||
    typeof (estimator as CrossValEstimator).fit !== 'function' ||
    typeof (estimator as CrossValEstimator).clone !== 'function'
  ) {
    throw new ValidationError(
      'estimator must be a voxelkit estimator (with fit() and clone(), e.g. new SVC({ kernel: "linear" })).',
    );
  }
  const Xm = toMatrix(X);
  let targets: Targets | undefined;
  if (y !== undefined && y !== null) {
    if (ArrayBuffer.isView(y)) {
      if (y.length !== Xm.rows) {
        throw new ValidationError(
          `y has ${y.length} values but X has ${Xm.rows} samples: give one target per sample.`,
        );
      }
      targets = Float64Array.from(y as unknown as ArrayLike<number>);
    } else targets = toLabels(y, Xm.rows);
  }
  if (groups !== undefined && groups !== null && groups.length !== Xm.rows) {
    throw new ValidationError(
      `groups has ${groups.length} entries but X has ${Xm.rows} samples: give one group label per sample.`,
    );
  }
  return {
    estimator: estimator as CrossValEstimator,
    X: Xm,
    y: targets,
    groups: groups ?? undefined,
    cv: checkCv(cv, targets as ArrayLike<Label> | undefined, isClassifier(estimator)),
  };
}

/** All splits of the prepared inputs. */
export function allSplits(p: PreparedInputs, y: Targets | undefined = p.y): Split[] {
  return [...p.cv.split(p.X, y as ArrayLike<Label> | undefined, p.groups)];
}

/**
 * Evaluates a score by cross-validation (scikit-learn's `cross_val_score`): one test score per
 * split, in split order.
 *
 * @example
 * ```ts
 * const scores = await crossValScore(new SVC({ kernel: 'linear' }), X, y, {
 *   cv: new LeaveOneGroupOut(), groups: chunks, nJobs: 2,
 * });
 * ```
 * @throws ValidationError for inconsistent lengths, an invalid `cv`, an unknown scoring name, or
 *   (with `nJobs > 1`) an estimator that cannot cross into a worker.
 */
export async function crossValScore(
  estimator: CrossValEstimator,
  X: MatrixLike,
  y?: ArrayLike<Label> | null,
  options: CrossValScoreOptions = {},
): Promise<Float64Array> {
  return (await crossValidate(estimator, X, y, options)).testScore;
}

/**
 * Cross-validation with test (and optionally train) scores, fit/score times and, on request, the
 * fitted estimators (scikit-learn's `cross_validate` with a single metric).
 */
export async function crossValidate<E extends CrossValEstimator>(
  estimator: E,
  X: MatrixLike,
  y?: ArrayLike<Label> | null,
  options: CrossValidateOptions = {},
): Promise<CrossValidateResult<E>> {
  const p = prepareInputs(estimator, X, y, options.cv, options.groups);
  const scoring = resolveScoring(options.scoring);
  const jobs: FoldJob[] = allSplits(p).map(({ train, test }) => ({
    kind: 'score',
    train,
    test,
    returnTrainScore: options.returnTrainScore === true,
    returnEstimator: options.returnEstimator === true,
  }));
  const results = (await runJobs(
    { estimator: p.estimator, X: p.X, y: p.y, scorers: scoring.scorers },
    scoring.specs,
    jobs,
    options,
  )) as ScoreResult[];
  const collect = (pick: (r: ScoreResult) => number[] | undefined) => {
    const out: Record<string, Float64Array> = {};
    scoring.names.forEach((name, m) => {
      out[name] = Float64Array.from(results, (r) => (pick(r) as number[])[m] as number);
    });
    return out;
  };
  const testScores = collect((r) => r.testScores);
  const out: CrossValidateResult<E> = {
    testScore: testScores[scoring.names[0] as string] as Float64Array,
    testScores,
    fitTime: Float64Array.from(results, (r) => r.fitTime),
    scoreTime: Float64Array.from(results, (r) => r.scoreTime),
  };
  if (options.returnTrainScore) {
    out.trainScores = collect((r) => r.trainScores);
    out.trainScore = out.trainScores[scoring.names[0] as string];
  }
  if (options.returnEstimator) out.estimator = results.map((r) => r.estimator as E);
  return out;
}

function checkPartition(splits: Split[], n: number): void {
  const seen = new Uint8Array(n);
  let count = 0;
  for (const { test } of splits) {
    for (const i of test) {
      if (seen[i]) count = Number.NaN;
      seen[i] = 1;
      count++;
    }
  }
  if (count !== n) {
    throw new ValidationError(
      'crossValPredict only works for partitions: every sample must be in exactly one test set (use KFold, StratifiedKFold, GroupKFold or LeaveOneGroupOut, not ShuffleSplit).',
    );
  }
}

function isMatrix(value: unknown): value is Matrix2D {
  return typeof value === 'object' && value !== null && 'data' in value && 'cols' in value;
}

/**
 * Each sample's prediction from the fold where it was in the test set (scikit-learn's
 * `cross_val_predict`). `method: 'predict'` gives labels (or a Float64Array for regressors);
 * `'decisionFunction'` a Float64Array (binary) or matrix; `'predictProba'` an (n × classes)
 * matrix with columns in sorted class order (0 for classes a fold did not see, with a warning).
 *
 * @throws ValidationError when the test sets do not partition the samples, or the estimator
 *   lacks `method`.
 */
export async function crossValPredict(
  estimator: CrossValEstimator,
  X: MatrixLike,
  y?: ArrayLike<Label> | null,
  options: CrossValPredictOptions = {},
): Promise<Label[] | Float64Array | Matrix2D> {
  const method = options.method ?? 'predict';
  if (!['predict', 'decisionFunction', 'predictProba'].includes(method)) {
    throw new ValidationError(
      `Unknown method "${String(method)}": use 'predict', 'decisionFunction' or 'predictProba'.`,
    );
  }
  const p = prepareInputs(estimator, X, y, options.cv, options.groups);
  const splits = allSplits(p);
  checkPartition(splits, p.X.rows);
  const jobs: FoldJob[] = splits.map(({ train, test }) => ({
    kind: 'predict',
    train,
    test,
    method,
  }));
  const results = (await runJobs(
    { estimator: p.estimator, X: p.X, y: p.y, scorers: [getScorer(undefined)] },
    [undefined],
    jobs,
    options,
  )) as PredictResult[];
  const n = p.X.rows;
  const first = results[0]?.predictions;
  if (isMatrix(first)) {
    const classes = p.y === undefined ? [] : uniqueLabels(p.y as ArrayLike<Label>);
    const k = classes.length > 0 ? classes.length : first.cols;
    const fillValue = method === 'predictProba' ? 0 : -Number.MAX_VALUE;
    const data = new Float64Array(n * k);
    for (let f = 0; f < splits.length; f++) {
      const { test } = splits[f] as Split;
      const r = results[f] as PredictResult;
      const m = r.predictions as Matrix2D;
      const foldClasses = r.classes ?? classes;
      // Column of each of the fold's outputs in the full (sorted) class order.
      const column = Int32Array.from({ length: m.cols }, (_, j) => {
        const c = j < foldClasses.length ? classes.indexOf(foldClasses[j] as Label) : -1;
        return c >= 0 && c < k ? c : j;
      });
      if (foldClasses.length !== k) {
        if (method === 'decisionFunction' && foldClasses.length <= 2) {
          throw new ValidationError(
            `Only ${foldClasses.length} classes in a training fold but ${k} in the data: decisionFunction cannot be aligned. Use stratified folds.`,
          );
        }
        warn(
          new FoldClassesWarning(
            `Number of classes in a training fold (${foldClasses.length}) does not match the total number of classes (${k}). Use stratified folds.`,
          ),
        );
      }
      for (let i = 0; i < test.length; i++) {
        const row = (test[i] as number) * k;
        data.fill(fillValue, row, row + k);
        for (let j = 0; j < m.cols && j < k; j++) {
          data[row + (column[j] as number)] = m.data[i * m.cols + j] as number;
        }
      }
    }
    return { data, rows: n, cols: k };
  }
  const numeric = first instanceof Float64Array || method === 'decisionFunction';
  const out: Label[] | Float64Array = numeric ? new Float64Array(n) : new Array<Label>(n);
  for (let f = 0; f < splits.length; f++) {
    const { test } = splits[f] as Split;
    const pred = (results[f] as PredictResult).predictions as ArrayLike<Label>;
    if (pred.length !== test.length) {
      throw new ValidationError(
        `${method}() returned ${pred.length} values for ${test.length} test samples.`,
      );
    }
    for (let i = 0; i < test.length; i++) (out as Label[])[test[i] as number] = pred[i] as Label;
  }
  return out;
}
