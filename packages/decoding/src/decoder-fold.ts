/**
 * One (binary problem, outer fold) of a `Decoder` / `DecoderRegressor` fit — ANOVA screening,
 * the parameter grid, the fits, the chosen model — as a custom task of
 * `@voxelkit/model-selection`: plain data in, plain data out, the same code on the calling
 * thread, on worker threads and on `voxelkit-worker` processes.
 *
 * The code only compares estimators by `estimatorName` (never `instanceof`): on a bundled worker
 * the run's estimator comes from the worker's own copy of `@voxelkit/estimators`.
 *
 * @module
 */
import { type Estimator, type Matrix2D, takeRows } from '@voxelkit/core';
import type { SelectPercentile } from '@voxelkit/estimators';
import type { ScorableEstimator, ScoringFunction } from '@voxelkit/metrics';
import {
  ParameterGrid,
  type ParamGridSpec,
  type Split,
  type TaskContext,
} from '@voxelkit/model-selection';
import { defaultParamGrid, type ParamGrid } from './estimator-names.js';
import { screeningSelector } from './screening.js';

/** Name of the decoder's fold task in `taskHandlers` of `@voxelkit/decoding/tasks`. */
export const DECODER_FOLD_TASK = 'voxelkit/decoding:decoder-fold';

/** What every fold task of one decoder fit shares (sent once per worker). */
export interface DecoderShared {
  /** Classification (`Decoder`) or regression (`DecoderRegressor`). */
  classification: boolean;
  /** The target of each binary problem (±1 for one-vs-rest; the numbers for the regressor). */
  targets: Float64Array[];
  /** The outer splits. */
  folds: Split[];
  /** ANOVA screening percentile (after the mask-volume correction), or null for none. */
  screeningPercentile: number | null;
  /** The user's grid (already adapted to the estimator), or null for nilearn's default grid. */
  paramGrid: ParamGrid | null;
}

/** One fold task's own arguments. */
export interface DecoderFoldArgs {
  problem: number;
  fold: number;
  /** Inner splits of the fold's training rows (`innerCv`), or null for nilearn's selection. */
  innerSplits: Split[] | null;
}

/** What a fold task returns: the chosen grid point's model and score. */
export interface DecoderFoldOutput {
  problem: number;
  /** Weights over all the mask's features (zeros where screening dropped one). */
  coef: Float64Array | undefined;
  intercept: number | undefined;
  /** The chosen grid point (plus `bestC` / `bestAlpha` of the `*CV` estimators). */
  params: Record<string, unknown>;
  score: number;
  /** Dummy estimators: `classPrior_` or `[constant_]`. */
  dummy: Float64Array | undefined;
}

/** The weights of a fitted linear estimator (a copy), or undefined. */
export function coefOf(est: Estimator): Float64Array | undefined {
  const c = (est as { coef_?: Float64Array | Matrix2D }).coef_;
  if (c === undefined) return undefined;
  return c instanceof Float64Array ? c.slice() : Float64Array.from(c.data);
}

function interceptOf(est: Estimator): number {
  const b = (est as { intercept_?: number | Float64Array }).intercept_;
  if (typeof b === 'number') return b;
  return b === undefined ? 0 : ((b[0] as number) ?? 0);
}

function scoreOf(
  classification: boolean,
  est: Estimator,
  scorer: ScoringFunction,
  X: Matrix2D,
  y: number[],
): number {
  const score = scorer(est as unknown as ScorableEstimator, X, y);
  if (classification) {
    const coef = coefOf(est);
    if (coef?.every((v) => v === 0)) return 0;
  }
  return score;
}

type Fittable = Estimator & { fit(X: Matrix2D, y: number[]): unknown };

/**
 * Fits one (problem, fold): screening on the training rows (more than 100 features), then every
 * grid point, keeping the last best — by the fold's own test score as nilearn 0.10.4, or by the
 * mean score over `innerSplits` — with its weights mapped back to all features.
 *
 * @throws ValidationError from the estimator, the scorer or the grid (e.g. a dummy `'constant'`).
 */
