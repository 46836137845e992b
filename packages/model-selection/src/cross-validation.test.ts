import { setWarningHandler, ValidationError } from '@voxelkit/core';
import { captureWarnings } from '@voxelkit/core/testing';
import { DummyClassifier } from '@voxelkit/estimators';
import { describe, expect, it } from 'vitest';
import { NearestCentroid } from '../test/nearest-centroid.js';
import { sklearnCv } from '../test/sklearn-cv.js';
import {
  crossValidate,
  crossValPredict,
  crossValScore,
  FoldClassesWarning,
} from './cross-validation.js';
import { KFold } from './splitters/k-fold.js';
import { LeaveOneGroupOut } from './splitters/leave-one-group-out.js';
import { ShuffleSplit } from './splitters/shuffle-split.js';
import { StratifiedKFold } from './splitters/stratified-k-fold.js';

const { X, y, groups } = sklearnCv;

function close(actual: Float64Array, expected: number[]): void {
  expect(actual).toBeInstanceOf(Float64Array);
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expect(actual[i]).toBeCloseTo(expected[i] as number, 12);
}

// Golden numbers: scikit-learn 1.2.1 NearestCentroid on test/fixtures/sklearn-cv.json's data.
describe('crossValScore equals scikit-learn (NearestCentroid, 36 × 4)', () => {
  it('default cv = StratifiedKFold(5) for a classifier', async () => {
    close(
      await crossValScore(new NearestCentroid(), X, y),
      sklearnCv.crossValScore.default as number[],
    );
  });
  it('KFold(3) and shuffled KFold(4, seed 0)', async () => {
    close(
      await crossValScore(new NearestCentroid(), X, y, { cv: new KFold({ nSplits: 3 }) }),
      sklearnCv.crossValScore.kfold3 as number[],
    );
    close(
      await crossValScore(new NearestCentroid(), X, y, {
        cv: new KFold({ nSplits: 4, shuffle: true, randomState: 0 }),
      }),
      sklearnCv.crossValScore['kfold4-shuffle0'] as number[],
    );
  });
  it('LeaveOneGroupOut with groups, default and balanced_accuracy scoring', async () => {
    const cv = new LeaveOneGroupOut();
    close(
      await crossValScore(new NearestCentroid(), X, y, { cv, groups }),
      sklearnCv.crossValScore.logo as number[],
    );
    close(
      await crossValScore(new NearestCentroid(), X, y, {
        cv,
        groups,
        scoring: 'balanced_accuracy',
      }),
      sklearnCv.crossValScore['logo-balanced'] as number[],
    );
  });
  it('an integer cv means StratifiedKFold for classifiers', async () => {
    const a = await crossValScore(new NearestCentroid(), X, y, { cv: 4 });
    const b = await crossValScore(new NearestCentroid(), X, y, {
      cv: new StratifiedKFold({ nSplits: 4 }),
    });
    expect(a).toEqual(b);
  });
});

