import { RandomState } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { NearestCentroid } from '../test/nearest-centroid.js';
import { sklearnCv } from '../test/sklearn-cv.js';
import { sklearnSplits } from '../test/sklearn-splits.js';
import { permutationOrder, permutationTestScore } from './permutation-test.js';
import { LeaveOneGroupOut } from './splitters/leave-one-group-out.js';
import { encodeGroups } from './splitters/splitter.js';
import { StratifiedKFold } from './splitters/stratified-k-fold.js';

describe('permutationOrder', () => {
  for (const c of sklearnSplits.permutationShuffles) {
    it(`draws scikit-learn's _shuffle permutations: ${c.name}`, () => {
      const rng = new RandomState(c.seed);
      const enc = c.groups ? encodeGroups(c.groups, c.n, 'test') : undefined;
      for (const draw of c.draws) {
        expect(Array.from(permutationOrder(c.n, enc?.codes, enc?.unique.length ?? 0, rng))).toEqual(
          draw,
        );
      }
    });
  }
});

describe('permutationTestScore', () => {
  const { X, y, groups } = sklearnCv;
  // Golden: scikit-learn 1.2.1 permutation_test_score with NearestCentroid (make-sklearn-cv.py).
  it('equals scikit-learn with LeaveOneGroupOut, labels permuted within groups', async () => {
    const expected = sklearnCv.permutationTestScore['logo-groups'];
    const r = await permutationTestScore(new NearestCentroid(), X, y, {
      cv: new LeaveOneGroupOut(),
      groups,
      nPermutations: 20,
      randomState: 0,
    });
    expect(r.score).toBe(expected?.score);
    expect(Array.from(r.permutationScores)).toEqual(expected?.permutationScores);
    expect(r.pvalue).toBe(expected?.pvalue);
  });

  it('equals scikit-learn with StratifiedKFold recomputed on permuted labels', async () => {
    const expected = sklearnCv.permutationTestScore['skf3-seed4'];
    const r = await permutationTestScore(new NearestCentroid(), X, y, {
      cv: new StratifiedKFold({ nSplits: 3 }),
      nPermutations: 15,
      randomState: 4,
    });
    expect(r.score).toBe(expected?.score);
    expect(Array.from(r.permutationScores)).toEqual(expected?.permutationScores);
    expect(r.pvalue).toBe(expected?.pvalue);
  });

  it('rejects bad nPermutations and missing y', async () => {
    await expect(
      permutationTestScore(new NearestCentroid(), X, y, { nPermutations: 0 }),
    ).rejects.toThrow(/nPermutations/);
    await expect(
      permutationTestScore(new NearestCentroid(), X, undefined as never),
    ).rejects.toThrow(/needs y/);
  });
});
