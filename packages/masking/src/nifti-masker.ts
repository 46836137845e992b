/**
 * `NiftiMasker`: nilearn's masker. Images in, (scans × voxels) matrices out, and back.
 *
 * @module
 */
import {
  type AsyncTransformer,
  BaseEstimator,
  checkIsFitted,
  type Label,
  registerEstimator,
  ValidationError,
} from '@voxelkit/core';
import { NiftiImage } from '@voxelkit/nifti-io';
import {
  checkDtype,
  extractMasked,
  type MaskedData,
  type UnmaskInput,
  unmask,
} from './apply-mask.js';
import { backgroundMaskFromMean, epiMaskFromMean, meanVolume } from './compute-mask.js';
import type { ImgInput, ImgLike } from './image-input.js';
import { type LoadedMask, loadMask, maskFromImage } from './mask-image.js';
import { checkCleanSettings, cleanColumnsInPlace } from './signal/clean.js';
import type { Standardize } from './signal/standardize.js';
import type { Fwhm } from './smooth.js';

/** Hyper-parameters of {@link NiftiMasker} (nilearn's names in camelCase). */
export interface NiftiMaskerParams {
  /** The mask (path, URL or image). Without one, `fit` computes it with `maskStrategy`. */
  maskImg: ImgLike | undefined;
  /**
   * Standardize every voxel's time series (default false). `true`/`'zscore'`: population std
   * (nilearn ≤ 0.13's `true`); `'zscore_sample'`: sample std (nilearn ≥ 0.14's `true`); `'psc'`.
   */
  standardize: Standardize;
  /** Remove each voxel's linear trend (default false). */
  detrend: boolean;
  /** Run label of every scan: detrending, filtering and standardizing are done per run. */
  runs: ArrayLike<Label> | undefined;
  /** Low-pass cutoff in Hz (needs `tR`). */
  lowPass: number | undefined;
  /** High-pass cutoff in Hz (needs `tR`). */
  highPass: number | undefined;
  /** Repetition time in seconds. */
  tR: number | undefined;
  /** Gaussian smoothing FWHM in mm, applied to each volume before masking. */
  smoothingFwhm: Fwhm | undefined;
  /** How `fit` computes a mask when `maskImg` is not given (default `'background'`). */
  maskStrategy: 'background' | 'epi';
  /**
   * Precision of `transform` (default `'float32'`, as nilearn). `'float32'`: float32 output,
   * standardized in float32 arithmetic exactly as nilearn 0.10 does it (its matrix bit for bit;
   * detrending and filtering are computed in float64 and rounded). `'float64'`: float64 output
   * and float64 arithmetic throughout — the better numerical choice (the float32 column sums of
   * a long run carry ~1e-6 relative error) when matching nilearn is not the point.
   */
  dtype: 'float32' | 'float64';
}

/** Options of {@link NiftiMasker.transform}. */
export interface TransformOptions {
  /** Also return the mean image over time, from the same single read (default false). */
  meanImg?: boolean;
}

/**
 * Turns 4-D fMRI images into a (scans × voxels) matrix and back, as nilearn's `NiftiMasker`:
 * mask (given or computed), optional smoothing, then `signal.clean` (detrend, Butterworth
 * filter, standardize — per run with `runs`). Columns are the mask's voxels in numpy C order
 * over (i, j, k). Inputs are paths, URLs or `NiftiImage`s, or lists of them (concatenated in
 * time); `.nii.gz` files are read volume by volume and only the masked voxels are kept.
 *
 * `fit`, `transform` and `fitTransform` are async (they may read files); `inverseTransform` is
 * sync: the masker is an `AsyncTransformer` of `@voxelkit/core`, and passes `checkEstimator`.
 *
 * @example
 * ```ts
 * const masker = new NiftiMasker({ maskImg: 'mask4_vt.nii.gz', standardize: true });
 * const X = await masker.fitTransform('bold.nii.gz'); // X.rows × X.cols = 1452 × 530
 * const img = masker.inverseTransform(X);              // 40 × 20 × 1 × 1452
 * ```
 */
