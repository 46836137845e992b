import { RandomState } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { matvecWorkspace } from './matvec-wasm.js';

// The products promise the JavaScript loops' sequential sums bitwise.
describe('TRON matrix-vector products in WebAssembly', () => {
  for (const [n, d] of [
    [1, 1],
    [2, 3],
    [5, 4],
    [7, 9],
    [216, 530],
  ] as const) {
    it(`X v and Xᵀ u equal the sequential sums (${n} × ${d})`, () => {
      const rng = new RandomState(n + d);
      const X = Float64Array.from({ length: n * d }, () => rng.standardNormal());
      const ws = matvecWorkspace(X, n, d);
      if (ws === undefined) throw new Error('no WebAssembly SIMD workspace (Node 20 has it)');
      const v = Float64Array.from({ length: d + 1 }, () => rng.standardNormal());
      const out = new Float64Array(n);
      ws.times(v, 0.375, out);
      for (let i = 0; i < n; i++) {
        let s = 0.375;
        for (let j = 0; j < d; j++) s += (X[i * d + j] as number) * (v[j] as number);
        expect(Object.is(out[i], s)).toBe(true);
      }
      const u = Float64Array.from({ length: n }, (_, i) =>
        i % 3 === 1 ? 0 : rng.standardNormal(),
      );
      const acc = Float64Array.from({ length: d + 1 }, () => rng.standardNormal());
      const want = Float64Array.from(acc);
      for (let i = 0; i < n; i++) {
        const ui = u[i] as number;
        if (ui === 0) continue;
        for (let j = 0; j < d; j++) want[j] = (want[j] as number) + ui * (X[i * d + j] as number);
      }
      ws.addTransposeTimes(u, acc);
      expect(Array.from(acc)).toEqual(Array.from(want));
    });
  }
});
