import { readFileSync } from 'node:fs';
import { NiftiError, NotFittedError, ValidationError, VoxelkitError } from '@voxelkit/core';
import { captureWarnings, checkEstimator, testData } from '@voxelkit/core/testing';
import { NiftiImage, readNifti, toBytes } from '@voxelkit/nifti-io';
import { describe, expect, it } from 'vitest';
import { NiftiMasker } from './nifti-masker.js';
import { NonFiniteWarning } from './warnings.js';

const dir = 'haxby-slice/haxby2001-slice/subj1';
const bold = testData(`${dir}/bold.nii.gz`);
const mask = testData(`${dir}/mask4_vt.nii.gz`);

const EYE = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];

const warnings = captureWarnings();

describe.skipIf(!bold.available || !mask.available)('NiftiMasker on real Haxby data', () => {
  // Golden numbers from issue 6 (nilearn NiftiMasker(mask_img, standardize=True), float32) and
  // checked with nibabel + numpy (float64): row 0 = 1.15434326 −0.31109321 0.76136222 …
  it('standardize: true gives nilearn’s 1452 × 530 z-scores', async () => {
    const masker = new NiftiMasker({ maskImg: mask.path, standardize: true });
    const X = await masker.fitTransform(bold.path);
    expect([X.rows, X.cols]).toEqual([1452, 530]);
    expect(X.data).toBeInstanceOf(Float32Array);
    expect(masker.nVoxels_).toBe(530);
    const row0 = [1.15434372, -0.31109327, 0.76136249, 1.99330926, 2.97623014];
    const row2 = [1.16637969, -0.61517477, 0.9854598, 1.2857784, 3.02346253];
    row0.forEach((v, c) => {
      expect(Math.abs(X.data[c]! - v)).toBeLessThan(2e-5);
    });
    row2.forEach((v, c) => {
      expect(Math.abs(X.data[2 * 530 + c]! - v)).toBeLessThan(2e-5);
    });
    let s = 0;
    let ss = 0;
    for (const v of X.data) {
      s += v;
      ss += v * v;
    }
    // nilearn (float32 arithmetic): 769560.07 and −0.0145. In exact arithmetic the sum of
    // squares is rows × cols = 769560 and the sum 0.
    expect(Math.abs(ss - 769560.07)).toBeLessThan(0.5);
    expect(Math.abs(s - -0.0145)).toBeLessThan(0.1);
  });

  it('standardize: true equals nilearn 0.10.4 bit for bit (float32 arithmetic)', async () => {
    // sha256 of nilearn's float32 matrix bytes (C order, little-endian), made by
    // nifti-masker.golden.py beside this file (nilearn 0.10.4, numpy, ../shared/data/haxby-slice).
    const X = await new NiftiMasker({ maskImg: mask.path, standardize: true }).fitTransform(
      bold.path,
    );
    expect(X.data).toBeInstanceOf(Float32Array);
    const { createHash } = await import('node:crypto');
    const bytes = new Uint8Array(X.data.buffer, X.data.byteOffset, X.data.byteLength);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      'c014b2a8b7a4ad794301c00e1fb2663b8cce26a5a691ecee72d3ee116dbfc961',
    );
    // dtype: 'float64' computes in float64: the same z-scores to float32 precision.
    const Y = await new NiftiMasker({
      maskImg: mask.path,
      standardize: true,
      dtype: 'float64',
    }).fitTransform(bold.path);
    let worst = 0;
    for (let i = 0; i < Y.data.length; i++) {
      worst = Math.max(
        worst,
        Math.abs(X.data[i]! - Y.data[i]!) / Math.max(1, Math.abs(Y.data[i]!)),
      );
    }
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(1e-5);
  });

  it('transform(img, { meanImg: true }) gives the mean image of the same single read', async () => {
    const masker = new NiftiMasker({ maskImg: mask.path, standardize: true });
    const plain = await masker.fitTransform(bold.path);
    const withMean = await masker.transform(bold.path, { meanImg: true });
    expect(withMean.data).toEqual(plain.data);
    expect(plain).not.toHaveProperty('meanImg');
    const img = await readNifti(bold.path);
    const full = img.getFData();
    const n = 40 * 20;
    const want = new Float64Array(n);
    for (let t = 0; t < 1452; t++) for (let v = 0; v < n; v++) want[v]! += full[t * n + v]!;
    for (let v = 0; v < n; v++) want[v]! /= 1452;
    const mean = withMean.meanImg!;
    expect(mean.shape).toEqual([40, 20, 1]);
    expect(mean.affine).toEqual(img.affine);
    expect(mean.getFData()).toEqual(want);
  });

  it('unstandardized values are the exact integers of the file, in C order', async () => {
    const X = await new NiftiMasker({ maskImg: mask.path, dtype: 'float64' }).fitTransform(
      bold.path,
    );
    expect(X.data).toBeInstanceOf(Float64Array);
    expect(Array.from(X.data.subarray(0, 5))).toEqual([287, 327, 433, 511, 580]);
    expect(Array.from(X.data.subarray(2 * 530, 2 * 530 + 5))).toEqual([288, 300, 450, 492, 583]);
  });

  it('a NiftiImage, a list of images and a path give the same matrix', async () => {
    const img = await readNifti(bold.path);
    const maskImg = await readNifti(mask.path);
    const a = await new NiftiMasker({ maskImg }).fitTransform(img);
    const b = await new NiftiMasker({ maskImg: mask.path }).fitTransform([bold.path, img]);
    expect(b.rows).toBe(2 * 1452);
    const n = a.data.length;
    let diff = 0;
    for (let i = 0; i < n; i++) {
      if (b.data[i] !== a.data[i] || b.data[n + i] !== a.data[i]) diff++;
    }
    expect(diff).toBe(0);
  });

  it('inverseTransform(fitTransform(x)) is x inside the mask and 0 outside; the file has the mask affine', async () => {
    const masker = new NiftiMasker({ maskImg: mask.path, dtype: 'float64' });
    const X = await masker.fitTransform(bold.path);
    const back = masker.inverseTransform(X);
    expect(back.shape).toEqual([40, 20, 1, 1452]);
    const img = await readNifti(bold.path);
    const m = (await readNifti(mask.path)).getFData();
    const orig = img.getFData();
    const data = back.getFData();
    let wrong = 0;
    let inside = 0;
    for (let f = 0; f < orig.length; f++) {
      if (data[f] !== (m[f % 800] ? orig[f] : 0)) wrong++;
      if (m[f % 800]) inside++;
    }
    expect(inside).toBe(530 * 1452);
    expect(wrong).toBe(0);
    const coef = masker.inverseTransform({ data: X.data.subarray(0, 530), rows: 1, cols: 530 });
    expect(coef.shape).toEqual([40, 20, 1, 1]);
    const written = await readNifti(toBytes(coef));
    expect(written.affine).toEqual((await readNifti(mask.path)).affine);
    expect(written.dtype).toBe('float64');
  });

  it('detrend + psc: float32 output equals nilearn 0.10.4 to float32 rounding; float64 output is float32 precision away', async () => {
    // Every 997th element of nilearn's float32 matrix, from nifti-masker-psc.golden.py.
    const gold = JSON.parse(
      readFileSync(new URL('./nifti-masker-psc.golden.json', import.meta.url), 'utf8'),
    ) as { shape: [number, number]; dtype: string; step: number; values: number[] };
    const params = { maskImg: mask.path, detrend: true, standardize: 'psc' as const };
    const a = await new NiftiMasker(params).fitTransform(bold.path);
    const b = await new NiftiMasker({ ...params, dtype: 'float64' }).fitTransform(bold.path);
    expect(a.data).toBeInstanceOf(Float32Array);
    expect([a.rows, a.cols]).toEqual(gold.shape);
    const relative = (x: number, ref: number): number =>
      Math.abs(x - ref) / Math.max(1, Math.abs(ref));
    let worst32 = 0;
    let worst64 = 0;
    gold.values.forEach((ref, k) => {
      worst32 = Math.max(worst32, relative(a.data[k * gold.step]!, ref));
      worst64 = Math.max(worst64, relative(b.data[k * gold.step]!, ref));
    });
    // Measured over the whole matrix: float32 within 3.9e-5 of nilearn (88% of the elements
    // bit for bit; nilearn detrends in float32, voxelkit in float64), float64 within 1.3e-3 (the
    // float32 mean of 1452 values is off by ~1e-5 relative, which psc's ×100 / |mean| amplifies).
    expect(worst32).toBeLessThan(1e-4);
    expect(worst64).toBeLessThan(5e-3);
    let worst = 0;
    for (let i = 0; i < a.data.length; i++)
      worst = Math.max(worst, relative(a.data[i]!, b.data[i]!));
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(5e-3);
  });

  it('detrend + band-pass + zscore per run matches nilearn’s clean (scipy golden)', async () => {
    // packages/masking/scripts/goldens.py: nilearn 0.10's signal.clean steps with numpy/scipy
    // 1.10 on the same data, runs = the `chunks` column of labels.txt (12 runs of 121 scans).
    const labels = testData(`${dir}/labels.txt`);
    if (!labels.available) return;
    const { readFile } = await import('node:fs/promises');
    const chunks = (await readFile(labels.path, 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(' ')[1]));
    const X = await new NiftiMasker({
      maskImg: mask.path,
      detrend: true,
      standardize: 'zscore',
      lowPass: 0.1,
      highPass: 0.01,
      tR: 2.5,
      runs: chunks,
      dtype: 'float64',
    }).fitTransform(bold.path);
    const expected = [
      [0.059857746915672715, 0.12178657328213904, -0.11335820782994721],
      [-1.053496582506388, -1.7000671512424808, 0.4464439167026072],
      [-0.7494071677682942, -0.9149694633041705, -0.6693484896935942],
      [0.04492235256326525, 0.05072277839238608, -0.0030699454491848743],
    ];
    [0, 1, 700, 1451].forEach((r, i) => {
      [0, 1, 529].forEach((c, j) => {
        expect(Math.abs(X.data[r * 530 + c]! - expected[i]![j]!)).toBeLessThan(1e-9);
      });
    });
  });

  it('a truncated or missing file raises a NiftiError, never a crash or a hang', async () => {
    const { mkdtemp, readFile, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const bytes = await readFile(bold.path);
    const cut = join(await mkdtemp(join(tmpdir(), 'vk-masking-')), 'cut.nii.gz');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const masker = await new NiftiMasker({ maskImg: mask.path }).fit();
    await expect(masker.transform(cut)).rejects.toThrow(NiftiError);
    await expect(masker.transform(`${cut}.missing.nii.gz`)).rejects.toThrow(VoxelkitError);
  });

  it('per-run detrend + standardize equals standardizing each run on its own', async () => {
    const runs = Array.from({ length: 1452 }, (_, i) => Math.floor(i / 121));
    const X = await new NiftiMasker({
      maskImg: mask.path,
      standardize: 'zscore',
      detrend: true,
      runs,
      dtype: 'float64',
    }).fitTransform(bold.path);
    // Every run of every voxel has mean 0 and population variance 1.
    for (const run of [0, 7, 11]) {
      for (const c of [0, 264, 529]) {
        let s = 0;
        let ss = 0;
        for (let r = run * 121; r < (run + 1) * 121; r++) {
          const v = X.data[r * 530 + c]!;
          s += v;
          ss += v * v;
        }
        expect(Math.abs(s)).toBeLessThan(1e-9);
        expect(ss / 121).toBeCloseTo(1, 10);
      }
    }
  });
});

