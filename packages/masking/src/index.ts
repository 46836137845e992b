/**
 * `@voxelkit/masking`: nilearn's `NiftiMasker` (images ↔ scans × voxels matrices), signal
 * cleaning (`clean`, `detrend`, `standardizeSignal`, `butterworth`), mask computation
 * (`computeBackgroundMask`, `computeEpiMask`), `applyMask`/`unmask` and `smoothImg`.
 *
 * @packageDocumentation
 */
export {
  type ApplyMaskOptions,
  applyMask,
  type MaskedData,
  type UnmaskInput,
  unmask,
} from './apply-mask.js';
export {
  type BackgroundMaskOptions,
  computeBackgroundMask,
  computeEpiMask,
  type EpiMaskOptions,
} from './compute-mask.js';
export type { ImgInput, ImgLike } from './image-input.js';
export { binarizeMask, maskIndices } from './mask-image.js';
export { binaryDilation, binaryErosion, largestConnectedComponent } from './morphology.js';
export { NiftiMasker, type NiftiMaskerParams, type TransformOptions } from './nifti-masker.js';
export type { SignalsLike } from './signal/as-signals.js';
export {
  type ButterType,
  type ButterworthOptions,
  butter,
  butterworth,
  type FilterCoefficients,
  lfilterZi,
} from './signal/butterworth.js';
export { type CleanOptions, clean } from './signal/clean.js';
export { type DetrendOptions, detrend } from './signal/detrend.js';
export { type Standardize, standardizeSignal } from './signal/standardize.js';
export { type Fwhm, smoothImg } from './smooth.js';
export { FilterWarning, MaskWarning, NonFiniteWarning, StandardizeWarning } from './warnings.js';
