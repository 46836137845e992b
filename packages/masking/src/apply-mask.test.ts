import { RandomState, VoxelkitError } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { NiftiImage, readNifti } from '@voxelkit/nifti-io';
import { describe, expect, it } from 'vitest';
import { applyMask, unmask } from './apply-mask.js';

const affine = [
  [2, 0, 0, -3],
  [0, 3, 0, 5],
  [0, 0, 4, 7],
  [0, 0, 0, 1],
];
const maskData = new Uint8Array(24);
for (const f of [1, 6, 7, 13, 17, 22]) maskData[f] = 1;
const maskImg = NiftiImage.fromArray(maskData, [4, 3, 2], affine);
// C order over (i, j, k) of the mask voxels, as file offsets.
const C_ORDER = [1, 13, 17, 6, 22, 7];

describe('applyMask', () => {
  it('keeps the mask voxels in C order, float32 by default, float64 on request', async () => {
    const series = new Int16Array(24 * 3).map((_, i) => i - 30);
    const img = NiftiImage.fromArray(series, [4, 3, 2, 3], affine);
    const X = await applyMask(img, maskImg);
    expect(X.data).toBeInstanceOf(Float32Array);
    expect([X.rows, X.cols]).toEqual([3, 6]);
    for (let t = 0; t < 3; t++) {
      C_ORDER.forEach((f, c) => {
        expect(X.data[t * 6 + c]).toBe(series[t * 24 + f]);
      });
    }
    const X64 = await applyMask(img, maskImg, { dtype: 'float64' });
    expect(X64.data).toBeInstanceOf(Float64Array);
    expect(Array.from(X64.data)).toEqual(Array.from(X.data));
    await expect(applyMask(img, maskImg, { dtype: 'int8' as never })).rejects.toThrow(/dtype/);
  });

  it('applies scl_slope/scl_inter as nibabel does', async () => {
    // fromArray resets scaling (as nibabel's constructor does); a scaled image is built from a
    // header that carries scl_slope/scl_inter, as a file read from disk would be.
    const raw = NiftiImage.fromArray(new Int16Array(24).fill(10), [4, 3, 2], affine);
    const img = new NiftiImage({ ...raw.header, sclSlope: 0.5, sclInter: 3 }, raw.data);
    expect(img.getFData()[0]).toBe(8);
    const X = await applyMask(img, maskImg, { dtype: 'float64' });
    expect(Array.from(X.data)).toEqual([8, 8, 8, 8, 8, 8]);
  });
});

describe('unmask', () => {
  it('2-D → 4-D (even one row), 1-D → 3-D, zeros outside, dtype follows the data', () => {
    const X = { data: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), rows: 2, cols: 6 };
    const img = unmask(X, maskImg);
    expect(img.shape).toEqual([4, 3, 2, 2]);
    expect(img.dtype).toBe('float32');
    expect(img.affine).toEqual(affine);
    const d = img.getFData();
    C_ORDER.forEach((f, c) => {
      expect(d[f]).toBe(c + 1);
      expect(d[24 + f]).toBe(c + 7);
    });
    expect(Array.from(d).filter((v) => v !== 0).length).toBe(12);
    const one = unmask([[1, 2, 3, 4, 5, 6]], maskImg);
    expect(one.shape).toEqual([4, 3, 2, 1]);
    expect(one.dtype).toBe('float64');
    const flat = unmask([6, 5, 4, 3, 2, 1], maskImg);
    expect(flat.shape).toEqual([4, 3, 2]);
    expect(flat.getFData()[C_ORDER[0]!]).toBe(6);
    expect(() => unmask([1, 2, 3], maskImg)).toThrow(/3 values but the mask has 6 voxels/);
  });
});

const bold = testData('haxby-slice/haxby2001-slice/subj1/bold.nii.gz');
const mask = testData('haxby-slice/haxby2001-slice/subj1/mask4_vt.nii.gz');
describe.skipIf(!bold.available || !mask.available)('applyMask on real data', () => {
  it('unmask(applyMask(x)) restores every masked voxel of the Haxby slice', async () => {
    const X = await applyMask(bold.path, mask.path, { dtype: 'float64' });
    expect([X.rows, X.cols]).toEqual([1452, 530]);
    const back = unmask(X, await readNifti(mask.path)).getFData();
    const orig = (await readNifti(bold.path)).getFData();
    const m = (await readNifti(mask.path)).getFData();
    let wrong = 0;
    for (let f = 0; f < orig.length; f++) if (back[f] !== (m[f % 800] ? orig[f] : 0)) wrong++;
    expect(wrong).toBe(0);
  });
});

describe('bad input only ever raises typed errors', () => {
  it('fuzzed masks, images and matrices', async () => {
    const rng = new RandomState(0);
    const garbage: unknown[] = [
      null,
      undefined,
      42,
      'not-a-file.nii.gz',
      {},
      [],
      [[]],
      [null],
      Number.NaN,
      new Float32Array(5),
      { data: new Float64Array(3), rows: 2, cols: 2 },
      NiftiImage.fromArray(new Float32Array(8), [2, 2, 2], affine),
      NiftiImage.fromArray(new Float32Array(2), [2], affine),
    ];
    for (let n = 0; n < 40; n++) {
      const shape = [1 + rng.randint(0, 3), 1 + rng.randint(0, 3), 1 + rng.randint(0, 3)];
      const size = shape[0]! * shape[1]! * shape[2]!;
      const vals = Float32Array.from({ length: size }, () => rng.randint(0, 4) - 1);
      garbage.push(NiftiImage.fromArray(vals, shape, affine));
    }
    for (const m of garbage) {
      for (const img of garbage.slice(0, 14)) {
        try {
          await applyMask(img as never, m as never);
        } catch (e) {
          expect(e).toBeInstanceOf(VoxelkitError);
        }
      }
      try {
        unmask(m as never, maskImg);
      } catch (e) {
        expect(e).toBeInstanceOf(VoxelkitError);
      }
    }
  });
});
