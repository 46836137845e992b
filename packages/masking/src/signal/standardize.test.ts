import { ValidationError } from '@voxelkit/core';
import { captureWarnings } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { StandardizeWarning } from '../warnings.js';
import { expectRows, ROWS, synth } from './signal-fixtures.test-helper.js';
import { standardizeSignal } from './standardize.js';

// Golden numbers: packages/masking/scripts/goldens.py on synth() (see signal-fixtures.test-helper.ts
// for how they were made).
const warnings = captureWarnings();

describe('standardizeSignal', () => {
  it('zscore (ddof 0), zscore_sample (ddof 1) and psc', () => {
    const z = [
      [1.7572606396979908, 0.34785896599464095, -1.6771878070735131],
      [1.7296410568029543, 0.4382664028496369, -1.3292171454671755],
      [0.5281435481373064, -0.6269596515652952, 0.36001975965981337],
      [-1.6621576609211117, 0.24613048836888018, 1.8893871357774945],
    ];
    expectRows(standardizeSignal(synth(), 'zscore'), ROWS, z, 1e-12);
    expectRows(standardizeSignal(synth(), true), ROWS, z, 1e-12);
    expectRows(
      standardizeSignal(synth(), 'zscore_sample'),
      ROWS,
      [
        [1.7499234024760038, 0.34640652137963124, -1.6701849046421258],
        [1.7224191419338928, 0.4364364725072106, -1.3236671540228209],
        [0.5259383462381667, -0.6243418545303946, 0.358516539066606],
        [-1.6552175151151844, 0.24510279916903763, 1.8814982197532033],
      ],
      1e-12,
    );
    expectRows(
      standardizeSignal(synth(), 'psc'),
      ROWS,
      [
        [116.80055711576595, 9017.727048984823, -106.99824345410818],
        [114.96475507447073, 11361.405575210432, -84.79903033771441],
        [35.10433185946541, -16252.997798623835, 22.967900034752507],
        [-110.4793087741327, 6380.567354926505, 120.53575865527355],
      ],
      1e-7,
    );
  });
  it('constant columns: std below eps → 1 (stay 0); psc of a zero mean → 0 with a warning', () => {
    const x = { data: Float64Array.of(5, 0, 5, 0, 5, 0), rows: 3, cols: 2 };
    expect(Array.from(standardizeSignal(x, 'zscore').data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(standardizeSignal(x, 'psc').data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(warnings.some((w) => /psc/.test(w.message))).toBe(true);
    expect(warnings.every((w) => w instanceof StandardizeWarning)).toBe(true);
  });
  it('one time point is left unchanged with a warning', () => {
    const out = standardizeSignal([[3, 4]], 'zscore');
    expect(Array.from(out.data)).toEqual([3, 4]);
    expect(warnings.length).toBe(1);
  });
  it('accepts a 1-D series and rejects unknown strategies', () => {
    const out = standardizeSignal(Float64Array.of(1, 2, 3), 'zscore');
    expect(out.cols).toBe(1);
    expect(out.data[0]).toBeCloseTo(-Math.sqrt(1.5), 14);
    expect(() => standardizeSignal(synth(), 'minmax' as never)).toThrow(ValidationError);
  });
});
