/**
 * LogisticRegression(solver='liblinear') and LinearSVC(penalty='l1') against scikit-learn 1.2.1
 * on its toy datasets (iris raw, breast_cancer z-scored; numbers from
 * logistic-regression.golden.py). With tol 1e-10 scikit-learn converges, and the weights agree
 * to 1e-6 of their largest magnitude; at the default tolerance predictions agree.
 */
import { readFileSync } from 'node:fs';
import { ConvergenceWarning, type Matrix2D, ValidationError } from '@voxelkit/core';
import { captureWarnings, checkEstimator } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { computeClassWeight } from '../class-weight.js';
import { l1MinC } from '../svm/l1-min-c.js';
import { LinearSVC } from '../svm/linear-svc.js';
import { LogisticRegression } from './logistic-regression.js';

interface Case {
  coef: number[];
  intercept: number[];
  pred: number[];
  nIter: number;
  proba?: number[];
  decision: number[];
}
const golden = JSON.parse(
  readFileSync(new URL('./logistic-regression.golden.json', import.meta.url), 'utf8'),
) as Record<string, Case> & {
  toy_X: { iris: number[]; irisY: number[]; bc: number[]; bcY: number[] };
  l1minc: Record<string, number>;
};
const iris: Matrix2D = { data: Float64Array.from(golden.toy_X.iris), rows: 150, cols: 4 };
const bc: Matrix2D = { data: Float64Array.from(golden.toy_X.bc), rows: 569, cols: 30 };
const data = { iris: [iris, golden.toy_X.irisY], bc: [bc, golden.toy_X.bcY] } as const;

function expectClose(actual: ArrayLike<number>, expected: number[], rel: number): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs), 1e-300);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs((actual[i] as number) - (expected[i] as number))).toBeLessThanOrEqual(
      rel * scale,
    );
  }
}

const cases: [
  string,
  'iris' | 'bc',
  (tol: number, maxIter: number) => LogisticRegression | LinearSVC,
][] = [
  ['iris_lr_l2', 'iris', (tol, maxIter) => new LogisticRegression({ tol, maxIter })],
  ['iris_lr_l1', 'iris', (tol, maxIter) => new LogisticRegression({ penalty: 'l1', tol, maxIter })],
  ['bc_lr_l2', 'bc', (tol, maxIter) => new LogisticRegression({ C: 0.5, tol, maxIter })],
  [
    'bc_lr_l1',
    'bc',
    (tol, maxIter) => new LogisticRegression({ penalty: 'l1', C: 0.5, tol, maxIter }),
  ],
  [
    'bc_lr_l2_bal',
    'bc',
    (tol, maxIter) =>
      new LogisticRegression({ classWeight: 'balanced', interceptScaling: 2, tol, maxIter }),
  ],
  [
    'iris_svc_l1',
    'iris',
    (tol, maxIter) => new LinearSVC({ penalty: 'l1', dual: false, tol, maxIter: maxIter * 10 }),
  ],
  [
    'bc_svc_l1',
    'bc',
    (tol, maxIter) =>
      new LinearSVC({ penalty: 'l1', dual: false, C: 0.1, tol, maxIter: maxIter * 10 }),
  ],
];

describe('liblinear solvers equal scikit-learn 1.2.1 on toy data', () => {
  for (const [name, set, make] of cases) {
    it(`${name}: converged weights within 1e-6, same predictions at the default tol`, () => {
      const [X, y] = data[set];
      const tight = golden[`${name}_tight`] as Case;
      const est = make(1e-10, 100000).fit(X, y);
      expectClose((est.coef_ as Matrix2D).data, tight.coef, 1e-6);
      expectClose(est.intercept_ as Float64Array, tight.intercept, 1e-6);
      const def = golden[`${name}_default`] as Case;
      const clf = make(1e-4, 100).fit(X, y);
      expect(clf.predict(X)).toEqual(def.pred);
      if (clf instanceof LogisticRegression) {
        const head: Matrix2D = { data: X.data.subarray(0, 10 * X.cols), rows: 10, cols: X.cols };
        expectClose(clf.predictProba(head).data, def.proba as number[], 1e-2);
        const p = (est as LogisticRegression).predictProba(head);
        for (let r = 0; r < 10; r++) {
          let s = 0;
          for (let c = 0; c < p.cols; c++) s += p.data[r * p.cols + c] as number;
          expect(s).toBeCloseTo(1, 12);
        }
        expectClose(
          (est as LogisticRegression).predictProba(head).data,
          (golden[`${name}_tight`] as Case).proba as number[],
          1e-6,
        );
      }
    });
  }

  it('l1MinC equals scikit-learn', () => {
    expect(l1MinC(iris, golden.toy_X.irisY)).toBeCloseTo(golden.l1minc.iris_sq as number, 14);
    expect(l1MinC(iris, golden.toy_X.irisY, { loss: 'log' })).toBeCloseTo(
      golden.l1minc.iris_log as number,
      14,
    );
    expect(l1MinC(bc, golden.toy_X.bcY, { fitIntercept: false })).toBeCloseTo(
      golden.l1minc.bc_sq_noint as number,
      14,
    );
    expect(l1MinC(bc, golden.toy_X.bcY, { loss: 'log', interceptScaling: 3 })).toBeCloseTo(
      golden.l1minc.bc_log_is3 as number,
      14,
    );
  });

  it('below l1MinC every L1 weight is zero, above it some are not', () => {
    const c = l1MinC(bc, golden.toy_X.bcY, { loss: 'log' });
    const lo = new LogisticRegression({ penalty: 'l1', C: c * 0.99 }).fit(bc, golden.toy_X.bcY);
    expect([...(lo.coef_ as Matrix2D).data].every((v) => v === 0)).toBe(true);
    expect(lo.intercept_?.[0]).toBe(0);
    const hi = new LogisticRegression({ penalty: 'l1', C: c * 2 }).fit(bc, golden.toy_X.bcY);
    expect(
      [...(hi.coef_ as Matrix2D).data, ...(hi.intercept_ as Float64Array)].some((v) => v !== 0),
    ).toBe(true);
  });
});

