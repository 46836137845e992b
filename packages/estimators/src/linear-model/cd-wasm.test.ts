import { RandomState } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from '../svm/wasm-builder.js';
import { assembleCdModule, cdWorkspace, gramWorkspace } from './cd-wasm.js';
import { cdGram } from './coordinate-descent.js';
import { CD_WASM_BASE64, MATVEC_WASM_BASE64 } from './linear-wasm.bytes.js';
import { assembleMatvecModule } from './matvec-wasm.js';

// The kernels promise the JavaScript loops' numbers bitwise: the four partial sums i mod 4,
// the tail into the first, each residual value updated in the same order.
function jsSweep(
  X: Float64Array,
  j: number,
  p: number,
  R: Float64Array,
  n: number,
  pw: number,
  wOld: number,
): number {
  const t = [0, 0, 0, 0];
  const n4 = n - (n % 4);
  for (let i = 0; i < n; i++) {
    let r = R[i] as number;
    if (p >= 0) r = r - pw * (X[p * n + i] as number);
    if (wOld !== 0) r = r + wOld * (X[j * n + i] as number);
    R[i] = r;
    const k = i < n4 ? i % 4 : 0;
    t[k] = (t[k] as number) + (X[j * n + i] as number) * r;
  }
  return (t[0] as number) + (t[1] as number) + ((t[2] as number) + (t[3] as number));
}

// The plain dot product (`dot`, `xtr`, `columnDot`): eight partial sums i mod 8, the tail into
// the first, then ((t0 + t1) + (t2 + t3)) + ((t4 + t5) + (t6 + t7)).
function jsDot(X: Float64Array, j: number, R: Float64Array, n: number): number {
  const t = [0, 0, 0, 0, 0, 0, 0, 0];
  const n8 = n - (n % 8);
  for (let i = 0; i < n; i++) {
    const k = i < n8 ? i % 8 : 0;
    t[k] = (t[k] as number) + (X[j * n + i] as number) * (R[i] as number);
  }
  const [t0, t1, t2, t3, t4, t5, t6, t7] = t as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return t0 + t1 + (t2 + t3) + (t4 + t5 + (t6 + t7));
}

