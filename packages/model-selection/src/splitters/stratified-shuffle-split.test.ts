import { RandomState, ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { casesFor, expectSameFolds } from '../../test/sklearn-splits.js';
import { approximateMode, StratifiedShuffleSplit } from './stratified-shuffle-split.js';

describe('StratifiedShuffleSplit', () => {
  for (const c of casesFor('StratifiedShuffleSplit')) {
    it(`equals scikit-learn 1.2: ${c.name}`, () => {
      expectSameFolds(new StratifiedShuffleSplit(c.params).split(c.n, c.y), c.folds);
    });
  }

  it('approximateMode draws exactly nDraws, proportionally', () => {
    const rng = new RandomState(0);
    const counts = [5, 5, 5];
    for (let n = 1; n < 15; n++) {
      const out = approximateMode(counts, n, rng);
      expect(out.reduce((a, b) => a + b, 0)).toBe(n);
      for (const v of out) expect(Math.abs(v - n / 3)).toBeLessThan(1);
    }
  });

  it('rejects singleton classes, missing y and sizes smaller than the class count', () => {
    const y = ['a', 'a', 'b', 'b', 'c', 'c', 'c', 'c', 'c', 'c'];
    expect(() => [...new StratifiedShuffleSplit({ testSize: 2 }).split(10, y)]).toThrow(
      /test size \(2\) should be greater than or equal to the number of classes \(3\)/,
    );
    expect(() => [...new StratifiedShuffleSplit({ testSize: 3 }).split(10)]).toThrow(/needs y/);
    expect(() => [
      ...new StratifiedShuffleSplit({ testSize: 3 }).split(4, ['a', 'b', 'b', 'b']),
    ]).toThrow(/only 1 member/);
    expect(() => [...new StratifiedShuffleSplit({ trainSize: 2 }).split(10, y)]).toThrow(
      ValidationError,
    );
  });
});
