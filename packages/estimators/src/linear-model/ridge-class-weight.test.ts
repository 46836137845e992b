/**
 * Goldens: scikit-learn 1.2.1 (ridge-class-weight.golden.py, run with /usr/bin/python3) —
 * `class_weight` on RidgeClassifier / RidgeClassifierCV, and RidgeClassifierCV with an explicit
 * `cv` (scikit-learn's inner GridSearchCV) — on an unbalanced, shuffled part of iris (rows in the
 * JSON, iris itself from ridge.golden.json) and on the real Haxby slice set
 * (../shared/data/haxby-slice). Deterministic: asserted to 1e-10 (relative).
 */
import { readFileSync } from 'node:fs';
import { type Matrix2D, takeRows, ValidationError } from '@voxelkit/core';
import { checkEstimator } from '@voxelkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { type HaxbySet, haxbyAvailable, haxbyEight, haxbyFaceCat } from '../../test/haxby-slice.js';
import { stratifiedKFoldSplits } from './k-fold.js';
import { RidgeClassifier } from './ridge.js';
import { RidgeClassifierCV } from './ridge-cv.js';

// biome-ignore lint/suspicious/noExplicitAny: golden JSON
const read = (f: string): any => JSON.parse(readFileSync(new URL(f, import.meta.url), 'utf8'));
const G = read('./ridge-class-weight.golden.json');
const iris = read('./ridge.golden.json').iris as { X: number[][]; y: string[] };
const rows: number[] = G.IRIS_ROWS;
const X = rows.map((r) => iris.X[r] as number[]);
const y = rows.map((r) => iris.y[r] as string);

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

type Fitted = RidgeClassifier | RidgeClassifierCV;
// biome-ignore lint/suspicious/noExplicitAny: golden JSON
function checkClf(c: Fitted, Xs: number[][], g: any, rtol = 1e-10): void {
  const coef = c.coef_ as Matrix2D;
  close(coef.data, (g.coef as number[][]).flat(), rtol);
  // Without an intercept scikit-learn stores the scalar 0.0; ours is one 0 per class.
  const intercept = g.intercept.length === coef.rows ? g.intercept : Array(coef.rows).fill(0);
  close(c.intercept_ as Float64Array, intercept);
  const dec = c.decisionFunction(Xs.slice(0, 3));
  close(
    dec instanceof Float64Array ? dec : dec.data,
    (g.decision0 as number[] | number[][]).flat(),
  );
}

checkEstimator(() => new RidgeClassifier({ classWeight: 'balanced' }));
checkEstimator(() => new RidgeClassifierCV({ classWeight: 'balanced' }));
checkEstimator(() => new RidgeClassifierCV({ cv: 3, alphas: [0.1, 1] }));

describe('StratifiedKFold folds of an integer cv equal scikit-learn', () => {
  it('5 and 3 folds on unbalanced, shuffled labels', () => {
    for (const [k, want] of [
      [5, G.folds5],
      [3, G.folds3],
    ] as const) {
      const folds = stratifiedKFoldSplits(y, k);
      expect(folds.map(([, te]) => Array.from(te))).toEqual(want);
      for (const [tr, te] of folds) expect(tr.length + te.length).toBe(y.length);
    }
  });
  it('refuses folds no class can fill', () => {
    expect(() => stratifiedKFoldSplits(['a', 'a', 'b'], 3)).toThrow(/no class has 3 members/);
    expect(() => stratifiedKFoldSplits(['a', 'b'], 1)).toThrow(ValidationError);
  });
});

describe('RidgeClassifier classWeight equals scikit-learn (sample weights per class)', () => {
  it("'balanced', three classes", () =>
    checkClf(new RidgeClassifier({ classWeight: 'balanced' }).fit(X, y), X, G.rcBalanced));
  it('a map (a missing class weighs 1)', () =>
    checkClf(
      new RidgeClassifier({ alpha: 0.3, classWeight: { setosa: 0.5, virginica: 3 } }).fit(X, y),
      X,
      G.rcDict,
    ));
  it("'balanced', two classes", () => {
    const two = y.flatMap((l, i) => (l !== 'virginica' ? [i] : []));
    const X2 = two.map((i) => X[i] as number[]);
    const c = new RidgeClassifier({ alpha: 2, classWeight: 'balanced' }).fit(
      X2,
      two.map((i) => y[i] as string),
    );
    checkClf(c, X2, G.rcBinaryBalanced);
  });
  it("'balanced' without intercept", () =>
    checkClf(
      new RidgeClassifier({ fitIntercept: false, classWeight: 'balanced' }).fit(X, y),
      X,
      G.rcBalancedNoIntercept,
    ));
  it('weights equal to 1 change nothing; scaling every weight changes nothing either', () => {
    const plain = new RidgeClassifier().fit(X, y).coef_ as Matrix2D;
    const ones = new RidgeClassifier({
      classWeight: { setosa: 1, versicolor: 1, virginica: 1 },
    }).fit(X, y).coef_ as Matrix2D;
    close(ones.data, Array.from(plain.data));
    // alpha scales with the weights: (2w, 2α) is the same problem as (w, α).
    const a = new RidgeClassifier({ alpha: 1, classWeight: { setosa: 1, virginica: 3 } }).fit(X, y);
    const b = new RidgeClassifier({
      alpha: 2,
      classWeight: { setosa: 2, versicolor: 2, virginica: 6 },
    }).fit(X, y);
    close((b.coef_ as Matrix2D).data, Array.from((a.coef_ as Matrix2D).data));
  });
});