describe('crossValScore / crossValidate behaviour', () => {
  it('never fits the caller’s estimator', async () => {
    const est = new NearestCentroid();
    await crossValScore(est, X, y);
    expect(est.classes_).toBeUndefined();
    expect(est.nFeaturesIn_).toBeUndefined();
  });

  it('DummyClassifier scores the majority-class rate of each test fold', async () => {
    const yy = ['a', 'a', 'a', 'b', 'a', 'a', 'a', 'b', 'a', 'b'];
    const XX = yy.map((_, i) => [i]);
    const scores = await crossValScore(new DummyClassifier(), XX, yy, {
      cv: new KFold({ nSplits: 2 }),
    });
    // Fold 1 trains on rows 5-9 (a,a,b,a,b → "a"), tests rows 0-4 (a,a,a,b,a): 4/5.
    // Fold 2 trains on rows 0-4 ("a"), tests rows 5-9 (a,a,b,a,b): 3/5.
    expect(Array.from(scores)).toEqual([0.8, 0.6]);
  });

  it('crossValidate returns train scores, times and fitted estimators', async () => {
    const r = await crossValidate(new NearestCentroid(), X, y, {
      cv: new KFold({ nSplits: 3 }),
      returnTrainScore: true,
      returnEstimator: true,
    });
    close(r.testScore, sklearnCv.crossValScore.kfold3 as number[]);
    expect(r.trainScore?.length).toBe(3);
    for (const s of r.trainScore ?? []) expect(s).toBeGreaterThan(0.5);
    for (const t of r.fitTime) expect(t).toBeGreaterThanOrEqual(0);
    for (const t of r.scoreTime) expect(t).toBeGreaterThanOrEqual(0);
    expect(r.estimator?.length).toBe(3);
    expect(r.estimator?.[0]?.classes_).toEqual(['cat', 'face']);
    expect(r.estimator?.[0]).not.toBe(r.estimator?.[1]);
  });

  it('accepts explicit { train, test } pairs as cv', async () => {
    const cv = [...new KFold({ nSplits: 3 }).split(X)];
    close(
      await crossValScore(new NearestCentroid(), X, y, { cv }),
      sklearnCv.crossValScore.kfold3 as number[],
    );
  });

  it('rejects bad input with ValidationError', async () => {
    const est = new NearestCentroid();
    await expect(crossValScore(est, X, y.slice(1))).rejects.toThrow(/y has 35 labels but X has 36/);
    await expect(crossValScore(est, X, y, { cv: new LeaveOneGroupOut() })).rejects.toThrow(
      /needs groups/,
    );
    await expect(
      crossValScore(est, X, y, { cv: new LeaveOneGroupOut(), groups: groups.slice(2) }),
    ).rejects.toThrow(/groups has 34 entries but X has 36/);
    await expect(
      crossValScore(est, X, y, { cv: new LeaveOneGroupOut(), groups: X.map(() => 1) }),
    ).rejects.toThrow(/fewer than 2 distinct/);
    await expect(crossValScore(est, X, y, { scoring: 'accurasy' })).rejects.toThrow(
      /Unknown scoring "accurasy"/,
    );
    await expect(crossValScore(est, X, y, { cv: 40 })).rejects.toThrow(ValidationError);
    await expect(crossValScore(est, X, y, { cv: 'five' as never })).rejects.toThrow(/cv must be/);
    await expect(crossValScore({} as never, X, y)).rejects.toThrow(/estimator must be/);
    await expect(crossValScore(est, X, y, { nJobs: 0 })).rejects.toThrow(/nJobs/);
    // A class smaller than nSplits is a warning (as in scikit-learn), not an error.
    const rare = y.map((_, i) => (i < 2 ? 'rare' : 'common'));
    const warnings: string[] = [];
    const previous = setWarningHandler((w) => warnings.push(w.message));
    try {
      const scores = await crossValScore(est, X, rare, { cv: new StratifiedKFold({ nSplits: 5 }) });
      expect(scores).toHaveLength(5);
    } finally {
      setWarningHandler(previous);
    }
    expect(warnings).toEqual([
      'The least populated class in y has only 2 members, which is less than nSplits=5.',
    ]);
  });
});

describe('crossValPredict', () => {
  it('equals scikit-learn cross_val_predict (StratifiedKFold(4))', async () => {
    const pred = await crossValPredict(new NearestCentroid(), X, y, {
      cv: new StratifiedKFold({ nSplits: 4 }),
    });
    expect(pred).toEqual(sklearnCv.crossValPredict.skf4);
  });

  it('returns aligned probability matrices', async () => {
    const proba = await crossValPredict(new DummyClassifier(), X, y, {
      method: 'predictProba',
      cv: 3,
    });
    expect(proba).toMatchObject({ rows: 36, cols: 2 });
    const m = proba as { data: Float64Array };
    // Stratified folds keep the 1/3 cat rate in every training set.
    expect(m.data[0]).toBeCloseTo(1 / 3, 12);
    expect(m.data[1]).toBeCloseTo(2 / 3, 12);
  });

  it('rejects splits that are not a partition and unknown methods', async () => {
    await expect(
      crossValPredict(new NearestCentroid(), X, y, {
        cv: new ShuffleSplit({ nSplits: 2, randomState: 0 }),
      }),
    ).rejects.toThrow(/only works for partitions/);
    await expect(
      crossValPredict(new NearestCentroid(), X, y, { method: 'decisionFunction' }),
    ).rejects.toThrow(/no decisionFunction\(\) method/);
    await expect(
      crossValPredict(new NearestCentroid(), X, y, { method: 'nope' as never }),
    ).rejects.toThrow(/Unknown method/);
  });
});

