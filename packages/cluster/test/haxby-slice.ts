/**
 * The real Haxby 2001 slice (../shared/data/haxby-slice, subject 1) as the nilearn tutorial sees
 * it: masked by `NiftiMasker({ maskImg: mask4_vt, standardize: true })` (nilearn 0.10's 'zscore',
 * bit for bit), then the face and cat rows, their labels and their chunks (sessions).
 */
import { readFileSync } from 'node:fs';
import { type FloatArray, type Matrix2D, takeRows } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { NiftiMasker } from '@voxelkit/masking';

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
  X: Matrix2D<FloatArray>;
  y: string[];
  chunks: number[];
}

/** Loads the 216 face/cat rows × 530 voxels, their labels and their chunks (sessions). */
export async function loadFaceCat(): Promise<FaceCat> {
  const masker = new NiftiMasker({ maskImg: files.mask.path, standardize: true });
  const all = await masker.fitTransform(files.bold.path);
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
  return { X: takeRows(all, rows), y, chunks };
}
