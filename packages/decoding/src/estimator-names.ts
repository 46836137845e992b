/**
 * nilearn 0.10.4's estimator names (`'svc'`, `'logistic_l1'`, `'ridge'`, …) mapped to voxelkit
 * estimators with nilearn's settings, and nilearn's default parameter grids. Shared by `Decoder`,
 * `DecoderRegressor` and `SearchLight`.
 *
 * @module
 */
import { type Estimator, type Label, type Matrix2D, ValidationError } from '@voxelkit/core';
import {
  DummyClassifier,
  DummyRegressor,
  LassoCV,
  LinearSVC,
  LogisticRegressionCV,
  l1MinC,
  RidgeClassifierCV,
  RidgeCV,
  SVR,
} from '@voxelkit/estimators';

/** nilearn's classifier names (`Decoder`). */
export const CLASSIFIER_NAMES = [
  'svc_l1',
  'svc_l2',
  'svc',
  'logistic_l1',
  'logistic_l2',
  'logistic',
  'ridge_classifier',
  'dummy_classifier',
] as const;

/** nilearn's regressor names (`DecoderRegressor`). */
export const REGRESSOR_NAMES = [
  'ridge_regressor',
  'ridge',
  'lasso',
  'lasso_regressor',
  'svr',
  'dummy_regressor',
] as const;

/** A classifier name of nilearn's `SUPPORTED_ESTIMATORS`. */
export type ClassifierName = (typeof CLASSIFIER_NAMES)[number];
/** A regressor name of nilearn's `SUPPORTED_ESTIMATORS`. */
export type RegressorName = (typeof REGRESSOR_NAMES)[number];
/** Any name of nilearn's `SUPPORTED_ESTIMATORS`. */
export type EstimatorName = ClassifierName | RegressorName;

/** Every name of nilearn 0.10.4's `SUPPORTED_ESTIMATORS`, in its order. */
export const SUPPORTED_ESTIMATORS: readonly EstimatorName[] = Object.freeze([
  'svc_l1',
  'svc_l2',
  'svc',
  'logistic_l1',
  'logistic_l2',
  'logistic',
  'ridge_classifier',
  'ridge_regressor',
  'ridge',
  'lasso',
  'lasso_regressor',
  'svr',
  'dummy_classifier',
  'dummy_regressor',
]);

/** Options of {@link resolveEstimator}. */
export interface ResolveEstimatorOptions {
  /**
   * Seed of `LinearSVC`'s coordinate order (default 0). nilearn gives its `LinearSVC` no seed,
   * so its `'svc'` scores drift between runs; ours are reproducible.
   */
  randomState?: number;
}

/**
 * A fresh estimator for a nilearn name, with nilearn 0.10.4's settings:
 * `svc`/`svc_l2` = `LinearSVC({ penalty: 'l2', dual: true, maxIter: 1e4 })`,
 * `svc_l1` = `LinearSVC({ penalty: 'l1', dual: false, maxIter: 1e4 })`,
 * `logistic`/`logistic_l2`/`logistic_l1` = `LogisticRegressionCV({ penalty, solver: 'liblinear' })`,
 * `ridge_classifier` = `RidgeClassifierCV()`, `ridge`/`ridge_regressor` = `RidgeCV()`,
 * `lasso`/`lasso_regressor` = `LassoCV()`, `svr` = `SVR({ kernel: 'linear', maxIter: 1e4 })`,
 * `dummy_classifier` = `DummyClassifier({ strategy: 'stratified', randomState: 0 })`,
 * `dummy_regressor` = `DummyRegressor({ strategy: 'mean' })`.
 *
 * @example
 * ```ts
 * resolveEstimator('svc_l1'); // LinearSVC(penalty='l1', dual=False, max_iter=10000, random_state=0)
 * ```
 * @throws ValidationError for an unknown name (listing the known ones).
 */
