import { estimatorNameOf, ValidationError } from '@voxelkit/core';
import { checkEstimator } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { estimatorRegistry } from '../registry.js';
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
  it('is in the registry for worker transfer and rejects an unknown strategy', () => {
    expect(estimatorRegistry.DummyClassifier).toBe(DummyClassifier);
    expect(estimatorNameOf(new DummyClassifier())).toBe('DummyClassifier');
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

describe("DummyClassifier 'stratified' draws scikit-learn's classes", () => {
  // scikit-learn 1.2.1: DummyClassifier(strategy='stratified', random_state=s).fit(X, y)
  // .predict_proba(zeros).argmax(1) / .predict(zeros) (numpy's multinomial stream).
  it('binary, random_state 0', () => {
    const y = [1, -1, 1, 1, -1, -1, 1, -1, 1, 1];
    const d = new DummyClassifier({ strategy: 'stratified', randomState: 0 }).fit(
      y.map(() => [0]),
      y,
    );
    const p = d.predictProba([[0], [0], [0], [0], [0], [0]]);
    expect(Array.from({ length: 6 }, (_, i) => (p.data[2 * i + 1] === 1 ? 1 : 0))).toEqual([
      1, 0, 0, 1, 1, 0,
    ]);
    expect(d.predict([[0], [0], [0], [0], [0], [0]])).toEqual([1, -1, -1, 1, 1, -1]);
  });
  it('three classes, random_state 3', () => {
    const y = ['a', 'b', 'c', 'c', 'b', 'c', 'a', 'c'];
    const d = new DummyClassifier({ strategy: 'stratified', randomState: 3 }).fit(
      y.map(() => [0]),
      y,
    );
    expect(d.predict(Array.from({ length: 12 }, () => [0]))).toEqual([
      'b',
      'c',
      'a',
      'a',
      'c',
      'c',
      'c',
      'c',
      'c',
      'c',
      'c',
      'b',
    ]);
  });
});
