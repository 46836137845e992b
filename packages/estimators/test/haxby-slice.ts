/**
 * The real Haxby 2001 slice set (../shared/data/haxby-slice) as the golden scripts load it
 * (src/linear-model/haxby_slice.py): mask voxels in numpy C order over (i, j, k), each voxel
 * z-scored over all 1452 volumes (population std, std < eps → 1).
 */
import { readFileSync } from 'node:fs';
import { type Matrix2D, takeRows } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { readNifti } from '@voxelkit/nifti-io';

const dir = 'haxby-slice/haxby2001-slice/subj1/';
const bold = testData(`${dir}bold.nii.gz`);
const mask = testData(`${dir}mask4_vt.nii.gz`);
const labelsFile = testData(`${dir}labels.txt`);

/** True when the three files are there (tests skip otherwise, outside CI). */
export const haxbyAvailable = bold.available && mask.available && labelsFile.available;

/** One selection of the slice set. */
export interface HaxbySet {
  X: Matrix2D;
  y: string[];
  groups: number[];
}

let cache: Promise<HaxbySet> | undefined;

async function loadAll(): Promise<HaxbySet> {
  const img = await readNifti(bold.path);
  const m = await readNifti(mask.path);
  const [ni, nj, nk, nt] = img.shape as [number, number, number, number];
  const data = img.getFData();
  const mdata = m.getFData();
  const voxels: number[] = [];
  for (let i = 0; i < ni; i++)
    for (let j = 0; j < nj; j++)
      for (let k = 0; k < nk; k++) {
        const v = i + ni * (j + nj * k);
        if ((mdata[v] as number) !== 0) voxels.push(v);
      }
  const p = voxels.length;
  const nVol = ni * nj * nk;
  const X = new Float64Array(nt * p);
  for (let t = 0; t < nt; t++)
    for (let c = 0; c < p; c++) X[t * p + c] = data[t * nVol + (voxels[c] as number)] as number;
  for (let c = 0; c < p; c++) {
    let mean = 0;
    for (let t = 0; t < nt; t++) mean += X[t * p + c] as number;
    mean /= nt;
    let ss = 0;
    for (let t = 0; t < nt; t++) {
      const d = (X[t * p + c] as number) - mean;
      X[t * p + c] = d;
      ss += d * d;
    }
    let sd = Math.sqrt(ss / nt);
    if (sd < Number.EPSILON) sd = 1;
    for (let t = 0; t < nt; t++) X[t * p + c] = (X[t * p + c] as number) / sd;
  }
  const rows = readFileSync(labelsFile.path, 'utf8').trim().split('\n').slice(1);
  return {
    X: { data: X, rows: nt, cols: p },
    y: rows.map((r) => r.split(/\s+/)[0] as string),
    groups: rows.map((r) => Number(r.split(/\s+/)[1])),
  };
}

/** The rows whose label passes `keep`. */
export async function haxbySelect(keep: (label: string) => boolean): Promise<HaxbySet> {
  cache ??= loadAll();
  const h = await cache;
  const idx = h.y.flatMap((l, i) => (keep(l) ? [i] : []));
  return {
    X: takeRows(h.X, idx),
    y: idx.map((i) => h.y[i] as string),
    groups: idx.map((i) => h.groups[i] as number),
  };
}

/** The 216 face/cat rows. */
export const haxbyFaceCat = () => haxbySelect((l) => l === 'face' || l === 'cat');
/** The 864 rows of the eight categories. */
export const haxbyEight = () => haxbySelect((l) => l !== 'rest');

/** Rows of `set` whose group passes `keep`. */
export function haxbyRows(set: HaxbySet, keep: (g: number) => boolean) {
  const idx = set.groups.flatMap((g, i) => (keep(g) ? [i] : []));
  return { X: takeRows(set.X, idx), y: idx.map((i) => set.y[i] as string) };
}
