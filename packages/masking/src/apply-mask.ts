/**
 * Masking (images → scans × voxels) and unmasking (scans × voxels → image), nilearn's
 * `apply_mask` and `unmask`. Columns are the mask's voxels in numpy C order over (i, j, k).
 *
 * @module
 */
import {
  type FloatArray,
  type Matrix2D,
  type MatrixLike,
  toMatrix,
  ValidationError,
  warn,
} from '@voxelkit/core';
import { NiftiImage } from '@voxelkit/nifti-io';
import {
  addVolume,
  checkSameGeometry,
  describeImg,
  type ImgInput,
  type ImgLike,
  openImage,
  scaleVolume,
  toImgList,
} from './image-input.js';
import { type LoadedMask, loadMask, maskFromImage } from './mask-image.js';
import { type Fwhm, fwhmToSigmas, smoothVolumeInPlace } from './smooth.js';
import { NonFiniteWarning } from './warnings.js';

/**
 * A dense row-major matrix of masked data: `data[scan * cols + voxel]` — a core `Matrix2D` of
 * either precision, which every estimator, `takeRows` and `toMatrix` take as it is.
 */
export interface MaskedData<T extends FloatArray = FloatArray> extends Matrix2D<T> {
  data: T;
  rows: number;
  cols: number;
}

/** Options of {@link extractMasked}. */
export interface ExtractOptions {
  /** Gaussian smoothing FWHM in mm, applied to every volume before masking. */
  smoothingFwhm?: Fwhm;
  /** Name of the input in error messages (default `'img'`). */
  name?: string;
  /** Storage precision of the result (default `'float64'`); scaled values are computed in float64. */
  dtype?: 'float32' | 'float64';
  /**
   * Also return the mean over time of every voxel (the whole volume, unsmoothed, float64),
   * accumulated during the same single pass (nilearn's `mean_img` without a second read).
   */
  mean?: boolean;
}

/** What {@link extractMasked} returns. */
export interface ExtractedData extends MaskedData {
  /** True when the input is one 3-D image. */
  is3D: boolean;
  /** With `mean: true`, the voxel-wise mean over all volumes (nx·ny·nz values, i fastest). */
  mean?: Float64Array;
}

const images = (list: readonly ImgLike[]) => list.map((img, i) => describeImg(img, i, list.length));

/**
 * Reads every volume of `img` (a list is concatenated in time), optionally smoothed, and keeps
 * the mask's voxels: returns a (scans × voxels) matrix. Files are streamed: one volume (plus
 * the output, plus one volume-sized accumulator with `mean`) is held at a time, and each
 * file's header is read once, from the stream. Non-finite values are replaced by 0 with a
 * warning, as nilearn's `apply_mask` (`ensure_finite=True`) does.
 *
 * @throws ValidationError when an image is not on the mask's grid (shape or affine), or is not
 *   3-D/4-D.
 */
export async function extractMasked(
  img: ImgInput,
  mask: LoadedMask,
  options: ExtractOptions = {},
): Promise<ExtractedData> {
  const name = options.name ?? 'img';
  const list = toImgList(img, name);
  const names = images(list);
  const { indices } = mask;
  const cols = indices.length;
  const float32 = options.dtype === 'float32';
  const sigmas =
    options.smoothingFwhm === undefined || options.smoothingFwhm === null
      ? undefined
      : fwhmToSigmas(options.smoothingFwhm, mask.affine);
  const smoothing = sigmas?.some((s) => s > 0);
  const [nx, ny, nz] = mask.shape;
  const nVoxels = nx * ny * nz;
  const volume = smoothing ? new Float64Array(nVoxels) : undefined;
  const sum = options.mean ? new Float64Array(nVoxels) : undefined;
  let nonFinite = 0;
  let rows = 0;
  let is3D = false;
  const parts: (Float32Array | Float64Array)[] = [];
  for (let i = 0; i < list.length; i++) {
    const { info, volumes } = await openImage(list[i]!, names[i]!);
    try {
      checkSameGeometry(mask, info, 'The mask', info.name);
    } catch (error) {
      await volumes.return(undefined);
      throw error;
    }
    is3D = list.length === 1 && info.is3D;
    const out = float32
      ? new Float32Array(info.nVolumes * cols)
      : new Float64Array(info.nVolumes * cols);
    let r = 0;
    for await (const raw of volumes) {
      const off = r * cols;
      const { data, slope, inter } = raw;
      const unscaled = slope === 1 && inter === 0;
      if (sum !== undefined) addVolume(raw, sum);
      if (volume !== undefined) {
        scaleVolume(raw, volume);
        smoothVolumeInPlace(volume, mask.shape, sigmas!);
        for (let c = 0; c < cols; c++) out[off + c] = volume[indices[c]!]!;
      } else {
        if (unscaled) {
          for (let c = 0; c < cols; c++) out[off + c] = data[indices[c]!]!;
        } else {
          for (let c = 0; c < cols; c++) out[off + c] = data[indices[c]!]! * slope + inter;
        }
        for (let c = 0; c < cols; c++) {
          if (!Number.isFinite(out[off + c]!)) {
            out[off + c] = 0;
            nonFinite++;
          }
        }
      }
      r++;
    }
    parts.push(out);
    rows += info.nVolumes;
  }
  let data: Float32Array | Float64Array;
  if (parts.length === 1) {
    data = parts[0]!;
  } else {
    data = float32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
    let pos = 0;
    for (const p of parts) {
      data.set(p, pos);
      pos += p.length;
    }
  }
  if (nonFinite > 0) {
    warn(
      new NonFiniteWarning(
        `${nonFinite} non-finite value(s) (NaN or ±Infinity) inside the mask were replaced by 0, as nilearn does. ` +
          'Check the images, or exclude those voxels from the mask.',
      ),
    );
  }
  const result: ExtractedData = { data, rows, cols, is3D };
  if (sum !== undefined) {
    for (let v = 0; v < nVoxels; v++) sum[v] /= rows;
    result.mean = sum;
  }
  return result;
}

