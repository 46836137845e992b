/**
 * `GridSearchCV`: scikit-learn's exhaustive search over a parameter grid by cross-validation,
 * itself an estimator (the best candidate refitted on all the data).
 *
 * @module
 */
import {
  BaseEstimator,
  checkIsFitted,
  type Label,
  type Matrix2D,
  type MatrixLike,
  NotFittedError,
  numpyMean,
  toMatrix,
  ValidationError,
} from '@voxelkit/core';
import { getScorer, resolveScoring, type Scoring } from '@voxelkit/metrics';
import type { CvLike } from './check-cv.js';
import { allSplits, prepareInputs } from './cross-validation.js';
import {
  type CrossValEstimator,
  type FoldJob,
  type JobContext,
  runJob,
  type ScoreResult,
} from './fit-and-score.js';
import { ParameterGrid, type ParamGridSpec } from './parameter-grid.js';
import { type ParallelOptions, runJobs } from './workers/pool.js';

/** Hyper-parameters of {@link GridSearchCV}. */
export interface GridSearchCVParams {
  /** The estimator to tune (never fitted itself; each fit uses a clone). */
  estimator: CrossValEstimator;
  /** Candidate values by parameter name (`step__param` for a Pipeline), or a list of grids. */
  paramGrid: ParamGridSpec | readonly ParamGridSpec[];
  /** A scorer name or function; default: the estimator's `score`. */
  scoring: Scoring | undefined;
  /** Refit the best candidate on the whole data (default true). */
  refit: boolean;
  /** The splitter, a number of folds, or explicit splits (default 5, stratified for classifiers). */
  cv: CvLike | undefined;
  /** Workers for {@link GridSearchCV.fitAsync} (`fit` runs on the calling thread). */
  nJobs: number | undefined;
}

/** scikit-learn's `cv_results_`, one entry per candidate (in {@link ParameterGrid} order). */
export interface GridSearchResults {
  params: Record<string, unknown>[];
  meanTestScore: Float64Array;
  /** Population standard deviation over the splits. */
  stdTestScore: Float64Array;
  /** 1 = best; ties share the smallest rank (scipy's `rankdata(method='min')`). */
  rankTestScore: Int32Array;
  /** `splitTestScores[s][c]`: candidate c's score on split s (`split<s>_test_score`). */
  splitTestScores: Float64Array[];
  /** Seconds per fit (mean, std over splits); this and the three below are non-enumerable. */
  meanFitTime: Float64Array;
  stdFitTime: Float64Array;
  meanScoreTime: Float64Array;
  stdScoreTime: Float64Array;
}

function std(values: Float64Array, mean: number): number {
  const sq = values.map((v) => (v - mean) ** 2);
  return Math.sqrt(numpyMean(sq));
}

/** Ranks of `-means` with ties at the minimum rank; NaN means rank with the worst. */
function rankMin(means: Float64Array): Int32Array {
  const n = means.length;
  const out = new Int32Array(n);
  if (means.every(Number.isNaN)) return out.fill(1);
  let lowest = Number.POSITIVE_INFINITY;
  for (const m of means) if (!Number.isNaN(m) && m < lowest) lowest = m;
  const vals = means.map((m) => (Number.isNaN(m) ? lowest - 1 : m));
  for (let i = 0; i < n; i++) {
    let better = 0;
    for (let j = 0; j < n; j++) if ((vals[j] as number) > (vals[i] as number)) better++;
    out[i] = better + 1;
  }
  return out;
}

/**
 * Exhaustive grid search by cross-validation (scikit-learn's `GridSearchCV`). Each candidate of
 * the {@link ParameterGrid} is scored on every split; the best mean test score wins (the first
 * candidate among ties), and with `refit` a clone with those parameters is fitted on all the
 * data and serves `predict`, `decisionFunction`, `predictProba` and `score`.
 *
 * `fit` runs every fold on the calling thread; `await fitAsync(X, y)` spreads them over `nJobs`
 * workers with identical results.
 *
 * @example
 * ```ts
 * const search = new GridSearchCV({ estimator: new LinearSVC(), paramGrid: { C: [1, 10, 100] }, cv: 5 });
 * search.fit(X, y);
 * search.bestParams_; // { C: 10 }
 * search.cvResults_.meanTestScore;
 * ```
 */
