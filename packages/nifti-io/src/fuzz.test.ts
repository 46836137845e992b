import { readFileSync } from 'node:fs';
import { NiftiError } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { formatHeader } from './format.js';
import { mutate, rng, runCase } from './fuzz-cases.js';
import { NiftiImage } from './image.js';
import { readHeader, readNifti, streamVolumes, toBytes } from './node.js';

const AFFINE = [
  [2, 0, 0, -10],
  [0, 2, 0, -20],
  [0, 0, 2, -30],
  [0, 0, 0, 1],
];

function seeds(): Uint8Array[] {
  const a = NiftiImage.fromArray(
    new Int16Array(4 * 3 * 2 * 2).map((_, i) => i - 7),
    [4, 3, 2, 2],
    AFFINE,
  );
  const b = NiftiImage.fromArray(
    new Float32Array(5 * 2 * 3).map((_, i) => i / 3),
    [5, 2, 3],
    AFFINE,
    {
      qformCode: 1,
    },
  );
  const out = [toBytes(a), toBytes(b, { version: 2 }), toBytes(a, { gzip: true })];
  const real = testData('nifti/5D_small.nii');
  if (real.available) out.push(new Uint8Array(readFileSync(real.path)));
  return out;
}

async function expectOnlyNiftiErrors(run: () => Promise<unknown>, label: string): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof NiftiError)) {
      throw new Error(`${label}: threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
    }
  }
}

describe('fuzz: mutated headers and truncated files', () => {
  it('only ever raise NiftiError (3000 cases)', async () => {
    const r = rng(20261124);
    const base = seeds();
    let ok = 0;
    let failed = 0;
    for (let c = 0; c < 3000; c++) {
      const bytes = mutate(base[c % base.length]!, r);
      const label = `case ${c}`;
      await expectOnlyNiftiErrors(async () => {
        const img = await readNifti(bytes);
        formatHeader(img.header);
        if (img.data.length < 1e6) {
          try {
            img.getFData();
          } catch (e) {
            if (!(e instanceof NiftiError)) throw e;
          }
        }
        ok++;
      }, label).catch((e) => {
        failed++;
        throw e;
      });
      await expectOnlyNiftiErrors(() => readHeader(bytes), `${label} readHeader`);
      if (c % 10 === 0) {
        await expectOnlyNiftiErrors(async () => {
          for await (const _ of streamVolumes(bytes)) {
            /* drain */
          }
        }, `${label} streamVolumes`);
      }
    }
    // the mutations must leave some files readable and break others
    expect(ok).toBeGreaterThan(100);
    expect(ok).toBeLessThan(2900);
    expect(failed).toBe(0);
  });

  it('absurd dims never allocate what the file does not hold', async () => {
    const img = NiftiImage.fromArray(new Int16Array(8), [2, 2, 2], AFFINE);
    const bytes = toBytes(img);
    const view = new DataView(bytes.buffer);
    for (let d = 1; d <= 3; d++) view.setInt16(40 + 2 * d, 32767, true);
    await expect(readNifti(bytes)).rejects.toBeInstanceOf(NiftiError);
    const drain = async () => {
      for await (const _ of streamVolumes(bytes)) {
        /* drain */
      }
    };
    await expect(drain()).rejects.toBeInstanceOf(NiftiError);
    const v2 = toBytes(img, { version: 2 });
    new DataView(v2.buffer).setBigInt64(16 + 8, 2n ** 40n, true);
    await expect(readNifti(v2)).rejects.toBeInstanceOf(NiftiError);
  });
});

const SAMPLES = [
  'nifti/5D_small.nii',
  'nifti/avg152T1_LR_nifti.nii.gz',
  'nifti/avg152T1_LR_nifti2.nii.gz',
  'nifti/little.nii.gz',
  'nifti/with_extension.nii.gz',
].map((rel) => testData(rel));

describe('fuzz: mutated sample images (CI share of scripts/fuzz.mjs)', () => {
  it.skipIf(!SAMPLES.some((f) => f.available))(
    'only typed errors over 150 mutations of the real files',
    async () => {
      const base = SAMPLES.filter((f) => f.available).map(
        (f) => new Uint8Array(readFileSync(f.path)),
      );
      const r = rng(20261201);
      const untyped: string[] = [];
      let ok = 0;
      for (let c = 0; c < 150; c++) {
        const result = await runCase(mutate(base[c % base.length]!, r));
        if (result.outcome === 'untyped') untyped.push(`case ${c}: ${result.message}`);
        if (result.outcome === 'ok') ok++;
      }
      expect(untyped).toEqual([]);
      expect(ok).toBeGreaterThan(5);
    },
  );
});
