import { describe, expect, it } from 'vitest';
import { DummyClassifier } from './dummy-classifier.js';
import { NotFittedError, ValidationError } from './errors.js';
import { BaseEstimator, checkIsFitted, isClassifier } from './estimator.js';

class Wrapper extends BaseEstimator<{ inner: DummyClassifier; weights: number[] }> {
  constructor(p: Partial<{ inner: DummyClassifier; weights: number[] }> = {}) {
    super({ inner: new DummyClassifier(), weights: [1, 2], ...p });
  }
}

describe('BaseEstimator', () => {
  it('stores params unchanged and clones nested estimators', () => {
    const inner = new DummyClassifier({ strategy: 'uniform', randomState: 3 });
    const w = new Wrapper({ inner });
    expect(w.getParams().inner).toBe(inner);
    const c = w.clone();
    expect(c.getParams().inner).not.toBe(inner);
    expect(c.getParams().inner.getParams()).toEqual(inner.getParams());
    expect(c.getParams().weights).toEqual([1, 2]);
    expect(c.getParams().weights).not.toBe(w.getParams().weights);
  });
  it('setParams rejects unknown names', () => {
    expect(() => new DummyClassifier().setParams({ strateg: 'x' } as never)).toThrow(
      /Invalid parameter "strateg" for DummyClassifier/,
    );
  });
  it('checkIsFitted', () => {
    expect(() => checkIsFitted(new DummyClassifier(), 'classes_')).toThrow(NotFittedError);
    expect(isClassifier(new DummyClassifier())).toBe(true);
    expect(() => new DummyClassifier({ strategy: 'bogus' as never }).fit([[1]], ['a'])).toThrow(
      ValidationError,
    );
  });
});