export class GridSearchCV extends BaseEstimator<GridSearchCVParams> {
  /** Parameters of the best candidate. */
  bestParams_?: Record<string, unknown>;
  /** Its mean test score. */
  bestScore_?: number;
  /** Its index in `cvResults_`. */
  bestIndex_?: number;
  /** The best candidate refitted on all the data (when `refit`). */
  bestEstimator_?: CrossValEstimator;
  /** Per-candidate results. */
  cvResults_?: GridSearchResults;
  /** Number of splits. */
  nSplits_?: number;
  /** Number of features seen by fit. */
  nFeaturesIn_?: number;

  static readonly estimatorName: string = 'GridSearchCV';

  constructor(params: Partial<GridSearchCVParams> & Pick<GridSearchCVParams, 'estimator'>) {
    super({
      paramGrid: {},
      scoring: undefined,
      refit: true,
      cv: undefined,
      nJobs: undefined,
      ...params,
    } as GridSearchCVParams);
  }

  /** `'classifier'` or `'regressor'`, as the tuned estimator. */
  get estimatorType(): string | undefined {
    return (this.params.estimator as { estimatorType?: string } | undefined)?.estimatorType;
  }

  /** Sorted classes of the refitted best estimator. */
  get classes_(): Label[] | undefined {
    return this.bestEstimator_?.classes_;
  }

  private prepare(X: MatrixLike, y: ArrayLike<Label> | undefined, groups?: ArrayLike<Label>) {
    const { estimator, paramGrid } = this.params;
    const prepared = prepareInputs(estimator, X, y, this.params.cv, groups);
    const candidates = [...new ParameterGrid(paramGrid)];
    for (const params of candidates) {
      // An unknown name throws here (BaseEstimator.setParams), before any fit.
      estimator.clone().setParams(params as never);
    }
    const scoring = resolveScoring(this.params.scoring);
    const splits = allSplits(prepared);
    const jobs: FoldJob[] = [];
    for (const params of candidates) {
      for (const { train, test } of splits) {
        jobs.push({
          kind: 'score',
          train,
          test,
          returnTrainScore: false,
          returnEstimator: false,
          params,
        });
      }
    }
    const ctx: JobContext = {
      estimator: prepared.estimator,
      X: prepared.X,
      y: prepared.y,
      scorers: scoring.scorers,
    };
    return { ctx, candidates, nSplits: splits.length, jobs, specs: scoring.specs };
  }

  private finish(
    ctx: JobContext,
    candidates: Record<string, unknown>[],
    nSplits: number,
    results: ScoreResult[],
  ): this {
    const nc = candidates.length;
    const splitTestScores = Array.from({ length: nSplits }, () => new Float64Array(nc));
    const meanTestScore = new Float64Array(nc);
    const stdTestScore = new Float64Array(nc);
    const meanFitTime = new Float64Array(nc);
    const stdFitTime = new Float64Array(nc);
    const meanScoreTime = new Float64Array(nc);
    const stdScoreTime = new Float64Array(nc);
    for (let c = 0; c < nc; c++) {
      const rs = results.slice(c * nSplits, (c + 1) * nSplits);
      const scores = Float64Array.from(rs, (r) => r.testScores[0] as number);
      scores.forEach((v, s) => {
        (splitTestScores[s] as Float64Array)[c] = v;
      });
      meanTestScore[c] = numpyMean(scores);
      stdTestScore[c] = std(scores, meanTestScore[c] as number);
      const fit = Float64Array.from(rs, (r) => r.fitTime);
      const sc = Float64Array.from(rs, (r) => r.scoreTime);
      meanFitTime[c] = numpyMean(fit);
      stdFitTime[c] = std(fit, meanFitTime[c] as number);
      meanScoreTime[c] = numpyMean(sc);
      stdScoreTime[c] = std(sc, meanScoreTime[c] as number);
    }
    const rankTestScore = rankMin(meanTestScore);
    let best = 0;
    for (let c = 1; c < nc; c++)
      if ((rankTestScore[c] as number) < (rankTestScore[best] as number)) best = c;
    const table = {
      params: candidates,
      meanTestScore,
      stdTestScore,
      rankTestScore,
      splitTestScores,
    };
    // The timings vary from fit to fit: readable, but not enumerable, so that two fits on the
    // same data compare equal (the conformance suite's determinism check).
    const times = { meanFitTime, stdFitTime, meanScoreTime, stdScoreTime };
    for (const [key, value] of Object.entries(times)) {
      Object.defineProperty(table, key, { value, enumerable: false });
    }
    this.cvResults_ = table as GridSearchResults;
    this.bestIndex_ = best;
    this.bestScore_ = meanTestScore[best] as number;
    this.bestParams_ = { ...(candidates[best] as Record<string, unknown>) };
    this.nSplits_ = nSplits;
    this.nFeaturesIn_ = ctx.X.cols;
    this.bestEstimator_ = undefined;
    if (this.params.refit) {
      const est = this.params.estimator.clone().setParams(this.bestParams_ as never);
      if (ctx.y === undefined) est.fit(ctx.X);
      else est.fit(ctx.X, ctx.y as ArrayLike<Label>);
      this.bestEstimator_ = est;
    }
    return this;
  }

