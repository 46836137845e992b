/**
 * Scoring by name (`'accuracy'`, `'roc_auc'`, `'f1_macro'`, `'r2'`, …), as scikit-learn's
 * `scoring=` strings (scikit-learn's `get_scorer`), or by a function `(estimator, X, y) => number`.
 * Names map to this package's metrics.
 *
 * @module
 */
import { type Label, type Matrix2D, ValidationError } from '@voxelkit/core';
import { accuracyScore } from './accuracy.js';
import { balancedAccuracyScore } from './balanced-accuracy.js';
import { type Average, f1Score, precisionScore, recallScore } from './precision-recall-f1.js';
import { r2Score } from './r2.js';
import { rocAucScore } from './roc-auc.js';

/** A fitted estimator as scorers see it: `predict`, and maybe `score`, decision or probabilities. */
export interface ScorableEstimator {
  classes_?: Label[];
  predict?(X: Matrix2D): ArrayLike<Label>;
  score?(X: Matrix2D, y: ArrayLike<Label>): number;
  decisionFunction?(X: Matrix2D): Float64Array | Matrix2D;
  predictProba?(X: Matrix2D): Matrix2D;
}

/** A scoring function: higher is better (as scikit-learn's scorers). */
export type ScoringFunction = (
  estimator: ScorableEstimator,
  X: Matrix2D,
  y: ArrayLike<Label>,
) => number;

/** A scorer name (see {@link SCORER_NAMES}) or a {@link ScoringFunction}. */
export type Scoring = string | ScoringFunction;

function predictOf(estimator: ScorableEstimator, X: Matrix2D, name: string): ArrayLike<Label> {
  if (typeof estimator.predict !== 'function') {
    throw new ValidationError(`Scoring "${name}" needs an estimator with predict().`);
  }
  return estimator.predict(X);
}

/**
 * The positive class of binary precision/recall/F1: `1` when it is one of the classes (as
 * scikit-learn's `pos_label=1`), otherwise the greater class (`classes_[1]`), so that string
 * labels such as face/cat work (scikit-learn would raise there).
 */
function positiveLabel(estimator: ScorableEstimator, y: ArrayLike<Label>): Label {
  const classes = estimator.classes_ ?? [];
  if (classes.includes(1)) return 1;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) return 1;
  const last = classes[classes.length - 1];
  if (last === undefined) {
    throw new ValidationError(
      'Binary precision/recall/F1 scoring needs a fitted classifier with classes_.',
    );
  }
  return last;
}

type PRF = typeof precisionScore;

function prfScorer(metric: PRF, average: Average | 'binary', name: string): ScoringFunction {
  return (estimator, X, y) => {
    const pred = predictOf(estimator, X, name);
    if (average === 'binary') {
      return metric(y, pred, { average, posLabel: positiveLabel(estimator, y) });
    }
    return metric(y, pred, { average });
  };
}

function rocAucScorer(estimator: ScorableEstimator, X: Matrix2D, y: ArrayLike<Label>): number {
  const classes = estimator.classes_;
  const posLabel = classes && classes.length === 2 ? classes[1] : undefined;
  const options = posLabel === undefined ? {} : { posLabel };
  if (typeof estimator.decisionFunction === 'function') {
    return rocAucScore(y, estimator.decisionFunction(X), options);
  }
  if (typeof estimator.predictProba === 'function') {
    return rocAucScore(y, estimator.predictProba(X), options);
  }
  throw new ValidationError(
    'Scoring "roc_auc" needs an estimator with decisionFunction() or predictProba().',
  );
}

function toNumbers(values: ArrayLike<Label>, what: string): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') {
      throw new ValidationError(`Scoring "r2" needs numeric ${what}; got ${JSON.stringify(v)}.`);
    }
    out[i] = v;
  }
  return out;
}

