/**
 * Issue 20 item 7: a fold that never returns, or a worker that allocates without end, must not
 * leave the promise pending for ever (or run the machine out of memory).
 */
import { ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import {
  HangingClassifier,
  HungryClassifier,
  hostileModule,
} from '../../test/hostile-estimators.js';
import { NearestCentroid, estimatorRegistry as testRegistry } from '../../test/nearest-centroid.js';
import { nearestCentroidModule, sklearnCv } from '../../test/sklearn-cv.js';
import { crossValidate, crossValPredict, crossValScore } from '../cross-validation.js';
import { permutationTestScore } from '../permutation-test.js';
import { LeaveOneGroupOut } from '../splitters/leave-one-group-out.js';
import { AbortError, TimeoutError, WorkerOutOfMemoryError } from './errors.js';

const { X, y, groups } = sklearnCv;
const workerModules = [hostileModule];
const cv = new LeaveOneGroupOut();

describe('signal and timeout with nJobs > 1', () => {
  it('a fold that never returns rejects with a TimeoutError and the workers stop', async () => {
    const start = Date.now();
    const error = await crossValScore(new HangingClassifier(), X, y, {
      cv,
      groups,
      nJobs: 2,
      timeout: 5000,
      workerModules,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(/within its timeout of 5000 ms/);
    // Terminated at the deadline, not when the (never-ending) folds finish.
    expect(Date.now() - start).toBeLessThan(30_000);
  });

  it('aborting the signal rejects with an AbortError carrying the reason', async () => {
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    setTimeout(() => controller.abort(reason), 4000);
    const error = await crossValidate(new HangingClassifier(), X, y, {
      cv,
      groups,
      nJobs: 2,
      signal: controller.signal,
      workerModules,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toBe(reason);
  });

  it('an already aborted signal rejects before any worker starts', async () => {
    const controller = new AbortController();
    controller.abort();
    for (const run of [
      () =>
        crossValPredict(new HangingClassifier(), X, y, {
          nJobs: 2,
          signal: controller.signal,
          workerModules,
        }),
      () =>
        permutationTestScore(new HangingClassifier(), X, y, {
          cv,
          groups,
          nJobs: 2,
          signal: controller.signal,
          workerModules,
        }),
    ]) {
      await expect(run()).rejects.toBeInstanceOf(AbortError);
    }
  });

  it('a worker out of memory rejects with a WorkerOutOfMemoryError', async () => {
    const error = await crossValScore(new HungryClassifier(), X, y, {
      cv,
      groups,
      nJobs: 2,
      workerModules,
      workerResourceLimits: { maxOldGenerationSizeMb: 128 },
      timeout: 100_000,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(WorkerOutOfMemoryError);
    expect(error.message).toMatch(/heap limit 128 MB/);
    expect((error.cause as { code?: string }).code).toBe('ERR_WORKER_OUT_OF_MEMORY');
  });

  it('a run that finishes in time gives the usual scores', async () => {
    const serial = await crossValScore(new NearestCentroid(), X, y, { cv, groups });
    const parallel = await crossValScore(new NearestCentroid(), X, y, {
      cv,
      groups,
      nJobs: 2,
      timeout: 100_000,
      signal: new AbortController().signal,
      workerModules: [nearestCentroidModule],
    });
    expect(parallel).toEqual(serial);
    expect(Object.keys(testRegistry)).toEqual(['test/NearestCentroid']);
  });

  it('rejects a bad timeout, signal or resource limit', async () => {
    await expect(crossValScore(new NearestCentroid(), X, y, { timeout: -1 })).rejects.toThrow(
      /timeout must be a positive number of milliseconds; got -1/,
    );
    await expect(
      crossValScore(new NearestCentroid(), X, y, { signal: {} as never }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      crossValScore(new NearestCentroid(), X, y, {
        nJobs: 2,
        workerModules: [nearestCentroidModule],
        workerResourceLimits: { maxOldGenerationSizeMb: 0 },
      }),
    ).rejects.toThrow(/workerResourceLimits\.maxOldGenerationSizeMb must be a positive number/);
  });
});

describe('signal with nJobs 1 (checked between folds)', () => {
  it('stops after the fold during which it was aborted', async () => {
    const controller = new AbortController();
    let fits = 0;
    class Counting extends NearestCentroid {
      override fit(...args: Parameters<NearestCentroid['fit']>): this {
        fits++;
        if (fits === 3) controller.abort('enough');
        return super.fit(...args);
      }
    }
    const error = await crossValScore(new Counting(), X, y, {
      cv,
      groups,
      signal: controller.signal,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toBe('enough');
    expect(fits).toBe(3);
    expect(cv.getNSplits(X, y, groups)).toBeGreaterThan(3);
  });
});
