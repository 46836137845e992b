/**
 * Computing a brain mask from the data, as nilearn's `compute_background_mask` and
 * `compute_epi_mask` do: from the mean image over time, a threshold, then optional opening and
 * the largest connected component.
 *
 * @module
 */
import { ValidationError, warn } from '@voxelkit/core';
import { NiftiImage } from '@voxelkit/nifti-io';
import {
  addVolume,
  checkSameGeometry,
  describeImg,
  type Geometry,
  type ImageInfo,
  type ImgInput,
  openImage,
  toImgList,
} from './image-input.js';
import { binaryDilation, binaryErosion, largestConnectedComponent } from './morphology.js';
import { smoothVolumeInPlace } from './smooth.js';
import { MaskWarning } from './warnings.js';

type Shape3 = readonly [number, number, number];

/**
 * The mean over time of every voxel of an input (a list is concatenated in time), float64:
 * one streaming pass, one volume-sized accumulator (the same accumulation as
 * `NiftiMasker.transform(img, { meanImg: true })`).
 */
export async function meanVolume(img: ImgInput): Promise<{ mean: Float64Array } & Geometry> {
  const list = toImgList(img);
  let sum: Float64Array | undefined;
  let first: ImageInfo | undefined;
  let count = 0;
  for (let i = 0; i < list.length; i++) {
    const { info, volumes } = await openImage(list[i]!, describeImg(list[i]!, i, list.length));
    if (first === undefined) first = info;
    else {
      try {
        checkSameGeometry(first, info, first.name, info.name);
      } catch (error) {
        await volumes.return(undefined);
        throw error;
      }
    }
    // the sum is allocated once a volume has really been read (never from header dims alone)
    for await (const raw of volumes) {
      sum ??= new Float64Array(raw.data.length);
      addVolume(raw, sum);
      count++;
    }
  }
  if (sum === undefined || count === 0) {
    throw new ValidationError(
      `${list.length > 1 ? 'The images have' : `${first!.name} has`} no volumes (shape ` +
        `[${first!.shape.join(', ')}, 0]): there is nothing to compute a mean or a mask from. ` +
        'Give images with at least one volume, or set maskImg.',
    );
  }
  const mean = sum;
  for (let f = 0; f < mean.length; f++) mean[f] /= count;
  return { mean, shape: first!.shape, affine: first!.affine };
}

/**
 * nilearn's mask post-processing: erode `opening` times, keep the largest connected component
 * (when `connected`), then dilate 2·`opening` times and erode `opening` times.
 */
function postProcess(
  mask: Uint8Array,
  shape: Shape3,
  opening: number,
  connected: boolean,
  hint: string,
): Uint8Array {
  if (opening > 0) mask = binaryErosion(mask, shape, opening);
  const any = mask.some((v) => v !== 0);
  if (!any) warn(new MaskWarning(`Computed an empty mask. ${hint}`));
  if (connected && any) mask = largestConnectedComponent(mask, shape);
  if (opening > 0) {
    mask = binaryDilation(mask, shape, 2 * opening);
    mask = binaryErosion(mask, shape, opening);
  }
  return mask;
}

function openingOf(opening: number | boolean): number {
  if (opening === false) return 0;
  if (opening === true) return 1;
  return Math.trunc(opening);
}

/** Options of {@link backgroundMaskFromMean} and {@link computeBackgroundMask}. */
export interface BackgroundMaskOptions {
  /** Width in voxels of the border whose values estimate the background (default 2). */
  borderSize?: number;
  /** Keep only the largest connected component (default false). */
  connected?: boolean;
  /** Morphological opening iterations; false = none (default false). */
  opening?: number | boolean;
}

/** The values on the border of a volume, each counted once per border slab it lies in (nilearn's `get_border_data`). */
function borderValues(data: Float64Array, shape: Shape3, border: number): Float64Array {
  const [nx, ny, nz] = shape;
  const n = [nx, ny, nz];
  // numpy slices data[:b] and data[-b:]; note that data[-0:] is the whole axis.
  const times = (idx: number, len: number): number =>
    (idx < border ? 1 : 0) + (border === 0 || idx >= len - border ? 1 : 0);
  const out: number[] = [];
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const c = times(i, n[0]!) + times(j, n[1]!) + times(k, n[2]!);
        const v = data[i + nx * (j + ny * k)]!;
        for (let r = 0; r < c; r++) out.push(v);
      }
    }
  }
  return Float64Array.from(out);
}

