import { captureWarnings } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { detrend } from './detrend.js';
import { expectRows, ROWS, synth } from './signal-fixtures.test-helper.js';

// Golden numbers: packages/masking/scripts/goldens.py on synth() (see signal-fixtures.test-helper.ts
// for how they were made).
// Warnings are collected (kept off the console) but not inspected in this file.
captureWarnings();

describe('detrend', () => {
  it('detrend matches nilearn _detrend', () => {
    expectRows(
      detrend(synth()),
      ROWS,
      [
        [0.3540978610466383, 0.20784355808841745, -0.23113106786481996],
        [0.3519331934250971, 0.27994040643072826, 0.3793185319657577],
        [0.9135609210685862, -0.4951090638102712, 0.8068435469428556],
        [-0.16597170850074194, 0.25862810712233064, 0.6336316498049026],
      ],
      1e-12,
    );
  });
  it('removes exactly a line and the mean; one time point is left alone', () => {
    const out = detrend({ data: Float64Array.of(1, 2, 3, 2, 5, 2, 7, 2), rows: 4, cols: 2 });
    for (const v of out.data) expect(Math.abs(v)).toBeLessThan(1e-14);
    expect(Array.from(detrend([[4, 5]]).data)).toEqual([4, 5]);
    const c = detrend([[1], [2], [4]], { type: 'constant' }).data;
    [-4 / 3, -1 / 3, 5 / 3].forEach((v, i) => {
      expect(c[i]).toBeCloseTo(v, 14);
    });
  });
});
