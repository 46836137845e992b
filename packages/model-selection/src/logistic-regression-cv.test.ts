/**
 * LogisticRegressionCV against scikit-learn 1.2.1 (logistic-regression-cv.golden.py): the real
 * Haxby 2001 slice set (face vs cat, ../shared/data/haxby-slice, X as test/haxby-slice.ts) and
 * iris (three classes, one-vs-rest).
 */
import { readFileSync } from 'node:fs';
import { type Label, type Matrix2D, takeRows, ValidationError } from '@voxelkit/core';
import { checkEstimator } from '@voxelkit/core/testing';
import {
  LogisticRegression,
  LogisticRegressionCV,
  type LogisticRegressionCVParams,
} from '@voxelkit/estimators';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FaceCat, haxbyAvailable, loadFaceCat } from '../test/haxby-slice.js';
import { crossValScore } from './cross-validation.js';
import { LeaveOneGroupOut } from './splitters/leave-one-group-out.js';
import { StratifiedKFold } from './splitters/stratified-k-fold.js';

interface Case {
  classes: string[];
  Cs: number[];
  C: number[];
  scores: Record<string, number[][]>;
  coef: number[];
  intercept: number[];
  pred: string[];
  decision: number[];
  pathFirst: Record<string, number[]>;
}
const g = JSON.parse(
  readFileSync(new URL('./logistic-regression-cv.golden.json', import.meta.url), 'utf8'),
) as Record<string, Case> & { iris: { X: number[]; y: string[] } };
const iris: Matrix2D = { data: Float64Array.from(g.iris.X), rows: 150, cols: 4 };

function expectClose(actual: ArrayLike<number>, expected: number[], digits: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(actual[i]).toBeCloseTo(expected[i] as number, digits);
  }
}

function expectRel(actual: ArrayLike<number>, expected: number[], rel: number): void {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs((actual[i] as number) - (expected[i] as number))).toBeLessThanOrEqual(
      rel * scale,
    );
  }
}

/**
 * Tolerances: `digits` for converged fits. liblinear's TRON stops at `maxIter` (100) before
 * converging for C ≥ 100 on this data; there the rounding of the two implementations is
 * amplified, so `rel` (relative to the largest weight) applies to weights chosen at such a C,
 * and `slack` (fold scores off by at most one held-out sample, in at most one cell) to fits
 * next to the decision boundary.
 */
interface Tolerance {
  digits?: number;
  rel?: number;
  slack?: number;
  /** Skip the refit's weights (predictions, C_, fold scores and paths are still compared). */
  skipRefitWeights?: boolean;
}

function expectCase(clf: LogisticRegressionCV, X: Matrix2D, c: Case, tol: Tolerance = {}): void {
  const digits = tol.digits ?? 6;
  expect(clf.classes_).toEqual(c.classes);
  expectClose(clf.Cs_ as Float64Array, c.Cs, 12);
  expectClose(clf.C_ as Float64Array, c.C, 12);
  expect(Object.keys(clf.scores_ as object).sort()).toEqual(Object.keys(c.scores).sort());
  for (const [key, folds] of Object.entries(c.scores)) {
    const s = (clf.scores_ as Record<string, Matrix2D>)[key] as Matrix2D;
    expect([s.rows, s.cols]).toEqual([folds.length, (folds[0] as number[]).length]);
    if (tol.slack === undefined) expectClose(s.data, folds.flat(), 10);
    else {
      const flat = folds.flat();
      const off = flat.filter((v, i) => Math.abs(v - (s.data[i] as number)) > 1e-10);
      expect(off.length).toBeLessThanOrEqual(1);
      flat.forEach((v, i) => {
        expect(Math.abs(v - (s.data[i] as number))).toBeLessThanOrEqual(tol.slack as number);
      });
    }
    const path = (clf.coefsPaths_ as Record<string, { data: Float64Array; shape: number[] }>)[key];
    const first = c.pathFirst[key] as number[];
    expect(path?.shape).toEqual([folds.length, (folds[0] as number[]).length, first.length]);
    expectClose((path as { data: Float64Array }).data.subarray(0, first.length), first, digits);
  }
  const d = clf.decisionFunction(
    takeRows(
      X,
      Int32Array.from({ length: 10 }, (_, i) => i),
    ),
  );
  if (tol.skipRefitWeights) {
    expect(clf.coef_?.cols).toBe(X.cols);
  } else if (tol.rel === undefined) {
    expectClose((clf.coef_ as Matrix2D).data, c.coef, digits);
    expectClose(clf.intercept_ as Float64Array, c.intercept, digits);
    expectClose('data' in d ? d.data : d, c.decision, digits);
  } else {
    expectRel((clf.coef_ as Matrix2D).data, c.coef, tol.rel);
    expectRel(clf.intercept_ as Float64Array, c.intercept, tol.rel * 10);
    expectRel('data' in d ? d.data : d, c.decision, tol.rel);
  }
  expect(clf.predict(X)).toEqual(c.pred);
}