export function resolveEstimator(name: string, options: ResolveEstimatorOptions = {}): Estimator {
  const randomState = options.randomState ?? 0;
  switch (name) {
    case 'svc':
    case 'svc_l2':
      return new LinearSVC({ penalty: 'l2', dual: true, maxIter: 10000, randomState });
    case 'svc_l1':
      return new LinearSVC({ penalty: 'l1', dual: false, maxIter: 10000, randomState });
    case 'logistic':
    case 'logistic_l2':
      return new LogisticRegressionCV({ penalty: 'l2', solver: 'liblinear' });
    case 'logistic_l1':
      return new LogisticRegressionCV({ penalty: 'l1', solver: 'liblinear' });
    case 'ridge_classifier':
      return new RidgeClassifierCV();
    case 'ridge':
    case 'ridge_regressor':
      return new RidgeCV();
    case 'lasso':
    case 'lasso_regressor':
      return new LassoCV();
    case 'svr':
      return new SVR({ kernel: 'linear', maxIter: 10000 });
    case 'dummy_classifier':
      return new DummyClassifier({ strategy: 'stratified', randomState: 0 });
    case 'dummy_regressor':
      return new DummyRegressor({ strategy: 'mean' });
    default:
      throw new ValidationError(
        `Invalid estimator ${JSON.stringify(name)}. Known estimators are: ${SUPPORTED_ESTIMATORS.join(', ')}; or pass an estimator instance.`,
      );
  }
}

/** True for the names a classifier decoder takes. */
export function isClassifierName(name: string): name is ClassifierName {
  return (CLASSIFIER_NAMES as readonly string[]).includes(name);
}

/** True for the names a regressor decoder takes. */
export function isRegressorName(name: string): name is RegressorName {
  return (REGRESSOR_NAMES as readonly string[]).includes(name);
}

/** numpy's `np.geomspace(start, stop, n)`: `10 ** linspace(log10 start, log10 stop)`, ends exact. */
export function geomspace(start: number, stop: number, n: number): number[] {
  const a = Math.log10(start);
  const b = Math.log10(stop);
  const step = (b - a) / (n - 1);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(10 ** (i * step + a));
  out[0] = start;
  out[n - 1] = stop;
  return out;
}

/** A parameter grid: values by parameter name (scikit-learn's `param_grid`), or a list of them. */
export type ParamGrid =
  | Record<string, readonly unknown[]>
  | readonly Record<string, readonly unknown[]>[];

/**
 * nilearn 0.10.4's `_default_param_grid` for an estimator on (screened) training data: `C` of
 * `LinearSVC`/`SVR` `[2, 20, 200] · minC`, `Cs` of `LogisticRegressionCV` one list
 * `geomspace(2e-3, 2e4, 8) · minC`, where `minC` is `l1MinC` for an L1 penalty and 0.5
 * otherwise; `alphas` of `RidgeCV`/`RidgeClassifierCV` one list `geomspace(1e-3, 1e4, 8)`;
 * `nAlphas: [30]` for `LassoCV`; nothing for the dummies.
 *
 * @throws ValidationError for an estimator that has no default grid (pass `paramGrid`).
 */
export function defaultParamGrid(
  estimator: Estimator,
  X: Matrix2D,
  y: ArrayLike<Label>,
): Record<string, unknown[]> {
  // By name, not instanceof: on a bundled worker the estimator comes from another module copy.
  const name = (estimator.constructor as { estimatorName?: string }).estimatorName;
  if (name === 'DummyClassifier' || name === 'DummyRegressor') {
    const strategy = (estimator.getParams() as { strategy: string }).strategy;
    if (strategy === 'constant') {
      throw new ValidationError(
        'Dummy estimators are implemented only for strategies "most_frequent", "prior", "stratified" (and "mean"/"median" for regression).',
      );
    }
    return {};
  }
  const penalty = (estimator.getParams() as { penalty?: string }).penalty;
  let minC = 0.5;
  if (penalty === 'l1' && name === 'LogisticRegressionCV') {
    minC = l1MinC(X, y, { loss: 'log' });
  } else if (penalty === 'l1' && name === 'LinearSVC') {
    minC = l1MinC(X, y, { loss: 'squared_hinge' });
  }
  if (name === 'RidgeCV' || name === 'RidgeClassifierCV') {
    return { alphas: [geomspace(1e-3, 1e4, 8)] };
  }
  if (name === 'LogisticRegressionCV') {
    return { Cs: [geomspace(2e-3, 2e4, 8).map((c) => c * minC)] };
  }
  if (name === 'LassoCV') return { nAlphas: [30] };
  if (name === 'LinearSVC' || name === 'SVR') {
    return { C: [2, 20, 200].map((c) => c * minC) };
  }
  throw new ValidationError(
    `${estimator.constructor.name} has no default parameter grid: pass paramGrid (e.g. { C: [1, 10] }), or {} for its own parameters, or use one of ${SUPPORTED_ESTIMATORS.join(', ')}.`,
  );
}
