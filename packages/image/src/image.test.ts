import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NiftiError, ValidationError } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { NiftiImage, readNifti, toBytes } from '@voxelkit/nifti-io';
import { afterAll, describe, expect, it } from 'vitest';
import { concatImgs, indexImg, meanImg, newImgLike, smoothImg } from './index.js';

/** nilearn 0.10.4 / nibabel 5.0 numbers from image.golden.py. */
const golden = JSON.parse(readFileSync(new URL('./image.golden.json', import.meta.url), 'utf8'));
const bold = testData('haxby-slice/haxby2001-slice/subj1/bold.nii.gz');

const affine = [
  [2, 0, 0, -3],
  [0, 3, 0, 1],
  [0, 0, 4, 5],
  [0, 0, 0, 1],
];

/** A small 4-D image (3×2×2, `nt` volumes) whose voxel v of volume t holds 100·t + v. */
function series(nt: number, aff = affine): NiftiImage {
  const data = new Int16Array(12 * nt);
  for (let t = 0; t < nt; t++) for (let v = 0; v < 12; v++) data[t * 12 + v] = 100 * t + v;
  return NiftiImage.fromArray(data, [3, 2, 2, nt], aff);
}

const total = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
};

const at = (img: NiftiImage, i: number, j: number, k: number, t = 0) =>
  img.getFData()[i + img.shape[0]! * (j + img.shape[1]! * (k + img.shape[2]! * t))]!;

describe.skipIf(!bold.available)('against nilearn 0.10.4 on the real Haxby slice', () => {
  it('meanImg equals nilearn mean_img (float64, same bytes)', async () => {
    const mean = await meanImg(bold.path);
    expect(mean.shape).toEqual(golden.mean.shape);
    expect(mean.dtype).toBe('float64');
    const data = mean.getFData();
    for (const [i, j, k, v] of golden.mean.values) expect(at(mean, i, j, k)).toBeCloseTo(v, 10);
    expect(total(data)).toBeCloseTo(golden.mean.sum, 6);
    const sha = createHash('sha256').update(new Uint8Array(data.buffer)).digest('hex');
    expect(sha).toBe(golden.mean.sha256);
  });

  it('meanImg of a NiftiImage equals meanImg of its file', async () => {
    const img = await readNifti(bold.path);
    expect((await meanImg(img)).getFData()).toEqual((await meanImg(bold.path)).getFData());
  });

  it('indexImg picks the source volumes (nibabel sums, repeats and order kept)', async () => {
    const picked = await indexImg(bold.path, golden.index.indices);
    expect(picked.shape).toEqual(golden.index.shape);
    expect(picked.dtype).toBe(golden.index.dtype);
    const n = 40 * 20;
    const d = picked.getFData();
    golden.index.volumeSums.forEach((s: number, t: number) => {
      let sum = 0;
      for (let v = 0; v < n; v++) sum += d[t * n + v]!;
      expect(sum).toBe(s);
    });
    const src = await readNifti(bold.path);
    const full = src.getFData();
    golden.index.indices.forEach((t: number, k: number) => {
      expect(d.subarray(k * n, (k + 1) * n)).toEqual(full.subarray(t * n, (t + 1) * n));
    });
  });

  it('smoothImg equals nilearn smooth_img (fwhm 6 on the 4-D run, [4, 5, 6] on the mean)', async () => {
    const sm = await smoothImg(bold.path, 6);
    expect(sm.shape).toEqual(golden.smooth6.shape);
    expect(sm.dtype).toBe(golden.smooth6.dtype);
    for (const [i, j, k, t, v] of golden.smooth6.values) {
      expect(Math.abs(at(sm, i, j, k, t) - v)).toBeLessThan(1e-6 * Math.max(1, Math.abs(v)));
    }
    const mean = await meanImg(bold.path);
    const ms = await smoothImg(mean, [4, 5, 6]);
    expect(ms.dtype).toBe(golden.smoothMean456.dtype);
    for (const [i, j, k, v] of golden.smoothMean456.values)
      expect(Math.abs(at(ms, i, j, k) - v)).toBeLessThan(1e-6);
    expect(total(ms.getFData())).toBeCloseTo(golden.smoothMean456.sum, 5);
  });

  it('concatImgs of indexImg pieces gives the run back', async () => {
    const pieces = [
      await indexImg(bold.path, [0, 1, 2, 3, 4]),
      await indexImg(bold.path, 5),
      await indexImg(bold.path, [6, 7]),
    ];
    // 4-D and 3-D pieces do not mix; the 3-D one goes in as a 1-volume 4-D image.
    const joined = await concatImgs([pieces[0]!, await concatImgs([pieces[1]!]), pieces[2]!]);
    expect(joined.shape).toEqual([40, 20, 1, 8]);
    expect(joined.dtype).toBe('float32');
    expect(joined.affine).toEqual((await readNifti(bold.path)).affine);
    const src = (await readNifti(bold.path)).getFData();
    expect(Array.from(joined.getFData())).toEqual(Array.from(src.subarray(0, 8 * 800)));
  });
});

