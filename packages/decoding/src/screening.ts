/**
 * nilearn 0.10.4's feature screening for decoders: an ANOVA `SelectPercentile` whose percentile
 * is given relative to the MNI152 brain volume and rescaled by the mask's volume.
 *
 * @module
 */
import {
  type Label,
  type MatrixLike,
  ValidationError,
  VoxelkitWarning,
  warn,
} from '@voxelkit/core';
import { fClassif, fRegression, SelectPercentile } from '@voxelkit/estimators';
import type { NiftiImage } from '@voxelkit/nifti-io';

/** nilearn's `MNI152_BRAIN_VOLUME` in mm³. */
export const MNI152_BRAIN_VOLUME = 1827243.0;

/** Warned when a mask is far from a human brain's size, or too few features remain. */
export class DecoderWarning extends VoxelkitWarning {}

/** Volume of a mask in mm³: |det(affine[:3, :3])| × the number of non-zero voxels. */
export function maskVolume(mask: NiftiImage): number {
  const a = mask.affine;
  const m = (r: number, c: number) => (a[r] as number[])[c] as number;
  const det =
    m(0, 0) * (m(1, 1) * m(2, 2) - m(1, 2) * m(2, 1)) -
    m(0, 1) * (m(1, 0) * m(2, 2) - m(1, 2) * m(2, 0)) +
    m(0, 2) * (m(1, 0) * m(2, 1) - m(1, 1) * m(2, 0));
  const [nx = 1, ny = 1, nz = 1] = mask.shape;
  const data = mask.data;
  let count = 0;
  for (let i = 0; i < nx * ny * nz; i++) if ((data[i] as number) !== 0) count++;
  return Math.abs(det) * count;
}

/**
 * nilearn's `adjust_screening_percentile`: `percentile · MNI152 / maskVolume`, at most 100 (100
 * stays 100). Warns (DecoderWarning) for a mask larger than 1.1 MNI152 brains or smaller than
 * 0.5 % of one.
 */
export function adjustScreeningPercentile(percentile: number, mask: NiftiImage): number {
  const volume = maskVolume(mask);
  if (volume > 1.1 * MNI152_BRAIN_VOLUME) {
    warn(
      new DecoderWarning(
        'Brain mask is bigger than the volume of a standard human brain. This object is probably not tuned to be used on such data.',
      ),
    );
  } else if (volume < 0.005 * MNI152_BRAIN_VOLUME) {
    warn(
      new DecoderWarning(
        'Brain mask is smaller than .5% of the volume of a human brain. This object is probably not tuned to be used on such data.',
      ),
    );
  }
  if (percentile < 100) return Math.min(percentile * (MNI152_BRAIN_VOLUME / volume), 100);
  return percentile;
}

/**
 * nilearn's `check_feature_screening`: no selector for `undefined`/`null`/100, else a
 * `SelectPercentile` (`fClassif` or `fRegression`) at the truncated adjusted percentile.
 *
 * @throws ValidationError for a percentile outside [0, 100].
 */
export function checkFeatureScreening(
  percentile: number | undefined | null,
  mask: NiftiImage,
  isClassification: boolean,
): SelectPercentile | undefined {
  if (percentile === undefined || percentile === null || percentile === 100) return undefined;
  if (typeof percentile !== 'number' || !(percentile >= 0 && percentile <= 100)) {
    throw new ValidationError(
      `screeningPercentile should be in the interval [0, 100], got ${String(percentile)}.`,
    );
  }
  const adjusted = adjustScreeningPercentile(percentile, mask);
  return screeningSelector(Math.trunc(adjusted), isClassification);
}

/** nilearn's ANOVA screening at `percentile`: `SelectPercentile` with `fClassif` / `fRegression`. */
export function screeningSelector(percentile: number, isClassification: boolean): SelectPercentile {
  const scoreFunc = isClassification
    ? fClassif
    : (X: MatrixLike, y: ArrayLike<Label>) => fRegression(X, y as ArrayLike<number>);
  return new SelectPercentile({ scoreFunc, percentile });
}
