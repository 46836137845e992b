import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FetchError, ValidationError } from '@voxelkit/core';
import { readNifti } from '@voxelkit/nifti-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchHaxbySynthetic } from './haxby-synthetic.js';
import { HAXBY_CATEGORIES } from './synthetic/design.js';

const count = (data: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i] !== 0 ? 1 : 0;
  return s;
};

describe('fetchHaxbySynthetic (small)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vk-synth-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes the fetchHaxby layout, flagged synthetic, with the documented geometry', async () => {
    const ds = await fetchHaxbySynthetic({ dataDir, size: 'small', seed: 3 });
    const dir = join(dataDir, 'haxby2001-synthetic-small', 'subj2');
    expect(ds.func).toEqual([join(dir, 'bold.nii.gz')]);
    expect(ds.anat).toEqual([join(dir, 'anat.nii.gz')]);
    expect(ds.maskFaceLittle).toEqual([join(dir, 'mask8_face_vt.nii.gz')]);
    expect(ds.synthetic).toBe(true);
    expect(ds.tR).toBe(2.5);
    expect(ds.description).toMatch(/^SYNTHETIC DATA — not real fMRI/);

    const bold = await readNifti(ds.func[0]);
    expect(bold.shape).toEqual([20, 32, 32, 1452]);
    expect(bold.dtype).toBe('int16');
    expect(bold.affine).toEqual([
      [-7, 0, 0, 66.5],
      [0, 7.5, 0, -116.25],
      [0, 0, 7.5, -116.25],
      [0, 0, 0, 1],
    ]);
    expect(bold.header.pixdim[4]).toBe(2.5);
    const vt = await readNifti(ds.maskVt[0]);
    expect(vt.shape).toEqual([20, 32, 32]);
    expect(vt.affine).toEqual(bold.affine);
    const nVt = count(vt.data as Int16Array);
    expect(nVt).toBeGreaterThan(40);
    expect(nVt).toBeLessThan(90);
    // Face and house clusters are inside VT and disjoint.
    const face = (await readNifti(ds.maskFace[0])).data as Int16Array;
    const house = (await readNifti(ds.maskHouse[0])).data as Int16Array;
    const little = (await readNifti(ds.maskFaceLittle[0])).data as Int16Array;
    const vtData = vt.data as Int16Array;
    for (let v = 0; v < vtData.length; v++) {
      if (face[v] || house[v]) expect(vtData[v]).toBe(1);
      expect(face[v] && house[v]).toBeFalsy();
      if (little[v]) expect(face[v]).toBe(1);
    }
    expect(count(face)).toBeGreaterThan(0);
    expect(count(house)).toBeGreaterThan(0);

    // The design: 12 runs of 121, 8 categories x 12 blocks of 9 volumes, 588 rest.
    const rows = (await readFile(ds.sessionTarget[0], 'utf8')).trim().split('\n');
    expect(rows[0]).toBe('labels chunks');
    expect(rows.length).toBe(1453);
    const tally = new Map<string, number>();
    for (const r of rows.slice(1))
      tally.set(r.split(' ')[0], (tally.get(r.split(' ')[0]) ?? 0) + 1);
    expect(tally.get('rest')).toBe(588);
    for (const c of HAXBY_CATEGORIES) expect(tally.get(c)).toBe(108);
    expect(rows[1453 - 1]).toBe('rest 11');

    const anat = await readNifti(ds.anat[0] as string);
    expect(anat.shape).toEqual([20, 32, 32]);
    const brain = await readNifti(ds.mask as string);
    expect(count(brain.data as Int16Array)).toBeGreaterThan(2000);

    // Brain voxels have a positive baseline around 700-1000; air is 0.
    const first = bold.data as Int16Array;
    const brainData = brain.data as Int16Array;
    let sum = 0;
    let n = 0;
    for (let v = 0; v < brainData.length; v++) {
      if (brainData[v]) {
        sum += first[v];
        n++;
      }
    }
    expect(sum / n).toBeGreaterThan(600);
    expect(sum / n).toBeLessThan(1100);
    expect(first[0]).toBe(0);
  });

  it('is cached, deterministic per seed, and different across seeds', async () => {
    const a = await fetchHaxbySynthetic({ dataDir, size: 'small', seed: 3 });
    const before = (await stat(a.func[0])).mtimeMs;
    const again = await fetchHaxbySynthetic({ dataDir, size: 'small', seed: 3 });
    expect(again).toEqual(a);
    expect((await stat(a.func[0])).mtimeMs).toBe(before);
    const bytes3 = await readFile(a.func[0]);

    const other = await mkdtemp(join(tmpdir(), 'vk-synth-b-'));
    try {
      const b = await fetchHaxbySynthetic({ dataDir: other, size: 'small', seed: 3 });
      expect((await readFile(b.func[0])).equals(bytes3)).toBe(true);
      const c = await fetchHaxbySynthetic({ dataDir: other, size: 'small', seed: 4 });
      expect((await readFile(c.func[0])).equals(bytes3)).toBe(false);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('gives subject 6 no anat, like the real data', async () => {
    const ds = await fetchHaxbySynthetic({ dataDir, size: 'small', subjects: [6] });
    expect(ds.anat).toEqual([null]);
    expect(existsSync(ds.func[0])).toBe(true);
    expect(existsSync(join(dataDir, 'haxby2001-synthetic-small', 'subj6', 'anat.nii.gz'))).toBe(
      false,
    );
  });

  it('rejects bad options and unwritable directories with typed errors', async () => {
    await expect(fetchHaxbySynthetic({ dataDir, size: 'tiny' as 'small' })).rejects.toThrow(
      ValidationError,
    );
    await expect(fetchHaxbySynthetic({ dataDir, seed: -1 })).rejects.toThrow(ValidationError);
    await expect(fetchHaxbySynthetic({ dataDir, subjects: [0] })).rejects.toThrow(ValidationError);
    const file = join(dataDir, 'a-file');
    await writeFile(file, 'x');
    await expect(fetchHaxbySynthetic({ dataDir: file, size: 'small' })).rejects.toThrow(FetchError);
  });
});
