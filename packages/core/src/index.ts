/**
 * `@voxelkit/core`: the estimator contract, 2-D numeric inputs, a numpy-compatible seeded random
 * generator, typed errors and a baseline classifier.
 *
 * @packageDocumentation
 */
export {
  DummyClassifier,
  type DummyClassifierParams,
  type DummyStrategy,
} from './dummy-classifier.js';
export {
  ConvergenceWarning,
  FetchError,
  NiftiError,
  NotFittedError,
  setWarningHandler,
  ValidationError,
  VoxelkitError,
  type WarningHandler,
  warn,
} from './errors.js';
export {
  BaseEstimator,
  type Classifier,
  checkIsFitted,
  checkNFeatures,
  type Estimator,
  isClassifier,
  isRegressor,
  type Regressor,
  type Transformer,
} from './estimator.js';
export {
  defineRegistry,
  type EstimatorClass,
  type EstimatorRegistry,
  estimatorNameOf,
  mergeRegistries,
} from './estimator-registry.js';
export {
  compareLabels,
  encodeLabels,
  type Label,
  type Matrix2D,
  type MatrixLike,
  type MatrixLikeObject,
  type ShapedArray,
  type ToMatrixOptions,
  takeRows,
  toArrays,
  toLabels,
  toMatrix,
  uniqueLabels,
  zeros,
} from './matrix.js';
export { numpyMean, pairwiseSum } from './numpy-sum.js';
export { checkRandomState, RandomState, type RandomStateLike } from './random.js';