export class NiftiMasker
  extends BaseEstimator<NiftiMaskerParams>
  implements AsyncTransformer<NiftiMaskerParams, ImgInput, MaskedData>
{
  /** The mask in use (given or computed), set by `fit`. */
  maskImg_?: NiftiImage;
  /** Number of voxels in the mask (columns of `transform`'s output), set by `fit`. */
  nVoxels_?: number;
  /** The validated mask and its voxel order, set by `fit`. */
  private loadedMask_?: LoadedMask;

  constructor(params: Partial<NiftiMaskerParams> = {}) {
    super({
      maskImg: undefined,
      standardize: false,
      detrend: false,
      runs: undefined,
      lowPass: undefined,
      highPass: undefined,
      tR: undefined,
      smoothingFwhm: undefined,
      maskStrategy: 'background',
      dtype: 'float32',
      ...params,
    });
  }

  /** Validates the hyper-parameters (done by fit and transform, never by the constructor). */
  private settings() {
    const p = this.params;
    const clean = checkCleanSettings(
      {
        detrend: p.detrend,
        standardize: p.standardize,
        lowPass: p.lowPass,
        highPass: p.highPass,
        tR: p.tR,
      },
      { detrend: false, standardize: false },
    );
    if (p.maskStrategy !== 'background' && p.maskStrategy !== 'epi') {
      throw new ValidationError(
        `maskStrategy must be 'background' or 'epi'; got ${JSON.stringify(p.maskStrategy)}.`,
      );
    }
    return { clean, dtype: checkDtype(p.dtype) };
  }

  /**
   * Loads and checks `maskImg`, or computes a mask from `img` with `maskStrategy` (nilearn's
   * `compute_background_mask` / `compute_epi_mask` defaults). Resolves to `this`.
   *
   * @throws ValidationError for an invalid mask (not 3-D, not binary, empty), no `maskImg` and
   *   no `img`, or invalid hyper-parameters.
   */
  async fit(img?: ImgInput): Promise<this> {
    this.settings();
    const { maskImg, maskStrategy } = this.params;
    let loaded: LoadedMask;
    if (maskImg !== undefined && maskImg !== null) {
      loaded = await loadMask(maskImg, 'maskImg');
    } else {
      if (img === undefined || img === null) {
        throw new ValidationError(
          'NiftiMasker.fit() needs images to compute a mask from when no maskImg is given: ' +
            'pass the images, or set maskImg.',
        );
      }
      const { mean, shape, affine } = await meanVolume(img);
      const mask =
        maskStrategy === 'epi'
          ? epiMaskFromMean(mean, shape, {})
          : backgroundMaskFromMean(mean, shape, {});
      loaded = maskFromImage(NiftiImage.fromArray(mask, [...shape], affine), 'computed mask');
    }
    this.loadedMask_ = loaded;
    this.maskImg_ = loaded.image;
    this.nVoxels_ = loaded.indices.length;
    return this;
  }

  /**
   * Masks and cleans `img`: returns the (scans × voxels) matrix, float32 unless `dtype` is
   * `'float64'`. A 3-D image gives one row. Files are read once, volume by volume.
   *
   * With `{ meanImg: true }` the result also carries the mean image over time (nilearn's
   * `mean_img(img)`, float64, on the image's grid), accumulated during the same single read —
   * e.g. the background of a plot when there is no anatomical image.
   *
   * @throws NotFittedError before `fit`; ValidationError for images off the mask's grid,
   *   `runs` of the wrong length, filtering without `tR`.
   */
  async transform(img: ImgInput): Promise<MaskedData>;
  async transform(
    img: ImgInput,
    options: TransformOptions,
  ): Promise<MaskedData & { meanImg?: NiftiImage }>;
  async transform(
    img: ImgInput,
    options: TransformOptions = {},
  ): Promise<MaskedData & { meanImg?: NiftiImage }> {
    checkIsFitted(this, ['maskImg_', 'nVoxels_']);
    const { clean, dtype } = this.settings();
    const mask = this.loadedMask_!;
    const masked = await extractMasked(img, mask, {
      smoothingFwhm: this.params.smoothingFwhm,
      dtype,
      mean: options.meanImg === true,
    });
    const { runs } = this.params;
    if (runs !== undefined && runs !== null && runs.length !== masked.rows) {
      throw new ValidationError(
        `runs has ${runs.length} labels but the images have ${masked.rows} scans: give one run label per scan.`,
      );
    }
    // float32: standardized in place in float32 (nilearn's arithmetic); detrending/filtering
    // work on float64 copies of column blocks, so peak memory stays ≈ the output.
    cleanColumnsInPlace(masked.data, masked.rows, masked.cols, clean, runs ?? undefined);
    const out: MaskedData & { meanImg?: NiftiImage } = {
      data: masked.data,
      rows: masked.rows,
      cols: masked.cols,
    };
    if (masked.mean !== undefined) {
      out.meanImg = NiftiImage.fromArray(masked.mean, [...mask.shape], mask.affine);
    }
    return out;
  }

  /** `fit(img)` then `transform(img)` (with the same options). */
  async fitTransform(img: ImgInput): Promise<MaskedData>;
  async fitTransform(
    img: ImgInput,
    options: TransformOptions,
  ): Promise<MaskedData & { meanImg?: NiftiImage }>;
  async fitTransform(
    img: ImgInput,
    options: TransformOptions = {},
  ): Promise<MaskedData & { meanImg?: NiftiImage }> {
    await this.fit(img);
    return this.transform(img, options);
  }

  /**
   * Puts masked data back into an image on the mask's grid (zeros outside the mask): a 2-D
   * input of N rows gives X×Y×Z×N (also for N = 1, as nilearn), a 1-D array gives X×Y×Z.
   * float32 data gives a float32 image, float64 data a float64 one.
   *
   * @throws NotFittedError before `fit`; ValidationError when the column count is not `nVoxels_`.
   */
  inverseTransform(X: UnmaskInput): NiftiImage {
    checkIsFitted(this, ['maskImg_', 'nVoxels_']);
    return unmask(X, this.loadedMask_!);
  }
}

registerEstimator('NiftiMasker', NiftiMasker as never);
