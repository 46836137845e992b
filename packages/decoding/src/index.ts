/**
 * `@voxelkit/decoding`: nilearn 0.10.4's `Decoder`, `DecoderRegressor` and `SearchLight`, with
 * nilearn's estimator names, on voxelkit's masker, estimators and cross-validation.
 *
 * @packageDocumentation
 */

export { BaseDecoder, Decoder, type DecoderParams, DecoderRegressor } from './decoder.js';
export {
  CLASSIFIER_NAMES,
  type ClassifierName,
  defaultParamGrid,
  type EstimatorName,
  geomspace,
  isClassifierName,
  isRegressorName,
  type ParamGrid,
  REGRESSOR_NAMES,
  type RegressorName,
  type ResolveEstimatorOptions,
  resolveEstimator,
  SUPPORTED_ESTIMATORS,
} from './estimator-names.js';
export {
  adjustScreeningPercentile,
  checkFeatureScreening,
  DecoderWarning,
  MNI152_BRAIN_VOLUME,
  maskVolume,
} from './screening.js';
export {
  SearchLight,
  type SearchLightFitOptions,
  type SearchLightParams,
  type SearchLightProgress,
} from './searchlight/search-light.js';
