import { RandomState } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { l1LogisticNewGlmnet } from './l1-newglmnet.js';
import { l1LogisticWorkspace } from './l1-wasm.js';
import { LiblinearRandom } from './liblinear-random.js';
import { primalTolerance, sampleCosts, transposeWithBias } from './problem.js';

describe('l1LogisticNewGlmnet', () => {
  // Overlapping classes, with and without the bias row, converged and stopped by maxIter (3
  // Newton steps), unequal costs, odd row counts (the update's last odd value).
  const rng = new RandomState(11);
  for (const [n, d, bias, maxIter, Cp, Cn] of [
    [97, 13, 1, 1000, 1, 1],
    [150, 40, 0, 3, 0.3, 2.5],
    [61, 5, 1, 50, 10, 10],
  ] as const) {
    it(`runs the same iterates in WebAssembly as in JavaScript (${n} × ${d}, bias ${bias}, maxIter ${maxIter})`, () => {
      const data = new Float64Array(n * d);
      const y = new Int8Array(n);
      for (let i = 0; i < n; i++) {
        y[i] = i % 3 === 0 ? -1 : 1;
        for (let j = 0; j < d; j++)
          data[i * d + j] = rng.standardNormal() + (j < 3 ? 0.4 * y[i] : 0);
      }
      // a zero and a negative zero feature value (yx = ±0)
      data[0] = 0;
      data[d + 1] = -0;
      const X = transposeWithBias({ data, rows: n, cols: d }, bias);
      const C = sampleCosts(y, Cp, Cn);
      const eps = primalTolerance(0.01, y);
      const js = l1LogisticNewGlmnet(X, y, C, eps, maxIter, new LiblinearRandom(5), false);
      const wasm = l1LogisticNewGlmnet(X, y, C, eps, maxIter, new LiblinearRandom(5));
      expect(l1LogisticWorkspace(1, 1)).toBeDefined(); // the second fit did run in WebAssembly
      expect(wasm.nIter).toBe(js.nIter);
      expect(Array.from(wasm.w)).toEqual(Array.from(js.w));
      expect(js.w.some((v) => v !== 0)).toBe(true);
    });
  }
});
