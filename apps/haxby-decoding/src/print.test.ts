import { readFileSync } from 'node:fs';
import { SVC } from '@voxelkit/estimators';
import { describe, expect, it } from 'vitest';
import { formatArray, pyFloat, pyTuple } from './print.js';

/**
 * numpy 1.24 (Debian's /usr/bin/python3) printed these arrays with its default print options;
 * test/fixtures/numpy-print.py made test/fixtures/numpy-print.json. The inputs are rational
 * values that IEEE division gives identically in numpy and JavaScript.
 */
const gold = JSON.parse(
  readFileSync(new URL('../test/fixtures/numpy-print.json', import.meta.url), 'utf8'),
) as Record<string, string> & { floats: string[] };

function gen(n: number, mul = 7919, mod = 1000, off = 500, div = 137): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (((i * mul) % mod) - off) / div;
  return out;
}

describe('formatArray (numpy print)', () => {
  it('summarizes a large float64 matrix in fixed notation', () => {
    expect(formatArray({ data: gen(1452 * 530), shape: [1452, 530] })).toBe(gold.f64_fixed);
  });

  it('prints float32 with float32 shortest digits and switches to scientific notation', () => {
    const f = new Float32Array(gen(1452 * 530));
    f[2] = 0.0010802227;
    expect(formatArray({ data: f, shape: [1452, 530], dtype: 'float32' })).toBe(gold.f32_exp);
  });

  it('wraps a (1, 530) coef_ row at 75 columns', () => {
    expect(formatArray({ data: gen(530, 31, 997, 498, 9973), shape: [1, 530] })).toBe(gold.coef);
  });

  it('prints cross-validation scores like sklearn users see them', () => {
    expect(formatArray({ data: [29 / 44, 34 / 43, 34 / 43, 28 / 43, 29 / 43], shape: [5] })).toBe(
      gold.cv5,
    );
    const logo = [16, 11, 15, 14, 10, 18, 10, 15, 10, 12, 12, 17].map((k) => k / 18);
    expect(formatArray({ data: logo, shape: [12] })).toBe(gold.logo);
  });

  it('prints int and str arrays', () => {
    expect(formatArray({ data: [54, 55], shape: [2], dtype: 'int' })).toBe(gold.ints);
    const ints = Array.from({ length: 43 }, (_, i) => i * 7);
    expect(formatArray({ data: ints, shape: [43], dtype: 'int' })).toBe(gold.ints_long);
    const labels: string[] = [];
    for (let r = 0; r < 12; r++) labels.push(...Array(9).fill('face'), ...Array(9).fill('cat'));
    expect(formatArray({ data: labels, shape: [labels.length] })).toBe(gold.strs);
  });

  it('handles zeros, ties, large values and short float32 digits', () => {
    expect(formatArray({ data: [1, 2.5, -0.125], shape: [3] })).toBe(gold.small);
    expect(formatArray({ data: [0.001953125, 1], shape: [2] })).toBe(gold.tie);
    expect(formatArray({ data: [1e9, 1], shape: [2] })).toBe(gold.big);
    expect(formatArray({ data: [0, 0, 0, 0], shape: [4] })).toBe(gold.zeros);
    const f32 = new Float32Array([0.1, 0.2, 1 / 3]);
    expect(formatArray({ data: f32, shape: [3], dtype: 'float32' })).toBe(gold.f32_small);
  });
});

describe('Python reprs', () => {
  it('pyFloat matches repr(float)', () => {
    const xs = [0.5, 1.0, 2 / 3, 1e-5, 1.5e16, 123456789012345.6, -0.0, 0.0001, 1e22, 29 / 44];
    expect(xs.map(pyFloat)).toEqual(gold.floats);
  });

  it('pyTuple', () => {
    expect(pyTuple([1452, 530])).toBe('(1452, 530)');
    expect(pyTuple([216])).toBe('(216,)');
  });
  it("the tutorial prints the estimator with core's scikit-learn repr", () => {
    expect(String(new SVC({ kernel: 'linear' }))).toBe("SVC(kernel='linear')");
    // sklearn 1.2: print(SVC(C=0.5, class_weight='balanced', cache_size=200))
    expect(String(new SVC({ C: 0.5, classWeight: 'balanced', cacheSize: 200 }))).toBe(
      "SVC(C=0.5, class_weight='balanced')",
    );
  });
});
