import { readFileSync } from 'node:fs';
import { NiftiError } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { NiftiImage } from './image.js';
import { readNifti, streamVolumes, toBytes } from './node.js';

// Golden numbers from nibabel 5.0.0 (/usr/bin/python3) on the real Haxby slice:
// d = np.asanyarray(bold.dataobj); mask = mask4_vt != 0; X = d[mask].T  (C order over i, j, k)
const HAXBY = {
  maskedShape: [1452, 530],
  row0: [287, 327, 433, 511, 580, 921, 1009, 936],
  row1451: [75, 192, 277, 487, 350],
  maskedSum: 1118771612,
  // int(d[..., t].sum()), int((d[..., t]**2).sum())
  volumes: [
    [0, 781165, 1288565495],
    [700, 772323, 1260301061],
    [1451, 761911, 1228870297],
  ],
};

const bold = testData('haxby-slice/haxby2001-slice/subj1/bold.nii.gz');
const mask = testData('haxby-slice/haxby2001-slice/subj1/mask4_vt.nii.gz');

describe('streamVolumes({ reuse: true })', () => {
  it('gives the same volumes in one reused buffer (raw and scaled)', async () => {
    const data = Int16Array.from({ length: 2 * 3 * 2 * 4 }, (_, i) => ((i * 37) % 101) - 50);
    const eye = [
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ];
    const img = NiftiImage.fromArray(data, [2, 3, 2, 4], eye);
    img.header.sclSlope = 0.5;
    img.header.sclInter = 3;
    const bytes = toBytes(img, { gzip: true });
    for (const dtype of ['raw', 'float64'] as const) {
      const fresh: number[][] = [];
      for await (const v of streamVolumes(bytes, { dtype }))
        fresh.push(Array.from(v.data as Int16Array));
      const reused: number[][] = [];
      const buffers = new Set<ArrayBufferLike>();
      for await (const v of streamVolumes(bytes, { dtype, reuse: true })) {
        reused.push(Array.from(v.data as Int16Array));
        buffers.add((v.data as Int16Array).buffer);
      }
      expect(reused).toEqual(fresh);
      expect(fresh).toHaveLength(4);
      expect(buffers.size).toBe(1);
    }
  });
});

describe.skipIf(!bold.available || !mask.available)('real Haxby slice', () => {
  it('masked values in C order equal nibabel’s', async () => {
    const img = await readNifti(bold.path);
    const m = await readNifti(mask.path);
    const [nx, ny, nz, nt] = img.shape as [number, number, number, number];
    expect(img.shape).toEqual([40, 20, 1, 1452]);
    expect(m.shape).toEqual([40, 20, 1]);
    // C order over (i, j, k): i slowest, k fastest
    const voxels: number[] = [];
    for (let i = 0; i < nx; i++) {
      for (let j = 0; j < ny; j++) {
        for (let k = 0; k < nz; k++) {
          const v = i + nx * (j + ny * k);
          if (m.data[v] !== 0) voxels.push(v);
        }
      }
    }
    expect([nt, voxels.length]).toEqual(HAXBY.maskedShape);
    const vol = nx * ny * nz;
    const row = (t: number) => voxels.map((v) => img.data[v + t * vol] as number);
    expect(row(0).slice(0, 8)).toEqual(HAXBY.row0);
    expect(row(1451).slice(0, 5)).toEqual(HAXBY.row1451);
    let sum = 0;
    for (let t = 0; t < nt; t++) for (const x of row(t)) sum += x;
    expect(sum).toBe(HAXBY.maskedSum);
  });

  it('streamVolumes yields every volume, equal to nibabel’s', async () => {
    const sums = new Map<number, [number, number]>();
    let count = 0;
    for await (const v of streamVolumes(bold.path)) {
      expect(v.index).toBe(count++);
      expect(v.shape).toEqual([40, 20, 1]);
      expect(v.data).toBeInstanceOf(Int16Array);
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < v.data.length; i++) {
        const x = v.data[i] as number;
        s += x;
        s2 += x * x;
      }
      sums.set(v.index, [s, s2]);
    }
    expect(count).toBe(1452);
    for (const [t, s, s2] of HAXBY.volumes) expect(sums.get(t!)).toEqual([s, s2]);
  });

  it('stops reading when the consumer breaks early', async () => {
    let n = 0;
    for await (const v of streamVolumes(bold.path, { dtype: 'float64' })) {
      expect(v.data).toBeInstanceOf(Float64Array);
      if (++n === 3) break;
    }
    expect(n).toBe(3);
  });
});

const AFFINE = [
  [2, 0, 0, -10],
  [0, 2, 0, -20],
  [0, 0, 2, -30],
  [0, 0, 0, 1],
];

describe('streamVolumes on synthetic images', () => {
  const data = new Int16Array(3 * 4 * 5 * 6).map((_, i) => ((i * 37) % 1000) - 500);
  const plain = NiftiImage.fromArray(data, [3, 4, 5, 6], AFFINE);
  const img = new NiftiImage({ ...plain.header, sclSlope: 0.5, sclInter: 3 }, data);

  for (const [name, bytes] of [
    ['.nii', toBytes(img)],
    ['.nii.gz', toBytes(img, { gzip: true })],
    ['NIfTI-2 .nii.gz', toBytes(img, { gzip: true, version: 2 })],
  ] as const) {
    it(`${name}: raw and scaled volumes equal readNifti slices`, async () => {
      const full = await readNifti(bytes);
      const fdata = full.getFData({ dtype: 'float32' });
      let t = 0;
      for await (const v of streamVolumes(bytes, { dtype: 'float32' })) {
        expect(v.data).toEqual(fdata.subarray(t * 60, (t + 1) * 60));
        expect(v.affine).toEqual(full.affine);
        t++;
      }
      expect(t).toBe(6);
      t = 0;
      for await (const v of streamVolumes(new Blob([bytes]))) {
        expect(v.data).toEqual(data.subarray(t * 60, (t + 1) * 60));
        t++;
      }
    });
  }

  it('big-endian files are swapped', async () => {
    const f = testData('nifti/big.nii.gz');
    if (!f.available) return;
    const full = await readNifti(f.path);
    const vols: number[] = [];
    for await (const v of streamVolumes(readFileSync(f.path))) vols.push(v.data.length);
    expect(vols).toEqual([full.data.length]);
    for await (const v of streamVolumes(f.path)) expect(v.data).toEqual(full.data);
  });

  it('truncated and non-NIfTI input raise NiftiError', async () => {
    const bytes = toBytes(img);
    const drain = async (src: Uint8Array) => {
      for await (const _ of streamVolumes(src)) {
        /* consume */
      }
    };
    await expect(drain(bytes.subarray(0, bytes.length - 10))).rejects.toBeInstanceOf(NiftiError);
    await expect(drain(bytes.subarray(0, 100))).rejects.toBeInstanceOf(NiftiError);
    await expect(drain(new Uint8Array(1000))).rejects.toBeInstanceOf(NiftiError);
    const gz = toBytes(img, { gzip: true });
    await expect(drain(gz.subarray(0, gz.length - 30))).rejects.toBeInstanceOf(NiftiError);
  });
});
