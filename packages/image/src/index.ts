/**
 * `@voxelkit/image`: nilearn.image's functions on NIfTI images: `indexImg`, `meanImg`
 * (streaming), `concatImgs`, `newImgLike` and `smoothImg`. They take paths, URLs and
 * `NiftiImage`s, and return `NiftiImage`s (`@voxelkit/nifti-io`).
 *
 * @packageDocumentation
 */
export { type ConcatImgsOptions, concatImgs } from './concat-imgs.js';
export { indexImg, type VolumeIndex } from './index-img.js';
export type { ImgLike } from './input.js';
export { meanImg } from './mean-img.js';
export { type NewImgLikeOptions, newImgLike } from './new-img-like.js';
export { type Fwhm, smoothImg } from './smooth-img.js';
