import { NiftiImage } from '@voxelkit/nifti-io';
import { describe, expect, it } from 'vitest';
import { meanImg } from './mean-img.js';

const affine = [
  [-2, 0, 0, 10],
  [0, 3, 0, -5],
  [0, 0, 4, 1],
  [0, 0, 0, 1],
];

describe('meanImg', () => {
  it('averages every voxel over time, keeping the grid', () => {
    // 2×1×1 voxels, 3 scans, file order (voxel fastest): voxel 0 = 1, 2, 6; voxel 1 = 10, 20, 60.
    const img = NiftiImage.fromArray(new Int16Array([1, 10, 2, 20, 6, 60]), [2, 1, 1, 3], affine);
    const mean = meanImg(img);
    expect(mean.shape).toEqual([2, 1, 1]);
    expect(Array.from(mean.getFData())).toEqual([3, 30]);
    expect(mean.affine).toEqual(affine);
  });

  it('returns a 3-D image unchanged in value, and rejects 5-D images', () => {
    const img = NiftiImage.fromArray(new Float32Array([1.5, -2]), [2, 1, 1], affine);
    expect(Array.from(meanImg(img).getFData())).toEqual([1.5, -2]);
    const five = NiftiImage.fromArray(new Float32Array(2), [1, 1, 1, 1, 2], affine);
    expect(() => meanImg(five)).toThrow(/3-D or 4-D/);
  });
});
