import { ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { sklearnSplits } from '../../test/sklearn-splits.js';
import { trainTestSplit, trainTestSplitIndices } from './train-test-split.js';

describe('trainTestSplit', () => {
  for (const c of sklearnSplits.trainTestSplit) {
    it(`equals scikit-learn 1.2: ${c.name}`, () => {
      const { train, test } = trainTestSplitIndices(c.n, c.options);
      expect(Array.from(train)).toEqual(c.train);
      expect(Array.from(test)).toEqual(c.test);
    });
  }

  it('splits X and y consistently, keeping typed arrays typed', () => {
    const X = Array.from({ length: 10 }, (_, i) => [i, 10 * i]);
    const y = Float64Array.from({ length: 10 }, (_, i) => i / 2);
    const r = trainTestSplit(X, y, { testSize: 0.3, randomState: 1 });
    expect(r.XTrain.rows).toBe(7);
    expect(r.XTest.rows).toBe(3);
    expect(r.yTest).toBeInstanceOf(Float64Array);
    for (let i = 0; i < 3; i++) {
      expect(r.XTest.data[2 * i]).toBe(r.test[i]);
      expect(r.yTest[i]).toBe((r.test[i] as number) / 2);
    }
    const labels = ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'];
    const s = trainTestSplit(X, labels, { testSize: 4, randomState: 0, stratify: labels });
    expect([...s.yTest].sort()).toEqual(['a', 'a', 'b', 'b']);
    expect(trainTestSplit(X).yTrain).toBeUndefined();
  });

  it('rejects stratify without shuffle and mismatched lengths', () => {
    const X = [[1], [2], [3], [4]];
    expect(() =>
      trainTestSplit(X, [1, 2, 3, 4], { shuffle: false, stratify: [0, 0, 1, 1] }),
    ).toThrow(/needs shuffle/);
    expect(() => trainTestSplit(X, [1, 2, 3])).toThrow(ValidationError);
    expect(() => trainTestSplit(X, undefined, { stratify: [0, 1] })).toThrow(/stratify has 2/);
  });
});
