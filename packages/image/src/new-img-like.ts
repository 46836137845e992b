/**
 * `newImgLike`: an image from new voxel data on a reference image's grid (nilearn's
 * `new_img_like`).
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { NiftiImage, type NiftiTypedArray } from '@voxelkit/nifti-io';
import { type ImgLike, infoOf } from './input.js';

/** Options of {@link newImgLike}. */
export interface NewImgLikeOptions {
  /** 4×4 affine of the new image (default: the reference's). */
  affine?: number[][];
  /**
   * Shape of `data` (i fastest). Default: the reference's shape when `data` has as many
   * values, else its 3-D shape when `data` is one volume.
   */
  shape?: number[];
  /**
   * Copy the reference's header (nilearn's `copy_header`, default false), with scaling
   * removed and `calMin`/`calMax` set to the data's range as nilearn does.
   */
  copyHeader?: boolean;
}

/**
 * A new image holding `data` (file order: i fastest) on the grid of `refImg`, as nilearn's
 * `new_img_like`: the reference's affine unless `affine` is given, its header only with
 * `copyHeader`. Typed arrays keep their type, plain number arrays become float64 and boolean
 * arrays uint8 (as nilearn turns `bool` into `uint8`). `refImg` may be a path or URL (only its
 * header is read).
 *
 * @example
 * ```ts
 * const mean = await meanImg('bold.nii.gz');
 * const doubled = await newImgLike(mean, mean.getFData().map((v) => 2 * v));
 * ```
 * @throws ValidationError when the data's length does not match the shape, or the affine is
 *   not 4×4 numbers.
 */
export async function newImgLike(
  refImg: ImgLike,
  data: NiftiTypedArray | ArrayLike<number> | readonly boolean[],
  options: NewImgLikeOptions = {},
): Promise<NiftiImage> {
  const info = await infoOf(refImg, 'refImg');
  if (
    data === null ||
    typeof data !== 'object' ||
    typeof (data as ArrayLike<number>).length !== 'number'
  ) {
    throw new ValidationError(
      'data must be a typed array or an array of numbers (file order, i fastest).',
    );
  }
  let values: NiftiTypedArray | ArrayLike<number> = data as NiftiTypedArray | ArrayLike<number>;
  if (Array.isArray(data) && data.length > 0 && data.every((v) => typeof v === 'boolean')) {
    values = Uint8Array.from(data as boolean[], (b) => (b ? 1 : 0));
  } else if (!ArrayBuffer.isView(data)) {
    for (let i = 0; i < data.length; i++) {
      if (typeof (data as ArrayLike<unknown>)[i] !== 'number') {
        throw new ValidationError(`data[${i}] is not a number.`);
      }
    }
  }
  const count = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  const shape =
    options.shape ??
    (values.length === count(info.shape)
      ? info.shape
      : values.length === count(info.spatial)
        ? info.spatial
        : undefined);
  if (!shape) {
    throw new ValidationError(
      `data has ${values.length} values but refImg has shape [${info.shape.join(', ')}]: give data of that size, one volume of [${info.spatial.join(', ')}], or options.shape.`,
    );
  }
  if (
    !Array.isArray(shape) ||
    shape.some((s) => !Number.isInteger(s) || s < 0) ||
    count(shape) !== values.length
  ) {
    throw new ValidationError(
      `shape ${JSON.stringify(shape)} does not fit data of ${values.length} values.`,
    );
  }
  const affine = options.affine ?? info.affine;
  if (
    !Array.isArray(affine) ||
    affine.length !== 4 ||
    affine.some(
      (row) => !Array.isArray(row) || row.length !== 4 || row.some((v) => !Number.isFinite(v)),
    )
  ) {
    throw new ValidationError('affine must be a 4×4 array of finite numbers (rows).');
  }
  if (!options.copyHeader) return NiftiImage.fromArray(values, [...shape], affine);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const empty = values.length === 0;
  return NiftiImage.fromArray(values, [...shape], affine, {
    ...info.header,
    calMin: empty ? 0 : lo,
    calMax: empty ? 0 : hi,
  });
}
