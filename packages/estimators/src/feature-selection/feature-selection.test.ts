/**
 * Goldens: scikit-learn 1.2.1 / scipy (feature-selection.golden.py, /usr/bin/python3) on iris,
 * a seeded regression problem, a tie-and-NaN score table and the real Haxby slice set. Scores
 * are deterministic: asserted to 1e-10 relative; p-values (our incomplete beta vs scipy's
 * cephes) to 1e-12 relative on the scipy grid and 1e-10 elsewhere.
 */
import { readFileSync } from 'node:fs';
import { ValidationError } from '@voxelkit/core';
import { checkEstimator, makeCheckData } from '@voxelkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { type HaxbySet, haxbyAvailable, haxbyEight, haxbyFaceCat } from '../../test/haxby-slice.js';
import { fSurvival } from './f-distribution.js';
import { SelectKBest, SelectPercentile } from './select.js';
import { fClassif, fRegression } from './univariate.js';

// biome-ignore lint/suspicious/noExplicitAny: golden JSON
const G: any = JSON.parse(
  readFileSync(new URL('./feature-selection.golden.json', import.meta.url), 'utf8'),
);
// biome-ignore lint/suspicious/noExplicitAny: golden JSON
const R: any = JSON.parse(
  readFileSync(new URL('../linear-model/ridge.golden.json', import.meta.url), 'utf8'),
);

function close(actual: ArrayLike<number>, expected: number[], rtol = 1e-10): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => {
    const a = actual[i] as number;
    const d = Math.abs(a - v);
    if (!(d <= rtol * Math.abs(v) || (v === 0 && d < 1e-300)))
      throw new Error(`index ${i}: ${a} vs ${v}`);
  });
}

const data = makeCheckData('classifier');
checkEstimator(() => new SelectPercentile({ percentile: 50 }), { kind: 'transformer', data });
checkEstimator(() => new SelectKBest({ k: 3 }), { kind: 'transformer', data });

describe('F distribution survival function equals scipy.special.fdtrc', () => {
  // Measured: ≤ 2e-13 relative for dfd ≤ 856 and p < 0.99 (the slice set's cases); ≤ 7e-13 for
  // dfd = 1450; 3e-11 where p ≈ 1 − 1e-3 (F = 1e-6), where `1 − I` cancels.
  it('on a grid of F and degrees of freedom, to 1e-12 relative (5e-11 for p ≈ 1)', () => {
    for (const [f, dfn, dfd, p] of G.fdtrc as number[][]) {
      const ours = fSurvival(f as number, dfn as number, dfd as number);
      const rtol = (p as number) < 0.99 ? 1e-12 : 5e-11;
      expect(Math.abs(ours - (p as number))).toBeLessThanOrEqual(rtol * (p as number));
    }
  });
  it('edge values', () => {
    expect(fSurvival(0, 1, 10)).toBe(1);
    expect(fSurvival(Number.POSITIVE_INFINITY, 1, 10)).toBe(0);
    expect(fSurvival(Number.NaN, 1, 10)).toBeNaN();
  });
});

describe('fClassif / fRegression equal scikit-learn', () => {
  it('fClassif on iris', () => {
    const y = (R.iris.y as string[]).slice();
    const { F, pvalues } = fClassif(R.iris.X, y);
    close(F, G.iris.F);
    close(pvalues, G.iris.p);
  });
  it('fRegression (constant feature → F 0, p 1; perfect correlation → MAX_VALUE)', () => {
    const { F, pvalues } = fRegression(G.regression.X, G.regression.y);
    close(F.subarray(0, 4), G.fRegression.F.slice(0, 4));
    close(pvalues.subarray(0, 4), G.fRegression.p.slice(0, 4));
    expect(F[4]).toBe(Number.MAX_VALUE);
    expect(pvalues[4]).toBe(0);
    expect(F[5]).toBe(0);
    expect(pvalues[5]).toBe(1);
    const nc = fRegression(G.regression.X, G.regression.y, { center: false });
    close(nc.F.subarray(0, 4), G.fRegressionNoCenter.F.slice(0, 4));
    close(nc.pvalues.subarray(0, 4), G.fRegressionNoCenter.p.slice(0, 4));
    const raw = fRegression(G.regression.X, G.regression.y, { forceFinite: false });
    expect(Number.isNaN(raw.F[5])).toBe(true);
  });
});

