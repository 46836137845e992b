/**
 * Goldens: scikit-learn 1.2.1 (ridge.golden.py, run with /usr/bin/python3) on sklearn's diabetes
 * (first 200 rows) and iris, and on the real Haxby slice set (../shared/data/haxby-slice).
 * The ridge family is deterministic: every number is asserted to 1e-10 (relative).
 */
import { readFileSync } from 'node:fs';
import { type Matrix2D, ValidationError } from '@voxelkit/core';
import { checkEstimator } from '@voxelkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type HaxbySet,
  haxbyAvailable,
  haxbyEight,
  haxbyFaceCat,
  haxbyRows,
} from '../../test/haxby-slice.js';
import { kFoldSplits } from './k-fold.js';
import { Ridge, RidgeClassifier } from './ridge.js';
import { RidgeClassifierCV, RidgeCV } from './ridge-cv.js';

// biome-ignore lint/suspicious/noExplicitAny: golden JSON
const G: any = JSON.parse(readFileSync(new URL('./ridge.golden.json', import.meta.url), 'utf8'));
const Xd: number[][] = G.diabetes.X;
const yd: number[] = G.diabetes.y;
const Xi: number[][] = G.iris.X;
const yi: string[] = G.iris.y;

function close(
  actual: ArrayLike<number> | number,
  expected: number[] | number,
  rtol = 1e-10,
): void {
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
const rowsOf = (m: Matrix2D, cols = 5) =>
  Array.from({ length: m.rows }, (_, r) =>
    Array.from(m.data.subarray(r * m.cols, r * m.cols + cols)),
  );

checkEstimator(() => new Ridge(), { kind: 'regressor' });
checkEstimator(() => new RidgeCV(), { kind: 'regressor' });
checkEstimator(() => new RidgeClassifier());
checkEstimator(() => new RidgeClassifierCV());

describe('Ridge equals scikit-learn', () => {
  it('diabetes, alpha 0.5 (primal system)', () => {
    const r = new Ridge({ alpha: 0.5 }).fit(Xd, yd);
    close(r.coef_ as Float64Array, G.ridgeDiabetes.coef);
    close(r.intercept_ as number, G.ridgeDiabetes.intercept);
    close(r.score(Xd, yd), G.ridgeDiabetes.score);
  });
  it('p > n without intercept (dual system)', () => {
    const r = new Ridge({ alpha: 2, fitIntercept: false }).fit(Xd.slice(0, 8), yd.slice(0, 8));
    close(r.coef_ as Float64Array, G.ridgeDualNoIntercept.coef);
    expect(r.intercept_).toBe(0);
  });
  it('two targets', () => {
    const Y = yd.map((v) => [v, Math.sqrt(v)]);
    const r = new Ridge({ alpha: 1 }).fit(Xd, Y);
    const coef = r.coef_ as Matrix2D;
    expect([coef.rows, coef.cols]).toEqual([2, 10]);
    close(coef.data, G.ridgeMulti.coef.flat());
    close(r.intercept_ as Float64Array, G.ridgeMulti.intercept);
    close(r.score(Xd, Y), G.ridgeMulti.score);
    expect(r.predict(Xd.slice(0, 3)).length).toBe(6);
  });
});

describe('RidgeCV (efficient leave-one-out) equals scikit-learn', () => {
  const alphas = [1e-3, 1e-2, 0.1, 1, 10];
  it('svd mode (n > p), cvValues_', () => {
    const r = new RidgeCV({ alphas, storeCvValues: true }).fit(Xd, yd);
    const g = G.ridgeCvDiabetes;
    expect(r.alpha_).toBe(g.alpha);
    close(r.bestScore_ as number, g.bestScore);
    close(r.coef_ as Float64Array, g.coef);
    close(r.intercept_ as number, g.intercept);
    const cv = r.cvValues_ as Float64Array;
    expect(cv.length).toBe(200 * 5);
    close(cv.subarray(0, 5), g.cvValues0);
    close(
      alphas.map((_, a) =>
        Array.from({ length: 200 }, (_, i) => cv[i * 5 + a] as number).reduce((s, v) => s + v, 0),
      ),
      g.cvValuesSum,
    );
  });
  it('eigen mode on the same data gives the same answer', () => {
    const r = new RidgeCV({ alphas, gcvMode: 'eigen' }).fit(Xd, yd);
    expect(r.alpha_).toBe(G.ridgeCvDiabetesEigen.alpha);
    close(r.bestScore_ as number, G.ridgeCvDiabetesEigen.bestScore);
    close(r.coef_ as Float64Array, G.ridgeCvDiabetesEigen.coef);
  });
  it('cv: 5 (contiguous KFold, R² per fold, refit at alpha_)', () => {
    const r = new RidgeCV({ alphas, cv: 5 }).fit(Xd, yd);
    const g = G.ridgeCvFolds;
    expect(r.alpha_).toBe(g.alpha);
    close(r.bestScore_ as number, g.bestScore);
    close(r.coef_ as Float64Array, g.coef);
    close(r.intercept_ as number, g.intercept);
    expect(() => new RidgeCV({ cv: 5, storeCvValues: true }).fit(Xd, yd)).toThrow(ValidationError);
    // The same folds from a splitter yielding { train, test } (@voxelkit/model-selection's shape).
    const folds = kFoldSplits(Xd.length, 5);
    const splitter = {
      *split() {
        for (const [train, test] of folds) yield { train, test };
      },
    };
    const s = new RidgeCV({ alphas, cv: splitter }).fit(Xd, yd);
    expect(s.alpha_).toBe(g.alpha);
    close(s.bestScore_ as number, g.bestScore);
  });
  it("scoring 'r2' and no intercept", () => {
    const r = new RidgeCV({ alphas, scoring: 'r2' }).fit(Xd, yd);
    expect(r.alpha_).toBe(G.ridgeCvDiabetesR2.alpha);
    close(r.bestScore_ as number, G.ridgeCvDiabetesR2.bestScore);
    const n = new RidgeCV({ fitIntercept: false }).fit(Xd.slice(0, 30), yd.slice(0, 30));
    expect(n.alpha_).toBe(G.ridgeCvNoIntercept.alpha);
    close(n.bestScore_ as number, G.ridgeCvNoIntercept.bestScore);
    close(n.coef_ as Float64Array, G.ridgeCvNoIntercept.coef);
  });
});

describe('RidgeClassifier(CV) equals scikit-learn on iris', () => {
  it('RidgeClassifier: ±1 codes, one column per class', () => {
    const c = new RidgeClassifier().fit(Xi, yi);
    expect(c.classes_).toEqual(['setosa', 'versicolor', 'virginica']);
    close((c.coef_ as Matrix2D).data, G.ridgeClassifierIris.coef.flat());
    close(c.intercept_ as Float64Array, G.ridgeClassifierIris.intercept);
    close(
      (c.decisionFunction(Xi.slice(0, 3)) as Matrix2D).data,
      G.ridgeClassifierIris.decision0.flat(),
    );
    close(c.score(Xi, yi), G.ridgeClassifierIris.score);
  });
  it('RidgeClassifierCV: alpha_, bestScore_, cvValues_', () => {
    const alphas = [0.01, 0.1, 1, 10, 100];
    const c = new RidgeClassifierCV({ alphas, storeCvValues: true }).fit(Xi, yi);
    const g = G.ridgeClassifierCvIris;
    expect(c.alpha_).toBe(g.alpha);
    close(c.bestScore_ as number, g.bestScore);
    close((c.coef_ as Matrix2D).data, g.coef.flat());
    close(c.intercept_ as Float64Array, g.intercept);
    const cv = c.cvValues_ as Float64Array;
    close(
      alphas.map((_, a) => {
        let s = 0;
        for (let i = 0; i < 150 * 3; i++) s += cv[i * 5 + a] as number;
        return s;
      }),
      g.cvValuesSum,
    );
    const acc = new RidgeClassifierCV({ alphas, scoring: 'accuracy' }).fit(Xi, yi);
    expect(acc.alpha_).toBe(G.ridgeClassifierCvIrisAccuracy.alpha);
    close(acc.bestScore_ as number, G.ridgeClassifierCvIrisAccuracy.bestScore);
  });
});

describe.skipIf(!haxbyAvailable)('RidgeClassifierCV on the Haxby slice set (real data)', () => {
  const alphas = [0.01, 0.1, 1, 10, 100, 1000, 1e4, 1e5];
  let faceCat: HaxbySet;
  let eight: HaxbySet;
  beforeAll(async () => {
    faceCat = await haxbyFaceCat();
    eight = await haxbyEight();
  });
  const check = (set: () => HaxbySet, g: typeof G.haxbyFaceCat) => {
    const { X, y, groups } = set();
    const c = new RidgeClassifierCV({ alphas }).fit(X, y);
    expect(c.alpha_).toBe(g.alpha);
    close(c.bestScore_ as number, g.bestScore);
    close(rowsOf(c.coef_ as Matrix2D).flat(), g.coefHead.flat());
    const coef = c.coef_ as Matrix2D;
    close(
      rowsOf(coef, coef.cols).map((r) => r.reduce((s, v) => s + v, 0)),
      g.coefSum,
    );
    close(c.intercept_ as Float64Array, g.intercept);
    const dec = c.decisionFunction({ data: X.data.subarray(0, 3 * X.cols), rows: 3, cols: X.cols });
    close(dec instanceof Float64Array ? dec : dec.data, g.decisionHead.flat());
    close(c.score(X, y), g.score);
    const r = new RidgeClassifier({ alpha: 10 }).fit(X, y);
    close(rowsOf(r.coef_ as Matrix2D).flat(), g.ridgeClassifier10.coefHead.flat());
    close(r.intercept_ as Float64Array, g.ridgeClassifier10.intercept);
    const logo: number[] = [];
    for (let run = 0; run < 12; run++) {
      const tr = haxbyRows({ X, y, groups }, (gr) => gr !== run);
      const te = haxbyRows({ X, y, groups }, (gr) => gr === run);
      logo.push(new RidgeClassifierCV({ alphas }).fit(tr.X, tr.y).score(te.X, te.y));
    }
    close(logo, g.logo);
  };
  it('face vs cat, 216 × 530 (eigen mode), leave-one-run-out', () =>
    check(() => faceCat, G.haxbyFaceCat));
  // 13 fits of 864 × 530: beyond the default 120 s on a loaded shared 2-core machine.
  it(
    '8 categories, 864 × 530 (svd mode), leave-one-run-out',
    () => check(() => eight, G.haxbyEight),
    400_000,
  );
});

describe('ridge bad input', () => {
  it('raises ValidationError', () => {
    expect(() => new Ridge({ alpha: -1 }).fit(Xd, yd)).toThrow(ValidationError);
    expect(() =>
      new Ridge().fit(
        [
          [1, Number.NaN],
          [2, 3],
        ],
        [1, 2],
      ),
    ).toThrow(ValidationError);
    expect(() =>
      new Ridge().fit(
        [
          [1, 2],
          [2, 3],
        ],
        [1, Number.POSITIVE_INFINITY],
      ),
    ).toThrow(ValidationError);
    expect(() =>
      new Ridge().fit(
        [
          [1, 2],
          [2, 3],
        ],
        [1],
      ),
    ).toThrow(ValidationError);
    expect(() => new RidgeClassifier().fit([[1], [2]], ['a', 'a'])).toThrow(/at least 2 classes/);
    expect(() => new RidgeClassifierCV().fit([[1], [2]], ['a', 'a'])).toThrow(ValidationError);
    expect(() => new RidgeCV({ alphas: [1, -1] }).fit(Xd, yd)).toThrow(ValidationError);
    expect(() => new RidgeCV({ alphas: [] }).fit(Xd, yd)).toThrow(ValidationError);
    expect(() => new RidgeCV({ gcvMode: 'qr' as never }).fit(Xd, yd)).toThrow(ValidationError);
    expect(() => new RidgeCV({ cv: 'five' as never }).fit(Xd, yd)).toThrow(ValidationError);
    expect(() => new RidgeClassifierCV({ cv: 1 }).fit(Xi, yi)).toThrow(ValidationError);
  });
});
