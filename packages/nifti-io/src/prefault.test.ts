import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { NiftiError } from '@voxelkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { NiftiImage } from './image.js';
import { readNifti, toBytes } from './node.js';
import { PREFAULT_MIN_BYTES, prefaultedBuffer } from './prefault.node.js';

/** A byte pattern no zero-fill can produce by accident: value = f(position), never 0. */
function patternByte(pos: number): number {
  return ((Math.imul(pos, 2654435761) >>> 24) | 1) & 255;
}

describe('prefaultedBuffer', () => {
  it('is not used for small buffers', () => {
    expect(prefaultedBuffer(PREFAULT_MIN_BYTES - 1)).toBeUndefined();
  });

  it('never lets the page-touching worker zero what the writer wrote', async () => {
    // a writer racing the worker with uneven chunk sizes (both faster and slower than it);
    // any block the worker touched after the writer wrote it would read back as zeros
    const size = PREFAULT_MIN_BYTES + 12_345;
    for (const chunkSizes of [[1 << 22], [4093, 1 << 20, 77_777], [3 << 20, 1]]) {
      const buf = prefaultedBuffer(size);
      if (!buf) return; // single core: nothing to test
      expect(buf.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
      const src = new Uint8Array(4 << 20);
      let w = 0;
      let n = 0;
      while (w < size) {
        const len = Math.min(chunkSizes[n++ % chunkSizes.length]!, size - w);
        for (let i = 0; i < len; i++) src[i] = patternByte(w + i);
        await buf.reserve(w + len);
        buf.bytes.set(src.subarray(0, len), w);
        w += len;
      }
      await buf.close();
      let bad = -1;
      for (let i = 0; i < size; i++) {
        if (buf.bytes[i] !== patternByte(i)) {
          bad = i;
          break;
        }
      }
      expect(bad).toBe(-1);
    }
  });

  it('close() before any write stops the worker', async () => {
    const buf = prefaultedBuffer(PREFAULT_MIN_BYTES);
    if (!buf) return;
    await buf.close();
    await buf.close();
    expect(buf.bytes.length).toBe(PREFAULT_MIN_BYTES);
  });
});

describe('readNifti of a large .nii.gz (prefaulted shared buffer)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voxelkit-prefault-'));
  const path = join(dir, 'big.nii.gz');
  const shape = [64, 64, 32, 260]; // 34 M int16 values = 68 MB > PREFAULT_MIN_BYTES
  const data = new Int16Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = (Math.imul(i, 40503) >> 16) + (i % 97);
  const affine = [
    [-3, 0, 0, 90],
    [0, 3, 0, -126],
    [0, 0, 3, -72],
    [0, 0, 0, 1],
  ];
  const gz = gzipSync(toBytes(NiftiImage.fromArray(data, shape, affine)), { level: 1 });
  writeFileSync(path, gz);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the same values with and without the worker', async () => {
    const fast = await readNifti(path);
    const plain = await readNifti(path, { prefault: false });
    expect(plain.data.buffer).toBeInstanceOf(ArrayBuffer);
    // the shared, worker-touched buffer is what a multi-core machine gets by default
    if (availableParallelism() >= 2) expect(fast.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(fast.shape).toEqual(shape);
    expect(fast.data).toBeInstanceOf(Int16Array);
    expect(fast.data.length).toBe(data.length);
    let mismatch = -1;
    for (let i = 0; i < data.length; i++) {
      if (fast.data[i] !== data[i] || plain.data[i] !== data[i]) {
        mismatch = i;
        break;
      }
    }
    expect(mismatch).toBe(-1);
  }, 60_000);

  it('a truncated file fails with a NiftiError and stops the worker', async () => {
    // the NIfTI header still announces 68 MB, so the prefaulted path is taken
    const cut = join(dir, 'cut.nii.gz');
    writeFileSync(cut, gz.subarray(0, gz.length >> 1));
    await expect(readNifti(cut)).rejects.toBeInstanceOf(NiftiError);
  }, 60_000);
});