describe('RidgeClassifierCV classWeight (leave-one-out) equals scikit-learn', () => {
  const alphas = [0.01, 0.1, 1, 10, 100];
  it("'balanced': alpha_, bestScore_, cvValues_ (svd mode)", () => {
    const c = new RidgeClassifierCV({ alphas, classWeight: 'balanced', storeCvValues: true }).fit(
      X,
      y,
    );
    expect(c.alpha_).toBe(G.rccvBalanced.alpha);
    close(c.bestScore_ as number, G.rccvBalanced.bestScore);
    checkClf(c, X, G.rccvBalanced);
    const cv = c.cvValues_ as Float64Array;
    const sums = alphas.map((_, a) => {
      let s = 0;
      for (let i = a; i < cv.length; i += alphas.length) s += cv[i] as number;
      return s;
    });
    close(sums, G.rccvBalanced.cvValuesSum);
    close(cv.subarray(0, 3 * alphas.length), G.rccvBalanced.cvValues0);
  });
  it("a map with scoring: 'accuracy'", () => {
    const c = new RidgeClassifierCV({
      alphas,
      classWeight: { setosa: 0.5, virginica: 3 },
      scoring: 'accuracy',
    }).fit(X, y);
    expect(c.alpha_).toBe(G.rccvDictAccuracy.alpha);
    close(c.bestScore_ as number, G.rccvDictAccuracy.bestScore);
    // alpha_ = 0.01: scikit-learn's own RidgeClassifierCV and RidgeClassifier(alpha=0.01) agree
    // only to 1.6e-12 (absolute) on these weights; we are 2.5e-13 from the former.
    checkClf(c, X, G.rccvDictAccuracy, 1e-9);
  });
});

describe('RidgeClassifierCV with cv equals scikit-learn (GridSearchCV over alphas)', () => {
  const alphas = [0.01, 0.1, 1, 10, 100];
  it('cv: 5 (StratifiedKFold, accuracy, refit at alpha_)', () => {
    const c = new RidgeClassifierCV({ alphas, cv: 5 }).fit(X, y);
    expect(c.alpha_).toBe(G.rccvCv5.alpha);
    close(c.bestScore_ as number, G.rccvCv5.bestScore);
    checkClf(c, X, G.rccvCv5);
    expect(c.cvValues_).toBeUndefined();
  });
  it("cv: 3 with classWeight: 'balanced' (weights from all of y, sliced per fold)", () => {
    const c = new RidgeClassifierCV({ alphas, cv: 3, classWeight: 'balanced' }).fit(X, y);
    expect(c.alpha_).toBe(G.rccvCv3Balanced.alpha);
    close(c.bestScore_ as number, G.rccvCv3Balanced.bestScore);
    checkClf(c, X, G.rccvCv3Balanced);
  });
  it('a splitter yielding { train, test } (the model-selection shape) or [train, test] pairs', () => {
    const folds = stratifiedKFoldSplits(y, 5);
    const objects = {
      *split() {
        for (const [train, test] of folds) yield { train, test };
      },
    };
    const pairs = { split: () => folds };
    for (const cv of [objects, pairs]) {
      const c = new RidgeClassifierCV({ alphas, cv }).fit(X, y);
      expect(c.alpha_).toBe(G.rccvCv5.alpha);
      close(c.bestScore_ as number, G.rccvCv5.bestScore);
    }
  });
  it('a scoring function gets the fold labels', () => {
    const seen: number[] = [];
    const c = new RidgeClassifierCV({
      alphas: [1],
      cv: 5,
      scoring: (t, p) => {
        seen.push(t.length);
        expect(p.length).toBe(t.length);
        return t.filter((l, i) => l === p[i]).length / t.length;
      },
    }).fit(X, y);
    expect(seen).toEqual([17, 17, 17, 17, 17]);
    expect(c.bestScore_).toBeGreaterThan(0.5);
  });
});

