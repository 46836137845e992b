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
  checkSameGeometry,
  type ImgInput,
  type ImgLike,
  inspectImages,
  rawVolumesOf,
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
  /** Storage precision of the result (default `'float64'`); values are computed in float64. */
  dtype?: 'float32' | 'float64';
}

/**
 * Reads every volume of `img` (a list is concatenated in time), optionally smoothed, and keeps
 * the mask's voxels: returns a float64 (scans × voxels) matrix. Only one volume (plus the
 * output) is held at a time for inputs that stream. Non-finite values are replaced by 0 with a
 * warning, as nilearn's `apply_mask` (`ensure_finite=True`) does.
 *
 * @throws ValidationError when an image is not on the mask's grid (shape or affine), or is not
 *   3-D/4-D.
 */
export async function extractMasked(
  img: ImgInput,
  mask: LoadedMask,
  options: ExtractOptions = {},
): Promise<MaskedData & { is3D: boolean }> {
  const name = options.name ?? 'img';
  const list = toImgList(img, name);
  const infos = await inspectImages(list);
  for (const info of infos) checkSameGeometry(mask, info, 'The mask', info.name);
  const rows = infos.reduce((s, i) => s + i.nVolumes, 0);
  const { indices } = mask;
  const cols = indices.length;
  const out =
    options.dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  const sigmas =
    options.smoothingFwhm === undefined || options.smoothingFwhm === null
      ? undefined
      : fwhmToSigmas(options.smoothingFwhm, mask.affine);
  const smoothing = sigmas?.some((s) => s > 0);
  const [nx, ny, nz] = mask.shape;
  const volume = smoothing ? new Float64Array(nx * ny * nz) : undefined;
  let nonFinite = 0;
  let r = 0;
  for (let i = 0; i < list.length; i++) {
    for await (const raw of rawVolumesOf(list[i]!, infos[i]!)) {
      const off = r * cols;
      if (volume !== undefined) {
        scaleVolume(raw, volume);
        smoothVolumeInPlace(volume, mask.shape, sigmas!);
        for (let c = 0; c < cols; c++) out[off + c] = volume[indices[c]!]!;
      } else {
        const { data, slope, inter } = raw;
        if (slope === 1 && inter === 0) {
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
  }
  if (nonFinite > 0) {
    warn(
      new NonFiniteWarning(
        `${nonFinite} non-finite value(s) (NaN or ±Infinity) inside the mask were replaced by 0, as nilearn does. ` +
          'Check the images, or exclude those voxels from the mask.',
      ),
    );
  }
  return { data: out, rows, cols, is3D: infos.length === 1 && infos[0]!.is3D };
}

/** Options of {@link applyMask}. */
export interface ApplyMaskOptions {
  /** Output precision (default `'float32'`, as nilearn). Computation is float64 either way. */
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
