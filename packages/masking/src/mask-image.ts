/**
 * Loading and checking a mask image (nilearn's `load_mask_img` rules) and the order of its
 * voxels: numpy C order over (i, j, k), i slowest — not the file order.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { NiftiImage, readNifti } from '@voxelkit/nifti-io';
import { type Geometry, geometryOfShape, type ImgLike } from './image-input.js';

/** A validated binary mask. */
export interface LoadedMask extends Geometry {
  /** The mask image as given (or read). */
  image: NiftiImage;
  /** 1 inside, 0 outside, in file order (i fastest). */
  mask: Uint8Array;
  /** File-order offsets of the voxels inside, in numpy C order over (i, j, k). */
  indices: Int32Array;
}

/**
 * The file-order offsets of the nonzero voxels of a 3-D mask, listed in numpy C order over
 * (i, j, k) — i slowest, k fastest — which is the column order of masked data in nilearn.
 */
export function maskIndices(
  mask: ArrayLike<number>,
  shape: readonly [number, number, number],
): Int32Array {
  const [nx, ny, nz] = shape;
  let count = 0;
  for (let f = 0; f < mask.length; f++) if (mask[f] !== 0) count++;
  const out = new Int32Array(count);
  let n = 0;
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      for (let k = 0; k < nz; k++) {
        const f = i + nx * (j + ny * k);
        if (mask[f] !== 0) out[n++] = f;
      }
    }
  }
  return out;
}

/**
 * Checks that `values` (a 3-D image's voxels, file order) form a valid mask, as nilearn's
 * `load_mask_img` does — NaN counts as 0; one value is fine unless it is 0 (empty mask); two
 * values must include 0; more than two is not a mask — and returns it as 0/1.
 *
 * @throws ValidationError for an empty mask, two values without 0, or more than two values.
 */
export function binarizeMask(
  values: ArrayLike<number>,
  name = 'mask_img',
  allowEmpty = false,
): Uint8Array {
  const distinct = new Set<number>();
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let v = values[i]!;
    if (!Number.isFinite(v)) v = 0;
    if (distinct.size < 3) distinct.add(v === 0 ? 0 : v); // -0 and 0 are one value
    out[i] = v !== 0 ? 1 : 0;
  }
  const vals = [...distinct].sort((a, b) => a - b);
  if (vals.length === 1 && vals[0] === 0 && !allowEmpty) {
    throw new ValidationError(
      `${name} is empty: every voxel is 0, so it would mask out all data. Check that you passed the right mask image.`,
    );
  }
  if (vals.length === 2 && !distinct.has(0)) {
    throw new ValidationError(
      `${name} has two values (${vals.join(', ')}) and neither is 0: the background of a mask must be 0. ` +
        'Binarize it first (e.g. value > 0).',
    );
  }
  if (vals.length > 2) {
    throw new ValidationError(
      `${name} is not binary: it has more than two values (${vals.join(', ')}, …), so it cannot be read as in/out. ` +
        'For an atlas or a probability map, select one region or threshold it to 0/1 first.',
    );
  }
  return out;
}

/**
 * Reads (if needed) and validates a mask image: 3-D (or 4-D with one volume), binary.
 *
 * @throws ValidationError for a mask that is not 3-D or not binary, or empty.
 */
export async function loadMask(maskImg: ImgLike, name = 'maskImg'): Promise<LoadedMask> {
  if (!(maskImg instanceof NiftiImage || typeof maskImg === 'string' || maskImg instanceof URL)) {
    throw new ValidationError(
      `${name} must be a file path, a URL or a NiftiImage; got ${maskImg === null ? 'null' : typeof maskImg}.`,
    );
  }
  const image = maskImg instanceof NiftiImage ? maskImg : await readNifti(maskImg);
  return maskFromImage(image, name);
}

/** {@link loadMask} for an image already in memory. */
export function maskFromImage(image: NiftiImage, name = 'maskImg'): LoadedMask {
  const g = geometryOfShape(image.shape, image.affine, name);
  if (g.nVolumes !== 1) {
    throw new ValidationError(
      `${name} is 4-D with ${g.nVolumes} volumes ([${image.shape.join(', ')}]): a mask must be a 3-D image.`,
    );
  }
  const mask = binarizeMask(image.getFData(), name);
  return { image, mask, indices: maskIndices(mask, g.shape), shape: g.shape, affine: g.affine };
}
