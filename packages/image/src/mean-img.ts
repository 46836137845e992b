/**
 * `meanImg`: the mean over time of a 4-D image, streamed (nilearn's `mean_img`).
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { NiftiImage } from '@voxelkit/nifti-io';
import {
  affinesClose,
  checkImg,
  type ImgLike,
  infoOf,
  rawVolumes,
  scalingOfInfo,
} from './input.js';

/**
 * The mean of an image over its 4th dimension, as nilearn's `mean_img`: a 3-D float64 image
 * on the input's grid (a 3-D input is returned as float64 data). A file is streamed: one
 * volume and the running sum are in memory, never the whole series. Given a list of images,
 * each one's mean is computed, then the mean of those means (nilearn's rule: each image
 * weighs the same whatever its number of volumes); they must share shape and affine.
 *
 * nilearn's `target_affine`/`target_shape` (resampling) are not supported.
 *
 * @example
 * ```ts
 * const mean = await meanImg('bold.nii.gz');
 * mean.shape; // [40, 20, 1]
 * ```
 * @throws ValidationError for an empty list, images on different grids, or an image that is
 *   not 3-D/4-D; NiftiError for a truncated or corrupt file.
 */
export async function meanImg(imgs: ImgLike | readonly ImgLike[]): Promise<NiftiImage> {
  const list: readonly ImgLike[] = Array.isArray(imgs) ? imgs : [imgs as ImgLike];
  if (list.length === 0)
    throw new ValidationError('imgs is an empty list: give at least one image.');
  let total: Float64Array | undefined;
  let ref: { spatial: number[]; affine: number[][]; name: string } | undefined;
  for (let i = 0; i < list.length; i++) {
    const img = list[i];
    checkImg(img, list.length > 1 || Array.isArray(imgs) ? `imgs[${i}]` : 'img');
    const info = await infoOf(img, list.length > 1 ? `imgs[${i}]` : 'img');
    if (!ref) ref = info;
    else if (
      info.spatial.some((s, d) => s !== ref!.spatial[d]) ||
      !affinesClose(ref.affine, info.affine)
    ) {
      throw new ValidationError(
        `${info.name} (shape [${info.spatial.join(', ')}]) is not on the grid of ${ref.name} (shape [${ref.spatial.join(', ')}]): the images must share shape and affine; resample them first.`,
      );
    }
    const n = info.spatial[0] * info.spatial[1] * info.spatial[2];
    const sum = new Float64Array(n);
    const { slope, inter } = scalingOfInfo(info);
    for await (const vol of rawVolumes(img, info)) {
      if (vol instanceof BigInt64Array || vol instanceof BigUint64Array) {
        for (let v = 0; v < n; v++) sum[v] += Number(vol[v]!) * slope + inter;
      } else if (slope === 1 && inter === 0) {
        for (let v = 0; v < n; v++) sum[v] += vol[v]!;
      } else {
        for (let v = 0; v < n; v++) sum[v] += vol[v]! * slope + inter;
      }
    }
    total ??= new Float64Array(n);
    for (let v = 0; v < n; v++) total[v] += sum[v]! / info.nVolumes;
  }
  if (list.length > 1) for (let v = 0; v < total!.length; v++) total![v]! /= list.length;
  return NiftiImage.fromArray(total!, [...ref!.spatial], ref!.affine);
}
