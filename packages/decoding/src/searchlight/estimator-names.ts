/**
 * The estimator names `SearchLight` accepts, as nilearn 0.10.4's `ESTIMATOR_CATALOG` in
 * `nilearn/decoding/searchlight.py`. It is its own table, not the decoder's
 * (`../estimator-names.ts`): nilearn's searchlight `'svc'` is `LinearSVC()` with its defaults
 * (`maxIter` 1000) and `'svr'` an RBF `SVR()`, where the decoder's are `maxIter: 10000` and a
 * linear `SVR`.
 *
 * @module
 */
import { type Estimator, ValidationError } from '@voxelkit/core';
import { LinearSVC, SVR } from '@voxelkit/estimators';

/** Estimator names of `SearchLight`. */
export type SearchLightEstimatorName = 'svc' | 'svr';

/** The names, for messages. */
export const SEARCH_LIGHT_ESTIMATOR_NAMES: readonly SearchLightEstimatorName[] = ['svc', 'svr'];

/**
 * A fresh estimator for `name`: `'svc'` is `LinearSVC` with scikit-learn's defaults and
 * `dual: true` (nilearn's `LinearSVC(dual=True)`; ours is seeded, `randomState` 0, where
 * nilearn's liblinear order is unseeded), `'svr'` is `SVR()` with its defaults (RBF kernel).
 *
 * @throws ValidationError for another name.
 */
export function searchLightEstimator(name: string): Estimator {
  if (name === 'svc') return new LinearSVC({ dual: true, randomState: 0 });
  if (name === 'svr') return new SVR();
  throw new ValidationError(
    `Unknown estimator name ${JSON.stringify(name)} for SearchLight. Use 'svc' (LinearSVC) or 'svr' (SVR), ` +
      'or pass an estimator instance such as new SVC({ kernel: "linear" }).',
  );
}
