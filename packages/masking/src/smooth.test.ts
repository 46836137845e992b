import { ValidationError } from '@voxelkit/core';
import { NiftiImage } from '@voxelkit/nifti-io';
import { describe, expect, it } from 'vitest';
import { NiftiMasker } from './nifti-masker.js';
import { smoothImg } from './smooth.js';

// Golden numbers: packages/masking/scripts/goldens.py (nilearn's smooth_array spelled out with
// scipy 1.10 ndimage.gaussian_filter1d). Volume: the synthetic t = 0 volume of the mask tests,
// affine diag(2, 3, 2.5) mm.
function synthVolume(): Float64Array {
  const out = new Float64Array(12 * 14 * 10);
  for (let k = 0; k < 10; k++) {
    for (let j = 0; j < 14; j++) {
      for (let i = 0; i < 12; i++) {
        let x =
          1000 * Math.exp(-((i - 5.5) ** 2 / 9 + (j - 7) ** 2 / 16 + (k - 4.5) ** 2 / 6)) +
          37 * ((i * 7 + j * 3 + k * 5) % 11);
        if (i < 2 && j < 2 && k >= 7) x += 900;
        out[i + 12 * (j + 14 * k)] = x;
      }
    }
  }
  return out;
}
const AFFINE = [
  [2, 0, 0, 0],
  [0, 3, 0, 0],
  [0, 0, 2.5, 0],
  [0, 0, 0, 1],
];
const at = (d: ArrayLike<number>, i: number, j: number, k: number) => d[i + 12 * (j + 14 * k)]!;

describe('smoothImg', () => {
  it('FWHM 6 mm, affine-aware (scipy golden)', async () => {
    const out = await smoothImg(NiftiImage.fromArray(synthVolume(), [12, 14, 10], AFFINE), 6);
    const d = out.getFData();
    expect(out.dtype).toBe('float64');
    expect(out.affine).toEqual(AFFINE);
    const got = [at(d, 5, 7, 4), at(d, 0, 0, 0), at(d, 11, 13, 9), at(d, 3, 2, 8)];
    const exp = [859.066696360916, 151.00933448100312, 176.28940893141692, 234.56724529802923];
    got.forEach((v, n) => {
      expect(Math.abs(v - exp[n]!)).toBeLessThan(1e-9);
    });
  });
  it('per-axis FWHM, 0 leaves an axis alone; kernels wider than the axis reflect', async () => {
    const out = await smoothImg(
      NiftiImage.fromArray(synthVolume(), [12, 14, 10], AFFINE),
      [4, 0, 20],
    );
    const d = out.getFData();
    const exp = [622.1939549706824, 213.53961038570625, 187.91464862040607];
    [at(d, 5, 7, 4), at(d, 0, 0, 0), at(d, 11, 13, 9)].forEach((v, n) => {
      expect(Math.abs(v - exp[n]!)).toBeLessThan(1e-9);
    });
  });
  it('smooths every volume of a 4-D image alike and keeps the total (mass preserving)', async () => {
    const v = synthVolume();
    const two = new Float32Array(v.length * 2);
    two.set(v);
    two.set(v, v.length);
    const out = (await smoothImg(NiftiImage.fromArray(two, [12, 14, 10, 2], AFFINE), 5)).getFData();
    expect(out.length).toBe(two.length);
    for (let i = 0; i < v.length; i += 97) expect(out[i]).toBe(out[i + v.length]);
  });
  it('rejects a negative FWHM', async () => {
    await expect(
      smoothImg(NiftiImage.fromArray(synthVolume(), [12, 14, 10], AFFINE), -1),
    ).rejects.toThrow(ValidationError);
  });

  it('bounds the kernel by the image extent: smoothingFwhm 1e9 is refused (issue 20, item 5)', async () => {
    const img = NiftiImage.fromArray(synthVolume(), [12, 14, 10], AFFINE);
    // the old code built a 1.7e9-weight kernel (13 GB) and looped for ever
    await expect(smoothImg(img, 1e9)).rejects.toThrow(/radius \d+ voxels along axis 0/);
    const mask = NiftiImage.fromArray(new Uint8Array(12 * 14 * 10).fill(1), [12, 14, 10], AFFINE);
    const masker = new NiftiMasker({ maskImg: mask, smoothingFwhm: 1e9 });
    await expect(masker.fitTransform(img)).rejects.toThrow(ValidationError);
    // a kernel a few times wider than the image still reflects as scipy does
    const wide = (await smoothImg(img, 300)).getFData();
    expect(wide.every(Number.isFinite)).toBe(true);
  });

  it('says NaN, not null, when the FWHM is NaN', async () => {
    const img = NiftiImage.fromArray(synthVolume(), [12, 14, 10], AFFINE);
    await expect(smoothImg(img, Number.NaN)).rejects.toThrow(/got NaN\./);
    await expect(smoothImg(img, [1, Number.NaN, 2])).rejects.toThrow(/got \[1, NaN, 2\]\./);
  });
});
