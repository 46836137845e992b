import { ValidationError } from '@voxelkit/core';
import { captureWarnings, testData } from '@voxelkit/core/testing';
import { NiftiImage } from '@voxelkit/nifti-io';
import { describe, expect, it } from 'vitest';
import { computeBackgroundMask, computeEpiMask } from './compute-mask.js';
import { maskIndices } from './mask-image.js';
import { largestConnectedComponent } from './morphology.js';
import { NiftiMasker } from './nifti-masker.js';
import { MaskWarning } from './warnings.js';

// Golden numbers: packages/masking/scripts/goldens.py (nilearn 0.10's compute_background_mask /
// compute_epi_mask spelled out with scipy 1.10 ndimage; Debian /usr/bin/python3). Each mask is
// summarised as [voxel count, Σ C-order index, Σ C-order index²].
const SHAPE: [number, number, number] = [12, 14, 10];
const EYE = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];

/** The synthetic 12×14×10×3 series of goldens.py (file order). */
function synthSeries(): NiftiImage {
  const [nx, ny, nz] = SHAPE;
  const v = nx * ny * nz;
  const out = new Float64Array(v * 3);
  for (let t = 0; t < 3; t++) {
    for (let k = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          let x =
            1000 * Math.exp(-((i - 5.5) ** 2 / 9 + (j - 7) ** 2 / 16 + (k - 4.5) ** 2 / 6)) +
            37 * ((i * 7 + j * 3 + k * 5) % 11) +
            t * ((i + j + k) % 3);
          if (i < 2 && j < 2 && k >= 7) x += 900;
          out[t * v + i + nx * (j + ny * k)] = x;
        }
      }
    }
  }
  return NiftiImage.fromArray(out, [...SHAPE, 3], EYE);
}

function summary(img: NiftiImage): [number, number, number] {
  const shape = img.shape as [number, number, number];
  const idx = maskIndices(img.getFData(), shape);
  // Position of each voxel in C order (i slowest): i * ny * nz + j * nz + k.
  let s = 0;
  let s2 = 0;
  for (const f of idx) {
    const i = f % shape[0];
    const j = Math.floor(f / shape[0]) % shape[1];
    const k = Math.floor(f / (shape[0] * shape[1]));
    const c = (i * shape[1] + j) * shape[2] + k;
    s += c;
    s2 += c * c;
  }
  return [idx.length, s, s2];
}

const warnings = captureWarnings();

describe('computeBackgroundMask', () => {
  it('matches nilearn on synthetic data (with and without opening + connected)', async () => {
    const img = synthSeries();
    expect(summary(await computeBackgroundMask(img))).toEqual([1680, 1410360, 1579133080]);
    expect(summary(await computeBackgroundMask(img, { connected: true, opening: 1 }))).toEqual([
      960, 805920, 832950880,
    ]);
  });
  it('uses NaN as background when the border has NaNs', async () => {
    const data = new Float64Array(5 * 5 * 5).fill(Number.NaN);
    data[2 + 5 * (2 + 5 * 2)] = 3;
    data[1 + 5 * (2 + 5 * 2)] = 4;
    const mask = await computeBackgroundMask(NiftiImage.fromArray(data, [5, 5, 5], EYE));
    expect(Array.from(mask.getFData()).reduce((a, b) => a + b, 0)).toBe(2);
    expect(mask.affine).toEqual(EYE);
  });
});

describe('computeEpiMask', () => {
  it('matches nilearn on synthetic data', async () => {
    const img = synthSeries();
    expect(summary(await computeEpiMask(img))).toEqual([171, 143602, 128545634]);
    expect(summary(await computeEpiMask(img, { opening: false }))).toEqual([
      281, 234269, 214354015,
    ]);
    expect(summary(await computeEpiMask(img, { opening: false, connected: false }))).toEqual([
      454, 373811, 373137399,
    ]);
  });
});

describe('NiftiMasker without maskImg', () => {
  it("computes nilearn's default masks: 'background' and 'epi'", async () => {
    const img = synthSeries();
    const bg = await new NiftiMasker().fit(img);
    expect(bg.nVoxels_).toBe(1680);
    const epi = new NiftiMasker({ maskStrategy: 'epi' });
    const X = await epi.fitTransform(img);
    expect(summary(epi.maskImg_!)).toEqual([171, 143602, 128545634]);
    expect([X.rows, X.cols]).toEqual([3, 171]);
    await expect(new NiftiMasker({ maskStrategy: 'otsu' as never }).fit(img)).rejects.toThrow(
      /maskStrategy/,
    );
  });
});

const bold = testData('haxby-slice/haxby2001-slice/subj1/bold.nii.gz');
describe.skipIf(!bold.available)('mask computation on real Haxby data', () => {
  it('background, EPI without opening, and EPI with opening (empty on one slice, with a warning)', async () => {
    expect(summary(await computeBackgroundMask(bold.path))).toEqual([800, 319600, 170346800]);
    expect(summary(await computeEpiMask(bold.path, { opening: false }))).toEqual([
      530, 219528, 108034368,
    ]);
    // A single slice erodes away entirely with the 3-D cross: nilearn warns "Computed an empty mask".
    expect(summary(await computeEpiMask(bold.path))).toEqual([0, 0, 0]);
    expect(warnings.some((w) => /empty mask/.test(w.message))).toBe(true);
    expect(warnings.some((w) => w instanceof MaskWarning)).toBe(true);
  });
});

describe('largestConnectedComponent', () => {
  it('keeps the biggest 6-connected blob; ties go to the first in C order', () => {
    const shape: [number, number, number] = [4, 1, 3];
    // Two 2-voxel blobs: (0,0,0)-(1,0,0) and (3,0,1)-(3,0,2); diagonal voxels are not connected.
    const m = new Uint8Array(12);
    for (const f of [0, 1, 3 + 4, 3 + 8]) m[f] = 1;
    const out = largestConnectedComponent(m, shape);
    expect(Array.from(out)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    m[2 + 4 * 2] = 1; // (2,0,2) joins (3,0,2): that blob now has 3 voxels and wins
    expect(Array.from(largestConnectedComponent(m, shape))).toEqual([
      0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1,
    ]);
    expect(() => largestConnectedComponent(new Uint8Array(12), shape)).toThrow(ValidationError);
  });
});
