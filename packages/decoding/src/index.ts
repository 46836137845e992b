/**
 * `@voxelkit/decoding`: nilearn.decoding's `Decoder`, `DecoderRegressor` and `SearchLight`,
 * built on `@voxelkit/estimators`, `@voxelkit/model-selection` and `@voxelkit/masking`.
 *
 * @packageDocumentation
 */

export {
  SearchLight,
  type SearchLightFitOptions,
  type SearchLightParams,
  type SearchLightProgress,
} from './searchlight/search-light.js';
