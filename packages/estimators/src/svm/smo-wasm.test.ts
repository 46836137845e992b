import { describe, expect, it } from 'vitest';
import { assembleGramModule } from './gram-wasm.js';
import { assembleLinearSvcModule } from './linear-svc-wasm.js';
import { assembleSimdDotModule } from './simd-dot.js';
import {
  GRAM_WASM_BASE64,
  LINEAR_SVC_WASM_BASE64,
  SIMD_DOT_WASM_BASE64,
  SMO_WASM_BASE64,
} from './smo-wasm.bytes.js';
import { assembleSmoModule, smoWorkspace } from './smo-wasm.js';
import { toBase64 } from './wasm-builder.js';

describe("the solvers' WebAssembly modules", () => {
  it('embedded bytes are what the assembler produces (regenerate with scripts/embed-wasm.mjs if not)', () => {
    expect(SMO_WASM_BASE64).toBe(toBase64(assembleSmoModule()));
    expect(LINEAR_SVC_WASM_BASE64).toBe(toBase64(assembleLinearSvcModule()));
    expect(GRAM_WASM_BASE64).toBe(toBase64(assembleGramModule()));
    expect(SIMD_DOT_WASM_BASE64).toBe(toBase64(assembleSimdDotModule()));
  });

  it('is a valid module exporting the solver', () => {
    const bytes = assembleSmoModule();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
    expect(names).toEqual(['init', 'solve', 'update', 'active', 'iterations']);
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
});
