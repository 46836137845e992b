/**
 * `smoothImg`: Gaussian smoothing with a FWHM in mm (nilearn's `smooth_img`), from
 * `@voxelkit/masking`, which the masker's `smoothingFwhm` uses too.
 *
 * @module
 */
export { type Fwhm, smoothImg } from '@voxelkit/masking';
