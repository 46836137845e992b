import { ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { casesFor, expectSameFolds } from '../../test/sklearn-splits.js';
import { LeaveOneGroupOut } from './leave-one-group-out.js';

describe('LeaveOneGroupOut', () => {
  for (const c of casesFor('LeaveOneGroupOut')) {
    it(`equals scikit-learn 1.2: ${c.name}`, () => {
      const cv = new LeaveOneGroupOut();
      expectSameFolds(cv.split(c.n, null, c.groups), c.folds);
      expect(cv.getNSplits(null, null, c.groups)).toBe(c.folds.length);
    });
  }

  it('orders numeric groups numerically (10 after 9), as np.unique', () => {
    const tests = [...new LeaveOneGroupOut().split(3, null, [10, 9, 2])].map((s) =>
      Array.from(s.test),
    );
    expect(tests).toEqual([[2], [1], [0]]);
  });

  it('rejects a single group, missing groups and a wrong length', () => {
    const cv = new LeaveOneGroupOut();
    expect(() => [...cv.split(3, null, [1, 1, 1])]).toThrow(/fewer than 2 distinct values/);
    expect(() => [...cv.split(3, null, [1, 1, 1])]).toThrow(ValidationError);
    expect(() => [...cv.split(3)]).toThrow(/needs groups/);
    expect(() => cv.getNSplits()).toThrow(/needs groups/);
    expect(() => [...cv.split(4, null, [1, 2, 3])]).toThrow(/groups has 3 entries but X has 4/);
  });
});