const SCORERS: Record<string, ScoringFunction> = {
  accuracy: (e, X, y) => accuracyScore(y, predictOf(e, X, 'accuracy')),
  balanced_accuracy: (e, X, y) => balancedAccuracyScore(y, predictOf(e, X, 'balanced_accuracy')),
  roc_auc: rocAucScorer,
  r2: (e, X, y) =>
    r2Score(toNumbers(y, 'targets'), toNumbers(predictOf(e, X, 'r2'), 'predictions')),
};
for (const [metricName, metric] of [
  ['precision', precisionScore],
  ['recall', recallScore],
  ['f1', f1Score],
] as const) {
  SCORERS[metricName] = prfScorer(metric, 'binary', metricName);
  for (const average of ['macro', 'micro', 'weighted'] as const) {
    SCORERS[`${metricName}_${average}`] = prfScorer(metric, average, `${metricName}_${average}`);
  }
}

/** The scorer names {@link getScorer} accepts (scikit-learn's names). */
export const SCORER_NAMES: readonly string[] = Object.freeze(Object.keys(SCORERS).sort());

/** The estimator's own `score` method (scikit-learn's default scoring). */
export function defaultScore(
  estimator: ScorableEstimator,
  X: Matrix2D,
  y: ArrayLike<Label>,
): number {
  if (typeof estimator.score !== 'function') {
    throw new ValidationError(
      `${estimator.constructor.name} has no score() method: pass a scoring name (e.g. 'accuracy') or function.`,
    );
  }
  return estimator.score(X, y);
}

/**
 * Resolves a {@link Scoring} to a function. `undefined` means the estimator's `score` method.
 *
 * @throws ValidationError for an unknown name (listing the valid ones).
 */
export function getScorer(scoring: Scoring | undefined | null): ScoringFunction {
  if (scoring === undefined || scoring === null) return defaultScore;
  if (typeof scoring === 'function') return scoring;
  if (typeof scoring === 'string' && Object.hasOwn(SCORERS, scoring)) {
    return SCORERS[scoring] as ScoringFunction;
  }
  throw new ValidationError(
    `Unknown scoring ${JSON.stringify(scoring)}. Use one of ${SCORER_NAMES.join(', ')}, or a function (estimator, X, y) => number.`,
  );
}

/** One scoring, a list of scorer names, or named scorings (scikit-learn's multi-metric form). */
export type MultiScoring = Scoring | readonly string[] | Readonly<Record<string, Scoring>>;

/** A {@link MultiScoring} resolved to parallel lists. */
export interface ResolvedScoring {
  /** Result keys: `'score'` for a single scoring, else the metric names. */
  names: string[];
  /** The scorer functions, in `names` order. */
  scorers: ScoringFunction[];
  /** What each came from (a name, a function, or undefined for `score()`), for worker threads. */
  specs: (Scoring | undefined)[];
}

/**
 * Resolves one or several scorings.
 *
 * @throws ValidationError for unknown names, an empty list or duplicate names.
 */
export function resolveScoring(scoring: MultiScoring | undefined | null): ResolvedScoring {
  if (
    scoring === undefined ||
    scoring === null ||
    typeof scoring === 'string' ||
    typeof scoring === 'function'
  ) {
    return { names: ['score'], scorers: [getScorer(scoring)], specs: [scoring ?? undefined] };
  }
  const entries: [string, Scoring][] = Array.isArray(scoring)
    ? (scoring as readonly string[]).map((name) => [name, name])
    : Object.entries(scoring as Record<string, Scoring>);
  if (entries.length === 0) {
    throw new ValidationError('scoring is an empty list: give at least one scorer name.');
  }
  const names = entries.map(([name]) => name);
  if (new Set(names).size !== names.length) {
    throw new ValidationError(
      `scoring lists a metric twice (${names.join(', ')}): names must be unique.`,
    );
  }
  return {
    names,
    scorers: entries.map(([, spec]) => getScorer(spec)),
    specs: entries.map(([, spec]) => spec),
  };
}
