/**
 * Acceptance on real data: Haxby 2001 subject 1, one axial slice (../shared/data/haxby-slice).
 * X is built here directly from the NIfTI files with nilearn's semantics: mask voxels in numpy C
 * order over (i, j, k), each voxel z-scored over all 1452 volumes (population std, std < eps → 1).
 * Expected numbers: scikit-learn 1.2 SVC(kernel='linear') on the same X (/usr/bin/python3,
 * nibabel + numpy), which reproduce the nilearn tutorial's results.
 */
import { type Label, takeRows } from '@voxelkit/core';
import { accuracyScore } from '@voxelkit/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { available, type Haxby, loadHaxby, select } from '../../test/haxby-zscored.js';
import { SVC } from './svc.js';

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
