import { RandomState, ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { casesFor, expectSameFolds } from '../../test/sklearn-splits.js';
import { KFold } from './k-fold.js';

describe('KFold', () => {
  for (const c of casesFor('KFold')) {
    it(`equals scikit-learn 1.2: ${c.name}`, () => {
      const cv = new KFold(c.params);
      expectSameFolds(cv.split(c.n), c.folds);
      expect(cv.getNSplits()).toBe(c.folds.length);
    });
  }

  it('gives the same folds on every call with an integer seed, new ones with a generator', () => {
    const seeded = new KFold({ nSplits: 3, shuffle: true, randomState: 5 });
    const a = [...seeded.split(12)].map((s) => Array.from(s.test));
    const b = [...seeded.split(12)].map((s) => Array.from(s.test));
    expect(a).toEqual(b);
    const rng = new KFold({ nSplits: 3, shuffle: true, randomState: new RandomState(5) });
    const c = [...rng.split(12)].map((s) => Array.from(s.test));
    const d = [...rng.split(12)].map((s) => Array.from(s.test));
    expect(c).toEqual(a);
    expect(d).not.toEqual(c);
  });

  it('partitions the samples: each is tested once, train is the complement', () => {
    const n = 29;
    const seen = new Int32Array(n);
    for (const { train, test } of new KFold({ nSplits: 6 }).split({ rows: n })) {
      expect(train.length + test.length).toBe(n);
      for (const i of test) seen[i]++;
      const inTest = new Set(test);
      for (const i of train) expect(inTest.has(i)).toBe(false);
    }
    expect(Array.from(seen)).toEqual(new Array(n).fill(1));
  });

  it('counts samples of matrices, arrays of rows and shaped arrays', () => {
    const cv = new KFold({ nSplits: 2 });
    expect([...cv.split([[1], [2], [3]])][0]?.test).toEqual(Int32Array.from([0, 1]));
    expect([...cv.split({ data: new Float64Array(8), shape: [4, 2] })][1]?.test).toEqual(
      Int32Array.from([2, 3]),
    );
  });

  it('rejects bad options and too few samples with ValidationError', () => {
    expect(() => new KFold({ nSplits: 1 })).toThrow(ValidationError);
    expect(() => new KFold({ nSplits: 2.5 })).toThrow(ValidationError);
    expect(() => new KFold({ randomState: 0 })).toThrow(/shuffle is false/);
    expect(() => new KFold({ shuffle: 'yes' as never })).toThrow(ValidationError);
    expect(() => [...new KFold({ nSplits: 5 }).split(4)]).toThrow(
      /nSplits=5 greater than the number of samples: nSamples=4/,
    );
    expect(() => [...new KFold().split({} as never)]).toThrow(ValidationError);
  });
});
