import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from './errors.js';
import {
  BaseEstimator,
  checkIsFitted,
  getRegisteredEstimator,
  isClassifier,
  registerEstimator,
  registeredNameOf,
} from './estimator.js';
import { MajorityClassifier } from './testing/majority-classifier.test-helper.js';

class Wrapper extends BaseEstimator<{ inner: MajorityClassifier; weights: number[] }> {
  constructor(p: Partial<{ inner: MajorityClassifier; weights: number[] }> = {}) {
    super({ inner: new MajorityClassifier(), weights: [1, 2], ...p });
  }
}

describe('BaseEstimator', () => {
  it('stores params unchanged and clones nested estimators', () => {
    const inner = new MajorityClassifier({ smoothing: 3 });
    const w = new Wrapper({ inner });
    expect(w.getParams().inner).toBe(inner);
    const c = w.clone();
    expect(c.getParams().inner).not.toBe(inner);
    expect(c.getParams().inner.getParams()).toEqual(inner.getParams());
    expect(c.getParams().weights).toEqual([1, 2]);
    expect(c.getParams().weights).not.toBe(w.getParams().weights);
  });
  it('setParams rejects unknown names', () => {
    expect(() => new MajorityClassifier().setParams({ smoothin: 1 } as never)).toThrow(
      /Invalid parameter "smoothin" for MajorityClassifier/,
    );
  });
  it('checkIsFitted and the registry', () => {
    registerEstimator('MajorityClassifier', MajorityClassifier as never);
    expect(() => checkIsFitted(new MajorityClassifier(), 'classes_')).toThrow(NotFittedError);
    expect(isClassifier(new MajorityClassifier())).toBe(true);
    expect(getRegisteredEstimator('MajorityClassifier')).toBe(MajorityClassifier);
    expect(registeredNameOf(new MajorityClassifier())).toBe('MajorityClassifier');
    expect(() => new MajorityClassifier({ smoothing: -1 }).fit([[1]], ['a'])).toThrow(
      ValidationError,
    );
  });
});
