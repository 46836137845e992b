import { readFileSync } from 'node:fs';
import { ConvergenceWarning, type Label, RandomState, ValidationError } from '@voxelkit/core';
import { captureWarnings, checkEstimator } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { dualCoordinateDescent, LinearSVC, type LinearSVCParams } from './linear-svc.js';
import { dcdWorkspace } from './linear-svc-wasm.js';

// Golden values: scikit-learn 1.2 LinearSVC solved to tol=1e-10 (the squared-hinge primal is
// strictly convex, so both solvers head for the same unique optimum) on the
// problems of svc-golden.json; produced by test/fixtures/make-linear-svc-golden.py.
const fixtures = new URL('../../test/fixtures/', import.meta.url);
const problems = JSON.parse(readFileSync(new URL('svc-golden.json', fixtures), 'utf8')).cases as {
  X: number[][];
  y: Label[];
}[];
const golden = JSON.parse(readFileSync(new URL('linear-svc-golden.json', fixtures), 'utf8')) as {
  case: number;
  params: Record<string, unknown>;
  coef: number[][];
  intercept: number[];
  predict: Label[];
  decision: number[] | number[][];
}[];

function camel(p: Record<string, unknown>): Partial<LinearSVCParams> {
  return Object.fromEntries(
    Object.entries(p).map(([k, v]) => [
      k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      v,
    ]),
  ) as Partial<LinearSVCParams>;
}

checkEstimator(() => new LinearSVC());

describe('LinearSVC matches scikit-learn 1.2 (liblinear)', () => {
  const warnings = captureWarnings();

  for (const g of golden) {
    const { X, y } = problems[g.case]!;
    it(`problem ${g.case} ${JSON.stringify(g.params)}`, () => {
      const clf = new LinearSVC({ ...camel(g.params), tol: 1e-10, maxIter: 200000 }).fit(X, y);
      const coef = g.coef.flat();
      coef.forEach((c, i) => {
        expect(Math.abs((clf.coef_!.data[i] as number) - c)).toBeLessThan(1e-6);
      });
      g.intercept.forEach((b, i) => {
        expect(Math.abs((clf.intercept_![i] as number) - b)).toBeLessThan(1e-6);
      });
      expect(clf.predict(X)).toEqual(g.predict);
      const dec = clf.decisionFunction(X.slice(0, 4));
      const flat = dec instanceof Float64Array ? Array.from(dec) : Array.from(dec.data);
      (g.decision as number[]).flat().forEach((v, i) => {
        expect(Math.abs((flat[i] as number) - v)).toBeLessThan(1e-6);
      });
    });
  }

  it('with the default tolerance lands close to the optimum', () => {
    const g = golden[0]!;
    const { X, y } = problems[g.case]!;
    const clf = new LinearSVC().fit(X, y);
    g.coef.flat().forEach((c, i) => {
      expect(Math.abs((clf.coef_!.data[i] as number) - c)).toBeLessThan(1e-3);
    });
  });

  it('warns when maxIter stops it, and rejects bad parameters', () => {
    const { X, y } = problems[0]!;
    new LinearSVC({ maxIter: 1, tol: 1e-12 }).fit(X, y);
    expect(warnings[0]).toBeInstanceOf(ConvergenceWarning);
    expect(() => new LinearSVC({ C: 0 }).fit(X, y)).toThrow(ValidationError);
    expect(() => new LinearSVC({ loss: 'log' as never }).fit(X, y)).toThrow(ValidationError);
    expect(() => new LinearSVC({ loss: 'hinge', dual: false }).fit(X, y)).toThrow(ValidationError);
    expect(() =>
      new LinearSVC().fit(
        X,
        y.map(() => 'same'),
      ),
    ).toThrow(ValidationError);
  });
});

describe('LinearSVC dual coordinate descent in WebAssembly', () => {
  const warnings = captureWarnings();
  it('runs the same iterates as the JavaScript loop (every width mod 4, with and without bias, both losses)', () => {
    const rng = new RandomState(7);
    for (const d of [1, 2, 3, 4, 5, 7, 13, 64]) {
      const l = 60;
      const data = new Float64Array(l * d);
      const y = new Int8Array(l);
      for (let i = 0; i < l; i++) {
        y[i] = i % 3 === 0 ? 1 : -1;
        for (let f = 0; f < d; f++)
          data[i * d + f] = rng.standardNormal() + (f < 2 ? 0.4 * y[i]! : 0);
      }
      const X = { data, rows: l, cols: d };
      for (const [bias, squared, C] of [
        [1, true, 1],
        [0, true, 10],
        [2, false, 0.5],
      ] as const) {
        const ws = dcdWorkspace(data, l, d);
        expect(ws).toBeDefined();
        const js = dualCoordinateDescent(X, bias, y, C, C, squared, 1e-6, 1000, new RandomState(0));
        const wasm = dualCoordinateDescent(
          X,
          bias,
          y,
          C,
          C,
          squared,
          1e-6,
          1000,
          new RandomState(0),
          ws,
        );
        expect(js.nIter).toBeGreaterThan(1);
        expect(wasm.nIter).toBe(js.nIter);
        expect(Array.from(wasm.w)).toEqual(Array.from(js.w));
        // the module's own MT19937, seeded as RandomState(0): the same shuffles, so the same w
        const ws2 = dcdWorkspace(data, l, d)!;
        ws2.fns.seed(ws2.mt.byteOffset, 0);
        const own = dualCoordinateDescent(X, bias, y, C, C, squared, 1e-6, 1000, 'workspace', ws2);
        expect(own.nIter).toBe(js.nIter);
        expect(Array.from(own.w)).toEqual(Array.from(js.w));
      }
    }
  });

  it('relies on x ** 2 being x · x exactly (fdlibm pow), which its squared norms use', () => {
    const rng = new RandomState(12);
    const bits = new Uint32Array(2);
    const x = new Float64Array(bits.buffer);
    for (let i = 0; i < 200_000; i++) {
      bits[0] = rng.nextUint32();
      bits[1] = rng.nextUint32(); // every exponent: subnormals, overflow to Infinity, NaN
      const v = x[0]!;
      expect(Object.is(v ** 2, v * v)).toBe(true);
    }
  });

  it("draws the shuffles from a seed in WebAssembly, equal to a RandomState's in JavaScript", () => {
    const rng = new RandomState(4);
    for (const [l, d, k, maxIter] of [
      [216, 7, 2, 10_000], // stops at maxIter: thousands of shuffles of the whole set
      [90, 12, 4, 1000], // one-vs-rest: the stream goes on from one class to the next
      [60, 3, 3, 5],
    ] as const) {
      const X = Array.from({ length: l }, (_, i) =>
        Array.from({ length: d }, (_, f) => rng.standardNormal() + (f === 0 ? (i % k) * 0.3 : 0)),
      );
      const y = Array.from({ length: l }, (_, i) => `c${i % k}`);
      for (const seed of [0, 7, 2 ** 32 - 1]) {
        const fromSeed = new LinearSVC({ maxIter, randomState: seed }).fit(X, y);
        const fromState = new LinearSVC({
          maxIter,
          randomState: new RandomState(seed) as unknown as number,
        }).fit(X, y);
        expect(fromSeed.nIter_).toBe(fromState.nIter_);
        expect(Array.from(fromSeed.coef_!.data)).toEqual(Array.from(fromState.coef_!.data));
        expect(Array.from(fromSeed.intercept_!)).toEqual(Array.from(fromState.intercept_!));
      }
    }
    expect(warnings.some((w) => w instanceof ConvergenceWarning)).toBe(true);
  });
});
