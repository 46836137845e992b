/**
 * The `executor` and `onProgress` options (issue 19): a RunExecutor receives the run's shared data
 * once and its jobs; here one that runs them in this thread through the same worker code
 * (`serveFoldJobs`) that worker threads and `voxelkit-worker` use. Results must equal
 * scikit-learn's (test/fixtures/sklearn-cv.json, scikit-learn 1.2.1) and those of `nJobs: 1`.
 */
import { ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { NearestCentroid, estimatorRegistry as testRegistry } from '../../test/nearest-centroid.js';
import { sklearnCv } from '../../test/sklearn-cv.js';
import { crossValScore } from '../cross-validation.js';
import type { FoldJob, JobResult } from '../fit-and-score.js';
import { GridSearchCV } from '../grid-search.js';
import { permutationTestScore } from '../permutation-test.js';
import { LeaveOneGroupOut } from '../splitters/leave-one-group-out.js';
import type { Executor, RunExecutor, RunProgress } from './executor.js';
import type { JobMessage, WorkerInit, WorkerMessage } from './protocol.js';
import { serveFoldJobs } from './serve.js';

const { X, y, groups } = sklearnCv;
const cv = new LeaveOneGroupOut();

/** Runs each run's jobs on this thread through serveFoldJobs; records what it was given. */
class InThreadExecutor implements RunExecutor {
  inits: WorkerInit[] = [];
  jobs = 0;

  forRun(init: WorkerInit): Executor<FoldJob, JobResult> {
    this.inits.push(init);
    return {
      run: async (jobs, options = {}) => {
        let listener: ((m: JobMessage) => void) | undefined;
        let reply: WorkerMessage | undefined;
        await serveFoldJobs(
          init,
          { post: (m) => void (reply = m), onMessage: (l) => void (listener = l) },
          [testRegistry],
        );
        options.onStatus?.({ workers: 1, message: '1 worker in this thread' });
        const out: JobResult[] = [];
        for (let i = 0; i < jobs.length; i++) {
          listener?.({ type: 'job', id: i, job: jobs[i] as FoldJob });
          const m = reply as WorkerMessage;
          if (m.type !== 'result') throw new Error(`job ${i}: ${JSON.stringify(m)}`);
          out.push(m.result);
          this.jobs++;
          options.onResult?.(i, m.result);
          // A result reported twice (a retried task) must not count twice.
          options.onResult?.(i, m.result);
        }
        return out;
      },
    };
  }
}

describe('executor', () => {
  it('gets the run once and gives scikit-learn’s scores (crossValScore, permutationTestScore)', async () => {
    const executor = new InThreadExecutor();
    const scores = await crossValScore(new NearestCentroid(), X, y, { cv, groups, executor });
    const golden = sklearnCv.crossValScore.logo as number[];
    expect(scores.length).toBe(golden.length);
    for (let i = 0; i < golden.length; i++) expect(scores[i]).toBeCloseTo(golden[i] as number, 12);
    expect(scores).toEqual(await crossValScore(new NearestCentroid(), X, y, { cv, groups }));
    expect(executor.inits.length).toBe(1);
    const init = executor.inits[0] as WorkerInit;
    expect([init.X.rows, init.X.cols]).toEqual([X.length, (X[0] as number[]).length]);
    expect(init.estimator.$estimator).toBe('test/NearestCentroid');
    expect(executor.jobs).toBe(golden.length);

    const p = sklearnCv.permutationTestScore['logo-groups'] as {
      score: number;
      permutationScores: number[];
      pvalue: number;
    };
    const r = await permutationTestScore(new NearestCentroid(), X, y, {
      cv,
      groups,
      nPermutations: p.permutationScores.length,
      randomState: 0,
      executor,
    });
    expect(r.score).toBeCloseTo(p.score, 12);
    expect(r.pvalue).toBe(p.pvalue);
    const local = await permutationTestScore(new NearestCentroid(), X, y, {
      cv,
      groups,
      nPermutations: p.permutationScores.length,
      randomState: 0,
    });
    expect(r.permutationScores).toEqual(local.permutationScores);
  });

  it('GridSearchCV.fitAsync takes it too', async () => {
    const executor = new InThreadExecutor();
    const params = { estimator: new NearestCentroid(), paramGrid: { tag: ['a', 'b'] }, cv };
    const a = new GridSearchCV(params).fit(X, y, groups);
    const b = await new GridSearchCV(params).fitAsync(X, y, groups, { executor });
    expect(b.cvResults_?.splitTestScores).toEqual(a.cvResults_?.splitTestScores);
    expect(executor.inits.length).toBe(1);
  });

  it('rejects what is not one, and scoring functions, before any work', async () => {
    await expect(
      crossValScore(new NearestCentroid(), X, y, { cv: 3, executor: {} as RunExecutor }),
    ).rejects.toThrow(/executor must be a run executor with forRun/);
    const executor = new InThreadExecutor();
    await expect(
      crossValScore(new NearestCentroid(), X, y, { cv: 3, executor, scoring: () => 1 }),
    ).rejects.toThrow(/scoring function cannot be sent to remote workers/);
    expect(executor.inits.length).toBe(0);
  });
});

describe('onProgress', () => {
  it('counts each job once, with rate and ETA, on this thread and through an executor', async () => {
    for (const executor of [undefined, new InThreadExecutor()]) {
      const seen: RunProgress[] = [];
      await crossValScore(new NearestCentroid(), X, y, {
        cv,
        groups,
        executor,
        onProgress: (p) => seen.push({ ...p }),
      });
      const nSplits = (sklearnCv.crossValScore.logo as number[]).length;
      const done = seen.map((p) => p.done);
      expect(done.filter((d, i) => i === 0 || d !== done[i - 1] || d === 0)).toEqual(
        executor
          ? [0, ...Array.from({ length: nSplits }, (_, i) => i + 1)]
          : Array.from({ length: nSplits }, (_, i) => i + 1),
      );
      expect(seen.every((p) => p.total === nSplits)).toBe(true);
      const last = seen.at(-1) as RunProgress;
      expect(last.eta).toBe(0);
      expect(last.rate).toBeGreaterThan(0);
      if (executor) {
        expect(seen[0]).toMatchObject({ done: 0, workers: 1, message: '1 worker in this thread' });
        expect(seen[0]?.eta).toBe(Number.POSITIVE_INFINITY);
      }
    }
  });

  it('must be a function; an error it throws stops the run', async () => {
    await expect(
      crossValScore(new NearestCentroid(), X, y, { cv: 3, onProgress: 5 as never }),
    ).rejects.toThrow(ValidationError);
    await expect(
      crossValScore(new NearestCentroid(), X, y, {
        cv: 3,
        onProgress: () => {
          throw new Error('stop here');
        },
      }),
    ).rejects.toThrow('stop here');
  });
});