export function fitDecoderFold(
  args: DecoderFoldArgs,
  ctx: TaskContext<DecoderShared>,
): DecoderFoldOutput {
  const { classification, targets, folds, screeningPercentile } = ctx.shared;
  const { problem } = args;
  const y = targets[problem] as Float64Array;
  const fold = folds[args.fold] as Split;
  const proto = ctx.estimator as unknown as Estimator;
  const scorer = ctx.scorers[0] as ScoringFunction;
  let Xtr: Matrix2D = takeRows(ctx.X, fold.train);
  let Xte: Matrix2D = takeRows(ctx.X, fold.test);
  const ytr = Array.from(fold.train, (i) => y[i] as number);
  const yte = Array.from(fold.test, (i) => y[i] as number);
  let selector: SelectPercentile | undefined;
  if (Xtr.cols > 100 && screeningPercentile !== null) {
    selector = screeningSelector(screeningPercentile, classification).fit(Xtr, ytr);
    Xtr = selector.transform(Xtr);
    Xte = selector.transform(Xte);
  }
  const grid = new ParameterGrid(
    (ctx.shared.paramGrid ?? defaultParamGrid(proto, Xtr, ytr)) as
      | ParamGridSpec
      | readonly ParamGridSpec[],
  );
  const allParams = new Set<string>();
  for (const params of grid) for (const k of Object.keys(params)) allParams.add(k);
  // The (inherited) static name: a subclass of LinearSVC counts as one, as with instanceof.
  const name = (proto.constructor as { estimatorName?: string }).estimatorName ?? '';
  let best: DecoderFoldOutput | undefined;
  let bestSelection = Number.NEGATIVE_INFINITY;
  for (const params of grid) {
    const est = (proto.clone() as Fittable).setParams(params as never) as Fittable;
    let selection: number | undefined;
    if (args.innerSplits !== null) {
      let sum = 0;
      for (const s of args.innerSplits) {
        const e = (proto.clone() as Fittable).setParams(params as never) as Fittable;
        e.fit(
          takeRows(Xtr, s.train),
          Array.from(s.train, (i) => ytr[i] as number),
        );
        sum += scoreOf(
          classification,
          e,
          scorer,
          takeRows(Xtr, s.test),
          Array.from(s.test, (i) => ytr[i] as number),
        );
      }
      selection = sum / args.innerSplits.length;
    }
    est.fit(Xtr, ytr);
    const score = scoreOf(classification, est, scorer, Xte, yte);
    const chosenBy = selection ?? score;
    if (best === undefined || chosenBy >= bestSelection) {
      bestSelection = chosenBy;
      const coef = coefOf(est);
      const record: Record<string, unknown> = { ...params };
      if (name === 'RidgeCV' || name === 'RidgeClassifierCV' || name === 'LassoCV') {
        record.bestAlpha = (est as { alpha_?: number }).alpha_;
      } else if (name === 'LogisticRegressionCV') {
        record.bestC = (est as { C_?: Float64Array }).C_?.[0];
      }
      const own = est.getParams() as Record<string, unknown>;
      for (const k of allParams) if (!(k in record)) record[k] = own[k];
      let dummy: Float64Array | undefined;
      if (name === 'DummyClassifier') {
        dummy = ((est as { classPrior_?: Float64Array }).classPrior_ as Float64Array).slice();
      } else if (name === 'DummyRegressor') {
        dummy = Float64Array.of((est as { constant_?: number }).constant_ as number);
      }
      best = {
        problem,
        coef,
        intercept: coef === undefined ? undefined : interceptOf(est),
        params: record,
        score,
        dummy,
      };
    }
  }
  const out = best as DecoderFoldOutput;
  if (out.coef !== undefined && selector !== undefined) {
    out.coef = Float64Array.from(
      selector.inverseTransform({ data: out.coef, rows: 1, cols: out.coef.length }).data,
    );
  }
  return out;
}