/** Options of {@link applyMask}. */
export interface ApplyMaskOptions {
  /**
   * Output precision (default `'float32'`, as nilearn: integer voxels are exact in both; scaled
   * values are computed in float64 and rounded).
   */
  dtype?: 'float32' | 'float64';
  /** Gaussian smoothing FWHM in mm before masking. */
  smoothingFwhm?: Fwhm;
}

/**
 * Extracts the (scans × voxels) matrix of `img` inside `maskImg` (nilearn's `apply_mask`):
 * columns are the mask's voxels in numpy C order over (i, j, k); a 3-D image gives one row;
 * a list of images is concatenated in time.
 *
 * @example
 * ```ts
 * const X = await applyMask('bold.nii.gz', 'mask.nii.gz');
 * X.rows; X.cols; // scans, voxels
 * ```
 * @throws ValidationError for an invalid mask or an image off the mask's grid.
 */
export async function applyMask(
  img: ImgInput,
  maskImg: ImgLike,
  options: ApplyMaskOptions = {},
): Promise<MaskedData> {
  const dtype = checkDtype(options.dtype ?? 'float32');
  const mask = await loadMask(maskImg, 'maskImg');
  const m = await extractMasked(img, mask, { smoothingFwhm: options.smoothingFwhm, dtype });
  return { data: m.data, rows: m.rows, cols: m.cols };
}

/** Throws a ValidationError unless `dtype` is `'float32'` or `'float64'`. */
export function checkDtype(dtype: unknown): 'float32' | 'float64' {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new ValidationError(
      `dtype must be 'float32' or 'float64'; got ${JSON.stringify(dtype)}.`,
    );
  }
  return dtype;
}

/** What {@link unmask} accepts: a 2-D matrix (rows = scans) or a 1-D array (one map). */
export type UnmaskInput = MatrixLike | MaskedData | Float64Array | Float32Array | readonly number[];

/**
 * Puts masked data back into images (nilearn's `unmask`): a 2-D input (N × voxels, even N = 1)
 * gives a 4-D image X×Y×Z×N, a 1-D input a 3-D image; voxels outside the mask are 0; the affine
 * is the mask's. float32 input gives a float32 image, anything else float64.
 *
 * @throws ValidationError when the number of columns is not the mask's voxel count.
 */
export function unmask(X: UnmaskInput, maskImg: NiftiImage | LoadedMask): NiftiImage {
  const mask = maskImg instanceof NiftiImage ? maskFromImage(maskImg, 'maskImg') : maskImg;
  const { indices } = mask;
  const nVox = indices.length;
  const oneD =
    ArrayBuffer.isView(X) || (Array.isArray(X) && (X.length === 0 || typeof X[0] === 'number'));
  let src: ArrayLike<number>;
  let rows: number;
  let cols: number;
  let float32 = false;
  if (oneD) {
    src = X as ArrayLike<number>;
    rows = 1;
    cols = src.length;
    float32 = X instanceof Float32Array;
  } else {
    const obj = X as { data?: unknown; rows?: unknown; cols?: unknown };
    if (obj !== null && typeof obj === 'object' && obj.data instanceof Float32Array) {
      float32 = true;
      const m = toMatrix(X as MatrixLike, { name: 'X', allowNonFinite: true });
      src = obj.data.length === m.data.length ? (obj.data as Float32Array) : m.data;
      rows = m.rows;
      cols = m.cols;
    } else {
      const m = toMatrix(X as MatrixLike, { name: 'X', allowNonFinite: true });
      src = m.data;
      rows = m.rows;
      cols = m.cols;
    }
  }
  if (cols !== nVox) {
    throw new ValidationError(
      `X has ${cols} ${oneD ? 'values' : 'columns'} but the mask has ${nVox} voxels: ` +
        'unmask data made with this same mask (one column per mask voxel).',
    );
  }
  const [nx, ny, nz] = mask.shape;
  const v = nx * ny * nz;
  const out = float32 ? new Float32Array(v * rows) : new Float64Array(v * rows);
  for (let r = 0; r < rows; r++) {
    const base = r * v;
    const off = r * cols;
    for (let c = 0; c < cols; c++) out[base + indices[c]!] = src[off + c]!;
  }
  const shape = oneD ? [nx, ny, nz] : [nx, ny, nz, rows];
  return NiftiImage.fromArray(out, shape, mask.affine);
}