describe('NiftiMasker on synthetic images', () => {
  // An asymmetric 4×3×2 mask: C-order column order differs from file order.
  const shape = [4, 3, 2];
  const maskData = new Uint8Array(24);
  for (const f of [1, 6, 7, 13, 17, 22]) maskData[f] = 1;
  const affine = [
    [2, 0, 0, -3],
    [0, 3, 0, 5],
    [0, 0, 4, 7],
    [0, 0, 0, 1],
  ];
  const maskImg = NiftiImage.fromArray(maskData, shape, affine);
  const series = new Float32Array(24 * 5).map((_, i) => i + 1);
  const img = NiftiImage.fromArray(series, [4, 3, 2, 5], affine);

  it('columns follow numpy C order over (i, j, k)', async () => {
    const X = await new NiftiMasker({ maskImg }).fitTransform(img);
    // file offsets f = i + 4 j + 12 k → (i, j, k): 1→(1,0,0) 6→(2,1,0) 7→(3,1,0) 13→(1,0,1)
    // 17→(1,1,1) 22→(2,2,1); C order sorts by (i, j, k): 1, 13, 17, 6, 22, 7.
    expect(Array.from(X.data.subarray(0, 6))).toEqual([2, 14, 18, 7, 23, 8]);
    expect(Array.from(X.data.subarray(6, 12))).toEqual([26, 38, 42, 31, 47, 32]);
    const back = new NiftiMasker({ maskImg }).fit().then((m) => m.inverseTransform(X));
    const out = (await back).getFData();
    for (let t = 0; t < 5; t++) {
      for (let f = 0; f < 24; f++)
        expect(out[t * 24 + f]).toBe(maskData[f] ? series[t * 24 + f] : 0);
    }
  });

  it('a 3-D image gives one row; a 1-D array gives back a 3-D image', async () => {
    const vol = NiftiImage.fromArray(series.slice(0, 24), shape, affine);
    const masker = new NiftiMasker({ maskImg, standardize: true });
    const X = await masker.fitTransform(vol);
    expect([X.rows, X.cols]).toEqual([1, 6]);
    expect(Array.from(X.data)).toEqual([2, 14, 18, 7, 23, 8]); // standardizing one scan is skipped
    expect(warnings.length).toBe(1);
    const back = masker.inverseTransform(Float64Array.from(X.data));
    expect(back.shape).toEqual(shape);
    expect(back.affine).toEqual(affine);
  });

  it('computes a background mask when none is given', async () => {
    const vols = new Float64Array(10 * 10 * 10 * 3);
    for (let t = 0; t < 3; t++) {
      for (let k = 3; k < 7; k++)
        for (let j = 2; j < 8; j++)
          for (let i = 4; i < 6; i++) {
            vols[t * 1000 + i + 10 * j + 100 * k] = 100 + t;
          }
    }
    const masker = new NiftiMasker();
    const X = await masker.fitTransform(NiftiImage.fromArray(vols, [10, 10, 10, 3], EYE));
    expect(masker.nVoxels_).toBe(2 * 6 * 4);
    expect(X.rows).toBe(3);
    expect(X.data[0]).toBe(100);
  });

  it('errors that say what to do', async () => {
    await expect(new NiftiMasker({ maskImg }).transform(img)).rejects.toThrow(NotFittedError);
    expect(() => new NiftiMasker({ maskImg }).inverseTransform([[1]])).toThrow(NotFittedError);
    const m = await new NiftiMasker({ maskImg }).fit();
    const other = NiftiImage.fromArray(new Float32Array(24 * 2), [4, 3, 2, 2], EYE);
    await expect(m.transform(other)).rejects.toThrow(/affine/);
    const wrongShape = NiftiImage.fromArray(new Float32Array(30), [5, 3, 2], affine);
    await expect(m.transform(wrongShape)).rejects.toThrow(/shape \[4, 3, 2\].*\[5, 3, 2\]/);
    await expect(
      m.transform(NiftiImage.fromArray(new Float32Array(12), [4, 3], affine)),
    ).rejects.toThrow(ValidationError);
    const empty = NiftiImage.fromArray(new Uint8Array(24), shape, affine);
    await expect(new NiftiMasker({ maskImg: empty }).fit()).rejects.toThrow(/empty/);
    const three = NiftiImage.fromArray(
      new Uint8Array(24).map((_, i) => i % 3),
      shape,
      affine,
    );
    await expect(new NiftiMasker({ maskImg: three }).fit()).rejects.toThrow(/not binary/);
    const noZero = NiftiImage.fromArray(
      new Uint8Array(24).map((_, i) => 1 + (i % 2)),
      shape,
      affine,
    );
    await expect(new NiftiMasker({ maskImg: noZero }).fit()).rejects.toThrow(/background/);
    await expect(new NiftiMasker({ maskImg: img }).fit()).rejects.toThrow(/3-D/);
    await expect(new NiftiMasker({ maskImg, lowPass: 0.1 }).fitTransform(img)).rejects.toThrow(
      /tR/,
    );
    await expect(new NiftiMasker({ maskImg, runs: [1, 2] }).fitTransform(img)).rejects.toThrow(
      /runs has 2/,
    );
    await expect(new NiftiMasker().fit()).rejects.toThrow(/maskImg/);
    await expect(m.transform([[1, 2]] as never)).rejects.toThrow(ValidationError);
    expect(() => m.inverseTransform([[1, 2]])).toThrow(/6 voxels/);
    await expect(new NiftiMasker({ maskImg: '/nonexistent/mask.nii.gz' }).fit()).rejects.toThrow(
      VoxelkitError,
    );
  });

  it('NaN inside the mask becomes 0 with a warning', async () => {
    const withNaN = series.slice();
    withNaN[13] = Number.NaN;
    const X = await new NiftiMasker({ maskImg }).fitTransform(
      NiftiImage.fromArray(withNaN, [4, 3, 2, 5], affine),
    );
    expect(X.data[1]).toBe(0);
    expect(warnings.some((w) => /non-finite/.test(w.message))).toBe(true);
    expect(warnings.some((w) => w instanceof NonFiniteWarning)).toBe(true);
  });

  // The conformance suite, awaited (fit/transform are async): with a given mask, and with the
  // background mask computed from the images.
  const offGrid = NiftiImage.fromArray(new Float32Array(24 * 5), [4, 3, 2, 5], EYE);
  const otherShape = NiftiImage.fromArray(new Float32Array(4 * 3 * 3 * 5), [4, 3, 3, 5], affine);
  checkEstimator(() => new NiftiMasker({ maskImg, standardize: true }), {
    name: 'NiftiMasker (maskImg)',
    kind: 'transformer',
    data: {
      X: img,
      y: undefined,
      otherFeatures: otherShape,
      invalidUse: [
        { what: 'an image with another affine', X: offGrid },
        { what: 'an empty list of images', X: [] },
      ],
    },
  });
  checkEstimator(() => new NiftiMasker({ detrend: true }), {
    name: 'NiftiMasker (computed mask)',
    kind: 'transformer',
    data: {
      X: img,
      y: undefined,
      otherFeatures: otherShape,
      invalidFit: [
        { what: 'no images', X: undefined },
        { what: 'an empty list of images', X: [] },
      ],
      invalidUse: [{ what: 'an image with another affine', X: offGrid }],
    },
  });
});
