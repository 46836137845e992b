import { readFileSync } from 'node:fs';
import { ConvergenceWarning, type Label, type Matrix2D, ValidationError } from '@voxelkit/core';
import { captureWarnings, checkEstimator } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { SVC, type SVCParams } from './svc.js';

// Golden values: scikit-learn 1.2 SVC on small fixed problems, produced by
// test/fixtures/make-svc-golden.py (run with /usr/bin/python3) into svc-golden.json.
interface GoldenCase {
  name: string;
  params: Record<string, unknown>;
  X: number[][];
  y: Label[];
  Xtest: number[][];
  classes: Label[];
  support: number[];
  nSupport: number[];
  dualCoef: number[][];
  intercept: number[];
  nIter: number[];
  fitStatus: number;
  warned: boolean;
  decision: number[] | number[][];
  predict: Label[];
  coef?: number[][];
  decisionOvo?: number[][];
  predictBreakTies?: Label[];
}
const golden = JSON.parse(
  readFileSync(new URL('../../test/fixtures/svc-golden.json', import.meta.url), 'utf8'),
) as { cases: GoldenCase[] };

function toParams(p: Record<string, unknown>): Partial<SVCParams> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(p)) {
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    out[camel] = value;
  }
  return out as Partial<SVCParams>;
}

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs((actual[i] as number) - (expected[i] as number)) > tol) {
      throw new Error(`index ${i}: ${actual[i]} vs expected ${expected[i]} (tol ${tol})`);
    }
  }
}

const flat = (rows: number[][]) => rows.flat();
const rowsOf = (m: Matrix2D | Float64Array) =>
  m instanceof Float64Array ? Array.from(m) : Array.from(m.data);

// Every case must match to 1e-6 with identical support sets and iteration counts: the solver
// reproduces LIBSVM's iterates, not just its optimum.

describe('SVC matches scikit-learn 1.2 (libsvm)', () => {
  const warnings = captureWarnings();

  for (const g of golden.cases) {
    it(g.name, () => {
      const clf = new SVC(toParams(g.params)).fit(g.X, g.y);
      expect(clf.classes_).toEqual(g.classes);
      expect(Array.from(clf.support_!)).toEqual(g.support);
      expect(Array.from(clf.nSupport_!)).toEqual(g.nSupport);
      const tol = 1e-6;
      expect(Array.from(clf.nIter_!)).toEqual(g.nIter);
      expect(clf.fitStatus_).toBe(g.fitStatus);
      expect(warnings.some((w) => w instanceof ConvergenceWarning)).toBe(g.warned);
      expectClose(clf.dualCoef_!.data, flat(g.dualCoef), tol);
      expectClose(clf.intercept_!, g.intercept, tol);
      if (g.coef) expectClose(clf.coef_!.data, flat(g.coef), tol);
      else expect(clf.coef_).toBeUndefined();
      const dec = clf.decisionFunction(g.Xtest);
      expectClose(rowsOf(dec), (g.decision as number[][]).flat(), tol);
      expect(clf.predict(g.Xtest)).toEqual(g.predict);
      if (g.decisionOvo) {
        clf.setParams({ decisionFunctionShape: 'ovo' });
        expectClose(rowsOf(clf.decisionFunction(g.Xtest)), flat(g.decisionOvo), tol);
        clf.setParams({ decisionFunctionShape: 'ovr', breakTies: true });
        expect(clf.predict(g.Xtest)).toEqual(g.predictBreakTies);
      }
    });
  }
});

checkEstimator(() => new SVC({ kernel: 'linear' }));
checkEstimator(() => new SVC(), { name: 'SVC rbf' });

