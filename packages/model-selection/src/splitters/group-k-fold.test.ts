import { ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { casesFor, expectSameFolds } from '../../test/sklearn-splits.js';
import { GroupKFold } from './group-k-fold.js';

describe('GroupKFold', () => {
  for (const c of casesFor('GroupKFold')) {
    it(`equals scikit-learn 1.2: ${c.name}`, () => {
      expectSameFolds(new GroupKFold(c.params).split(c.n, null, c.groups), c.folds);
    });
  }

  it('never puts one group in two test folds', () => {
    const groups = Array.from({ length: 40 }, (_, i) => `g${i % 7}`);
    const foldOf = new Map<string, number>();
    let f = 0;
    for (const { test } of new GroupKFold({ nSplits: 3 }).split(40, null, groups)) {
      for (const i of test) {
        const g = groups[i] as string;
        expect(foldOf.get(g) ?? f).toBe(f);
        foldOf.set(g, f);
      }
      f++;
    }
    expect(foldOf.size).toBe(7);
  });

  it('rejects missing groups, wrong lengths and more splits than groups', () => {
    const cv = new GroupKFold({ nSplits: 3 });
    expect(() => [...cv.split(6)]).toThrow(/needs groups/);
    expect(() => [...cv.split(6, null, [1, 2, 3])]).toThrow(/groups has 3 entries but X has 6/);
    expect(() => [...cv.split(6, null, [1, 1, 1, 2, 2, 2])]).toThrow(/number of groups \(2\)/);
    expect(() => [...cv.split(3, null, [1, Number.NaN, 2])]).toThrow(ValidationError);
    expect(() => new GroupKFold({ nSplits: 1 })).toThrow(ValidationError);
  });
});
