import { RandomState } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { assembleClassSumsModule } from '../feature-selection/class-sums-wasm.js';
import { assembleL1Module } from '../liblinear/l1-wasm.js';
import { assembleTridiagModule } from '../linear-model/tridiag-wasm.js';
import { assembleGramModule } from './gram-wasm.js';
import { DenseQ } from './kernel-cache.js';
import { assembleLinearSvcModule } from './linear-svc-wasm.js';
import { assembleSimdDotModule } from './simd-dot.js';
import {
  CLASS_SUMS_WASM_BASE64,
  GRAM_WASM_BASE64,
  L1_WASM_BASE64,
  LINEAR_SVC_WASM_BASE64,
  SIMD_DOT_WASM_BASE64,
  SMO_WASM_BASE64,
  TRIDIAG_WASM_BASE64,
} from './smo-wasm.bytes.js';
import { assembleSmoModule, gatherQ, smoWorkspace } from './smo-wasm.js';
import { decodeBase64, fromBase64, toBase64 } from './wasm-builder.js';

describe("the solvers' WebAssembly modules", () => {
  it('embedded bytes are what the assembler produces (regenerate with scripts/embed-wasm.mjs if not)', () => {
    expect(SMO_WASM_BASE64).toBe(toBase64(assembleSmoModule()));
    expect(LINEAR_SVC_WASM_BASE64).toBe(toBase64(assembleLinearSvcModule()));
    expect(GRAM_WASM_BASE64).toBe(toBase64(assembleGramModule()));
    expect(SIMD_DOT_WASM_BASE64).toBe(toBase64(assembleSimdDotModule()));
    expect(L1_WASM_BASE64).toBe(toBase64(assembleL1Module()));
    expect(TRIDIAG_WASM_BASE64).toBe(toBase64(assembleTridiagModule()));
    expect(CLASS_SUMS_WASM_BASE64).toBe(toBase64(assembleClassSumsModule()));
  });

  it('decodes the embedded base64 back to the assembled bytes (and any length, with padding)', () => {
    expect(Array.from(fromBase64(SMO_WASM_BASE64))).toEqual(Array.from(assembleSmoModule()));
    expect(Array.from(fromBase64(GRAM_WASM_BASE64))).toEqual(Array.from(assembleGramModule()));
    const rng = new RandomState(3);
    for (let n = 0; n < 12; n++) {
      const bytes = Uint8Array.from({ length: n }, () => rng.randint(0, 256));
      const text = toBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(fromBase64(text))).toEqual(Array.from(bytes));
      expect(Array.from(decodeBase64(text))).toEqual(Array.from(bytes));
    }
    expect(Array.from(decodeBase64(SMO_WASM_BASE64))).toEqual(Array.from(assembleSmoModule()));
    expect(() => decodeBase64('AG$z')).toThrow(/invalid character at 2/);
    expect(() => decodeBase64('AGé=')).toThrow(/invalid character at 2/);
  });

  it('is a valid module exporting the solver', () => {
    const bytes = assembleSmoModule();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
    expect(names).toEqual(['init', 'solve', 'update', 'active', 'iterations', 'gather']);
  });

  it('hands out one workspace per capacity, with disjoint aligned arrays in one memory', () => {
    const a = smoWorkspace(7);
    expect(a).toBeDefined();
    expect(smoWorkspace(7)).toBe(a);
    const ws = smoWorkspace(9);
    expect(ws).toBeDefined();
    const views = [ws!.q, ws!.G, ws!.Gbar, ws!.QD, ws!.alpha, ws!.C, ws!.p, ws!.y, ws!.status];
    const spans = [...views, ws!.perm].map((v) => [v.byteOffset, v.byteOffset + v.byteLength]);
    for (let i = 1; i < spans.length; i++)
      expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]!);
    for (const v of [ws!.G, ws!.Gbar, ws!.QD, ws!.alpha, ws!.C, ws!.p])
      expect(v.byteOffset % 8).toBe(0);
    expect(ws!.q.length).toBe(81);
    expect(ws!.perm.length).toBe(9);
  });

  it('gatherQ cuts the same Q as DenseQ from a single- or double-precision kernel matrix', () => {
    const rng = new RandomState(5);
    const n = 23;
    const K64 = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) K64[i * n + j] = K64[j * n + i] = rng.standardNormal();
    K64[3 * n + 4] = K64[4 * n + 3] = 0; // ±0 keeps its sign
    const K32 = Float32Array.from(K64);
    const kDiag = Float64Array.from({ length: n }, (_, i) => K64[i * n + i] as number);
    const idx = Int32Array.of(4, 0, 3, 9, 22, 17, 5, 11);
    const y = Int8Array.of(1, 1, -1, 1, -1, -1, 1, -1);
    for (const [K, diag] of [
      [K64, undefined],
      [K32, kDiag],
    ] as const) {
      const ws = smoWorkspace(12, { values: K, n });
      expect(ws).toBeDefined();
      const got = gatherQ(ws!, n, idx, y, diag);
      const want = new DenseQ(K, n, idx, y, undefined, diag);
      expect(Array.from(got.diag)).toEqual(Array.from(want.diag));
      for (let a = 0; a < idx.length; a++) {
        expect(Array.from(got.row(a)).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(
          Array.from(want.row(a)).map((v) => (Object.is(v, -0) ? '-0' : v)),
        );
      }
    }
  });
});
