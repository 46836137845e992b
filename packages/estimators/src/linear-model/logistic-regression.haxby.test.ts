/**
 * Acceptance on real data: Haxby 2001 subject 1, one axial slice (../shared/data/haxby-slice),
 * X built as svc.haxby.test.ts builds it (mask voxels in C order, z-scored over all volumes).
 * Expected numbers: scikit-learn 1.2.1 (logistic-regression.golden.py haxby): leave-one-run-out
 * scores at the default tolerance, and weights of fits converged to tol 1e-10 (L2) / 1e-8 (L1).
 */
import { readFileSync } from 'node:fs';
import { type Label, type Matrix2D, takeRows } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { readNifti } from '@voxelkit/nifti-io';
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearSVC } from '../svm/linear-svc.js';
import { LogisticRegression } from './logistic-regression.js';

const dir = 'haxby-slice/haxby2001-slice/subj1/';
const bold = testData(`${dir}bold.nii.gz`);
const mask = testData(`${dir}mask4_vt.nii.gz`);
const labelsFile = testData(`${dir}labels.txt`);
const available = bold.available && mask.available && labelsFile.available;

interface Haxby {
  X: Matrix2D;
  labels: string[];
  chunks: number[];
}

async function loadHaxby(): Promise<Haxby> {
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

function select(h: Haxby, keep: (label: string) => boolean) {
  const idx = h.labels.flatMap((l, i) => (keep(l) ? [i] : []));
  return {
    X: takeRows(h.X, idx),
    y: idx.map((i) => h.labels[i] as string),
    groups: idx.map((i) => h.chunks[i] as number),
  };
}

const golden = JSON.parse(
  readFileSync(new URL('./logistic-regression.haxby.golden.json', import.meta.url), 'utf8'),
) as Record<string, number[]>;

function logo(
  make: () => { fit(X: Matrix2D, y: Label[]): { score(X: Matrix2D, y: Label[]): number } },
  s: ReturnType<typeof select>,
): number[] {
  const runs = [...new Set(s.groups)].sort((a, b) => a - b);
  return runs.map((run) => {
    const train = s.groups.flatMap((g, i) => (g !== run ? [i] : []));
    const test = s.groups.flatMap((g, i) => (g === run ? [i] : []));
    const est = make().fit(
      takeRows(s.X, train),
      train.map((i) => s.y[i] as string),
    );
    return est.score(
      takeRows(s.X, test),
      test.map((i) => s.y[i] as string),
    );
  });
}

const makers = {
  lr_l2: (tol = 1e-4, maxIter = 100) => new LogisticRegression({ tol, maxIter }),
  lr_l1: (tol = 1e-4, maxIter = 100) => new LogisticRegression({ penalty: 'l1', tol, maxIter }),
  svc_l1: (tol = 1e-4, maxIter = 1000) =>
    new LinearSVC({ penalty: 'l1', dual: false, tol, maxIter }),
};

describe.skipIf(!available)(
  'liblinear estimators on Haxby 2001 (real data) equal scikit-learn',
  () => {
    let h: Haxby;
    beforeAll(async () => {
      h = await loadHaxby();
    });
    for (const [name, make] of Object.entries(makers)) {
      it(`${name}: face vs cat leave-one-run-out scores and converged weights`, () => {
        const fc = select(h, (l) => l === 'face' || l === 'cat');
        const scores = logo(() => make(), fc);
        const expected = golden[`${name}_fc_logo`] as number[];
        // The L1 solvers visit coordinates in a random order; scikit-learn draws it from liblinear's
        // own generator, which is not reproduced (ours: randomState, default 0). At the default
        // tolerance they stop short of the optimum at slightly different points, so a fold may
        // differ by one test sample (1/18); L2 (TRON) is deterministic and equal.
        const slack = name === 'lr_l2' ? 1e-12 : 1 / 18 + 1e-12;
        for (let f = 0; f < expected.length; f++) {
          expect(Math.abs((scores[f] as number) - (expected[f] as number))).toBeLessThanOrEqual(
            slack,
          );
        }
        const tight = make(name === 'lr_l2' ? 1e-10 : 1e-8, 100000).fit(fc.X, fc.y);
        const coef = golden[`${name}_fc_coef`] as number[];
        const scale = Math.max(...coef.map(Math.abs));
        const w = (tight.coef_ as Matrix2D).data;
        let worst = 0;
        for (let j = 0; j < coef.length; j++)
          worst = Math.max(worst, Math.abs((w[j] as number) - (coef[j] as number)));
        // scikit-learn's L1 logistic fit at tol 1e-8 is converged to ~1e-5 of the largest weight
        // (not 1e-6; a tighter tol takes minutes there), so that case is held to 2e-5.
        expect(worst).toBeLessThanOrEqual((name === 'lr_l1' ? 2e-5 : 1e-6) * scale);
      }, 120000);
    }
    it('lr_l2: 8 categories leave-one-run-out scores', () => {
      const all = select(h, (l) => l !== 'rest');
      const scores = logo(() => makers.lr_l2(), all);
      const expected = golden.lr_l2_8_logo as number[];
      for (let f = 0; f < expected.length; f++)
        expect(scores[f]).toBeCloseTo(expected[f] as number, 12);
    }, 120000);
  },
);
