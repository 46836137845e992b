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
import { RandomState } from './random.js';
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

describe('BaseEstimator repr and clone', () => {
  class Fake extends BaseEstimator<{
    C: number;
    kernel: string;
    cacheSize: number;
    classWeight: unknown;
    tol: number;
    randomState: unknown;
  }> {
    constructor(p: Partial<Fake['params']> = {}) {
      super({
        C: 1,
        kernel: 'rbf',
        cacheSize: 200,
        classWeight: 'x',
        tol: 1e-3,
        randomState: undefined,
        ...p,
      });
    }
  }
  it("prints scikit-learn's repr: changed params only, sorted, snake_case, Python literals", () => {
    expect(String(new Fake({ kernel: 'linear' }))).toBe("Fake(kernel='linear')");
    expect(String(new Fake())).toBe('Fake()');
    // Python: SVC(C=0.5, class_weight=None) — 'C' sorts before 'c' as in sklearn.
    expect(String(new Fake({ C: 0.5, classWeight: null }))).toBe('Fake(C=0.5, class_weight=None)');
    // Python: repr(1e-05) == '1e-05', repr(0.00012) == '0.00012'; a dict and a bool.
    expect(String(new Fake({ tol: 1e-5, C: 0.00012 }))).toBe('Fake(C=0.00012, tol=1e-05)');
    expect(String(new Fake({ classWeight: { a: 2, b: true } }))).toBe(
      "Fake(class_weight={'a': 2, 'b': True})",
    );
    expect(String(new Wrapper({ inner: new MajorityClassifier({ smoothing: 2 }) }))).toBe(
      'Wrapper(inner=MajorityClassifier(smoothing=2))',
    );
  });
  it('clone gives each clone its own RandomState, in the same state', () => {
    const rng = new RandomState(7);
    rng.randomSample();
    const a = new Fake({ randomState: rng });
    const b = a.clone();
    const theirs = b.getParams().randomState as RandomState;
    expect(theirs).not.toBe(rng);
    expect(theirs.randomSample()).toBe(rng.copy().randomSample());
    const next = rng.randomSample();
    expect((a.clone().getParams().randomState as RandomState).randomSample()).not.toBe(next);
    expect(new RandomState(7).copy().randomSample()).toBe(new RandomState(7).randomSample());
  });
});
