import { ValidationError } from '@voxelkit/core';
import { checkEstimator } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { StandardScaler } from './standard-scaler.js';

// Golden values: scikit-learn 1.2 StandardScaler on this X (/usr/bin/python3).
const X = [
  [1, 10, 5, 0.1],
  [3, 30, 5, 0.2],
  [4, -2, 5, 0.7],
  [0, 1, 5, -1.3],
  [2.5, 2, 5, 1e-3],
];

checkEstimator(() => new StandardScaler(), { kind: 'transformer' });

describe('StandardScaler', () => {
  it('matches scikit-learn', () => {
    const s = new StandardScaler().fit(X);
    const close = (a: ArrayLike<number>, b: number[]) =>
      b.forEach((v, i) => {
        expect(a[i]).toBeCloseTo(v, 13);
      });
    close(s.mean_!, [2.1, 8.2, 5.0, -0.059800000000000006]);
    close(s.var_!, [2.04, 134.56, 0.0, 0.44242415999999996]);
    close(s.scale_!, [1.42828568570857, 11.6, 1.0, 0.6651497275050182]);
    close(
      s.transform(X.slice(0, 2)).data,
      [
        -0.7701540462154055, 0.1551724137931035, 0.0, 0.24024665934903264, 0.6301260378126043,
        1.8793103448275863, 0.0, 0.3905887490543097,
      ],
    );
    const noMean = new StandardScaler({ withMean: false }).fit(X);
    close(
      noMean.transform([X[0]!]).data,
      [0.7001400420140049, 0.8620689655172414, 5.0, 0.15034208970527702],
    );
  });

  it('round-trips through inverseTransform and leaves withStd=false unscaled', () => {
    const s = new StandardScaler();
    const Z = s.fitTransform(X);
    const back = s.inverseTransform(Z);
    X.flat().forEach((v, i) => {
      expect(back.data[i]).toBeCloseTo(v, 12);
    });
    const c = new StandardScaler({ withStd: false }).fitTransform(X);
    expect(c.data[0]).toBeCloseTo(1 - 2.1, 14);
    expect(new StandardScaler({ withStd: false }).fit(X).scale_).toBeUndefined();
  });

  it('rejects bad input', () => {
    expect(() => new StandardScaler().fit([[1, Number.NaN]])).toThrow(ValidationError);
    const s = new StandardScaler().fit(X);
    expect(() => s.transform([[1, 2]])).toThrow(ValidationError);
    expect(() => new StandardScaler({ withMean: 'yes' as never }).fit(X)).toThrow(ValidationError);
  });
  it('takes float32 data (a masker output) as it is, with the float64 results', () => {
    const flat = new Float32Array(X.flat());
    const X32 = { data: flat, rows: X.length, cols: X[0]!.length };
    const X64 = { data: Float64Array.from(flat), rows: X32.rows, cols: X32.cols };
    const a = new StandardScaler().fit(X32);
    const b = new StandardScaler().fit(X64);
    expect(a.mean_).toEqual(b.mean_);
    expect(a.scale_).toEqual(b.scale_);
    expect(a.transform(X32).data).toEqual(b.transform(X64).data);
    expect(flat).toEqual(new Float32Array(X.flat())); // input untouched
  });
});
