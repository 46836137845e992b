/**
 * The real Haxby 2001 slice (../shared/data/haxby-slice, subject 1) as the nilearn tutorial sees
 * it: mask4_vt voxels in numpy C order over (i, j, k), each voxel z-scored over all 1452 volumes
 * (nilearn's 'zscore': population std, std < eps → 1), then the face and cat rows. (The same
 * loader as model-selection's test helper: a package's tests do not import a sibling's test files.)
 */
import { readFileSync } from 'node:fs';
import { type Matrix2D, takeRows } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { readNifti } from '@voxelkit/nifti-io';

const dir = 'haxby-slice/haxby2001-slice/subj1/';
const files = {
  bold: testData(`${dir}bold.nii.gz`),
  mask: testData(`${dir}mask4_vt.nii.gz`),
  labels: testData(`${dir}labels.txt`),
};

/** True when the three files are present. */
export const haxbyAvailable =
  files.bold.available && files.mask.available && files.labels.available;

export interface FaceCat {
  X: Matrix2D;
  y: string[];
  chunks: number[];
}

function zscoreColumns(X: Float64Array, rows: number, cols: number): void {
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) mean[c] += X[r * cols + c] as number;
  for (let c = 0; c < cols; c++) mean[c] = (mean[c] as number) / rows;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) X[r * cols + c] -= mean[c] as number;
  const sd = new Float64Array(cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) sd[c] += (X[r * cols + c] as number) ** 2;
  for (let c = 0; c < cols; c++) {
    const s = Math.sqrt((sd[c] as number) / rows);
    sd[c] = s < Number.EPSILON ? 1 : s;
  }
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) X[r * cols + c] /= sd[c] as number;
}

/** Loads the 216 face/cat rows × 530 voxels, their labels and their chunks (sessions). */
export async function loadFaceCat(): Promise<FaceCat> {
  const bold = await readNifti(files.bold.path);
  const mask = await readNifti(files.mask.path);
  const [ni, nj, nk, nt] = bold.shape as [number, number, number, number];
  const vol = ni * nj * nk;
  const boldData = bold.getFData();
  const maskData = mask.getFData();
  // Voxels in C order over (i, j, k); in the file, i varies fastest.
  const voxels: number[] = [];
  for (let i = 0; i < ni; i++) {
    for (let j = 0; j < nj; j++) {
      for (let k = 0; k < nk; k++) {
        const offset = i + ni * (j + nj * k);
        if (maskData[offset] !== 0) voxels.push(offset);
      }
    }
  }
  const cols = voxels.length;
  const all = new Float64Array(nt * cols);
  for (let t = 0; t < nt; t++) {
    for (let c = 0; c < cols; c++)
      all[t * cols + c] = boldData[t * vol + (voxels[c] as number)] as number;
  }
  zscoreColumns(all, nt, cols);
  const lines = readFileSync(files.labels.path, 'utf8').trim().split('\n').slice(1);
  const rows: number[] = [];
  const y: string[] = [];
  const chunks: number[] = [];
  lines.forEach((line, t) => {
    const [label, chunk] = line.trim().split(/\s+/);
    if (label === 'face' || label === 'cat') {
      rows.push(t);
      y.push(label);
      chunks.push(Number(chunk));
    }
  });
  return { X: takeRows({ data: all, rows: nt, cols }, rows), y, chunks };
}
