/**
 * Goldens: scikit-learn 1.2.1 DummyRegressor on sklearn's diabetes (first 200 rows, stored in
 * linear-model/ridge.golden.json); printed by /usr/bin/python3 (constant_ of each strategy:
 * mean 146.89, median 134.5, quantile 0.3 → 96, quantile 0.77 → 200, median R² −0.027687…).
 */
import { readFileSync } from 'node:fs';
import { ValidationError } from '@voxelkit/core';
import { checkEstimator } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { DummyRegressor } from './dummy-regressor.js';

// biome-ignore lint/suspicious/noExplicitAny: golden JSON
const R: any = JSON.parse(
  readFileSync(new URL('./linear-model/ridge.golden.json', import.meta.url), 'utf8'),
);
const X: number[][] = R.diabetes.X;
const y: number[] = R.diabetes.y;

checkEstimator(() => new DummyRegressor(), { kind: 'regressor' });
checkEstimator(() => new DummyRegressor({ strategy: 'quantile', quantile: 0.25 }), {
  kind: 'regressor',
  name: 'DummyRegressor quantile',
});

describe('DummyRegressor equals scikit-learn', () => {
  it('each strategy', () => {
    expect(new DummyRegressor().fit(X, y).constant_).toBeCloseTo(146.89, 12);
    const med = new DummyRegressor({ strategy: 'median' }).fit(X, y);
    expect(med.constant_).toBe(134.5);
    expect(med.score(X, y)).toBeCloseTo(-0.027687086420673523, 14);
    expect(new DummyRegressor({ strategy: 'quantile', quantile: 0.3 }).fit(X, y).constant_).toBe(
      96,
    );
    expect(new DummyRegressor({ strategy: 'quantile', quantile: 0.77 }).fit(X, y).constant_).toBe(
      200,
    );
    const c = new DummyRegressor({ strategy: 'constant', constant: 7 }).fit(X, y);
    expect(Array.from(c.predict(X.slice(0, 2)))).toEqual([7, 7]);
    expect(new DummyRegressor().fit(X, y).score(X, y)).toBeCloseTo(0, 12);
  });
  it('bad input', () => {
    expect(() => new DummyRegressor({ strategy: 'quantile' }).fit(X, y)).toThrow(ValidationError);
    expect(() => new DummyRegressor({ strategy: 'quantile', quantile: 1.5 }).fit(X, y)).toThrow(
      ValidationError,
    );
    expect(() => new DummyRegressor({ strategy: 'constant' }).fit(X, y)).toThrow(ValidationError);
    expect(() => new DummyRegressor({ strategy: 'mode' as never }).fit(X, y)).toThrow(
      ValidationError,
    );
    expect(() => new DummyRegressor().fit(X, [1, Number.NaN])).toThrow(ValidationError);
  });
});
