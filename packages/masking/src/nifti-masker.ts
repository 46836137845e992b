/**
 * `NiftiMasker`: nilearn's masker. Images in, (scans × voxels) matrices out, and back.
 *
 * @module
 */
import { BaseEstimator, checkIsFitted, type Label, ValidationError } from '@voxelkit/core';
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
  /** Precision of `transform`'s output (default `'float32'`, as nilearn). Computation is float64. */
  dtype: 'float32' | 'float64';
}

/**
 * Turns 4-D fMRI images into a (scans × voxels) matrix and back, as nilearn's `NiftiMasker`:
 * mask (given or computed), optional smoothing, then `signal.clean` (detrend, Butterworth
 * filter, standardize — per run with `runs`). Columns are the mask's voxels in numpy C order
 * over (i, j, k). Inputs are paths, URLs or `NiftiImage`s, or lists of them (concatenated in
 * time); `.nii.gz` files are read volume by volume and only the masked voxels are kept.
 *
 * `fit`, `transform` and `fitTransform` are async (they may read files); `inverseTransform` is
 * sync.
 *
 * @example
 * ```ts
 * const masker = new NiftiMasker({ maskImg: 'mask4_vt.nii.gz', standardize: true });
 * const X = await masker.fitTransform('bold.nii.gz'); // X.rows × X.cols = 1452 × 530
 * const img = masker.inverseTransform(X);              // 40 × 20 × 1 × 1452
 * ```
 */
export class NiftiMasker extends BaseEstimator<NiftiMaskerParams> {
  /** The name this class is rebuilt under elsewhere (see `estimatorRegistry`). */
  static readonly estimatorName: string = 'NiftiMasker';
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
   * `'float64'`. A 3-D image gives one row.
   *
   * @throws NotFittedError before `fit`; ValidationError for images off the mask's grid,
   *   `runs` of the wrong length, filtering without `tR`.
   */
  async transform(img: ImgInput): Promise<MaskedData> {
    checkIsFitted(this, ['maskImg_', 'nVoxels_']);
    const { clean, dtype } = this.settings();
    const masked = await extractMasked(img, this.loadedMask_!, {
      smoothingFwhm: this.params.smoothingFwhm,
      dtype,
    });
    const { runs } = this.params;
    if (runs !== undefined && runs !== null && runs.length !== masked.rows) {
      throw new ValidationError(
        `runs has ${runs.length} labels but the images have ${masked.rows} scans: give one run label per scan.`,
      );
    }
    // Cleaning works on float64 copies of column blocks: peak memory stays ≈ the output.
    cleanColumnsInPlace(masked.data, masked.rows, masked.cols, clean, runs ?? undefined);
    return { data: masked.data, rows: masked.rows, cols: masked.cols };
  }

  /** `fit(img)` then `transform(img)`. */
  async fitTransform(img: ImgInput): Promise<MaskedData> {
    await this.fit(img);
    return this.transform(img);
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
