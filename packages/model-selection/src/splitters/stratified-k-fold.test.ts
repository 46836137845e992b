import { ValidationError } from '@voxelkit/core';
import { captureWarnings } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { casesFor, expectSameFolds } from '../../test/sklearn-splits.js';
import { SplitWarning } from './splitter.js';
import { StratifiedKFold } from './stratified-k-fold.js';

describe('StratifiedKFold', () => {
  const warnings = captureWarnings();

  for (const c of casesFor('StratifiedKFold')) {
    it(`equals scikit-learn 1.2: ${c.name}`, () => {
      expectSameFolds(new StratifiedKFold(c.params).split(c.n, c.y), c.folds);
      // scikit-learn warns when the least populated class is smaller than nSplits.
      const counts = new Map<unknown, number>();
      for (const label of c.y ?? []) counts.set(label, (counts.get(label) ?? 0) + 1);
      const least = Math.min(...counts.values());
      const nSplits = c.params.nSplits as number;
      expect(warnings.length).toBe(least < nSplits ? 1 : 0);
      if (warnings[0]) {
        expect(warnings[0]).toBeInstanceOf(SplitWarning);
        expect(warnings[0].message).toContain(
          `only ${least} members, which is less than nSplits=${nSplits}`,
        );
      }
    });
  }

  it('keeps class proportions within one sample per fold', () => {
    const y = Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? 'rare' : 'common'));
    for (const { test } of new StratifiedKFold({ nSplits: 5 }).split(50, y)) {
      const rare = Array.from(test).filter((i) => y[i] === 'rare').length;
      expect(rare).toBe(2);
      expect(test.length).toBe(10);
    }
  });

  it('rejects missing or continuous y and classes all smaller than nSplits', () => {
    const cv = new StratifiedKFold({ nSplits: 3 });
    expect(() => [...cv.split(6)]).toThrow(/needs y/);
    expect(() => [...cv.split(6, [0.5, 1.5, 2, 3, 4, 5])]).toThrow(/continuous target/);
    expect(() => [...cv.split(4, ['a', 'a', 'b', 'b'])]).toThrow(ValidationError);
    expect(() => [...cv.split(4, ['a', 'b'])]).toThrow(/y has 2 labels but X has 4 samples/);
    expect(() => [...cv.split(2, ['a', 'b'])]).toThrow(/greater than the number of samples/);
  });
});
