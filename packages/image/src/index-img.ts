/**
 * `indexImg`: volumes of a 4-D image picked by index or by a boolean mask (nilearn's
 * `index_img`).
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { NiftiImage, type NiftiTypedArray } from '@voxelkit/nifti-io';
import { type ImgLike, infoOf, rawVolumes, sameKind } from './input.js';

/** Which volumes to take: one index (gives a 3-D image), a list of indices, or a boolean mask. */
export type VolumeIndex = number | readonly number[] | readonly boolean[];

/** The list of volume indices `index` stands for, validated against `nVolumes`. */
export function resolveIndex(index: VolumeIndex, nVolumes: number): number[] {
  const bad = (why: string): never => {
    throw new ValidationError(
      `index ${why}. Give a volume index in [0, ${nVolumes - 1}], a list of them, or a boolean mask of length ${nVolumes} (the number of volumes).`,
    );
  };
  const checkOne = (i: unknown): number => {
    if (typeof i !== 'number' || !Number.isInteger(i))
      return bad(`contains ${String(i)}, not an integer`);
    if (i < 0) return bad(`contains ${i}: negative indices are not supported`);
    if (i >= nVolumes)
      return bad(`contains ${i}, out of range for an image of ${nVolumes} volume(s)`);
    return i;
  };
  if (typeof index === 'number') return [checkOne(index)];
  if (!Array.isArray(index)) return bad(`is a ${index === null ? 'null' : typeof index}`);
  const list = index as readonly unknown[];
  if (list.length === 0) return bad('is an empty list: select at least one volume');
  if (list.every((v) => typeof v === 'boolean')) {
    if (list.length !== nVolumes) return bad(`is a boolean mask of length ${list.length}`);
    const out: number[] = [];
    list.forEach((v, i) => {
      if (v) out.push(i);
    });
    if (out.length === 0)
      return bad('is a boolean mask with no true value: select at least one volume');
    return out;
  }
  if (list.some((v) => typeof v === 'boolean')) return bad('mixes booleans and numbers');
  return list.map(checkOne);
}

/**
 * Picks volumes of a 4-D image along its 4th dimension, as nilearn's `index_img`: one index
 * gives a 3-D image, a list of indices (any order, repeats allowed, as numpy's fancy indexing)
 * or a boolean mask of length `nVolumes` gives a 4-D image. A file is streamed once and only
 * the picked volumes are kept. The voxels keep their on-disk type and the header (with its
 * scaling), so values are those of the source volumes.
 *
 * Unlike numpy, negative indices and empty selections are rejected.
 *
 * @example
 * ```ts
 * const first = await indexImg('bold.nii.gz', 0);            // 3-D
 * const some = await indexImg('bold.nii.gz', [0, 5, 10]);    // 4-D, 3 volumes
 * const faces = await indexImg(bold, labels.map((l) => l === 'face'));
 * ```
 * @throws ValidationError for an index that is not a non-negative integer in range, a boolean
 *   mask of the wrong length, or an image that is not 3-D/4-D.
 */
export async function indexImg(img: ImgLike, index: VolumeIndex): Promise<NiftiImage> {
  const info = await infoOf(img, 'img');
  const picks = resolveIndex(index, info.nVolumes);
  const n = info.spatial[0] * info.spatial[1] * info.spatial[2];
  const wanted = new Map<number, number[]>();
  picks.forEach((t, k) => {
    const slots = wanted.get(t);
    if (slots) slots.push(k);
    else wanted.set(t, [k]);
  });
  const last = Math.max(...picks);
  let out: NiftiTypedArray | undefined;
  let t = 0;
  for await (const vol of rawVolumes(img, info)) {
    const slots = wanted.get(t);
    if (slots) {
      out ??= sameKind(vol, n * picks.length);
      for (const k of slots) out.set(vol as never, k * n);
    }
    if (t === last) break;
    t++;
  }
  const shape = typeof index === 'number' ? [...info.spatial] : [...info.spatial, picks.length];
  const built = NiftiImage.fromArray(out!, shape, info.affine, info.header);
  return new NiftiImage(
    { ...built.header, sclSlope: info.header.sclSlope, sclInter: info.header.sclInter },
    built.data,
  );
}
