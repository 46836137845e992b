/**
 * `@voxelkit/core`: the estimator contract, 2-D numeric inputs, a numpy-compatible seeded random
 * generator and typed errors.
 *
 * @packageDocumentation
 */
export {
  ConvergenceWarning,
  FetchError,
  type FetchErrorCode,
  NiftiError,
  NotFittedError,
  setWarningHandler,
  ValidationError,
  VoxelkitError,
  VoxelkitWarning,
  type WarningHandler,
  warn,
} from './errors.js';
export {
  type AsyncClassifier,
  type AsyncEstimator,
  type AsyncRegressor,
  type AsyncTransformer,
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
  type FloatArray,
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
export {
  type FloatDType,
  formatArray,
  type PrintableArray,
  pyFloat,
  pyRepr,
  pyStr,
  pyTuple,
} from './py-print.js';
export { checkRandomState, RandomState, type RandomStateLike } from './random.js';
