/**
 * Goldens: scikit-learn 1.2.1 (lasso.golden.py, /usr/bin/python3) on sklearn's diabetes (first 200
 * rows, stored in ridge.golden.json) and the real Haxby slice set (target: the face indicator).
 * Coordinate descent is iterative: the same passes (`nIter_`), weights within 1e-6 relative
 * (every case here converges except `lassoFewIter`, which stops at maxIter = 5 as scikit-learn
 * does and warns the same way).
 */
import { readFileSync } from 'node:fs';
import { ConvergenceWarning, type Matrix2D, ValidationError } from '@voxelkit/core';
import { captureWarnings, checkEstimator } from '@voxelkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { type HaxbySet, haxbyAvailable, haxbyEight, haxbyFaceCat } from '../../test/haxby-slice.js';
import { kFoldSplits } from './k-fold.js';
import { Lasso } from './lasso.js';
import { LassoCV } from './lasso-cv.js';

// biome-ignore lint/suspicious/noExplicitAny: golden JSON
const G: any = JSON.parse(readFileSync(new URL('./lasso.golden.json', import.meta.url), 'utf8'));
// biome-ignore lint/suspicious/noExplicitAny: golden JSON
const R: any = JSON.parse(readFileSync(new URL('./ridge.golden.json', import.meta.url), 'utf8'));
const Xd: number[][] = R.diabetes.X;
const yd: number[] = R.diabetes.y;

function close(actual: ArrayLike<number> | number, expected: number[] | number, rtol = 1e-6): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : expected;
  expect(a.length).toBe(e.length);
  const scale = Math.max(...e.map(Math.abs), 1e-300);
  e.forEach((v, i) => {
    const d = Math.abs((a[i] as number) - v);
    if (!(d <= rtol * Math.max(Math.abs(v), scale * 1e-3))) {
      throw new Error(`index ${i}: ${a[i]} vs ${v} (|d| = ${d})`);
    }
  });
}

checkEstimator(() => new Lasso({ alpha: 0.1 }), { kind: 'regressor' });
checkEstimator(() => new LassoCV({ nAlphas: 10 }), { kind: 'regressor' });

describe('Lasso equals scikit-learn (diabetes)', () => {
  const warnings = captureWarnings();
  const cases: [string, ConstructorParameters<typeof Lasso>[0]][] = [
    ['lassoDiabetes', { alpha: 0.1 }],
    ['lassoDiabetesStrong', { alpha: 2 }],
    ['lassoPositive', { alpha: 0.05, positive: true }],
    ['lassoNoIntercept', { alpha: 0.5, fitIntercept: false }],
    ['lassoRandom', { alpha: 0.1, selection: 'random', randomState: 3 }],
    ['lassoFewIter', { alpha: 0.001, maxIter: 5 }],
  ];
  for (const [name, params] of cases) {
    it(name, () => {
      const g = G[name];
      const m = new Lasso(params).fit(Xd, yd);
      expect(warnings.some((w) => w instanceof ConvergenceWarning)).toBe(g.warned);
      expect(m.nIter_).toBe(g.nIter);
      close(m.coef_ as Float64Array, g.coef);
      close(m.intercept_ as number, g.intercept);
      close(m.dualGap_ as number, g.dualGap, 1e-5);
      close(m.predict(Xd.slice(0, 3)), g.predict);
    });
  }
  it('warmStart starts from the previous coef_', () => {
    const m = new Lasso({ alpha: 0.1, warmStart: true }).fit(Xd, yd);
    const first = m.nIter_ as number;
    m.fit(Xd, yd);
    expect(m.nIter_).toBeLessThan(first);
    close(m.coef_ as Float64Array, G.lassoDiabetes.coef, 1e-3);
  });
});

