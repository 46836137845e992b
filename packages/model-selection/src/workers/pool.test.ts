import { ValidationError } from '@voxelkit/core';
import { captureWarnings } from '@voxelkit/core/testing';
import { DummyClassifier, Pipeline, StandardScaler, SVC } from '@voxelkit/estimators';
import { describe, expect, it } from 'vitest';
import { NearestCentroid, UnregisteredClassifier } from '../../test/nearest-centroid.js';
import { nearestCentroidModule, sklearnCv } from '../../test/sklearn-cv.js';
import { crossValidate, crossValPredict, crossValScore } from '../cross-validation.js';
import { permutationTestScore } from '../permutation-test.js';
import { KFold } from '../splitters/k-fold.js';
import { LeaveOneGroupOut } from '../splitters/leave-one-group-out.js';
import { resolveNJobs, workerExecArgv } from './pool.js';

const { X, y, groups } = sklearnCv;
const workerModules = [nearestCentroidModule];

describe('nJobs > 1 on worker_threads (TypeScript sources through tsx)', () => {
  it('crossValScore gives the same scores, in the same order, as nJobs 1', async () => {
    const cv = new LeaveOneGroupOut();
    const serial = await crossValScore(new NearestCentroid(), X, y, { cv, groups });
    const parallel = await crossValScore(new NearestCentroid({ tag: 'w' }), X, y, {
      cv,
      groups,
      nJobs: 2,
      workerModules,
    });
    expect(parallel).toEqual(serial);
  });

  it('permutationTestScore is identical with nJobs 1 and 3', async () => {
    const options = { cv: new LeaveOneGroupOut(), groups, nPermutations: 12, randomState: 3 };
    const a = await permutationTestScore(new NearestCentroid(), X, y, options);
    const b = await permutationTestScore(new NearestCentroid(), X, y, {
      ...options,
      nJobs: 3,
      workerModules,
    });
    expect(b).toEqual(a);
  });

  it('runs a Pipeline (nested estimators) on workers with identical scores', async () => {
    const make = () =>
      new Pipeline({
        steps: [
          ['scale', new StandardScaler()],
          ['svc', new SVC({ kernel: 'linear', C: 0.1 })],
        ],
      });
    const options = { cv: new LeaveOneGroupOut(), groups, scoring: 'roc_auc' };
    const serial = await crossValScore(make(), X, y, options);
    const parallel = await crossValScore(make(), X, y, { ...options, nJobs: 2 });
    expect(parallel).toEqual(serial);
    for (const s of serial) expect(s).toBeGreaterThan(0);
  });

  it('returns fitted estimators and predictions from workers', async () => {
    const r = await crossValidate(new DummyClassifier({ strategy: 'most_frequent' }), X, y, {
      cv: new KFold({ nSplits: 3 }),
      nJobs: 2,
      returnEstimator: true,
      returnTrainScore: true,
      scoring: 'accuracy',
    });
    expect(r.estimator?.[2]).toBeInstanceOf(DummyClassifier);
    expect(r.estimator?.[2]?.classes_).toEqual(['cat', 'face']);
    expect(r.estimator?.[2]?.getParams().strategy).toBe('most_frequent');
    const serial = await crossValidate(new DummyClassifier({ strategy: 'most_frequent' }), X, y, {
      cv: new KFold({ nSplits: 3 }),
      returnTrainScore: true,
      scoring: 'accuracy',
    });
    expect(r.testScore).toEqual(serial.testScore);
    expect(r.trainScore).toEqual(serial.trainScore);
    const multi = { cv: new KFold({ nSplits: 3 }), scoring: ['accuracy', 'f1_macro'] };
    const m1 = await crossValidate(new NearestCentroid(), X, y, multi);
    const m2 = await crossValidate(new NearestCentroid(), X, y, {
      ...multi,
      nJobs: 2,
      workerModules,
    });
    expect(m2.testScores).toEqual(m1.testScores);
    const pred = await crossValPredict(new NearestCentroid(), X, y, { nJobs: 2, workerModules });
    expect(pred).toEqual(await crossValPredict(new NearestCentroid(), X, y));
  });

  it('fails clearly for an unregistered estimator, a scoring function or a missing module', async () => {
    await expect(crossValScore(new UnregisteredClassifier(), X, y, { nJobs: 2 })).rejects.toThrow(
      /UnregisteredClassifier .* is not registered/,
    );
    await expect(
      crossValScore(new NearestCentroid(), X, y, { nJobs: 2, scoring: () => 1, workerModules }),
    ).rejects.toThrow(/scoring function cannot be sent/);
    // Registered here but the worker was not told which module registers it.
    const error = await crossValScore(new NearestCentroid(), X, y, { nJobs: 2 }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/No estimator is registered as "test\/NearestCentroid"/);
  });

  it('re-raises errors from a worker with their type', async () => {
    const error = await crossValScore(new DummyClassifier({ strategy: 'nope' as never }), X, y, {
      nJobs: 2,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/Unknown strategy "nope"/);
  });
});

describe('resolveNJobs', () => {
  it('follows scikit-learn’s n_jobs conventions', () => {
    expect(resolveNJobs(undefined)).toBe(1);
    expect(resolveNJobs(3)).toBe(3);
    expect(resolveNJobs(-1, 8)).toBe(8);
    expect(resolveNJobs(-2, 8)).toBe(7);
    expect(resolveNJobs(-20, 8)).toBe(1);
    expect(() => resolveNJobs(0)).toThrow(ValidationError);
    expect(() => resolveNJobs(1.5)).toThrow(ValidationError);
  });
});

describe('workerExecArgv', () => {
  it('drops the flags a worker rejects and keeps the others', () => {
    expect(
      workerExecArgv([
        '--input-type=module',
        '-e',
        'code',
        '--conditions=x',
        '--max-old-space-size=100',
      ]),
    ).toEqual(['--conditions=x', '--max-old-space-size=100']);
    expect(workerExecArgv(['--input-type', 'module', '--print', '1+1'])).toEqual([]);
  });
});

describe('warnings raised in workers', () => {
  const seen = captureWarnings();

  it('reach the main thread’s warning handler with their type', async () => {
    const { ConvergenceWarning } = await import('@voxelkit/core');
    // maxIter 1 stops the SMO solver before convergence in every fold.
    await crossValScore(new SVC({ kernel: 'linear', maxIter: 1 }), X, y, {
      cv: new KFold({ nSplits: 2 }),
      nJobs: 2,
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toBeInstanceOf(ConvergenceWarning);
    expect((seen[0] as Error).message).toMatch(/raised in a worker thread/);
  });
});
