import { type Matrix2D, setWarningHandler, type VoxelkitError } from '@voxelkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detrend } from './detrend.js';

// Golden numbers: packages/masking/scripts/goldens.py, run with Debian's python3 (numpy, scipy
// 1.10); nilearn 0.10's signal.clean steps spelled out with numpy/scipy. Input: the synthetic
// signals below (120 time points × 3 features), identical in both languages.
function synth(n = 120, p = 3): Matrix2D {
  const data = new Float64Array(n * p);
  for (let t = 0; t < n; t++) {
    for (let c = 0; c < p; c++) {
      data[t * p + c] =
        Math.sin(0.37 * t * (c + 1)) + 0.05 * t * (c - 1) + 0.5 * Math.cos(1.3 * t + c);
    }
  }
  return { data, rows: n, cols: p };
}

const ROWS = [0, 1, 57, 119];

function expectRows(m: Matrix2D, rows: number[], expected: number[][], tol: number): void {
  rows.forEach((r, i) => {
    for (let c = 0; c < m.cols; c++) {
      expect(Math.abs(m.data[r * m.cols + c]! - expected[i]![c]!)).toBeLessThan(tol);
    }
  });
}

let warnings: VoxelkitError[] = [];
let previous: ReturnType<typeof setWarningHandler>;
beforeEach(() => {
  warnings = [];
  previous = setWarningHandler((w) => warnings.push(w));
});
afterEach(() => {
  setWarningHandler(previous);
});

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
