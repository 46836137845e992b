/**
 * Gaussian smoothing of images, as nilearn's `smooth_img`: FWHM in millimetres, converted to
 * voxels with the affine, applied axis by axis with scipy's `gaussian_filter1d` (truncate 4,
 * mirror-reflected edges).
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { NiftiImage } from '@voxelkit/nifti-io';
import { type ImgLike, inspectImages, toImgList, volumesOf } from './image-input.js';

/** FWHM in mm: one value for every axis, or one per axis (0 = no smoothing along it). */
export type Fwhm = number | readonly [number, number, number];

const FWHM_OVER_SIGMA = Math.sqrt(8 * Math.log(2));

/**
 * Per-axis Gaussian sigmas in voxels for a FWHM in mm and an affine (voxel sizes are the norms
 * of the affine's first three columns).
 *
 * @throws ValidationError for a negative or non-finite FWHM.
 */
export function fwhmToSigmas(fwhm: Fwhm, affine: number[][]): [number, number, number] {
  const f = typeof fwhm === 'number' ? [fwhm, fwhm, fwhm] : [...fwhm];
  if (f.length !== 3 || f.some((v) => typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))) {
    throw new ValidationError(
      `smoothingFwhm must be a non-negative number of mm, or three of them; got ${formatFwhm(fwhm)}.`,
    );
  }
  const out: [number, number, number] = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const vox = Math.hypot(affine[0]![a]!, affine[1]![a]!, affine[2]![a]!);
    out[a] = f[a]! / (FWHM_OVER_SIGMA * vox);
  }
  return out;
}

/** A FWHM as given, for messages (`NaN`, `Infinity` and strings shown as such, not as JSON). */
function formatFwhm(fwhm: unknown): string {
  const one = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  return Array.isArray(fwhm) ? `[${fwhm.map(one).join(', ')}]` : one(fwhm);
}

/**
 * How far beyond an axis the Gaussian kernel may reach, in multiples of the axis length. A
 * wider kernel (scipy's radius `int(4 * sigma + 0.5)`) averages the mirrored image with itself
 * over and over: its result is the image mean to within rounding, while its weights and the
 * work grow without bound (smoothingFwhm 1e9 asked for a kernel of ~10^9 weights).
 */
export const MAX_KERNEL_EXTENT = 64;

/**
 * Checks that the kernels of `sigmas` fit {@link MAX_KERNEL_EXTENT} times the image extent.
 *
 * @throws ValidationError naming the axis, the kernel radius and the largest FWHM accepted.
 */
export function checkKernelExtent(
  sigmas: readonly [number, number, number],
  shape: readonly [number, number, number],
): void {
  for (let axis = 0; axis < 3; axis++) {
    const radius = Math.floor(4 * sigmas[axis]! + 0.5);
    const limit = MAX_KERNEL_EXTENT * Math.max(shape[axis]!, 1);
    if (radius > limit) {
      throw new ValidationError(
        `smoothingFwhm gives a Gaussian kernel of radius ${radius} voxels along axis ${axis}, ` +
          `more than ${MAX_KERNEL_EXTENT} times the image's ${shape[axis]} voxels: the result ` +
          'would be the image mean. Use a FWHM of the order of the image size or smaller.',
      );
    }
  }
}

/** scipy's normalised Gaussian weights for `sigma` (radius `int(4 * sigma + 0.5)`). */
function gaussianWeights(sigma: number): Float64Array {
  const radius = Math.floor(4 * sigma + 0.5);
  const w = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let x = -radius; x <= radius; x++) {
    const v = Math.exp((-0.5 / (sigma * sigma)) * x * x);
    w[x + radius] = v;
    sum += v;
  }
  for (let i = 0; i < w.length; i++) w[i]! /= sum;
  return w;
}

/** Index into [0, n) of position `i` with scipy's 'reflect' (d c b a | a b c d | d c b a) edges. */
function reflect(i: number, n: number): number {
  const period = 2 * n;
  let m = i % period;
  if (m < 0) m += period;
  return m >= n ? period - 1 - m : m;
}

/**
 * Smooths one 3-D volume (file order, i fastest) in place with per-axis sigmas in voxels.
 * Non-finite values are replaced by 0 first (nilearn's `ensure_finite`).
 *
 * @throws ValidationError when a kernel reaches past {@link MAX_KERNEL_EXTENT} times its axis.
 */
export function smoothVolumeInPlace(
  volume: Float64Array,
  shape: readonly [number, number, number],
  sigmas: readonly [number, number, number],
): void {
  checkKernelExtent(sigmas, shape);
  for (let i = 0; i < volume.length; i++) if (!Number.isFinite(volume[i])) volume[i] = 0;
  const strides = [1, shape[0], shape[0] * shape[1]];
  for (let axis = 0; axis < 3; axis++) {
    const sigma = sigmas[axis]!;
    if (!(sigma > 0)) continue;
    const w = gaussianWeights(sigma);
    const radius = (w.length - 1) / 2;
    const n = shape[axis]!;
    const stride = strides[axis]!;
    const line = new Float64Array(n);
    const others = volume.length / n;
    for (let o = 0; o < others; o++) {
      // Offset of the first element of line `o` along `axis`.
      let base: number;
      if (axis === 0) base = o * n;
      else if (axis === 1) base = (o % shape[0]) + Math.floor(o / shape[0]) * shape[0] * shape[1];
      else base = o;
      for (let t = 0; t < n; t++) line[t] = volume[base + t * stride]!;
      for (let t = 0; t < n; t++) {
        let s = 0;
        for (let q = -radius; q <= radius; q++) {
          const idx = t + q;
          s += w[q + radius]! * line[idx >= 0 && idx < n ? idx : reflect(idx, n)]!;
        }
        volume[base + t * stride] = s;
      }
    }
  }
}

/**
 * Smooths an image with a Gaussian kernel of the given FWHM in mm (nilearn's `smooth_img`),
 * every volume of a 4-D image alike. The affine converts mm to voxels along each axis.
 * Returns a float image (float32 for integer or float32 input, float64 for float64 input).
 *
 * @example
 * ```ts
 * const smoothed = await smoothImg('bold.nii.gz', 6);
 * ```
 * @throws ValidationError for an invalid FWHM or an image that is not 3-D/4-D.
 */
export async function smoothImg(img: ImgLike, fwhm: Fwhm): Promise<NiftiImage> {
  const [one] = toImgList(img);
  const [info] = await inspectImages([one!]);
  const sigmas = fwhmToSigmas(fwhm, info!.affine);
  checkKernelExtent(sigmas, info!.shape);
  const [nx, ny, nz] = info!.shape;
  const v = nx * ny * nz;
  const float64 = one instanceof NiftiImage && one.dtype === 'float64';
  const out = float64 ? new Float64Array(v * info!.nVolumes) : new Float32Array(v * info!.nVolumes);
  let t = 0;
  for await (const vol of volumesOf(one!, info!)) {
    smoothVolumeInPlace(vol, info!.shape, sigmas);
    out.set(vol, t * v);
    t++;
  }
  const shape = info!.is3D ? [nx, ny, nz] : [nx, ny, nz, info!.nVolumes];
  return NiftiImage.fromArray(out, shape, info!.affine);
}