describe('LogisticRegressionCV equals scikit-learn 1.2.1 on iris (one-vs-rest)', () => {
  it('Cs: 6, default cv: C_, scores_, coefsPaths_, coef_, predictions', () => {
    const clf = new LogisticRegressionCV({ Cs: 6 }).fit(iris, g.iris.y);
    expectCase(clf, iris, g.iris_l2 as Case);
    expect((clf.coef_ as Matrix2D).rows).toBe(3);
  });
  it('refit: false without intercept: the folds’ best coefficients averaged, C_ their mean', () => {
    const clf = new LogisticRegressionCV({ Cs: 4, fitIntercept: false, refit: false }).fit(
      iris,
      g.iris.y,
    );
    expectCase(clf, iris, g.iris_l2_nointercept as Case);
    expect(Array.from(clf.intercept_ as Float64Array)).toEqual([0, 0, 0]);
  });
  it('predictProba rows sum to 1 and agree with predict', () => {
    const clf = new LogisticRegressionCV({ Cs: 3 }).fit(iris, g.iris.y);
    const p = clf.predictProba(iris);
    const pred = clf.predict(iris);
    for (let r = 0; r < p.rows; r++) {
      let sum = 0;
      let best = 0;
      for (let c = 0; c < 3; c++) {
        sum += p.data[r * 3 + c] as number;
        if ((p.data[r * 3 + c] as number) > (p.data[r * 3 + best] as number)) best = c;
      }
      expect(sum).toBeCloseTo(1, 12);
      expect(pred[r]).toBe(clf.classes_?.[best]);
    }
  });
});

describe.skipIf(!haxbyAvailable)(
  'LogisticRegressionCV equals scikit-learn 1.2.1 on Haxby 2001 face vs cat (real data)',
  () => {
    let d: FaceCat;
    beforeAll(async () => {
      d = await loadFaceCat();
    });
    it('defaults (Cs 10, StratifiedKFold(5), accuracy)', () => {
      const clf = new LogisticRegressionCV().fit(d.X, d.y);
      // One fold × C cell (C = 2.78) differs by one held-out sample of 44; C_ and the refit agree.
      expectCase(clf, d.X, g.haxby_l2_default as Case, { slack: 1 / 44 + 1e-12, digits: 3 });
      expect(Object.keys(clf.scores_ as object)).toEqual(['face']);
    });
    it('leave-one-run-out splits, roc_auc, a list of Cs', () => {
      const cv = Array.from(new LeaveOneGroupOut().split(d.X, d.y, d.chunks));
      const clf = new LogisticRegressionCV({ Cs: [0.01, 0.1, 1], scoring: 'roc_auc', cv }).fit(
        d.X,
        d.y,
      );
      expectCase(clf, d.X, g.haxby_l2_logo_auc as Case);
    });
    it('refit: false', () => {
      const clf = new LogisticRegressionCV({ Cs: 5, refit: false }).fit(d.X, d.y);
      // Two folds pick C = 100 (not converged in 100 iterations), averaged in.
      expectCase(clf, d.X, g.haxby_l2_norefit as Case, { rel: 2e-2 });
    });
    it("classWeight: 'balanced' with interceptScaling 2 on an unbalanced subset", () => {
      const idx = Int32Array.from({ length: 150 }, (_, i) => i);
      const X = takeRows(d.X, idx);
      const y = d.y.slice(0, 150);
      const clf = new LogisticRegressionCV({
        Cs: [0.001, 0.01, 0.1, 1],
        classWeight: 'balanced',
        interceptScaling: 2,
      }).fit(X, y);
      // Fold scores, paths, C_ and predictions equal; the refit at C = 1 stops at the tolerance
      // elsewhere along the slow intercept direction (weights 0.3 % apart, intercept 0.08), so
      // its weights are checked against LogisticRegression with the same per-class C instead.
      expectCase(clf, X, g.haxby_l2_balanced as Case, { skipRefitWeights: true });
      const w = {
        '-1': 150 / (2 * y.filter((l) => l === 'cat').length),
        '1': 150 / (2 * y.filter((l) => l === 'face').length),
      };
      const lr = new LogisticRegression({ C: 1, classWeight: w, interceptScaling: 2 }).fit(
        X,
        y.map((l) => (l === 'face' ? 1 : -1)),
      );
      expect(Array.from((clf.coef_ as Matrix2D).data)).toEqual(
        Array.from((lr.coef_ as Matrix2D).data),
      );
      expect(Array.from(clf.intercept_ as Float64Array)).toEqual(
        Array.from(lr.intercept_ as Float64Array),
      );
    });
    it('refit equals a LogisticRegression at C_ (the same public solver)', () => {
      const clf = new LogisticRegressionCV({ Cs: 3, cv: new StratifiedKFold({ nSplits: 3 }) }).fit(
        d.X,
        d.y,
      );
      const lr = new LogisticRegression({ C: clf.C_?.[0] as number }).fit(d.X, d.y);
      expect(Array.from((clf.coef_ as Matrix2D).data)).toEqual(
        Array.from((lr.coef_ as Matrix2D).data),
      );
    });
  },
);