  /**
   * Scores every candidate on every split on the calling thread, then refits the best.
   *
   * @param groups group labels for group splitters (e.g. LeaveOneGroupOut)
   * @throws ValidationError for a grid naming a parameter the estimator does not have, bad
   *   input, or an invalid `cv`/`scoring`.
   */
  fit(X: MatrixLike, y?: ArrayLike<Label>, groups?: ArrayLike<Label>): this {
    const { ctx, candidates, nSplits, jobs } = this.prepare(X, y, groups);
    const results = jobs.map((job) => runJob(ctx, job) as ScoreResult);
    return this.finish(ctx, candidates, nSplits, results);
  }

  /** As {@link GridSearchCV.fit}, with the folds on `nJobs` worker threads (same results). */
  async fitAsync(
    X: MatrixLike,
    y?: ArrayLike<Label>,
    groups?: ArrayLike<Label>,
    options: Omit<ParallelOptions, 'nJobs'> = {},
  ): Promise<this> {
    const { ctx, candidates, nSplits, jobs, specs } = this.prepare(X, y, groups);
    const parallel: ParallelOptions = { ...options };
    if (this.params.nJobs !== undefined) parallel.nJobs = this.params.nJobs;
    const results = (await runJobs(ctx, specs, jobs, parallel)) as ScoreResult[];
    return this.finish(ctx, candidates, nSplits, results);
  }

  private best(): CrossValEstimator {
    checkIsFitted(this, 'cvResults_');
    if (this.bestEstimator_ === undefined) {
      throw new NotFittedError(
        'This GridSearchCV was fitted with refit: false, so it has no best estimator to predict with. Use refit: true.',
      );
    }
    return this.bestEstimator_;
  }

  private call<T>(
    name: 'predict' | 'decisionFunction' | 'predictProba' | 'transform',
    X: MatrixLike,
  ): T {
    const est = this.best() as unknown as Record<string, ((X: Matrix2D) => T) | undefined>;
    const method = est[name];
    if (typeof method !== 'function') {
      throw new ValidationError(
        `${this.params.estimator.constructor.name} has no ${name}() method.`,
      );
    }
    return method.call(est, toMatrix(X));
  }

  /** Predictions of the best estimator. */
  predict(X: MatrixLike): Label[] | Float64Array {
    return this.call('predict', X);
  }

  /** Decision values of the best estimator. */
  decisionFunction(X: MatrixLike): Float64Array | Matrix2D {
    return this.call('decisionFunction', X);
  }

  /** Class probabilities of the best estimator. */
  predictProba(X: MatrixLike): Matrix2D {
    return this.call('predictProba', X);
  }

  /** The search's scoring (default: the estimator's `score`) of the best estimator on (X, y). */
  score(X: MatrixLike, y: ArrayLike<Label>): number {
    const est = this.best();
    return getScorer(this.params.scoring)(est, toMatrix(X), y as Label[]);
  }
}
