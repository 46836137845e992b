/**
 * `concatImgs`: 3-D images stacked into a 4-D one, or 4-D images joined in time (nilearn's
 * `concat_imgs`).
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { NiftiImage } from '@voxelkit/nifti-io';
import {
  affinesClose,
  checkImg,
  type ImgInfo,
  type ImgLike,
  infoOf,
  rawVolumes,
  scalingOfInfo,
} from './input.js';

/** Options of {@link concatImgs}. */
export interface ConcatImgsOptions {
  /** Voxel type of the result (nilearn's default `np.float32`). */
  dtype?: 'float32' | 'float64';
}

/**
 * Concatenates images along the 4th dimension, as nilearn's `concat_imgs`: a list of 3-D
 * images gives a 4-D image with one volume each; a list of 4-D images gives their volumes in
 * order. All must be 3-D or all 4-D, on the same grid (shape and affine, numpy `allclose`);
 * nilearn's `auto_resample` is not supported. Values are scaled and stored as float32 by
 * default (nilearn's `dtype=np.float32`), or float64. Files are streamed one volume at a time
 * into the result; the header comes from the first image.
 *
 * @example
 * ```ts
 * const run = await concatImgs(['vol0.nii.gz', 'vol1.nii.gz', 'vol2.nii.gz']); // 4-D, 3 volumes
 * const both = await concatImgs([run1, run2]);                                // runs end to end
 * ```
 * @throws ValidationError for an empty list, a mix of 3-D and 4-D images, images with
 *   different shapes or affines, an unknown dtype, or an image that is not 3-D/4-D.
 */
export async function concatImgs(
  imgs: readonly ImgLike[],
  options: ConcatImgsOptions = {},
): Promise<NiftiImage> {
  if (!Array.isArray(imgs)) {
    throw new ValidationError('imgs must be a list of images (paths, URLs or NiftiImages).');
  }
  if (imgs.length === 0)
    throw new ValidationError('imgs is an empty list: give at least one image.');
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new ValidationError(
      `dtype must be 'float32' or 'float64'; got ${JSON.stringify(dtype)}.`,
    );
  }
  const infos: ImgInfo[] = [];
  for (let i = 0; i < imgs.length; i++) {
    checkImg(imgs[i], `imgs[${i}]`);
    const info = await infoOf(imgs[i]!, `imgs[${i}]`);
    const first = infos[0];
    if (first) {
      if (
        first.shape.length !== info.shape.length &&
        (first.shape.length === 3 || info.shape.length === 3)
      ) {
        throw new ValidationError(
          `${info.name} is ${info.shape.length}-D but ${first.name} is ${first.shape.length}-D: give all 3-D images or all 4-D images (split a 4-D one with indexImg).`,
        );
      }
      if (info.spatial.some((s, d) => s !== first.spatial[d])) {
        throw new ValidationError(
          `${info.name} has shape [${info.spatial.join(', ')}] but ${first.name} has [${first.spatial.join(', ')}]: the images must share one voxel grid; resample them first.`,
        );
      }
      if (!affinesClose(first.affine, info.affine)) {
        throw new ValidationError(
          `${info.name} has a different affine than ${first.name}: the images must share one voxel grid; resample them first.`,
        );
      }
    }
    infos.push(info);
  }
  const first = infos[0]!;
  const n = first.spatial[0] * first.spatial[1] * first.spatial[2];
  const total = infos.reduce((s, info) => s + info.nVolumes, 0);
  const out = dtype === 'float32' ? new Float32Array(n * total) : new Float64Array(n * total);
  let t = 0;
  for (let i = 0; i < imgs.length; i++) {
    const { slope, inter } = scalingOfInfo(infos[i]!);
    for await (const vol of rawVolumes(imgs[i]!, infos[i]!)) {
      const base = t * n;
      if (vol instanceof BigInt64Array || vol instanceof BigUint64Array) {
        for (let v = 0; v < n; v++) out[base + v] = Number(vol[v]!) * slope + inter;
      } else {
        for (let v = 0; v < n; v++) out[base + v] = vol[v]! * slope + inter;
      }
      t++;
    }
  }
  return NiftiImage.fromArray(out, [...first.spatial, total], first.affine, first.header);
}