describe('LassoCV equals scikit-learn', () => {
  captureWarnings();
  it('default grid (100 alphas, 5 folds, Gram on the folds)', () => {
    const g = G.lassoCvDiabetes;
    const m = new LassoCV().fit(Xd, yd);
    close(m.alphas_ as Float64Array, g.alphas, 1e-12);
    expect(m.alpha_).toBeCloseTo(g.alpha, 14);
    expect([m.msePath_?.rows, m.msePath_?.cols]).toEqual(g.msePathShape);
    close((m.msePath_ as Matrix2D).data, g.msePath.flat());
    close(m.coef_ as Float64Array, g.coef);
    close(m.intercept_ as number, g.intercept);
    expect(m.nIter_).toBe(g.nIter);
  });
  it('explicit alphas (sorted descending) and cv 3', () => {
    const g = G.lassoCvDiabetesGrid;
    const m = new LassoCV({ alphas: [0.01, 1, 0.1, 3], cv: 3 }).fit(Xd, yd);
    expect(Array.from(m.alphas_ as Float64Array)).toEqual(g.alphas);
    expect(m.alpha_).toBe(g.alpha);
    close((m.msePath_ as Matrix2D).data, g.msePath.flat());
    close(m.coef_ as Float64Array, g.coef);
  });
  it('precompute false, 20 alphas', () => {
    const g = G.lassoCvDiabetesNoGram;
    const m = new LassoCV({ nAlphas: 20, precompute: false }).fit(Xd, yd);
    expect(m.alpha_).toBeCloseTo(g.alpha, 14);
    close((m.msePath_ as Matrix2D).data, g.msePath.flat());
    close(m.coef_ as Float64Array, g.coef);
  });
  it('a splitter object with split() gives the same folds as cv: 5', () => {
    const splitter = { split: (X: Matrix2D) => kFoldSplits(X.rows, 5) };
    const a = new LassoCV({ nAlphas: 10, cv: splitter }).fit(Xd, yd);
    const b = new LassoCV({ nAlphas: 10 }).fit(Xd, yd);
    expect(Array.from((a.msePath_ as Matrix2D).data)).toEqual(
      Array.from((b.msePath_ as Matrix2D).data),
    );
  });
  it('KFold folds are contiguous and partition the samples', () => {
    const folds = kFoldSplits(11, 3);
    expect(folds.map(([, te]) => Array.from(te))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10],
    ]);
    for (const [tr, te] of folds) expect(tr.length + te.length).toBe(11);
  });
});

describe.skipIf(!haxbyAvailable)(
  'LassoCV on the Haxby slice set (real data, face indicator)',
  () => {
    captureWarnings();
    let faceCat: HaxbySet;
    let eight: HaxbySet;
    beforeAll(async () => {
      faceCat = await haxbyFaceCat();
      eight = await haxbyEight();
    });
    const check = (set: HaxbySet, g: typeof G.haxbyFaceCat, nAlphas: number) => {
      const y = set.y.map((l) => (l === 'face' ? 1 : 0));
      const m = new LassoCV({ nAlphas }).fit(set.X, y);
      close(m.alphas_ as Float64Array, g.alphas, 1e-12);
      const mse = m.msePath_ as Matrix2D;
      close(
        Array.from(
          { length: mse.rows },
          (_, a) =>
            (mse.data.subarray(a * mse.cols, (a + 1) * mse.cols) as Float64Array).reduce(
              (s, v) => s + v,
              0,
            ) / mse.cols,
        ),
        g.mseMean,
      );
      close(mse.data.subarray(0, mse.cols), g.mseRow0);
      expect(m.alpha_).toBeCloseTo(g.alpha, 14);
      expect(m.nIter_).toBe(g.nIter);
      const coef = m.coef_ as Float64Array;
      expect(coef.reduce((s, v) => s + (v !== 0 ? 1 : 0), 0)).toBe(g.coefNonzero);
      close(
        coef.reduce((s, v) => s + Math.abs(v), 0),
        g.coefL1,
      );
      close(m.intercept_ as number, g.intercept);
    };
    it(
      'face vs cat, 216 × 530 (no Gram), 10 alphas',
      () => check(faceCat, G.haxbyFaceCat, 10),
      600_000,
    );
    it(
      '8 categories, 864 × 530 (Gram on the folds), 10 alphas',
      () => check(eight, G.haxbyEight, 10),
      600_000,
    );
  },
);

describe('lasso bad input', () => {
  it('raises ValidationError', () => {
    expect(() => new Lasso({ alpha: -0.1 }).fit(Xd, yd)).toThrow(ValidationError);
    expect(() => new Lasso().fit([[Number.NaN], [1]], [1, 2])).toThrow(ValidationError);
    expect(() => new Lasso().fit([[1], [2]], [1, Number.NaN])).toThrow(ValidationError);
    expect(() => new Lasso({ selection: 'greedy' as never }).fit(Xd, yd)).toThrow(ValidationError);
    expect(() => new Lasso({ maxIter: 0 }).fit(Xd, yd)).toThrow(ValidationError);
    expect(() => new LassoCV({ alphas: [-1] }).fit(Xd, yd)).toThrow(ValidationError);
    expect(() => new LassoCV({ cv: 1 }).fit(Xd, yd)).toThrow(ValidationError);
    expect(() => new LassoCV({ cv: 500 }).fit(Xd, yd)).toThrow(ValidationError);
    expect(() => new LassoCV({ cv: {} as never }).fit(Xd, yd)).toThrow(ValidationError);
  });
});