describe('crossValPredict with folds missing a class', () => {
  const warnings = captureWarnings();

  it('puts probabilities in the global class columns, 0 for unseen classes, and warns', async () => {
    const labels = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c'];
    const XX = labels.map((_, i) => [i]);
    const proba = (await crossValPredict(new DummyClassifier(), XX, labels, {
      method: 'predictProba',
      cv: new KFold({ nSplits: 2 }),
    })) as { data: Float64Array; rows: number; cols: number };
    expect([proba.rows, proba.cols]).toEqual([8, 3]);
    // Fold 1 trains on rows 4-7 (b, b, c, c): rows 0-3 get [0, 0.5, 0.5].
    expect(Array.from(proba.data.subarray(0, 3))).toEqual([0, 0.5, 0.5]);
    // Fold 2 trains on rows 0-3 (a, a, a, b): rows 4-7 get [0.75, 0.25, 0].
    expect(Array.from(proba.data.subarray(21, 24))).toEqual([0.75, 0.25, 0]);
    expect(warnings.length).toBe(2);
    expect(warnings[0]?.message).toMatch(/Number of classes in a training fold \(2\)/);
    expect(warnings[0]).toBeInstanceOf(FoldClassesWarning);
  });
});

describe('crossValidate with several metrics', () => {
  it('scores every fold with each metric (scikit-learn’s test_<name>)', async () => {
    const r = await crossValidate(new NearestCentroid(), X, y, {
      cv: new LeaveOneGroupOut(),
      groups,
      scoring: ['accuracy', 'balanced_accuracy'],
      returnTrainScore: true,
    });
    expect(Object.keys(r.testScores)).toEqual(['accuracy', 'balanced_accuracy']);
    close(r.testScores.accuracy as Float64Array, sklearnCv.crossValScore.logo as number[]);
    close(
      r.testScores.balanced_accuracy as Float64Array,
      sklearnCv.crossValScore['logo-balanced'] as number[],
    );
    expect(r.testScore).toBe(r.testScores.accuracy);
    expect(Object.keys(r.trainScores ?? {})).toEqual(['accuracy', 'balanced_accuracy']);
    expect(r.trainScore).toBe(r.trainScores?.accuracy);
  });

  it('accepts named scorings with functions; a single scoring is keyed "score"', async () => {
    const r = await crossValidate(new NearestCentroid(), X, y, {
      cv: new KFold({ nSplits: 3 }),
      scoring: { acc: 'accuracy', half: () => 0.5 },
    });
    close(r.testScores.acc as Float64Array, sklearnCv.crossValScore.kfold3 as number[]);
    expect(Array.from(r.testScores.half as Float64Array)).toEqual([0.5, 0.5, 0.5]);
    const single = await crossValidate(new NearestCentroid(), X, y, {
      cv: new KFold({ nSplits: 3 }),
    });
    expect(Object.keys(single.testScores)).toEqual(['score']);
  });

  it('rejects empty or duplicate metric lists', async () => {
    await expect(crossValidate(new NearestCentroid(), X, y, { scoring: [] })).rejects.toThrow(
      /empty/,
    );
    await expect(
      crossValidate(new NearestCentroid(), X, y, { scoring: ['accuracy', 'accuracy'] }),
    ).rejects.toThrow(/twice/);
    await expect(crossValidate(new NearestCentroid(), X, y, { scoring: ['nope'] })).rejects.toThrow(
      /Unknown scoring "nope"/,
    );
  });
});