describe('indexImg', () => {
  it('one index gives a 3-D image; a list or a boolean mask a 4-D one', async () => {
    const img = series(4);
    const one = await indexImg(img, 2);
    expect(one.shape).toEqual([3, 2, 2]);
    expect(Array.from(one.getFData())).toEqual(Array.from({ length: 12 }, (_, v) => 200 + v));
    const two = await indexImg(img, [3, 0]);
    expect(two.shape).toEqual([3, 2, 2, 2]);
    expect(at(two, 1, 0, 0, 0)).toBe(301);
    expect(at(two, 1, 0, 0, 1)).toBe(1);
    const masked = await indexImg(img, [false, true, false, true]);
    expect(Array.from(masked.getFData())).toEqual(
      Array.from((await indexImg(img, [1, 3])).getFData()),
    );
    expect(masked.affine).toEqual(affine);
  });

  it('keeps the header scaling, so values are the source values', async () => {
    const raw = series(3);
    const scaled = new NiftiImage({ ...raw.header, sclSlope: 0.5, sclInter: 10 }, raw.data);
    const picked = await indexImg(scaled, [2]);
    expect(Array.from(picked.getFData())).toEqual(Array.from(scaled.getFData().subarray(24, 36)));
  });

  it.each([
    [[4], /out of range/],
    [[-1], /negative/],
    [[1.5], /not an integer/],
    [[], /empty/],
    [[true, false], /boolean mask of length 2/],
    [[false, false, false, false], /no true value/],
    [[true, 1], /mixes/],
  ])('rejects index %j', async (index, message) => {
    await expect(indexImg(series(4), index as number[])).rejects.toThrow(ValidationError);
    await expect(indexImg(series(4), index as number[])).rejects.toThrow(message);
  });

  it('rejects what is not an image', async () => {
    await expect(indexImg(42 as never, 0)).rejects.toThrow(ValidationError);
  });
});

describe('meanImg', () => {
  it('is the mean over time, float64, 3-D', async () => {
    const mean = await meanImg(series(3));
    expect(mean.shape).toEqual([3, 2, 2]);
    expect(mean.dtype).toBe('float64');
    expect(Array.from(mean.getFData())).toEqual(Array.from({ length: 12 }, (_, v) => 100 + v));
    expect(mean.affine).toEqual(affine);
  });

  it('of a list is the mean of the per-image means (nilearn)', async () => {
    const mean = await meanImg([series(1), series(3)]);
    expect(at(mean, 0, 0, 0)).toBe((0 + 100) / 2);
  });

  it('rejects an empty list and images on different grids', async () => {
    await expect(meanImg([])).rejects.toThrow(ValidationError);
    const moved = series(
      2,
      affine.map((r, i) => (i === 0 ? [2, 0, 0, 7] : r)),
    );
    await expect(meanImg([series(2), moved])).rejects.toThrow(/grid/);
  });
});

