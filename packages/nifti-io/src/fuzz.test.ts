import { readFileSync } from 'node:fs';
import { NiftiError } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { formatHeader } from './format.js';
import { NiftiImage } from './image.js';
import { readHeader, readNifti, streamVolumes, toBytes } from './node.js';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

const EXTREMES = [0, 1, 0xff, 0x7f, 0x80];
const WORDS = [0, -1, 1, 7, 8, 32767, -32768, 0x7fffffff, -0x80000000, 0x7fc00000 /* NaN */];

function mutate(src: Uint8Array, r: () => number): Uint8Array {
  const gz = src[0] === 0x1f && src[1] === 0x8b;
  const kind = Math.floor(r() * 4);
  if (kind === 0) return src.subarray(0, Math.floor(r() * src.length));
  const out = src.slice();
  const region = gz ? out.length : Math.min(out.length, 560);
  const view = new DataView(out.buffer);
  const edits = 1 + Math.floor(r() * 4);
  for (let e = 0; e < edits; e++) {
    const pos = Math.floor(r() * region);
    if (kind === 1) out[pos] = Math.floor(r() * 256);
    else if (kind === 2) out[pos] = EXTREMES[Math.floor(r() * EXTREMES.length)]!;
    else if (pos + 4 <= out.length) {
      const w = WORDS[Math.floor(r() * WORDS.length)]!;
      if (r() < 0.5) view.setInt16(pos & ~1, w & 0xffff, r() < 0.5);
      else view.setInt32(pos & ~3, w | 0, r() < 0.5);
    }
  }
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
