/**
 * Fixtures shared by the signal tests (test-only; excluded from the build).
 *
 * Golden numbers in those tests come from packages/masking/scripts/goldens.py, run with Debian's
 * python3 (numpy, scipy 1.10): nilearn 0.10's signal.clean steps spelled out with numpy/scipy.
 * Their input is {@link synth}, identical in both languages.
 */
import type { Matrix2D } from '@voxelkit/core';
import { expect } from 'vitest';

/** The synthetic signals of goldens.py: `n` time points × `p` features (120 × 3 by default). */
export function synth(n = 120, p = 3): Matrix2D {
  const data = new Float64Array(n * p);
  for (let t = 0; t < n; t++) {
    for (let c = 0; c < p; c++) {
      data[t * p + c] =
        Math.sin(0.37 * t * (c + 1)) + 0.05 * t * (c - 1) + 0.5 * Math.cos(1.3 * t + c);
    }
  }
  return { data, rows: n, cols: p };
}

/** The time points goldens.py prints for each output. */
export const ROWS = [0, 1, 57, 119];

/** Expects rows `rows` of `m` to equal `expected` (one array per row) within `tol`. */
export function expectRows(m: Matrix2D, rows: number[], expected: number[][], tol: number): void {
  rows.forEach((r, i) => {
    for (let c = 0; c < m.cols; c++) {
      expect(Math.abs(m.data[r * m.cols + c]! - expected[i]![c]!)).toBeLessThan(tol);
    }
  });
}
