/**
 * Regression tests for issue 20 items 1 and 4: computing a mask from files whose header dims
 * are negative, absurd, or describe no volumes. Each file is built here, in the test.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NiftiError, ValidationError } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { NiftiImage, readNifti, toBytes } from '@voxelkit/nifti-io';
import { afterAll, describe, expect, it } from 'vitest';
import { meanVolume } from './compute-mask.js';
import { NiftiMasker } from './nifti-masker.js';

const dir = mkdtempSync(join(tmpdir(), 'voxelkit-bad-headers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AFFINE = [
  [3, 0, 0, 0],
  [0, 3, 0, 0],
  [0, 0, 3, 0],
  [0, 0, 0, 1],
];

/** A NIfTI-1 file whose dim[0..] are overwritten with `dims` (rest of dim set to 1). */
function withDims(bytes: Uint8Array, dims: number[]): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) view.setInt16(40 + 2 * i, dims[i] ?? 1, true);
  return out;
}

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const small = testData('nifti/5D_small.nii');

describe('negative header dims (issue 20, item 1)', () => {
  it.skipIf(!small.available)(
    '5D_small.nii with dim = [3, 1, -1, 3]: masker and readNifti give the same NiftiError',
    async () => {
      const bytes = new Uint8Array(readFileSync(small.path));
      expect(bytes.length).toBe(370);
      const path = write('neg.nii', withDims(bytes, [3, 1, -1, 3]));
      const viaRead = await readNifti(path).catch((e: unknown) => e);
      const viaMasker = await new NiftiMasker().fit(path).catch((e: unknown) => e);
      expect(viaRead).toBeInstanceOf(NiftiError);
      expect(viaMasker).toBeInstanceOf(NiftiError);
      expect((viaMasker as Error).message).toBe((viaRead as Error).message);
    },
  );

  it('a built file with a negative size fails every masker entry point with NiftiError', async () => {
    const img = NiftiImage.fromArray(new Uint8Array(24), [2, 3, 4], AFFINE);
    const path = write('neg-built.nii', withDims(toBytes(img), [3, 2, -3, 4]));
    await expect(meanVolume(path)).rejects.toBeInstanceOf(NiftiError);
    await expect(new NiftiMasker({ maskStrategy: 'epi' }).fit(path)).rejects.toBeInstanceOf(
      NiftiError,
    );
  });

  it('huge dims on a tiny file are refused before any volume-sized allocation', async () => {
    const img = NiftiImage.fromArray(new Uint8Array(8), [2, 2, 2], AFFINE);
    // 32767^3 voxels = 35 TB as float64: any up-front allocation throws RangeError
    const path = write('huge.nii', withDims(toBytes(img), [3, 32767, 32767, 32767]));
    const err = await new NiftiMasker().fit(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NiftiError);
    expect((err as Error).message).toMatch(/truncated/i);
  });
});

describe('zero volumes (issue 20, item 4)', () => {
  it('dims [1, 32767, 1000, 0] are refused from the header, before allocating', async () => {
    const img = NiftiImage.fromArray(new Uint8Array(8), [2, 2, 2], AFFINE);
    const path = write('zero.nii', withDims(toBytes(img), [4, 1, 32767, 1000, 0]));
    const before = process.memoryUsage().rss;
    const err = await new NiftiMasker().fit(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/no volumes/);
    // the old path allocated and filled 32767 x 1000 float64 (262 MB) and more
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 2 ** 20);
  });
});
