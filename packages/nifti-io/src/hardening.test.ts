/**
 * Regression tests for issue 20 items 2 and 3, each bad file built here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, createGzip } from 'node:zlib';
import { NiftiError } from '@voxelkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { NiftiImage } from './image.js';
import { readNifti, streamVolumes, toBytes, writeNifti } from './node.js';

const dir = mkdtempSync(join(tmpdir(), 'nifti-io-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AFFINE = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];

async function drain(source: string): Promise<number> {
  let n = 0;
  for await (const _ of streamVolumes(source)) n++;
  return n;
}

describe('.hdr/.img pair with vox_offset = NaN (issue 20, item 2)', () => {
  it('readNifti and streamVolumes throw NiftiError, not RangeError', async () => {
    const img = NiftiImage.fromArray(
      new Int16Array(24).map((_, i) => i),
      [2, 3, 4],
      AFFINE,
    );
    const hdr = join(dir, 'nan.hdr');
    await writeNifti(img, hdr);
    const bytes = new Uint8Array(readFileSync(hdr));
    new DataView(bytes.buffer).setFloat32(108, Number.NaN, true); // vox_offset
    writeFileSync(hdr, bytes);
    for (const run of [
      () => readNifti(hdr),
      () => drain(hdr),
      () => readNifti(join(dir, 'nan.img')),
    ]) {
      const err = await run().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NiftiError);
      expect((err as Error).message).toMatch(/vox_offset NaN/);
    }
  });
});

/** gzip of `head` followed by `zeros` zero bytes, streamed (never held inflated). */
async function gzipWithTrailingZeros(head: Uint8Array, zeros: number): Promise<Uint8Array> {
  const gz = createGzip({ level: constants.Z_BEST_SPEED });
  const parts: Buffer[] = [];
  gz.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise((resolve, reject) => {
    gz.on('end', resolve);
    gz.on('error', reject);
  });
  gz.write(head);
  const block = Buffer.alloc(8 << 20);
  for (let left = zeros; left > 0; left -= block.length) {
    const ok = gz.write(left >= block.length ? block : block.subarray(0, left));
    if (!ok) await new Promise((r) => gz.once('drain', r));
  }
  gz.end();
  await done;
  return new Uint8Array(Buffer.concat(parts));
}

function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

describe('gzip bomb: data trailing after the image (issue 20, item 3)', () => {
  it('readNifti inflates only what the header declares, from a path and from bytes', async () => {
    const img = NiftiImage.fromArray(
      new Uint8Array(18).map((_, i) => i),
      [3, 3, 2],
      AFFINE,
    );
    const trailing = 384 << 20;
    const bomb = await gzipWithTrailingZeros(toBytes(img), trailing);
    expect(bomb.length).toBeLessThan(2 << 20);
    const path = join(dir, 'bomb.nii.gz');
    writeFileSync(path, bomb);
    for (const source of [path, bomb]) {
      const before = peakRss();
      const got = await readNifti(source);
      // the old reader held all 384 MiB inflated (and more) at once
      expect(peakRss() - before).toBeLessThan(96 << 20);
      expect(got.shape).toEqual([3, 3, 2]);
      expect(Array.from(got.data as Uint8Array)).toEqual(Array.from(img.data as Uint8Array));
    }
    expect(await drain(path)).toBe(1);
  });
});
