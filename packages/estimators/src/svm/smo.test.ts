import { ConvergenceWarning, RandomState } from '@voxelkit/core';
import { captureWarnings } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { DenseQ } from './kernel-cache.js';
import { smoWarnIter, solveSmo } from './smo.js';
import { smoWorkspace } from './smo-wasm.js';

function linearGram(x: number[][]): Float64Array {
  const n = x.length;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) K[i * n + j] = x[i]!.reduce((s, v, f) => s + v * x[j]![f]!, 0);
  return K;
}

describe('solveSmo', () => {
  const y2 = Int8Array.of(1, -1);
  const Q2 = () => new DenseQ(linearGram([[1], [-1]]), 2, Int32Array.of(0, 1), y2);
  const opts = { tol: 1e-3, shrinking: true, maxIter: -1 };

  it('solves the two-point problem analytically (free and bounded cases)', () => {
    // min ½(α1+α2)² − α1 − α2 with α1 = α2: α = 1/2, ρ = 0.
    const free = solveSmo(Q2(), y2, Float64Array.of(1, 1), opts);
    expect(Array.from(free.alpha)).toEqual([0.5, 0.5]);
    expect(free.rho).toBe(0);
    expect(free.objective).toBeCloseTo(-0.5, 15);
    const bounded = solveSmo(Q2(), y2, Float64Array.of(0.2, 0.2), opts);
    expect(Array.from(bounded.alpha)).toEqual([0.2, 0.2]);
    expect(bounded.rho).toBeCloseTo(0, 15);
  });

  it('stops at maxIter and reports it', () => {
    const r = solveSmo(Q2(), y2, Float64Array.of(1, 1), { ...opts, maxIter: 0 });
    expect(r.reachedMaxIter).toBe(true);
    expect(r.nIter).toBe(0);
  });

  it('meets the stopping rule m(α) − M(α) < tol and the constraints on a random problem', () => {
    const rng = new RandomState(7);
    const n = 60;
    const x = Array.from({ length: n }, (_, i) => [
      rng.normal(i % 2 ? 1 : -1, 1.5),
      rng.normal(0, 1),
    ]);
    const y = Int8Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1));
    const K = linearGram(x);
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    const C = new Float64Array(n).fill(0.7);
    for (const shrinking of [true, false]) {
      const { alpha } = solveSmo(new DenseQ(K, n, idx, y), y, C, {
        tol: 1e-3,
        shrinking,
        maxIter: -1,
      });
      let balance = 0;
      let mUp = Number.NEGATIVE_INFINITY;
      let mLow = Number.POSITIVE_INFINITY;
      for (let t = 0; t < n; t++) {
        const a = alpha[t]!;
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(0.7);
        balance += y[t]! * a;
        let g = -1;
        for (let s = 0; s < n; s++) g += y[t]! * y[s]! * K[t * n + s]! * alpha[s]!;
        const v = -y[t]! * g;
        const inUp = (y[t] === 1 && a < 0.7) || (y[t] === -1 && a > 0);
        const inLow = (y[t] === -1 && a < 0.7) || (y[t] === 1 && a > 0);
        if (inUp) mUp = Math.max(mUp, v);
        if (inLow) mLow = Math.min(mLow, v);
      }
      expect(Math.abs(balance)).toBeLessThan(1e-12);
      // Q is kept in single precision, so allow for its rounding on top of tol.
      expect(mUp - mLow).toBeLessThan(1e-3 + 1e-5);
    }
  });

  // an odd n too: the f64x2 loops of the WebAssembly solver end with a scalar element
  it.each([150, 151])(
    'gives bit-identical iterates with the WebAssembly kernels as with the JavaScript loops (n = %i)',
    (n) => {
      const rng = new RandomState(3);
      const x = Array.from({ length: n }, (_, i) => [
        rng.normal(i % 3 ? 0.3 : -0.3, 1),
        rng.normal(0, 1),
        rng.normal(0, 1),
      ]);
      const y = Int8Array.from({ length: n }, (_, i) => (i % 3 ? 1 : -1));
      const K = linearGram(x);
      const idx = Int32Array.from({ length: n }, (_, i) => i);
      const ws = smoWorkspace(n);
      expect(ws).toBeDefined();
      for (const [C, shrinking] of [
        [0.5, true],
        [50, true],
        [50, false],
      ] as const) {
        const Cs = new Float64Array(n).fill(C);
        const js = solveSmo(new DenseQ(K, n, idx, y), y, Cs, { ...opts, shrinking });
        const wasm = solveSmo(new DenseQ(K, n, idx, y, ws!.q), y, Cs, {
          ...opts,
          shrinking,
          workspace: ws,
        });
        expect(js.nIter).toBeGreaterThan(50);
        expect(wasm.nIter).toBe(js.nIter);
        expect(Array.from(wasm.alpha)).toEqual(Array.from(js.alpha));
        expect(wasm.rho).toBe(js.rho);
        expect(wasm.objective).toBe(js.objective);
      }
    },
  );

  describe('a huge C on data that are not separable (issue 20, item 8)', () => {
    const warnings = captureWarnings();
    // Two overlapping classes in 2-D: with C = 1e4 the solver needs ~415 000 iterations.
    const rng = new RandomState(0);
    const n = 40;
    const x = Array.from({ length: n }, (_, i) => [
      rng.standardNormal() + (i % 2) * 0.5,
      rng.standardNormal(),
    ]);
    const y = Int8Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1));
    const K = linearGram(x);
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    const C = new Float64Array(n).fill(1e4);
    const Q = () => new DenseQ(K, n, idx, y);

    it('warns once past the documented count, goes on, and ends where it would have', () => {
      const quiet = solveSmo(Q(), y, C, opts);
      expect(quiet.nIter).toBeGreaterThan(200_000);
      expect(quiet.nIter).toBeLessThan(smoWarnIter(n));
      expect(warnings).toHaveLength(0);
      const loud = solveSmo(Q(), y, C, { ...opts, warnIter: 200_000 });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toBeInstanceOf(ConvergenceWarning);
      expect(warnings[0]!.message).toMatch(/run 200000 iterations on a problem of 40 samples/);
      expect(loud.nIter).toBe(quiet.nIter);
      expect(loud.reachedMaxIter).toBe(false);
      expect(Array.from(loud.alpha)).toEqual(Array.from(quiet.alpha));
    });

    it('in the WebAssembly solver: pauses to warn at the count, resumes, and matches the JavaScript loops', () => {
      const ws = smoWorkspace(n);
      expect(ws).toBeDefined();
      const inWs = () => new DenseQ(K, n, idx, y, ws!.q);
      const js = solveSmo(Q(), y, C, opts);
      const loud = solveSmo(inWs(), y, C, { ...opts, warnIter: 200_000, workspace: ws });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toMatch(/run 200000 iterations on a problem of 40 samples/);
      expect(loud.nIter).toBe(js.nIter);
      expect(Array.from(loud.alpha)).toEqual(Array.from(js.alpha));
      expect(loud.rho).toBe(js.rho);
      const capped = solveSmo(inWs(), y, C, { ...opts, maxIter: 1234, workspace: ws });
      const cappedJs = solveSmo(Q(), y, C, { ...opts, maxIter: 1234 });
      expect(capped.reachedMaxIter).toBe(true);
      expect(capped.nIter).toBe(1234);
      expect(Array.from(capped.alpha)).toEqual(Array.from(cappedJs.alpha));
      expect(capped.rho).toBe(cappedJs.rho);
      expect(warnings).toHaveLength(1);
    });

    it('does not warn with an explicit maxIter (the limit has its own warning in SVC)', () => {
      const r = solveSmo(Q(), y, C, { ...opts, maxIter: 300_000, warnIter: 200_000 });
      expect(r.reachedMaxIter).toBe(true);
      expect(warnings).toHaveLength(0);
    });

    it("uses libsvm 3.x's count: max(10 000 000, 100 l)", () => {
      expect(smoWarnIter(40)).toBe(10_000_000);
      expect(smoWarnIter(200_000)).toBe(20_000_000);
    });
  });
});
