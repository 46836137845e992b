import { RandomState } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { l1LogisticNewGlmnet } from './l1-newglmnet.js';
import { l1PrimalSquaredHinge } from './l1-primal-cd.js';
import { l1LogisticWorkspace, l1PrimalWorkspace } from './l1-wasm.js';
import { LiblinearRandom } from './liblinear-random.js';
import { primalTolerance, sampleCosts, transposeWithBias } from './problem.js';

/** n × d overlapping classes (y = ±1, a shift on the first 3 features), with a 0 and a −0 value. */
function problem(rng: RandomState, n: number, d: number) {
  const data = new Float64Array(n * d);
  const y = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3 === 0 ? -1 : 1;
    for (let j = 0; j < d; j++) data[i * d + j] = rng.standardNormal() + (j < 3 ? 0.4 * y[i] : 0);
  }
  data[0] = 0;
  data[d + 1] = -0;
  return { data, y };
}

const solvers = [
  ['l1PrimalSquaredHinge', l1PrimalSquaredHinge, l1PrimalWorkspace],
  ['l1LogisticNewGlmnet', l1LogisticNewGlmnet, l1LogisticWorkspace],
] as const;

describe("the L1 solvers' WebAssembly column loops", () => {
  const rng = new RandomState(11);
  // with and without the bias row, converged and stopped by maxIter, unequal costs, odd row
  // counts (the element-wise updates' last odd value)
  for (const [n, d, bias, maxIter, Cp, Cn] of [
    [97, 13, 1, 1000, 1, 1],
    [150, 40, 0, 3, 0.3, 2.5],
    [61, 5, 1, 50, 10, 10],
  ] as const) {
    for (const [name, solve, workspace] of solvers) {
      it(`${name}: the same iterates as the JavaScript loops (${n} × ${d}, bias ${bias}, maxIter ${maxIter})`, () => {
        const { data, y } = problem(rng, n, d);
        const X = transposeWithBias({ data, rows: n, cols: d }, bias);
        const C = sampleCosts(y, Cp, Cn);
        const eps = primalTolerance(0.01, y);
        const js = solve(X, y, C, eps, maxIter, new LiblinearRandom(5), false);
        const wasm = solve(X, y, C, eps, maxIter, new LiblinearRandom(5));
        expect(workspace(1, 1)).toBeDefined(); // the second fit did run in WebAssembly
        expect(wasm.nIter).toBe(js.nIter);
        expect(Array.from(wasm.w)).toEqual(Array.from(js.w));
        expect(js.w.some((v) => v !== 0)).toBe(true);
      });
    }
  }
});

describe('the squared-hinge kernels’ list of short margins', () => {
  it('lists the samples left with b > 0 after a shift, and the gradient over them is the full sum', () => {
    const rng = new RandomState(4);
    const n = 37;
    const ws = l1PrimalWorkspace(1, n);
    if (ws === undefined) throw new Error('no WebAssembly workspace');
    const { fns, yx, b, C, pos } = ws;
    for (let i = 0; i < n; i++) {
      yx[i] = rng.standardNormal();
      b[i] = rng.standardNormal();
      C[i] = 0.5 + rng.randomSample();
    }
    const dDiff = 0.3;
    const bNew = Array.from(b, (v, i) => v + dDiff * (yx[i] as number));
    const want = bNew.flatMap((v, i) => (v > 0 ? [b.byteOffset + 8 * i] : []));
    for (const withLoss of [false, true]) {
      b.set(bNew.map((v, i) => v - dDiff * (yx[i] as number)));
      const bStart = Float64Array.from(b);
      if (withLoss)
        fns.shiftLoss(b.byteOffset, yx.byteOffset, C.byteOffset, dDiff, n, 1, pos.byteOffset);
      else fns.shift(b.byteOffset, yx.byteOffset, dDiff, n, pos.byteOffset);
      expect(Array.from(b)).toEqual(Array.from(bStart, (v, i) => v + dDiff * (yx[i] as number)));
      const count = fns.count();
      expect(Array.from(pos.subarray(0, count))).toEqual(want);
      expect(want.length).toBeGreaterThan(5);
      expect(want.length).toBeLessThan(n - 5);
    }
    // the gradient over the list: liblinear's sums over b > 0, in sample order
    let G = 0;
    let H = 0;
    for (let i = 0; i < n; i++) {
      const bi = b[i] as number;
      if (!(bi > 0)) continue;
      const cv = (C[i] as number) * (yx[i] as number);
      G -= cv * bi;
      H += cv * (yx[i] as number);
    }
    const got = fns.gradient(
      yx.byteOffset,
      b.byteOffset,
      C.byteOffset,
      pos.byteOffset,
      fns.count(),
    );
    expect(Object.is(got, G)).toBe(true);
    expect(Object.is(fns.second(), H)).toBe(true);
  });
});
