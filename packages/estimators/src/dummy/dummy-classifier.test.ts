import { getRegisteredEstimator, registeredNameOf, ValidationError } from '@voxelkit/core';
import { checkEstimator } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { DummyClassifier } from './dummy-classifier.js';

for (const strategy of ['most_frequent', 'prior', 'stratified', 'uniform'] as const) {
  checkEstimator(() => new DummyClassifier({ strategy, randomState: 0 }), {
    name: `DummyClassifier(${strategy})`,
  });
}
checkEstimator(() => new DummyClassifier({ strategy: 'constant', constant: 'beta' }), {
  name: 'DummyClassifier(constant)',
});

describe('DummyClassifier', () => {
  const X = Array.from({ length: 10 }, () => [0, 0]);
  const y = ['a', 'b', 'b', 'c', 'b', 'a', 'c', 'c', 'b', 'a'];
  it('most_frequent/prior predict the most frequent class; prior gives class priors', () => {
    const d = new DummyClassifier({ strategy: 'prior' }).fit(X, y);
    expect(d.classes_).toEqual(['a', 'b', 'c']);
    expect(d.predict([[1, 1]])).toEqual(['b']);
    expect(Array.from(d.predictProba([[1, 1]]).data)).toEqual([0.3, 0.4, 0.3]);
    expect(d.score(X, y)).toBeCloseTo(0.4, 12);
  });
  it('uniform equals scikit-learn 1.2 for random_state=0', () => {
    // DummyClassifier(strategy='uniform', random_state=0).fit(X, y).predict(X)
    const d = new DummyClassifier({ strategy: 'uniform', randomState: 0 }).fit(X, y);
    expect(d.predict(X)).toEqual(['a', 'b', 'a', 'b', 'b', 'c', 'a', 'c', 'a', 'a']);
  });
  it('stratified follows the class frequencies', () => {
    const many = Array.from({ length: 5000 }, () => [0]);
    const labels = many.map((_, i) => (i % 4 === 0 ? 'x' : 'y'));
    const p = new DummyClassifier({ strategy: 'stratified', randomState: 1 })
      .fit(many, labels)
      .predict(many);
    const fx = p.filter((l) => l === 'x').length / p.length;
    expect(fx).toBeGreaterThan(0.22);
    expect(fx).toBeLessThan(0.28);
  });
  it('constant checks its label', () => {
    expect(() => new DummyClassifier({ strategy: 'constant' }).fit(X, y)).toThrow(ValidationError);
    expect(() => new DummyClassifier({ strategy: 'constant', constant: 'z' }).fit(X, y)).toThrow(
      /not one of the training labels/,
    );
    expect(
      new DummyClassifier({ strategy: 'constant', constant: 'c' }).fit(X, y).predict([[0, 0]]),
    ).toEqual(['c']);
  });
  it('is registered for worker transfer and rejects an unknown strategy', () => {
    expect(getRegisteredEstimator('DummyClassifier')).toBe(DummyClassifier);
    expect(registeredNameOf(new DummyClassifier())).toBe('DummyClassifier');
    expect(() => new DummyClassifier({ strategy: 'bogus' as never }).fit([[1]], ['a'])).toThrow(
      ValidationError,
    );
  });
  it('score is the accuracy of predict', () => {
    const d = new DummyClassifier({ strategy: 'most_frequent' }).fit(X, y);
    expect(d.predict([[1, 1]])).toEqual(['b']);
    expect(d.score(X, y)).toBe(0.4); // 'b' is 4 of the 10 labels
  });
});