describe('concatImgs', () => {
  it('stacks 3-D images and joins 4-D ones; round trip with indexImg', async () => {
    const img = series(5);
    const vols = await Promise.all([0, 1, 2, 3, 4].map((t) => indexImg(img, t)));
    const stacked = await concatImgs(vols);
    expect(stacked.shape).toEqual([3, 2, 2, 5]);
    expect(Array.from(stacked.getFData())).toEqual(Array.from(img.getFData()));
    const joined = await concatImgs([await indexImg(img, [0, 1]), await indexImg(img, [2, 3, 4])], {
      dtype: 'float64',
    });
    expect(joined.dtype).toBe('float64');
    expect(Array.from(joined.getFData())).toEqual(Array.from(img.getFData()));
  });

  it('rejects an empty list, mixed dimensions, other shapes or affines, a bad dtype', async () => {
    const img = series(2);
    await expect(concatImgs([])).rejects.toThrow(ValidationError);
    await expect(concatImgs(img as never)).rejects.toThrow(ValidationError);
    await expect(concatImgs([img, await indexImg(img, 0)])).rejects.toThrow(
      /3-D images or all 4-D/,
    );
    const other = NiftiImage.fromArray(new Int16Array(2 * 2 * 3 * 2), [2, 2, 3, 2], affine);
    await expect(concatImgs([img, other])).rejects.toThrow(/shape/);
    const moved = series(
      2,
      affine.map((r, i) => (i === 1 ? [0, 3, 0, 9] : r)),
    );
    await expect(concatImgs([img, moved])).rejects.toThrow(/affine/);
    await expect(concatImgs([img], { dtype: 'int16' as never })).rejects.toThrow(ValidationError);
  });
});

describe('newImgLike', () => {
  it('puts new data on the reference grid', async () => {
    const ref = series(2);
    const vol = new Float32Array(12).fill(1.5);
    const img = await newImgLike(ref, vol);
    expect(img.shape).toEqual([3, 2, 2]);
    expect(img.dtype).toBe('float32');
    expect(img.affine).toEqual(affine);
    const full = await newImgLike(
      ref,
      Array.from({ length: 24 }, (_, i) => i),
    );
    expect(full.shape).toEqual([3, 2, 2, 2]);
    expect(full.dtype).toBe('float64');
    const other = [
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ];
    expect((await newImgLike(ref, vol, { affine: other })).affine).toEqual(other);
    const bools = await newImgLike(
      ref,
      Array.from({ length: 12 }, (_, i) => i % 2 === 0),
    );
    expect(bools.dtype).toBe('uint8');
    const copied = await newImgLike(ref, vol, { copyHeader: true });
    expect(copied.header.calMax).toBe(1.5);
    expect(copied.header.descrip).toBe(ref.header.descrip);
  });

  it('rejects data that does not fit, a bad shape or a bad affine', async () => {
    const ref = series(2);
    await expect(newImgLike(ref, new Float32Array(5))).rejects.toThrow(ValidationError);
    await expect(newImgLike(ref, new Float32Array(12), { shape: [2, 2, 2] })).rejects.toThrow(
      ValidationError,
    );
    await expect(newImgLike(ref, new Float32Array(12), { affine: [[1]] })).rejects.toThrow(
      ValidationError,
    );
    await expect(newImgLike(ref, ['a'] as never)).rejects.toThrow(ValidationError);
  });
});

describe('files and URLs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voxelkit-image-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const img = series(6);
  const file = join(dir, 'series.nii.gz');
  writeFileSync(file, toBytes(img, { gzip: true }));

  it('streams a .nii.gz path or file URL to the same results as the NiftiImage', async () => {
    expect(Array.from((await meanImg(file)).getFData())).toEqual(
      Array.from((await meanImg(img)).getFData()),
    );
    const url = pathToFileURL(file);
    expect(Array.from((await indexImg(url, [5, 0])).getFData())).toEqual(
      Array.from((await indexImg(img, [5, 0])).getFData()),
    );
    expect(Array.from((await concatImgs([file, img])).getFData())).toEqual(
      Array.from((await concatImgs([img, img])).getFData()),
    );
    expect((await newImgLike(file, new Float64Array(12))).affine).toEqual(img.affine);
  });

  it('a truncated file is a NiftiError', async () => {
    const bytes = toBytes(img);
    const cut = join(dir, 'cut.nii');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 30));
    await expect(meanImg(cut)).rejects.toThrow(NiftiError);
  });
});
