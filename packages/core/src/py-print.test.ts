import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatArray, pyFloat, pyRepr, pyStr, pyTuple } from './py-print.js';

/**
 * numpy 1.24 (Debian's /usr/bin/python3) printed these arrays with its default print options;
 * py-print.golden.py made py-print.golden.json. The inputs are rational values that IEEE
 * division gives identically in numpy and JavaScript.
 */
const gold = JSON.parse(
  readFileSync(new URL('./py-print.golden.json', import.meta.url), 'utf8'),
) as Record<string, string> & { floats: string[]; f32_scalars: string[] };

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

  it('widens columns for nan and inf as numpy does, in fixed and scientific notation', () => {
    const nan = Number.NaN;
    const inf = Number.POSITIVE_INFINITY;
    expect(formatArray({ data: [nan, 1.5, -inf], shape: [3] })).toBe(gold.nonfinite);
    expect(formatArray({ data: [nan, 123.25, inf], shape: [3] })).toBe(gold.nonfinite_wide);
    expect(formatArray({ data: [1e-5, nan, 1], shape: [3] })).toBe(gold.nonfinite_exp);
    const f = new Float32Array([1e-5, -inf, 2.5]);
    expect(formatArray({ data: f, shape: [3], dtype: 'float32' })).toBe(gold.nonfinite_exp_neg);
    expect(formatArray({ data: [nan, inf], shape: [2] })).toBe(gold.all_nan);
  });

  it('prints float32 header arrays (pixdim, signed zeros)', () => {
    const pixdim = [-1, 3.5, 3.75, 3.75, 1, 1, 1, 1];
    expect(formatArray({ data: pixdim, shape: [8], dtype: 'float32' })).toBe(gold.pixdim_f32);
    expect(formatArray({ data: [-1, 0, -0, 80], shape: [4], dtype: 'float32' })).toBe(
      gold.neg_zero_f32,
    );
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
    expect(xs.map((x) => pyFloat(x))).toEqual(gold.floats);
  });

  it('pyFloat of a float32 prints numpy str(np.float32(x))', () => {
    const xs = [0.46728683, -0.0, 1e-5, 123456789.0, 0.1, 2.5e-5, 1e16].map(Math.fround);
    expect(xs.map((x) => pyFloat(x, 'float32'))).toEqual(gold.f32_scalars);
    expect(pyFloat(1e16)).toBe(gold.f64_scalar_1e16);
  });

  it('pyTuple', () => {
    expect(pyTuple([1452, 530])).toBe('(1452, 530)');
    expect(pyTuple([216])).toBe('(216,)');
  });

  it('pyStr and pyRepr quote as Python does', () => {
    expect(pyStr("it's")).toBe('"it\'s"');
    expect(pyStr('a\\b')).toBe("'a\\\\b'");
    expect(pyRepr({ C: 0.5, kernel: 'linear', weights: [1, 2.5], on: true, none: null })).toBe(
      "{'C': 0.5, 'kernel': 'linear', 'weights': [1, 2.5], 'on': True, 'none': None}",
    );
  });
});
