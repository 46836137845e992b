import { ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { binarizeMask, maskIndices } from './mask-image.js';

describe('binarizeMask (nilearn load_mask_img rules)', () => {
  it('accepts 0/1, 0/any, and a full mask of one nonzero value; NaN counts as 0', () => {
    expect(Array.from(binarizeMask([0, 1, 1, 0]))).toEqual([0, 1, 1, 0]);
    expect(Array.from(binarizeMask([0, 7, -0, 7]))).toEqual([0, 1, 0, 1]);
    expect(Array.from(binarizeMask([3, 3]))).toEqual([1, 1]);
    expect(Array.from(binarizeMask([Number.NaN, 2]))).toEqual([0, 1]);
  });
  it('rejects empty masks, two values without 0, and more than two values', () => {
    expect(() => binarizeMask([0, 0])).toThrow(/empty/);
    expect(() => binarizeMask([1, 2])).toThrow(ValidationError);
    expect(() => binarizeMask([0, 1, 2])).toThrow(/not binary/);
    expect(Array.from(binarizeMask([0, 0], 'm', true))).toEqual([0, 0]);
  });
});

describe('maskIndices', () => {
  it('lists file offsets in numpy C order over (i, j, k)', () => {
    const shape: [number, number, number] = [2, 2, 2];
    // every voxel set: C order visits (0,0,0) (0,0,1) (0,1,0) (0,1,1) (1,0,0) …
    expect(Array.from(maskIndices(new Uint8Array(8).fill(1), shape))).toEqual([
      0, 4, 2, 6, 1, 5, 3, 7,
    ]);
  });
});