describe('LogisticRegression / LinearSVC(l1) bad input', () => {
  const X = [
    [0, 1],
    [1, 0],
    [1, 1],
    [0, 0],
  ];
  const y = ['a', 'b', 'a', 'b'];
  it('rejects one class, a non-positive C, l1 with dual, unknown solver and penalty', () => {
    expect(() => new LogisticRegression().fit(X, ['a', 'a', 'a', 'a'])).toThrow(ValidationError);
    expect(() => new LogisticRegression({ C: -1 }).fit(X, y)).toThrow(/C=-1/);
    expect(() => new LogisticRegression({ C: 0 }).fit(X, y)).toThrow(ValidationError);
    expect(() => new LogisticRegression({ penalty: 'l1', dual: true }).fit(X, y)).toThrow(
      /dual=true/,
    );
    expect(() => new LogisticRegression({ solver: 'lbfgs' as never }).fit(X, y)).toThrow(
      ValidationError,
    );
    expect(() => new LogisticRegression({ penalty: 'elasticnet' as never }).fit(X, y)).toThrow(
      ValidationError,
    );
    expect(() => new LinearSVC({ penalty: 'l1' }).fit(X, y)).toThrow(/dual=true/);
    expect(() => new LinearSVC({ penalty: 'l1', dual: false, loss: 'hinge' }).fit(X, y)).toThrow(
      ValidationError,
    );
    expect(() => new LinearSVC({ penalty: 'l1', dual: false, C: -2 }).fit(X, y)).toThrow(
      ValidationError,
    );
    expect(() =>
      new LogisticRegression().fit(
        [
          [Number.NaN, 1],
          [1, 2],
        ],
        ['a', 'b'],
      ),
    ).toThrow(ValidationError);
    expect(() => new LogisticRegression({ classWeight: { c: 2 } }).fit(X, y)).toThrow(
      ValidationError,
    );
    expect(() => l1MinC([[0], [0]], ['a', 'b'], { fitIntercept: false })).toThrow(/Ill-posed/);
  });

  const warnings = captureWarnings();
  it('warns ConvergenceWarning when maxIter is reached, as scikit-learn', () => {
    const [Xb, yb] = data.bc;
    new LogisticRegression({ penalty: 'l1', maxIter: 1, C: 10 }).fit(Xb, yb);
    expect(warnings.some((w) => w instanceof ConvergenceWarning)).toBe(true);
    warnings.length = 0;
    new LinearSVC({ penalty: 'l1', dual: false, maxIter: 2, C: 10 }).fit(Xb, yb);
    expect(warnings.some((w) => w instanceof ConvergenceWarning)).toBe(true);
    warnings.length = 0;
    new LogisticRegression({ C: 0.5 }).fit(Xb, yb);
    expect(warnings).toEqual([]);
  });

  it('a fixed randomState makes L1 fits reproducible; default is seed 0', () => {
    const [Xb, yb] = data.bc;
    const a = new LogisticRegression({ penalty: 'l1' }).fit(Xb, yb);
    const b = new LogisticRegression({ penalty: 'l1', randomState: 0 }).fit(Xb, yb);
    expect((a.coef_ as Matrix2D).data).toEqual((b.coef_ as Matrix2D).data);
  });
});

describe('computeClassWeight equals compute_class_weight', () => {
  it('balanced, dict and none', () => {
    expect([...computeClassWeight('balanced', ['a', 'b'], ['a', 'b', 'b', 'b'])]).toEqual([
      2,
      4 / 6,
    ]);
    expect([...computeClassWeight({ b: 3 }, ['a', 'b'], ['a', 'b'])]).toEqual([1, 3]);
    expect([...computeClassWeight(undefined, [0, 1, 2], [0, 1, 2])]).toEqual([1, 1, 1]);
    expect(() => computeClassWeight('balanced', ['a'], ['a', 'b'])).toThrow(ValidationError);
    expect(() => computeClassWeight({ z: 1 }, ['a', 'b'], ['a', 'b'])).toThrow(
      /not in classWeight/,
    );
  });
});

checkEstimator(() => new LogisticRegression());
checkEstimator(() => new LogisticRegression({ penalty: 'l1' }), { name: 'LogisticRegression l1' });
checkEstimator(() => new LinearSVC({ penalty: 'l1', dual: false }), { name: 'LinearSVC l1' });
