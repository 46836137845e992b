/**
 * nilearn's `image.mean_img` for one 4-D image: the mean over time of every voxel, the plots'
 * background when the subject has no anatomical image.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { NiftiImage } from '@voxelkit/nifti-io';

/** The voxel-wise mean over the 4th axis (a 3-D float64 image on the same grid). */
export function meanImg(img: NiftiImage): NiftiImage {
  const [nx = 1, ny = 1, nz = 1, nt = 1] = img.shape;
  if (img.shape.length > 4) {
    throw new ValidationError(
      `meanImg needs a 3-D or 4-D image, got shape [${img.shape.join(', ')}].`,
    );
  }
  const data = img.getFData();
  const n = nx * ny * nz;
  const mean = new Float64Array(n);
  for (let t = 0; t < nt; t++) {
    const off = t * n;
    for (let v = 0; v < n; v++) mean[v] += data[off + v] as number;
  }
  for (let v = 0; v < n; v++) mean[v] /= nt;
  return NiftiImage.fromArray(mean, [nx, ny, nz], img.affine as number[][]);
}