describe("scikit-learn's tie and NaN rules", () => {
  const scores = (G.ties.scores as (number | null)[]).map((v) => (v === null ? Number.NaN : v));
  const X = Array.from({ length: 4 }, () => new Array(10).fill(0));
  const y = [0, 1, 0, 1];
  for (const [q, expected] of Object.entries(G.ties.percentile as Record<string, number[]>)) {
    it(`SelectPercentile percentile ${q}`, () => {
      const s = new SelectPercentile({ scoreFunc: () => scores, percentile: Number(q) }).fit(X, y);
      expect(s.getSupport(true)).toEqual(expected);
      expect(s.getSupport().filter(Boolean).length).toBe(expected.length);
    });
  }
  for (const [k, expected] of Object.entries(G.ties.k as Record<string, number[]>)) {
    it(`SelectKBest k ${k}`, () => {
      const s = new SelectKBest({ scoreFunc: () => ({ scores }), k: Number(k) }).fit(X, y);
      expect(s.getSupport(true)).toEqual(expected);
      expect(s.pvalues_).toBeUndefined();
    });
  }
  it("k: 'all', transform and inverseTransform", () => {
    const Xr = G.regression.X as number[][];
    const s = new SelectKBest({ scoreFunc: (A, t) => fRegression(A, t as number[]), k: 2 }).fit(
      Xr,
      G.regression.y,
    );
    const keep = s.getSupport(true);
    const Z = s.transform(Xr);
    expect(Z.cols).toBe(2);
    const back = s.inverseTransform(Z);
    for (let r = 0; r < Xr.length; r++)
      for (let j = 0; j < 6; j++)
        expect(back.data[r * 6 + j]).toBe(keep.includes(j) ? (Xr[r] as number[])[j] : 0);
    expect(new SelectKBest({ k: 'all' }).fit(R.iris.X, R.iris.y).getSupport(true)).toEqual([
      0, 1, 2, 3,
    ]);
  });
});

describe.skipIf(!haxbyAvailable)('ANOVA selection on the Haxby slice set (real data)', () => {
  let faceCat: HaxbySet;
  let eight: HaxbySet;
  beforeAll(async () => {
    faceCat = await haxbyFaceCat();
    eight = await haxbyEight();
  });
  const check = (set: HaxbySet, g: typeof G.haxbyFaceCat) => {
    const { F, pvalues } = fClassif(set.X, set.y);
    close(F.subarray(0, 10), g.Fhead);
    close(pvalues.subarray(0, 10), g.phead);
    close([F.reduce((s, v) => s + v, 0)], [g.Fsum]);
    close(
      Array.from(g.topIdx as number[], (i) => F[i] as number),
      g.FOfTop,
    );
    close(
      Array.from(g.topIdx as number[], (i) => pvalues[i] as number),
      g.pOfTop,
    );
    for (const q of [5, 10, 20]) {
      const s = new SelectPercentile({ scoreFunc: fClassif, percentile: q }).fit(set.X, set.y);
      expect(s.getSupport(true)).toEqual(g[`percentile${q}`]);
      close(s.scores_ as Float64Array, Array.from(F));
    }
    expect(new SelectKBest({ k: 50 }).fit(set.X, set.y).getSupport(true)).toEqual(g.k50);
  };
  it('face vs cat, 216 × 530', () => check(faceCat, G.haxbyFaceCat));
  it('8 categories, 864 × 530', () => check(eight, G.haxbyEight));
  it('fRegression on the 864 rows', () => {
    const y = eight.y.map((l, i) => (l === 'face' ? 1 : 0) + ((0.1 * i) % 3));
    const { F, pvalues } = fRegression(eight.X, y);
    close(F.subarray(0, 10), G.haxbyRegression.Fhead);
    close(pvalues.subarray(0, 10), G.haxbyRegression.phead);
  });
});

describe('feature selection bad input', () => {
  it('raises ValidationError', () => {
    const X = R.iris.X as number[][];
    const y = R.iris.y as string[];
    expect(() => new SelectPercentile({ percentile: 101 }).fit(X, y)).toThrow(ValidationError);
    expect(() => new SelectPercentile({ percentile: -1 }).fit(X, y)).toThrow(ValidationError);
    expect(() => new SelectKBest({ k: 5 }).fit(X, y)).toThrow(/k should be <= n_features = 4/);
    expect(() => new SelectKBest({ k: -1 }).fit(X, y)).toThrow(ValidationError);
    expect(() =>
      fClassif(
        X,
        y.map(() => 'a'),
      ),
    ).toThrow(ValidationError);
    expect(() =>
      fClassif(
        [
          [1, Number.NaN],
          [2, 3],
        ],
        ['a', 'b'],
      ),
    ).toThrow(ValidationError);
    expect(() => fRegression([[1], [2]], [1, Number.POSITIVE_INFINITY])).toThrow(ValidationError);
    expect(() => new SelectKBest({ k: 2 }).fit(X)).toThrow(ValidationError);
  });
});
