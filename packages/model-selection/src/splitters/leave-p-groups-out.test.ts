import { ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { casesFor, expectSameFolds } from '../../test/sklearn-splits.js';
import { LeavePGroupsOut } from './leave-p-groups-out.js';

describe('LeavePGroupsOut', () => {
  for (const c of casesFor('LeavePGroupsOut')) {
    it(`equals scikit-learn 1.2: ${c.name}`, () => {
      const cv = new LeavePGroupsOut(c.params as { nGroups: number });
      expectSameFolds(cv.split(c.n, null, c.groups), c.folds);
      expect(cv.getNSplits(null, null, c.groups)).toBe(c.folds.length);
    });
  }

  it('rejects nGroups >= number of groups and invalid nGroups', () => {
    expect(() => [...new LeavePGroupsOut({ nGroups: 2 }).split(4, null, [1, 1, 2, 2])]).toThrow(
      /at least nGroups \+ 1 \(3\) groups/,
    );
    expect(() => new LeavePGroupsOut({ nGroups: 0 })).toThrow(ValidationError);
    expect(() => new LeavePGroupsOut(undefined as never)).toThrow(ValidationError);
  });
});