describe('SVC behaviour', () => {
  const g = golden.cases[0] as GoldenCase;

  it('gives the same solution from the row cache as from the full kernel matrix', () => {
    for (const kernel of ['linear', 'rbf', 'poly'] as const) {
      const full = new SVC({ kernel }).fit(g.X, g.y);
      const cached = new SVC({ kernel, cacheSize: 0.0005 }).fit(g.X, g.y);
      expect(Array.from(cached.support_!)).toEqual(Array.from(full.support_!));
      expect(Array.from(cached.nIter_!)).toEqual(Array.from(full.nIter_!));
      expectClose(cached.dualCoef_!.data, Array.from(full.dualCoef_!.data), 1e-12);
      expectClose(cached.intercept_!, Array.from(full.intercept_!), 1e-12);
    }
  });

  it('satisfies the KKT conditions: 0 ≤ α ≤ C and Σ dual = 0 per pair (binary)', () => {
    const clf = new SVC({ kernel: 'linear', C: 0.5 }).fit(g.X, g.y);
    const dual = clf.dualCoef_!.data;
    let sum = 0;
    for (const v of dual) {
      expect(Math.abs(v)).toBeLessThanOrEqual(0.5 + 1e-12);
      sum += v;
    }
    expect(Math.abs(sum)).toBeLessThan(1e-10);
  });

  it('has a positive decision value for classes_[1] and predicts it', () => {
    const clf = new SVC({ kernel: 'linear' }).fit(g.X, g.y);
    const dec = clf.decisionFunction(g.X) as Float64Array;
    const pred = clf.predict(g.X);
    for (let i = 0; i < pred.length; i++) {
      expect(pred[i]).toBe(clf.classes_![(dec[i] as number) > 0 ? 1 : 0]);
    }
    expect(clf.score(g.X, g.y)).toBeCloseTo(
      pred.filter((p, i) => p === g.y[i]).length / pred.length,
      15,
    );
  });

  it('rejects bad input and parameters with ValidationError', () => {
    expect(() =>
      new SVC().fit(
        g.X,
        g.X.map(() => 'one'),
      ),
    ).toThrow(/greater than one/);
    expect(() => new SVC({ C: 0 }).fit(g.X, g.y)).toThrow(ValidationError);
    expect(() => new SVC({ C: -1 }).fit(g.X, g.y)).toThrow(ValidationError);
    expect(() => new SVC({ kernel: 'cubic' as never }).fit(g.X, g.y)).toThrow(/Unknown kernel/);
    expect(() => new SVC({ gamma: -1 }).fit(g.X, g.y)).toThrow(ValidationError);
    expect(() => new SVC({ degree: 1.5 }).fit(g.X, g.y)).toThrow(ValidationError);
    expect(() => new SVC({ tol: 0 }).fit(g.X, g.y)).toThrow(ValidationError);
    expect(() => new SVC({ maxIter: -2 }).fit(g.X, g.y)).toThrow(ValidationError);
    expect(() => new SVC({ classWeight: { z: 1 } }).fit(g.X, g.y)).toThrow(/not in the training/);
    expect(() => new SVC({ kernel: 'precomputed' }).fit(g.X, g.y)).toThrow(/square/);
    expect(() => new SVC({ breakTies: true, decisionFunctionShape: 'ovo' }).fit(g.X, g.y)).toThrow(
      ValidationError,
    );
    const clf = new SVC({ kernel: 'precomputed' }).fit(
      g.X.map((a) => g.X.map((b) => a.reduce((s, v, f) => s + v * (b[f] as number), 0))),
      g.y,
    );
    expect(() => clf.predict([[1, 2, 3]])).toThrow(ValidationError);
  });

  it('only ever throws typed errors on fuzzed input', () => {
    const junk: unknown[] = [
      null,
      undefined,
      3,
      'x',
      [[]],
      [[1, 2], [3]],
      [[Number.NaN]],
      {},
      [1, 2],
    ];
    for (const X of junk) {
      expect(() => new SVC().fit(X as never, [0, 1])).toThrow(ValidationError);
    }
  });
});

describe('SVC on degenerate problems terminates and equals scikit-learn', () => {
  // Some degenerate fits warn (as in scikit-learn); collect them off the console.
  captureWarnings();

  // Expected values: scikit-learn 1.2 on the same inputs (/usr/bin/python3).
  const cases: [string, number[][], Label[], Partial<SVCParams>, number[], Label[], number][] = [
    [
      'constant X',
      [
        [1, 1],
        [1, 1],
        [1, 1],
        [1, 1],
      ],
      ['a', 'b', 'a', 'b'],
      { kernel: 'linear' },
      [-1, -1, 1, 1],
      ['b', 'b', 'b', 'b'],
      0,
    ],
    [
      'duplicated rows, rbf gamma 0',
      [
        [0, 1],
        [0, 1],
        [2, 3],
        [2, 3],
      ],
      [0, 1, 0, 1],
      { gamma: 0 },
      [-1, -1, 1, 1],
      [1, 1, 1, 1],
      0,
    ],
    [
      'one sample per class',
      [[0], [1]],
      ['a', 'b'],
      { kernel: 'poly', degree: 2 },
      [-0.125, 0.125],
      ['a', 'b'],
      -1,
    ],
    [
      'maxIter 0',
      [[0], [1], [2], [3]],
      ['a', 'a', 'b', 'b'],
      { maxIter: 0 },
      [],
      ['b', 'b', 'b', 'b'],
      0,
    ],
  ];
  it('a zero class weight raises ValidationError like scikit-learn (non-finite intercept)', () => {
    expect(() =>
      new SVC({ classWeight: { a: 0 } }).fit([[0], [1], [2], [3]], ['a', 'a', 'b', 'b']),
    ).toThrow(/not finite/);
  });
  for (const [name, X, y, params, dual, predicted, intercept] of cases) {
    it(name, () => {
      const clf = new SVC(params).fit(X, y);
      expectClose(clf.dualCoef_!.data, dual, 1e-12);
      expectClose(clf.intercept_!, [intercept], 1e-12);
      expect(clf.predict(X)).toEqual(predicted);
    });
  }
});
