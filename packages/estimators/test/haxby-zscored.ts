/**
 * The real Haxby 2001 slice set (../shared/data/haxby-slice) as the SVC and logistic-regression
 * golden scripts build X: mask voxels in numpy C order over (i, j, k), each voxel z-scored over
 * all 1452 volumes (population std, std < eps -> 1). Shared by svc.haxby.test.ts and
 * logistic-regression.haxby.test.ts.
 */
import { readFileSync } from 'node:fs';
import { type Matrix2D, takeRows } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { readNifti } from '@voxelkit/nifti-io';

const dir = 'haxby-slice/haxby2001-slice/subj1/';
const bold = testData(`${dir}bold.nii.gz`);
const mask = testData(`${dir}mask4_vt.nii.gz`);
const labelsFile = testData(`${dir}labels.txt`);
export const available = bold.available && mask.available && labelsFile.available;

export interface Haxby {
  X: Matrix2D;
  labels: string[];
  chunks: number[];
}

export async function loadHaxby(): Promise<Haxby> {
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
    let mean2 = 0;
    for (let t = 0; t < nt; t++) {
      X[t * p + c] = (X[t * p + c] as number) - mean;
      mean2 += X[t * p + c] as number;
    }
    mean2 /= nt;
    let ss = 0;
    for (let t = 0; t < nt; t++) ss += ((X[t * p + c] as number) - mean2) ** 2;
    let sd = Math.sqrt(ss / nt);
    if (sd < Number.EPSILON) sd = 1;
    for (let t = 0; t < nt; t++) X[t * p + c] = (X[t * p + c] as number) / sd;
  }
  const rows = readFileSync(labelsFile.path, 'utf8').trim().split('\n').slice(1);
  const labels = rows.map((r) => r.split(/\s+/)[0] as string);
  const chunks = rows.map((r) => Number(r.split(/\s+/)[1]));
  return { X: { data: X, rows: nt, cols: p }, labels, chunks };
}

export function select(h: Haxby, keep: (label: string) => boolean) {
  const idx = h.labels.flatMap((l, i) => (keep(l) ? [i] : []));
  return {
    X: takeRows(h.X, idx),
    y: idx.map((i) => h.labels[i] as string),
    groups: idx.map((i) => h.chunks[i] as number),
  };
}
