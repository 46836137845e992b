// The face/cat problem the model-selection and cluster benches share: the real Haxby 2001 slice
// (../shared/data or VOXELKIT_TEST_DATA) masked and z-scored as the tutorial does, or, without
// it, a synthetic 216 × 530 problem. Not a bench itself (run-all.mjs runs only bench/*.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The slice set's subject directory, or undefined when it is not present. */
export function findData() {
  const rel = 'haxby-slice/haxby2001-slice/subj1';
  const roots = [
    process.env.VOXELKIT_TEST_DATA,
    join(here, '..', '..', '..', 'shared', 'data'),
  ].filter(Boolean);
  for (const root of roots) {
    const dir = join(root, rel);
    if (existsSync(join(dir, 'bold.nii.gz'))) return dir;
  }
  return undefined;
}

/** Face/cat rows of the real slice, voxels in C order, z-scored over all volumes (nilearn). */
export async function loadReal(dir) {
  const { readNifti } = await import('@voxelkit/nifti-io');
  const bold = await readNifti(join(dir, 'bold.nii.gz'));
  const mask = await readNifti(join(dir, 'mask4_vt.nii.gz'));
  const [ni, nj, nk, nt] = bold.shape;
  const vol = ni * nj * nk;
  const b = bold.getFData();
  const m = mask.getFData();
  const voxels = [];
  for (let i = 0; i < ni; i++)
    for (let j = 0; j < nj; j++)
      for (let k = 0; k < nk; k++)
        if (m[i + ni * (j + nj * k)] !== 0) voxels.push(i + ni * (j + nj * k));
  const p = voxels.length;
  const all = new Float64Array(nt * p);
  for (let t = 0; t < nt; t++) for (let c = 0; c < p; c++) all[t * p + c] = b[t * vol + voxels[c]];
  for (let c = 0; c < p; c++) {
    let mean = 0;
    for (let t = 0; t < nt; t++) mean += all[t * p + c];
    mean /= nt;
    let ss = 0;
    for (let t = 0; t < nt; t++) ss += (all[t * p + c] - mean) ** 2;
    const sd = Math.sqrt(ss / nt) || 1;
    for (let t = 0; t < nt; t++) all[t * p + c] = (all[t * p + c] - mean) / sd;
  }
  const lines = readFileSync(join(dir, 'labels.txt'), 'utf8').trim().split('\n').slice(1);
  const rows = [];
  const y = [];
  const groups = [];
  lines.forEach((line, t) => {
    const [label, chunk] = line.trim().split(/\s+/);
    if (label === 'face' || label === 'cat') {
      rows.push(t);
      y.push(label);
      groups.push(Number(chunk));
    }
  });
  const data = new Float64Array(rows.length * p);
  for (let r = 0; r < rows.length; r++)
    data.set(all.subarray(rows[r] * p, (rows[r] + 1) * p), r * p);
  return { X: { data, rows: rows.length, cols: p }, y, groups, source: 'real Haxby slice' };
}

/** A synthetic 216 × 530 face/cat problem. */
export async function synthetic() {
  const { RandomState } = await import('@voxelkit/core');
  const rng = new RandomState(0);
  const [n, p] = [216, 530];
  const data = new Float64Array(n * p);
  const y = Array.from({ length: n }, (_, i) => (i % 2 ? 'face' : 'cat'));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++)
      data[i * p + j] = rng.standardNormal() + (y[i] === 'face' && j < 30 ? 0.4 : 0);
  const groups = Array.from({ length: n }, (_, i) => Math.floor(i / 18));
  return { X: { data, rows: n, cols: p }, y, groups, source: 'synthetic 216 × 530' };
}