describe.skipIf(!haxbyAvailable)(
  'ridge classWeight and cv on the Haxby slice set (real data)',
  () => {
    const alphas = [0.01, 0.1, 1, 10, 100, 1000, 1e4, 1e5];
    let faceCat: HaxbySet;
    let eight: HaxbySet;
    beforeAll(async () => {
      faceCat = await haxbyFaceCat();
      eight = await haxbyEight();
    });
    // biome-ignore lint/suspicious/noExplicitAny: golden JSON
    const checkHead = (c: Fitted, Xs: Matrix2D, g: any) => {
      const coef = c.coef_ as Matrix2D;
      const head: number[] = [];
      const sums: number[] = [];
      for (let r = 0; r < coef.rows; r++) {
        head.push(...coef.data.subarray(r * coef.cols, r * coef.cols + 5));
        sums.push(
          coef.data.subarray(r * coef.cols, (r + 1) * coef.cols).reduce((s, v) => s + v, 0),
        );
      }
      close(head, g.coefHead.flat());
      close(sums, g.coefSum);
      close(c.intercept_ as Float64Array, g.intercept);
      if (g.decisionHead) {
        const dec = c.decisionFunction(takeRows(Xs, [0, 1, 2]));
        close(dec instanceof Float64Array ? dec : dec.data, g.decisionHead.flat());
      }
    };
    it("unbalanced face/cat (162 × 530, eigen mode), 'balanced'", () => {
      const idx = faceCat.y.flatMap((l, i) =>
        l === 'face' || (faceCat.groups[i] as number) < 6 ? [i] : [],
      );
      const Xu = takeRows(faceCat.X, idx);
      const yu = idx.map((i) => faceCat.y[i] as string);
      const c = new RidgeClassifierCV({ alphas, classWeight: 'balanced' }).fit(Xu, yu);
      expect(c.alpha_).toBe(G.haxbyUnbalancedBalanced.alpha);
      close(c.bestScore_ as number, G.haxbyUnbalancedBalanced.bestScore);
      checkHead(c, Xu, G.haxbyUnbalancedBalanced);
      checkHead(
        new RidgeClassifier({ alpha: 10, classWeight: 'balanced' }).fit(Xu, yu),
        Xu,
        G.haxbyUnbalancedRc,
      );
    });
    it('face/cat with cv = leave-one-run-out splits', () => {
      const { X: Xf, y: yf, groups } = faceCat;
      const cv = {
        *split() {
          for (let run = 0; run < 12; run++) {
            const train = Int32Array.from(groups.flatMap((g, i) => (g !== run ? [i] : [])));
            const test = Int32Array.from(groups.flatMap((g, i) => (g === run ? [i] : [])));
            yield { train, test };
          }
        },
      };
      const c = new RidgeClassifierCV({ alphas, cv }).fit(Xf, yf);
      expect(c.alpha_).toBe(G.haxbyFaceCatLogoCv.alpha);
      close(c.bestScore_ as number, G.haxbyFaceCatLogoCv.bestScore);
      checkHead(c, Xf, G.haxbyFaceCatLogoCv);
    });
    it('8 categories (864 × 530, svd mode), a class-weight map', () => {
      const c = new RidgeClassifierCV({ alphas, classWeight: { face: 2, house: 0.5 } }).fit(
        eight.X,
        eight.y,
      );
      expect(c.alpha_).toBe(G.haxbyEightDict.alpha);
      close(c.bestScore_ as number, G.haxbyEightDict.bestScore);
      checkHead(c, eight.X, G.haxbyEightDict);
    });
  },
);

describe('ridge classWeight / cv bad input', () => {
  it('raises ValidationError', () => {
    expect(() => new RidgeClassifier({ classWeight: { setosa: -1 } }).fit(X, y)).toThrow(
      /non-negative/,
    );
    expect(() => new RidgeClassifier({ classWeight: 'even' as never }).fit(X, y)).toThrow(
      ValidationError,
    );
    expect(() =>
      new RidgeClassifier({ classWeight: { setosa: 0, versicolor: 0, virginica: 0 } }).fit(X, y),
    ).toThrow(/sum to zero/);
    expect(() => new RidgeClassifierCV({ classWeight: { dog: 2 } }).fit(X, y)).toThrow(
      /not in the training labels/,
    );
    expect(() => new RidgeClassifierCV({ cv: 5, storeCvValues: true }).fit(X, y)).toThrow(
      /incompatible/,
    );
    expect(() => new RidgeClassifierCV({ cv: 1 }).fit(X, y)).toThrow(ValidationError);
    expect(() => new RidgeClassifierCV({ cv: 'five' as never }).fit(X, y)).toThrow(
      /split\(X, y\) method/,
    );
    const bad = { split: () => [[[0, 1], [500]]] as never };
    expect(() => new RidgeClassifierCV({ cv: bad }).fit(X, y)).toThrow(/outside the 85 samples/);
    expect(() => new RidgeClassifierCV({ cv: { split: () => [] } }).fit(X, y)).toThrow(/no split/);
    expect(() => new RidgeClassifierCV({ cv: { split: () => [7] as never } }).fit(X, y)).toThrow(
      /index pairs/,
    );
    expect(() => new RidgeClassifierCV({ cv: 5, scoring: 'r2' as never }).fit(X, y)).toThrow(
      ValidationError,
    );
    // A failed fit leaves nothing that looks fitted.
    const c = new RidgeClassifierCV({ cv: 1 });
    expect(() => c.fit(X, y)).toThrow(ValidationError);
    expect(c.coef_).toBeUndefined();
  });
});
