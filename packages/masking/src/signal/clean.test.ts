import { ValidationError } from '@voxelkit/core';
import { captureWarnings } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { clean } from './clean.js';
import { expectRows, synth } from './signal-fixtures.test-helper.js';

// Golden numbers: packages/masking/scripts/goldens.py on synth() (see signal-fixtures.test-helper.ts
// for how they were made).
// Warnings are collected (kept off the console) but not inspected in this file.
captureWarnings();

describe('clean', () => {
  it('detrend → band-pass → zscore per run (golden)', () => {
    const runs = Array.from({ length: 120 }, (_, i) => (i < 60 ? 0 : 1));
    const out = clean(synth(), {
      runs,
      detrend: true,
      standardize: 'zscore',
      lowPass: 0.1,
      highPass: 0.01,
      tR: 2.5,
    });
    expectRows(
      out,
      [0, 1, 59, 60, 119],
      [
        [0.005239660263840998, -0.021129960488204966, -0.05546313110344461],
        [-0.14054694504296733, 0.013255156813190503, 0.7564943833011744],
        [-0.14383101450920757, -0.013330550868416037, -0.03184206731034354],
        [-0.010733748989823894, 0.04061479323794488, 0.02966981930952454],
        [0.12235277317295296, 0.0010047732351274102, -0.02276580117272049],
      ],
      1e-8,
    );
  });
  it('default is detrend + zscore: every column has mean 0, variance 1, no trend', () => {
    const out = clean(synth());
    for (let c = 0; c < 3; c++) {
      let s = 0;
      let ss = 0;
      let st = 0;
      for (let t = 0; t < 120; t++) {
        const v = out.data[t * 3 + c]!;
        s += v;
        ss += v * v;
        st += v * (t - 59.5);
      }
      expect(Math.abs(s)).toBeLessThan(1e-10);
      expect(ss / 120).toBeCloseTo(1, 12);
      expect(Math.abs(st)).toBeLessThan(1e-8);
    }
  });
  it('errors: filter without tR, runs of the wrong length, bad detrend', () => {
    expect(() => clean(synth(), { lowPass: 0.1 })).toThrow(/tR must be given/);
    expect(() => clean(synth(), { runs: [0, 1] })).toThrow(ValidationError);
    expect(() => clean(synth(), { detrend: 'yes' as never })).toThrow(ValidationError);
    expect(() => clean(synth(), { tR: -1 })).toThrow(ValidationError);
  });
  it('ensureFinite replaces NaN by 0', () => {
    const x = synth(10, 1);
    x.data[3] = Number.NaN;
    const out = clean(x, { detrend: false, standardize: false, ensureFinite: true });
    expect(out.data[3]).toBe(0);
  });
});
