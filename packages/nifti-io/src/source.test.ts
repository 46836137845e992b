import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { NiftiError } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NiftiImage } from './image.js';
import { readHeader, readNifti, streamVolumes, toBytes } from './node.js';

/** Byte-wise equality of two typed arrays (fast, unlike toEqual on millions of elements). */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return (
    a.constructor === b.constructor &&
    Buffer.compare(
      Buffer.from(a.buffer, a.byteOffset, a.byteLength),
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    ) === 0
  );
}

const little = testData('nifti/little.nii.gz');
const airHdr = testData('nifti/air.hdr.gz');
const airImg = testData('nifti/air.img.gz');
const files = [little, airHdr, airImg].filter((f) => f.available);

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const f = files.find((x) => `/${basename(x.path)}` === req.url);
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(f.path));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe.skipIf(!little.available)('sources', () => {
  it('path, file: URL, http URL, bytes, ArrayBuffer and Blob give the same image', async () => {
    const ref = await readNifti(little.path);
    const bytes = new Uint8Array(readFileSync(little.path));
    const sources = [
      new URL(`file://${little.path}`),
      new URL(`${base}/little.nii.gz`),
      `${base}/little.nii.gz`,
      bytes,
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      new Blob([bytes]),
    ];
    for (const s of sources) {
      const img = await readNifti(s);
      expect(img.header).toEqual(ref.header);
      expect(sameBytes(img.data, ref.data)).toBe(true);
      expect(await readHeader(s)).toEqual(ref.header);
    }
    let n = 0;
    for await (const v of streamVolumes(`${base}/little.nii.gz`)) {
      expect(sameBytes(v.data, ref.data)).toBe(true);
      n++;
    }
    expect(n).toBe(1);
  });

  it('readHeader needs only the first bytes of a .nii.gz', async () => {
    const bytes = new Uint8Array(readFileSync(little.path));
    const ref = await readHeader(little.path);
    expect(await readHeader(bytes.subarray(0, 2048))).toEqual(ref);
    await expect(readNifti(bytes.subarray(0, 2048))).rejects.toBeInstanceOf(NiftiError);
  });

  it('missing files and HTTP errors are NiftiErrors', async () => {
    await expect(readNifti('/nonexistent/x.nii.gz')).rejects.toBeInstanceOf(NiftiError);
    await expect(readNifti(`${base}/missing.nii`)).rejects.toBeInstanceOf(NiftiError);
    await expect(readHeader('/nonexistent/x.nii.gz')).rejects.toBeInstanceOf(NiftiError);
  });
});

describe('bad .nii.gz files on disk', () => {
  it('truncated, corrupt or lying files give NiftiError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nifti-io-bad-'));
    try {
      const img = NiftiImage.fromArray(
        new Float32Array(4096).fill(1.5),
        [16, 16, 16],
        [
          [1, 0, 0, 0],
          [0, 1, 0, 0],
          [0, 0, 1, 0],
          [0, 0, 0, 1],
        ],
      );
      const gz = toBytes(img, { gzip: true });
      const raw = toBytes(img);
      const lying = raw.slice();
      new DataView(lying.buffer).setInt16(46, 2000, true); // dim[3] = 2000
      const corrupt = gz.slice();
      corrupt[gz.length >> 1] ^= 0xff;
      const cases: [string, Uint8Array][] = [
        ['truncated.nii.gz', gz.subarray(0, gz.length - 100)],
        ['corrupt.nii.gz', corrupt],
        ['lying.nii.gz', gzipSync(lying)],
        ['trailer.nii.gz', gz.slice(0, gz.length - 4)],
      ];
      for (const [name, bytes] of cases) {
        const path = join(dir, name);
        writeFileSync(path, bytes);
        await expect(readNifti(path), name).rejects.toBeInstanceOf(NiftiError);
      }
      const ok = join(dir, 'ok.nii.gz');
      writeFileSync(ok, gz);
      expect((await readNifti(ok)).getFData()[4095]).toBe(1.5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!airHdr.available || !airImg.available)('.hdr/.img pairs', () => {
  it('found by name from a path or URL, given as { image }, or from the .img path', async () => {
    const ref = await readNifti(airHdr.path);
    expect(ref.shape).toEqual([79, 67, 64]);
    const viaUrl = await readNifti(`${base}/air.hdr.gz`);
    expect(sameBytes(viaUrl.data, ref.data)).toBe(true);
    const viaBytes = await readNifti(readFileSync(airHdr.path), {
      image: readFileSync(airImg.path),
    });
    expect(sameBytes(viaBytes.data, ref.data)).toBe(true);
    const viaImg = await readNifti(airImg.path);
    expect(sameBytes(viaImg.data, ref.data)).toBe(true);
    let n = 0;
    for await (const v of streamVolumes(airHdr.path)) {
      expect(sameBytes(v.data, ref.data)).toBe(true);
      n++;
    }
    expect(n).toBe(1);
  });

  it('a lone .hdr is a NiftiError that says where the data is', async () => {
    await expect(readNifti(readFileSync(airHdr.path))).rejects.toThrow(/\.img/);
  });
});
