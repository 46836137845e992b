/**
 * Acceptance on real data: Haxby 2001 subject 1, one axial slice (../shared/data/haxby-slice).
 * X is built here directly from the NIfTI files with nilearn's semantics: mask voxels in numpy C
 * order over (i, j, k), each voxel z-scored over all 1452 volumes (population std, std < eps → 1).
 * Expected numbers: scikit-learn 1.2 SVC(kernel='linear') on the same X (/usr/bin/python3,
 * nibabel + numpy), which reproduce the nilearn tutorial's results.
 */
import { readFileSync } from 'node:fs';
import { type Label, type Matrix2D, takeRows } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { accuracyScore } from '@voxelkit/metrics';
import { readNifti } from '@voxelkit/nifti-io';
import { beforeAll, describe, expect, it } from 'vitest';
import { SVC } from './svc.js';

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

describe.skipIf(!available)('SVC on Haxby 2001 (real data) equals scikit-learn', () => {
  let h: Haxby;
  beforeAll(async () => {
    h = await loadHaxby();
  });

  it('masks 1452 × 530', () => {
    expect([h.X.rows, h.X.cols]).toEqual([1452, 530]);
  });

  it('face vs cat, all 216 rows', () => {
    const { X, y } = select(h, (l) => l === 'face' || l === 'cat');
    expect(X.rows).toBe(216);
    const clf = new SVC({ kernel: 'linear' }).fit(X, y);
    expect(clf.classes_).toEqual(['cat', 'face']);
    expect(clf.score(X, y)).toBe(1);
    expect(Array.from(clf.nSupport_!)).toEqual([54, 55]);
    expect(Array.from(clf.nIter_!)).toEqual([989]);
    expect(clf.intercept_![0]).toBeCloseTo(-0.23544381, 6);
    const coef = [0.01710043, -0.05777595, 0.01297851, -0.03776456, 0.01919442];
    coef.forEach((c, f) => {
      expect(clf.coef_!.data[f]).toBeCloseTo(c, 6);
    });
    expect(Array.from(clf.support_!.subarray(0, 8))).toEqual([12, 13, 14, 30, 31, 34, 35, 36]);
    const dual = [-0.004233879545108619, -0.010356920544845128, -0.012057351496781846];
    dual.forEach((d, s) => {
      expect(clf.dualCoef_!.data[s]).toBeCloseTo(d, 9);
    });
    const dec = clf.decisionFunction(takeRows(X, [0, 1, 2])) as Float64Array;
    [0.9996542820207773, 1.1677429192326803, 1.757043605028696].forEach((d, i) => {
      expect(dec[i]).toBeCloseTo(d, 8);
    });
  });

  it('face vs cat, first 186 rows → last 30', () => {
    const { X, y } = select(h, (l) => l === 'face' || l === 'cat');
    const train = Array.from({ length: 186 }, (_, i) => i);
    const test = Array.from({ length: 30 }, (_, i) => 186 + i);
    const clf = new SVC({ kernel: 'linear' }).fit(
      takeRows(X, train),
      train.map((i) => y[i] as Label),
    );
    expect(Array.from(clf.nSupport_!)).toEqual([46, 52]);
    expect(Array.from(clf.nIter_!)).toEqual([796]);
    expect(clf.intercept_![0]).toBeCloseTo(-0.463552, 6);
    expect(
      clf.score(
        takeRows(X, test),
        test.map((i) => y[i] as Label),
      ),
    ).toBe(0.5);
  });

  it('8 categories, one-vs-one, leave-one-run-out', () => {
    const { X, y, groups } = select(h, (l) => l !== 'rest');
    expect(X.rows).toBe(864);
    const expected = [
      0.4306, 0.4444, 0.5278, 0.625, 0.5278, 0.4444, 0.3472, 0.4444, 0.5417, 0.4583, 0.25, 0.4306,
    ];
    const scores: number[] = [];
    for (let run = 0; run < 12; run++) {
      const train = groups.flatMap((g, i) => (g !== run ? [i] : []));
      const test = groups.flatMap((g, i) => (g === run ? [i] : []));
      const clf = new SVC({ kernel: 'linear' }).fit(
        takeRows(X, train),
        train.map((i) => y[i] as Label),
      );
      if (run === 0) {
        expect(Array.from(clf.nSupport_!)).toEqual([95, 93, 96, 85, 50, 90, 90, 86]);
        expect(Array.from(clf.nIter_!.subarray(0, 6))).toEqual([869, 1197, 483, 325, 980, 576]);
        expect(clf.intercept_![1]).toBeCloseTo(-0.31456880488098754, 6);
      }
      scores.push(
        accuracyScore(
          test.map((i) => y[i] as Label),
          clf.predict(takeRows(X, test)),
        ),
      );
    }
    scores.forEach((s, i) => {
      expect(s).toBeCloseTo(expected[i] as number, 4);
    });
  });
});
