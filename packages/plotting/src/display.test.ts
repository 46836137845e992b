import { describe, expect, it } from 'vitest';
import { colorbarTicks, formatTick, planCuts } from './display.js';
import { blobMap } from './synthetic.test-helpers.js';
import { toVolume } from './volume.js';

describe('formatTick', () => {
  // Python: '%.2g' % v (CPython 3.11).
  const cases: [number, string][] = [
    [0, '0'],
    [2.5, '2.5'],
    [-5, '-5'],
    [0.00012, '0.00012'],
    [1.2e-5, '1.2e-05'],
    [123.4, '1.2e+02'],
    [-0.5, '-0.5'],
    [0.0335, '0.034'],
    [99.5, '1e+02'],
    [5, '5'],
  ];
  for (const [v, s] of cases) it(`${v} → ${s}`, () => expect(formatTick(v)).toBe(s));
});

describe('planCuts', () => {
  const vol = toVolume(blobMap([-30, -40, -10], 8, 5), 'blob');
  it('orders two-cut modes like their name and reads [x, y, z] too', () => {
    expect(planCuts('yx', [10, 20], vol)).toEqual([
      [
        { axis: 'y', coord: 10 },
        { axis: 'x', coord: 20 },
      ],
    ]);
    expect(planCuts('xz', [1, 2, 3], vol)).toEqual([
      [
        { axis: 'x', coord: 1 },
        { axis: 'z', coord: 3 },
      ],
    ]);
  });
  it('mosaic gives one row per direction', () => {
    const rows = planCuts('mosaic', 3, vol);
    expect(rows.map((r) => r.map((c) => c.axis).join(''))).toEqual(['xxx', 'yyy', 'zzz']);
  });
  it('rejects non-finite coordinates', () => {
    expect(() => planCuts('ortho', [0, Number.NaN, 0], vol)).toThrow(/finite/);
    expect(() => planCuts('z', [], vol)).toThrow(/empty/);
    expect(() => planCuts('mosaic', [1, 2], vol)).toThrow(/mosaic/);
  });
});

describe('colorbarTicks', () => {
  it('marks ±threshold like nilearn when it is more than 12% of vmax', () => {
    const sym = { cbarMin: -4, cbarMax: 4, vmax: 4 };
    expect(colorbarTicks(sym)).toEqual([-4, -2, 0, 2, 4]);
    expect(colorbarTicks({ ...sym, threshold: 3 })).toEqual([-4, -3, 0, 3, 4]);
    expect(colorbarTicks({ ...sym, threshold: 1 })).toEqual([-4, -1, 0, 1, 4]);
    expect(colorbarTicks({ ...sym, threshold: 0.4 })).toEqual([-4, -2, 0, 2, 4]); // 10% of vmax
    expect(colorbarTicks({ cbarMin: 0, cbarMax: 4, vmax: 4, threshold: 2.2 })).toEqual([
      0, 1, 2.2, 3, 4,
    ]);
  });
});
