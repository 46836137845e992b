import { readFileSync } from 'node:fs';
import { ConvergenceWarning, ValidationError } from '@voxelkit/core';
import { captureWarnings, checkEstimator } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { SVR, type SVRParams } from './svr.js';

// scikit-learn 1.2.1 SVR on the first 120 rows of its diabetes set and on seeded random data:
// test/fixtures/make-svr-golden.py (run with /usr/bin/python3) into svr-golden.json.
interface GoldenCase {
  name: string;
  X: number[][];
  y: number[];
  params: Record<string, unknown>;
  support: number[];
  dualCoef: number[];
  intercept: number;
  nIter: number;
  predict: number[];
  coef?: number[];
}
const golden = JSON.parse(
  readFileSync(new URL('../../test/fixtures/svr-golden.json', import.meta.url), 'utf8'),
) as { sklearn: string; cases: GoldenCase[] };

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    expect(Math.abs((actual[i] as number) - e)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
  });
}

checkEstimator(() => new SVR(), { kind: 'regressor' });
checkEstimator(() => new SVR({ kernel: 'linear' }), { kind: 'regressor', name: 'SVR linear' });

describe('SVR equals scikit-learn 1.2 (libsvm epsilon-SVR)', () => {
  it('golden file is from scikit-learn 1.2', () => {
    expect(golden.sklearn.startsWith('1.2')).toBe(true);
  });
  for (const g of golden.cases) {
    it(g.name, () => {
      const reg = new SVR(g.params as Partial<SVRParams>).fit(g.X, g.y);
      // the same iterates: support set and iteration count exactly
      expect(Array.from(reg.support_!)).toEqual(g.support);
      expect(reg.nIter_).toBe(g.nIter);
      expectClose(reg.dualCoef_!.data, g.dualCoef, 1e-9);
      expect(Math.abs(reg.intercept_![0]! - g.intercept)).toBeLessThan(
        1e-9 * Math.max(1, Math.abs(g.intercept)),
      );
      expectClose(reg.predict(g.X.slice(0, 8)), g.predict, 1e-9);
      if (g.coef) expectClose(reg.coef_!.data, g.coef, 1e-9);
      else expect(reg.coef_).toBeUndefined();
    });
  }

  it("a precomputed linear kernel gives the linear kernel's model", () => {
    const g = golden.cases.find((c) => c.name.startsWith('random linear'))!;
    const K = g.X.map((a) => g.X.map((b) => a.reduce((s, v, f) => s + v * b[f]!, 0)));
    const pre = new SVR({ kernel: 'precomputed', epsilon: 0.2 }).fit(K, g.y);
    expect(Array.from(pre.support_!)).toEqual(g.support);
    expectClose(pre.predict(K.slice(0, 8)), g.predict, 1e-7);
  });

  it("the row cache gives the full matrix's results", () => {
    const g = golden.cases[0]!;
    const full = new SVR().fit(g.X, g.y);
    const cached = new SVR({ cacheSize: 0.05 }).fit(g.X, g.y);
    expect(Array.from(cached.support_!)).toEqual(Array.from(full.support_!));
    expect(cached.nIter_).toBe(full.nIter_);
    expectClose(cached.dualCoef_!.data, Array.from(full.dualCoef_!.data), 1e-12);
  });
});

describe('SVR bad input', () => {
  const warnings = captureWarnings();
  const g = golden.cases[6]!;

  it('rejects invalid parameters and data with ValidationError', () => {
    expect(() => new SVR({ C: 0 }).fit(g.X, g.y)).toThrow(ValidationError);
    expect(() => new SVR({ epsilon: -0.1 }).fit(g.X, g.y)).toThrow(ValidationError);
    expect(() => new SVR({ kernel: 'cubic' as never }).fit(g.X, g.y)).toThrow(ValidationError);
    expect(() => new SVR().fit(g.X, g.y.slice(1))).toThrow(/one target per sample/);
    expect(() =>
      new SVR().fit(
        g.X,
        g.y.map((v, i) => (i === 3 ? Number.NaN : v)),
      ),
    ).toThrow(ValidationError);
    expect(() => new SVR({ kernel: 'precomputed' }).fit(g.X, g.y)).toThrow(/square/);
    const fitted = new SVR().fit(g.X, g.y);
    expect(() => fitted.predict([[1, 2]])).toThrow(ValidationError);
  });

  it('warns when maxIter stops the solver', () => {
    const reg = new SVR({ maxIter: 3 }).fit(g.X, g.y);
    expect(reg.fitStatus_).toBe(1);
    expect(reg.nIter_).toBe(3);
    expect(warnings.some((w) => w instanceof ConvergenceWarning)).toBe(true);
  });
});
