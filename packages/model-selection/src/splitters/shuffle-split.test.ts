import { ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { casesFor, expectSameFolds } from '../../test/sklearn-splits.js';
import { ShuffleSplit, validateShuffleSplit } from './shuffle-split.js';

describe('ShuffleSplit', () => {
  for (const c of casesFor('ShuffleSplit')) {
    it(`equals scikit-learn 1.2: ${c.name}`, () => {
      expectSameFolds(new ShuffleSplit(c.params).split(c.n), c.folds);
    });
  }

  it('resolves sizes as scikit-learn (test rounded up, train down)', () => {
    expect(validateShuffleSplit(10, 0.25, undefined, 0.1)).toEqual([7, 3]);
    expect(validateShuffleSplit(10, undefined, 0.75, 0.1)).toEqual([7, 3]);
    expect(validateShuffleSplit(10, undefined, undefined, 0.1)).toEqual([9, 1]);
    expect(validateShuffleSplit(10, 2, 5, 0.1)).toEqual([5, 2]);
  });

  it('rejects invalid sizes', () => {
    expect(() => validateShuffleSplit(10, 0, undefined, 0.1)).toThrow(ValidationError);
    expect(() => validateShuffleSplit(10, 10, undefined, 0.1)).toThrow(/smaller than the number/);
    expect(() => validateShuffleSplit(10, 1.5, undefined, 0.1)).toThrow(ValidationError);
    expect(() => validateShuffleSplit(10, 0.6, 0.6, 0.1)).toThrow(/sum of testSize and trainSize/);
    expect(() => validateShuffleSplit(10, 6, 6, 0.1)).toThrow(/should be smaller/);
    expect(() => validateShuffleSplit(10, Number.NaN, undefined, 0.1)).toThrow(ValidationError);
    expect(() => new ShuffleSplit({ nSplits: 0 })).toThrow(ValidationError);
  });
});
