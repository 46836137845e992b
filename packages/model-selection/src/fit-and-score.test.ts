import { ValidationError } from '@voxelkit/core';
import { DummyClassifier } from '@voxelkit/estimators';
import { defaultScore } from '@voxelkit/metrics';
import { describe, expect, it } from 'vitest';
import { sklearnCv } from '../test/sklearn-cv.js';
import { runJob, takeTargets } from './fit-and-score.js';

describe('runJob', () => {
  const X = { data: Float64Array.from(sklearnCv.X.flat()), rows: 36, cols: 4 };
  const ctx = { estimator: new DummyClassifier(), X, y: sklearnCv.y, scorers: [defaultScore] };
  const train = Int32Array.from({ length: 30 }, (_, i) => i);
  const test = Int32Array.from({ length: 6 }, (_, i) => 30 + i);

  it('fits a clone on the training rows and scores the test rows', () => {
    const r = runJob(ctx, {
      kind: 'score',
      train,
      test,
      returnTrainScore: true,
      returnEstimator: true,
    });
    expect(r.kind).toBe('score');
    if (r.kind !== 'score') return;
    // Majority class of rows 0-29 is "face" (2 of 3); rows 30-35 hold 4 faces.
    expect(r.testScores).toEqual([4 / 6]);
    expect(r.trainScores).toEqual([20 / 30]);
    expect(r.estimator).not.toBe(ctx.estimator);
    expect(ctx.estimator.classes_).toBeUndefined();
  });

  it('rejects a scorer that does not return a number', () => {
    expect(() =>
      runJob(
        { ...ctx, scorers: [() => Number.NaN] },
        { kind: 'score', train, test, returnTrainScore: false, returnEstimator: false },
      ),
    ).toThrow(ValidationError);
  });

  it('takeTargets keeps the kind of y', () => {
    expect(takeTargets(Float64Array.from([1, 2, 3]), [2, 0])).toEqual(Float64Array.from([3, 1]));
    expect(takeTargets(['a', 'b', 'c'], Int32Array.from([1]))).toEqual(['b']);
  });
});