describe('LogisticRegressionCV on worker threads', () => {
  it('crossValScore with nJobs: 2 equals nJobs: 1 (rebuilt from the registry)', async () => {
    const make = () => new LogisticRegressionCV({ Cs: 4, cv: 3 });
    const one = await crossValScore(make(), iris, g.iris.y, { cv: 3 });
    const two = await crossValScore(make(), iris, g.iris.y, { cv: 3, nJobs: 2 });
    expect(Array.from(two)).toEqual(Array.from(one));
    expect(one[0]).toBeGreaterThan(0.7);
  });
});

describe('LogisticRegressionCV bad input', () => {
  const X: Matrix2D = {
    data: Float64Array.from({ length: 40 }, (_, i) => Math.sin(i)),
    rows: 20,
    cols: 2,
  };
  const y: Label[] = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'a' : 'b'));
  const bad: [Partial<LogisticRegressionCVParams>, RegExp][] = [
    [{ Cs: 0 }, /Cs must be a positive integer/],
    [{ Cs: 2.5 }, /Cs must be a positive integer/],
    [{ Cs: [1, -1] }, /positive finite/],
    [{ Cs: [] }, /positive finite/],
    [{ refit: 'yes' as never }, /refit must be/],
    [{ scoring: 'nope' }, /Unknown scoring/],
    [{ penalty: 'elasticnet' as never }, /penalty must be/],
    [{ cv: 1 }, /.+/],
  ];
  for (const [params, message] of bad) {
    it(`rejects ${JSON.stringify(params)} and stays unfitted`, () => {
      const clf = new LogisticRegressionCV(params);
      expect(() => clf.fit(X, y)).toThrow(message);
      expect(clf.coef_).toBeUndefined();
      expect(() => clf.predict(X)).toThrow(/not fitted/i);
    });
  }
  it('rejects one class, and classWeight with three classes', () => {
    expect(() =>
      new LogisticRegressionCV().fit(
        X,
        y.map(() => 'a'),
      ),
    ).toThrow(ValidationError);
    expect(() => new LogisticRegressionCV({ classWeight: 'balanced' }).fit(iris, g.iris.y)).toThrow(
      /more than two classes/,
    );
  });
  it('a failed refit leaves no earlier fit looking fitted', () => {
    const clf = new LogisticRegressionCV({ Cs: 2, cv: 2 }).fit(X, y);
    expect(clf.coef_).toBeDefined();
    clf.setParams({ Cs: -1 });
    expect(() => clf.fit(X, y)).toThrow(ValidationError);
    expect(clf.coef_).toBeUndefined();
  });
});

checkEstimator(() => new LogisticRegressionCV({ Cs: 3, cv: 3 }));
