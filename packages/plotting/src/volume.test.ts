import { ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { HAXBY_AFFINE } from './synthetic.test-helpers.js';
import { applyAffine, invertAffine, toAffine, toVolume } from './volume.js';

describe('toVolume', () => {
  it('accepts 3-D images, X×Y×Z×1 images and NiftiImage-like objects', () => {
    const data = new Float32Array(24);
    expect(toVolume({ data, shape: [2, 3, 4], affine: HAXBY_AFFINE }, 'a').shape).toEqual([
      2, 3, 4,
    ]);
    expect(toVolume({ data, shape: [2, 3, 4, 1], affine: HAXBY_AFFINE }, 'a').shape).toEqual([
      2, 3, 4,
    ]);
    const nifti = { shape: [2, 3, 4, 1], affine: HAXBY_AFFINE, getFData: () => data };
    expect(toVolume(nifti, 'a').data).toBe(data);
  });

  it('rejects 4-D series, wrong lengths, bad and singular affines with ValidationError', () => {
    const ok = { data: new Float64Array(24), shape: [2, 3, 4], affine: HAXBY_AFFINE };
    expect(() => toVolume({ ...ok, shape: [2, 3, 2, 2] }, 'img')).toThrow(/4-D with 2 volumes/);
    expect(() => toVolume({ ...ok, shape: [2, 3, 5] }, 'img')).toThrow(ValidationError);
    expect(() => toVolume({ ...ok, shape: [2, 0, 4] }, 'img')).toThrow(ValidationError);
    expect(() =>
      toVolume(
        {
          ...ok,
          affine: [
            [1, 0, 0, 0],
            [0, 1, 0, 0],
            [0, 0, 0, 0],
          ],
        },
        'img',
      ),
    ).toThrow(/singular/);
    expect(() =>
      toVolume(
        {
          ...ok,
          affine: [
            [Number.NaN, 0, 0, 0],
            [0, 1, 0, 0],
            [0, 0, 1, 0],
          ],
        },
        'img',
      ),
    ).toThrow(ValidationError);
    expect(() => toVolume(null as never, 'img')).toThrow(ValidationError);
  });
});

describe('affines', () => {
  it('inverse composes to the identity', () => {
    const a = toAffine([
      [-3.1, 0.2, 0.1, 60.45],
      [0.3, 3.75, -0.2, -35.625],
      [0.1, 0.05, 3.75, 0],
    ]);
    const inv = invertAffine(a);
    for (const p of [
      [0, 0, 0],
      [12.5, -3, 7],
      [39, 19, 0],
    ] as const) {
      const w = applyAffine(a, p[0], p[1], p[2]);
      const back = applyAffine(inv, ...w);
      back.forEach((v, d) => {
        expect(v).toBeCloseTo(p[d], 10);
      });
    }
  });
});