function median(values: Float64Array): number {
  const s = values.slice().sort();
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/**
 * nilearn's background mask of a mean volume (file order): voxels that differ from the median
 * of the border values (or, when the border holds NaNs, voxels that are not NaN).
 */
export function backgroundMaskFromMean(
  mean: Float64Array,
  shape: Shape3,
  options: BackgroundMaskOptions = {},
): Uint8Array {
  const border = borderValues(mean, shape, options.borderSize ?? 2);
  const mask = new Uint8Array(mean.length);
  if (border.some((v) => Number.isNaN(v))) {
    for (let f = 0; f < mean.length; f++) mask[f] = Number.isNaN(mean[f]) ? 0 : 1;
  } else {
    const background = median(border);
    for (let f = 0; f < mean.length; f++) mask[f] = mean[f] !== background ? 1 : 0;
  }
  return postProcess(
    mask,
    shape,
    openingOf(options.opening ?? false),
    options.connected ?? false,
    'Are you sure that the input images have a homogeneous background?',
  );
}

/**
 * Computes a brain mask by guessing the background value from the border of the mean image
 * (nilearn's `compute_background_mask`): the median of the border voxels is background, every
 * other value is brain. NaN borders (SPM style) make NaN the background.
 *
 * @example
 * ```ts
 * const mask = await computeBackgroundMask('bold.nii.gz');
 * ```
 * @returns a 3-D uint8 image (1 = brain) with the input's affine
 */
export async function computeBackgroundMask(
  img: ImgInput,
  options: BackgroundMaskOptions = {},
): Promise<NiftiImage> {
  const { mean, shape, affine } = await meanVolume(img);
  return NiftiImage.fromArray(backgroundMaskFromMean(mean, shape, options), [...shape], affine);
}

/** Options of {@link epiMaskFromMean} and {@link computeEpiMask}. */
export interface EpiMaskOptions {
  /** Lower fraction of the sorted intensities where the threshold is searched (default 0.2). */
  lowerCutoff?: number;
  /** Upper fraction (default 0.85). */
  upperCutoff?: number;
  /** Keep only the largest connected component (default true). */
  connected?: boolean;
  /** Morphological opening iterations; false = none (default 2). */
  opening?: number | boolean;
  /** Ignore zeros when computing the threshold (default false). */
  excludeZeros?: boolean;
  /** Replace non-finite mean values by 0 (default true). */
  ensureFinite?: boolean;
}

/**
 * nilearn's EPI mask of a mean volume (file order): the mean is smoothed (FWHM 1 voxel) when
 * opening, and thresholded in the largest gap of its sorted values between the two cutoffs.
 */
export function epiMaskFromMean(
  meanIn: Float64Array,
  shape: Shape3,
  options: EpiMaskOptions = {},
): Uint8Array {
  const opening = openingOf(options.opening ?? 2);
  const mean = meanIn.slice();
  if (opening > 0) {
    const nan = mean.map((v) => (Number.isNaN(v) ? 1 : 0));
    const sigma = 1 / Math.sqrt(8 * Math.log(2));
    smoothVolumeInPlace(mean, shape, [sigma, sigma, sigma]);
    for (let f = 0; f < mean.length; f++) if (nan[f]) mean[f] = Number.NaN;
  }
  if (options.ensureFinite ?? true) {
    for (let f = 0; f < mean.length; f++) if (!Number.isFinite(mean[f])) mean[f] = 0;
  }
  let sorted = mean.slice().sort();
  if (options.excludeZeros) sorted = sorted.filter((v) => v !== 0);
  const n = sorted.length;
  const lower = Math.floor((options.lowerCutoff ?? 0.2) * n);
  const upper = Math.min(Math.floor((options.upperCutoff ?? 0.85) * n), n - 1);
  let ia = 0;
  let best = Number.NEGATIVE_INFINITY;
  for (let i = lower; i < upper; i++) {
    const d = sorted[i + 1]! - sorted[i]!;
    if (d > best) {
      best = d;
      ia = i - lower;
    }
  }
  const threshold = 0.5 * (sorted[ia + lower]! + sorted[ia + lower + 1]!);
  const mask = new Uint8Array(mean.length);
  for (let f = 0; f < mean.length; f++) mask[f] = mean[f]! >= threshold ? 1 : 0;
  return postProcess(
    mask,
    shape,
    opening,
    options.connected ?? true,
    'Are you sure that the input data are EPI images, not detrended?',
  );
}

/**
 * Computes a brain mask from EPI (fMRI) images with T. Nichols' heuristic as nilearn's
 * `compute_epi_mask`: threshold the mean image at the least dense point of its histogram
 * between the 20% and 85% quantiles, open it, keep the largest connected component.
 *
 * @example
 * ```ts
 * const mask = await computeEpiMask(['run1.nii.gz', 'run2.nii.gz']);
 * ```
 * @returns a 3-D uint8 image (1 = brain) with the input's affine
 */
export async function computeEpiMask(
  img: ImgInput,
  options: EpiMaskOptions = {},
): Promise<NiftiImage> {
  const { mean, shape, affine } = await meanVolume(img);
  return NiftiImage.fromArray(epiMaskFromMean(mean, shape, options), [...shape], affine);
}
