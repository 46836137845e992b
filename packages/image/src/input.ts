/**
 * What the image functions accept (a path, a URL or a `NiftiImage`, as the masker does) and a
 * volume-by-volume walk over one image, so that a 4-D file is never held whole.
 *
 * @module
 */
import { NiftiError, ValidationError } from '@voxelkit/core';
import type { ImgLike } from '@voxelkit/masking';
import {
  getBestAffine,
  type NiftiHeader,
  NiftiImage,
  type NiftiTypedArray,
  readHeader,
  scalingOf,
  streamVolumes,
} from '@voxelkit/nifti-io';

export type { ImgLike };

/** Header-level facts about one image. */
export interface ImgInfo {
  header: NiftiHeader;
  /** Full shape `dim[1..dim[0]]`. */
  shape: number[];
  /** `[nx, ny, nz]`. */
  spatial: [number, number, number];
  /** Number of 3-D volumes (1 for a 3-D image). */
  nVolumes: number;
  affine: number[][];
  /** A name for messages. */
  name: string;
}

/** Rejects what is not an image. */
export function checkImg(img: unknown, what: string): asserts img is ImgLike {
  if (!(img instanceof NiftiImage || typeof img === 'string' || img instanceof URL)) {
    throw new ValidationError(
      `${what} must be a file path, a URL or a NiftiImage; got ${
        img === null ? 'null' : Array.isArray(img) ? 'an array' : typeof img
      }.`,
    );
  }
}

/** Reads the header of an image (only the header, for a file) and checks it is 3-D or 4-D. */
export async function infoOf(img: ImgLike, what: string): Promise<ImgInfo> {
  checkImg(img, what);
  const name = img instanceof NiftiImage ? `${what} (a NiftiImage)` : `${what} (${String(img)})`;
  const header = img instanceof NiftiImage ? img.header : await readHeader(img);
  const shape =
    img instanceof NiftiImage ? [...img.shape] : header.dim.slice(1, header.dim[0]! + 1);
  const affine = img instanceof NiftiImage ? img.affine : getBestAffine(header);
  if (shape.length < 3 || shape.slice(4).some((s) => s !== 1)) {
    throw new ValidationError(
      `${name} has shape [${shape.join(', ')}]: a 3-D volume or a 4-D series is needed.`,
    );
  }
  return {
    header,
    shape,
    spatial: [shape[0]!, shape[1]!, shape[2]!],
    nVolumes: shape.length >= 4 ? shape[3]! : 1,
    affine,
    name,
  };
}

/**
 * The raw (unscaled, on-disk type) volumes of an image in time order. For a file, volumes are
 * streamed one at a time; each yielded array is only valid until the next one is asked for.
 *
 * @throws NiftiError for a truncated or corrupt file.
 */
export async function* rawVolumes(img: ImgLike, info: ImgInfo): AsyncGenerator<NiftiTypedArray> {
  const n = info.spatial[0] * info.spatial[1] * info.spatial[2];
  if (img instanceof NiftiImage) {
    if (img.data.length !== n * info.nVolumes) {
      throw new NiftiError(`${info.name} is not a scalar image (${img.dtype}).`);
    }
    for (let t = 0; t < info.nVolumes; t++) yield img.data.subarray(t * n, (t + 1) * n);
    return;
  }
  let count = 0;
  for await (const v of streamVolumes(img, { dtype: 'raw', reuse: true })) {
    if (v.data.length !== n) {
      throw new NiftiError(
        `${info.name} is not a scalar image (${v.data.length / n} values per voxel).`,
      );
    }
    yield v.data as NiftiTypedArray;
    count++;
  }
  if (count !== info.nVolumes) {
    throw new NiftiError(
      `${info.name} ended after ${count} of ${info.nVolumes} volumes: the file is truncated.`,
    );
  }
}

/** The (slope, intercept) that turn an image's raw values into its values (nibabel's rule). */
export function scalingOfInfo(info: ImgInfo): { slope: number; inter: number } {
  return scalingOf(info.header);
}

/** numpy's `allclose` (rtol 1e-5, atol 1e-8) on two 4×4 affines. */
export function affinesClose(a: number[][], b: number[][]): boolean {
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      const x = a[r]?.[c] ?? Number.NaN;
      const y = b[r]?.[c] ?? Number.NaN;
      if (!(Math.abs(x - y) <= 1e-8 + 1e-5 * Math.abs(y))) return false;
    }
  }
  return true;
}

/** A new typed array of the same kind as `like`, of length `n`. */
export function sameKind(like: NiftiTypedArray, n: number): NiftiTypedArray {
  const Ctor = like.constructor as new (n: number) => NiftiTypedArray;
  return new Ctor(n);
}