describe('coordinate-descent WebAssembly kernels', () => {
  for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 16, 173, 174]) {
    it(`equal the JavaScript sweep bitwise (n = ${n})`, () => {
      const rng = new RandomState(n);
      const cols = 3;
      const X = new Float64Array(n * cols);
      for (let i = 0; i < X.length; i++) X[i] = rng.standardNormal();
      const ws = cdWorkspace(X, n, cols);
      // Node 20 has WebAssembly SIMD: the kernels must be there.
      if (ws === undefined) throw new Error('no WebAssembly SIMD workspace');
      expect(Array.from(ws.X)).toEqual(Array.from(X));
      const R0 = Float64Array.from({ length: n }, () => rng.standardNormal());
      const cases: [number, number, number][] = [
        [-1, 0, 0],
        [-1, 0, 0.7],
        [2, 0.3, 0],
        [2, -1.3, 0.45],
      ];
      for (const [pend, pw, wOld] of cases) {
        ws.R.set(R0);
        const R = Float64Array.from(R0);
        const want =
          pend < 0 && wOld === 0 ? jsDot(X, 1, R, n) : jsSweep(X, 1, pend, R, n, pw, wOld);
        const nb = n >> 2;
        const got =
          pend >= 0
            ? wOld !== 0
              ? ws.fns.pendAdd(8 * n, 8 * pend * n, ws.rAt, nb, n, pw, wOld)
              : ws.fns.pend(8 * n, 8 * pend * n, ws.rAt, nb, n, pw)
            : wOld !== 0
              ? ws.fns.add(8 * n, ws.rAt, nb, n, wOld)
              : ws.fns.dot(8 * n, ws.rAt, n);
        expect(Object.is(got, want)).toBe(true);
        expect(Array.from(ws.R)).toEqual(Array.from(R));
      }
    });
  }

  // xtr: two columns per pass (eight accumulators), then dot for an odd last one
  for (const [n, p] of [
    [1, 1],
    [3, 5],
    [8, 4],
    [173, 11],
    [174, 7],
  ] as const) {
    it(`xtr gives each column the dot product's value bitwise (${n} × ${p})`, () => {
      const rng = new RandomState(n + 100 * p);
      const X = Float64Array.from({ length: n * p }, () => rng.standardNormal());
      const ws = cdWorkspace(X, n, p);
      if (ws === undefined) throw new Error('no WebAssembly SIMD workspace');
      const R0 = Float64Array.from({ length: n }, () => rng.standardNormal());
      ws.R.set(R0);
      ws.fns.xtr(0, ws.rAt, ws.xtrAt, n, p);
      for (let j = 0; j < p; j++) {
        const want = jsDot(X, j, R0, n);
        expect(Object.is(ws.XTR[j], want)).toBe(true);
      }
    });
  }

  it('the Gram updates equal H = (H + pw·Q_p) − wOld·Q_j bitwise', () => {
    const rng = new RandomState(3);
    for (const p of [1, 3, 4, 6, 9, 530]) {
      const Q = Float64Array.from({ length: p * p }, () => rng.standardNormal());
      const ws = gramWorkspace(Q, p);
      if (ws === undefined) throw new Error('no WebAssembly SIMD workspace');
      const H0 = Float64Array.from({ length: p }, () => rng.standardNormal());
      const j = p - 1;
      const k = 0;
      const nb = p >> 2;
      const want = (f: (h: number, i: number) => number) => Array.from(H0, f);
      ws.R.set(H0);
      ws.fns.gPendSub(ws.rAt, 8 * k * p, 8 * j * p, nb, p, 0.25, -1.5);
      expect(Array.from(ws.R)).toEqual(
        want((h, i) => h + 0.25 * (Q[k * p + i] as number) - -1.5 * (Q[j * p + i] as number)),
      );
      ws.R.set(H0);
      ws.fns.gPend(ws.rAt, 8 * k * p, nb, p, 0.25);
      expect(Array.from(ws.R)).toEqual(want((h, i) => h + 0.25 * (Q[k * p + i] as number)));
      ws.R.set(H0);
      ws.fns.gSub(ws.rAt, 8 * j * p, nb, p, 0.8);
      expect(Array.from(ws.R)).toEqual(want((h, i) => h - 0.8 * (Q[j * p + i] as number)));
    }
  });
});

describe('cdGram', () => {
  // the whole cyclic pass in WebAssembly against the JavaScript loop
  for (const [alpha, positive] of [
    [0.5, false],
    [5, false],
    [0.5, true],
  ] as const) {
    it(`gives the JavaScript loop's weights bitwise (alpha ${alpha}, positive ${positive})`, () => {
      const rng = new RandomState(11);
      const n = 60;
      const p = 23;
      const X = Float64Array.from({ length: n * p }, () => rng.standardNormal());
      const y = Float64Array.from({ length: n }, () => rng.standardNormal());
      const Q = new Float64Array(p * p);
      const q = new Float64Array(p);
      for (let a = 0; a < p; a++) {
        for (let i = 0; i < n; i++)
          q[a] = (q[a] as number) + (X[i * p + a] as number) * (y[i] as number);
        for (let b = 0; b < p; b++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += (X[i * p + a] as number) * (X[i * p + b] as number);
          Q[a * p + b] = s;
        }
      }
      let yNorm2 = 0;
      for (const v of y) yNorm2 += v * v;
      const o = { alpha, beta: 0.1, maxIter: 1000, tol: 1e-10, rng: undefined, positive };
      const wJs = new Float64Array(p);
      const wWasm = new Float64Array(p);
      const js = cdGram(Q, q, yNorm2, p, wJs, o, false);
      const wasm = cdGram(Q, q, yNorm2, p, wWasm, o);
      expect(wasm.nIter).toBe(js.nIter);
      expect(Object.is(wasm.gap, js.gap)).toBe(true);
      expect(Array.from(wWasm)).toEqual(Array.from(wJs));
      expect(wJs.some((v) => v !== 0)).toBe(true);
      expect(js.nIter).toBeGreaterThan(2);
    });
  }
});

describe('the embedded module bytes', () => {
  it('equal what the assemblers produce (regenerate linear-wasm.bytes.ts when they differ)', () => {
    expect(fromBase64(CD_WASM_BASE64)).toEqual(assembleCdModule());
    expect(fromBase64(MATVEC_WASM_BASE64)).toEqual(assembleMatvecModule());
  });
});
