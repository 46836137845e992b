/**
 * RedisExecutor against a real redis-server and two real `voxelkit-worker` processes: every
 * caller of `executor` gives bitwise the results of `nJobs: 1`; X is stored once under its
 * content hash; progress counts each task once; aborting removes the pending tasks.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@voxelkit/core';
import { LogisticRegression, SVC } from '@voxelkit/estimators';
import {
  AbortError,
  crossValidate,
  crossValPredict,
  crossValScore,
  GridSearchCV,
  LeaveOneGroupOut,
  permutationTestScore,
  type RunProgress,
} from '@voxelkit/model-selection';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { useTestCluster } from '../test/cluster.js';
import { haxbyAvailable, loadFaceCat } from '../test/haxby-slice.js';
import { problem } from '../test/problem.js';
import { redisServerOrSkip } from '../test/redis-server.js';
import { SlowClassifier, slowModule } from '../test/slow-classifier.js';
import { RedisExecutor } from './redis-executor.js';

const binary = redisServerOrSkip();
const { X, y, groups } = problem();
const cv = new LeaveOneGroupOut();

describe.skipIf(binary === undefined)('RedisExecutor with 2 voxelkit-worker processes', () => {
  const cluster = useTestCluster(binary);

  it('sees the two workers', async () => {
    expect(await cluster.executor.workerCount()).toBe(2);
  });

  it('crossValScore and crossValidate equal nJobs: 1 bitwise, fitted estimators included', async () => {
    const svc = new SVC({ kernel: 'linear', C: 0.1 });
    const local = await crossValScore(svc, X, y, { cv, groups });
    const remote = await crossValScore(svc, X, y, { cv, groups, executor: cluster.executor });
    expect(remote).toEqual(local);
    expect(remote.length).toBe(6);
    expect(remote.reduce((a, b) => a + b, 0) / 6).toBeGreaterThan(0.6);

    const opts = {
      cv,
      groups,
      returnTrainScore: true,
      returnEstimator: true,
      scoring: ['accuracy', 'roc_auc'],
    };
    const a = await crossValidate(new LogisticRegression(), X, y, opts);
    const b = await crossValidate(new LogisticRegression(), X, y, {
      ...opts,
      executor: cluster.executor,
    });
    expect(b.testScores).toEqual(a.testScores);
    expect(b.trainScores).toEqual(a.trainScores);
    expect(b.estimator?.length).toBe(6);
    for (let f = 0; f < 6; f++) {
      const ea = a.estimator?.[f] as LogisticRegression;
      const eb = b.estimator?.[f] as LogisticRegression;
      expect(eb).toBeInstanceOf(LogisticRegression);
      expect(eb.coef_?.data).toEqual(ea.coef_?.data);
      expect(eb.predict(X)).toEqual(ea.predict(X));
    }
  });

  it('crossValPredict and permutationTestScore equal nJobs: 1 bitwise', async () => {
    const svc = new SVC({ kernel: 'linear' });
    const local = await crossValPredict(svc, X, y, { cv, groups, method: 'decisionFunction' });
    const remote = await crossValPredict(svc, X, y, {
      cv,
      groups,
      method: 'decisionFunction',
      executor: cluster.executor,
    });
    expect(remote).toEqual(local);

    const opts = { cv, groups, nPermutations: 30, randomState: 3 };
    const p1 = await permutationTestScore(svc, X, y, opts);
    const p2 = await permutationTestScore(svc, X, y, { ...opts, executor: cluster.executor });
    expect(p2.score).toBe(p1.score);
    expect(p2.permutationScores).toEqual(p1.permutationScores);
    expect(p2.pvalue).toBe(p1.pvalue);
  });

  it('GridSearchCV.fitAsync equals fit', async () => {
    const params = {
      estimator: new SVC({ kernel: 'linear' }),
      paramGrid: { C: [0.01, 0.1, 1] },
      cv,
    };
    const local = new GridSearchCV(params).fit(X, y, groups);
    const remote = await new GridSearchCV(params).fitAsync(X, y, groups, {
      executor: cluster.executor,
    });
    expect(remote.cvResults_?.splitTestScores).toEqual(local.cvResults_?.splitTestScores);
    expect(remote.bestParams_).toEqual(local.bestParams_);
  });

  it('stores X once under its content hash, and reports each task once in onProgress', async () => {
    const redis = new Redis(cluster.server.url);
    try {
      const before = await redis.keys('voxelkit:data:*');
      const progress: RunProgress[] = [];
      const svc = new SVC({ kernel: 'linear', C: 0.5 });
      await crossValScore(svc, X, y, {
        cv,
        groups,
        executor: cluster.executor,
        onProgress: (p) => progress.push(p),
      });
      await crossValScore(svc, X, y, { cv, groups, executor: cluster.executor });
      const after = await redis.keys('voxelkit:data:*');
      // X was stored by the first test already; the same matrix is never stored twice.
      expect(after.length).toBe(before.length);
      expect(after.length).toBe(1);
      const stored = await redis.getBuffer(after[0] as string);
      expect(stored?.byteLength).toBe(X.rows * X.cols * 8);
      // No run leaves its setup behind.
      expect(await redis.keys('voxelkit:run:*')).toEqual([]);
      const done = progress.map((p) => p.done);
      expect(done.filter((d, i) => i === 0 || d !== done[i - 1]).slice(-6)).toEqual([
        1, 2, 3, 4, 5, 6,
      ]);
      const last = progress.at(-1) as RunProgress;
      expect(last.total).toBe(6);
      expect(last.eta).toBe(0);
      expect(last.rate).toBeGreaterThan(0);
      expect(progress.some((p) => p.workers === 2)).toBe(true);
    } finally {
      redis.disconnect();
    }
  });

  it('large inputs: X goes to dataDir under its hash, or a ValidationError says to give one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voxelkit-data-'));
    const viaFile = new RedisExecutor({
      connection: cluster.server.url,
      dataDir: dir,
      maxRedisBytes: 1024,
    });
    const small = new RedisExecutor({ connection: cluster.server.url, maxRedisBytes: 1024 });
    const redis = new Redis(cluster.server.url);
    try {
      const Xb = problem(60, 31).X; // a matrix not stored yet
      const before = (await redis.keys('voxelkit:data:*')).length;
      const svc = new SVC({ kernel: 'linear', C: 0.1 });
      const remote = await crossValScore(svc, Xb, y, { cv, groups, executor: viaFile });
      expect(remote).toEqual(await crossValScore(svc, Xb, y, { cv, groups }));
      const hash = createHash('sha256').update(new Uint8Array(Xb.data.buffer)).digest('hex');
      expect(readdirSync(dir)).toEqual([`${hash}.f64`]);
      expect(statSync(join(dir, `${hash}.f64`)).size).toBe(60 * 31 * 8);
      expect((await redis.keys('voxelkit:data:*')).length).toBe(before);
      const error = await crossValScore(svc, Xb, y, { cv, groups, executor: small }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toMatch(/more than maxRedisBytes .* give dataDir/);
    } finally {
      redis.disconnect();
      await viaFile.close();
      await small.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('aborting rejects with AbortError and removes the run’s pending tasks', async () => {
    const controller = new AbortController();
    const slow = new SlowClassifier({ delayMs: 300 });
    const yy = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? 'a' : 'b'));
    const run = crossValScore(slow, X, yy, {
      cv: 30,
      executor: cluster.executor,
      workerModules: [slowModule],
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 2) controller.abort();
      },
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    const redis = new Redis(cluster.server.url);
    try {
      const waiting = await redis.llen('bull:voxelkit:wait');
      expect(waiting).toBe(0);
      expect(await redis.keys('voxelkit:run:*')).toEqual([]);
    } finally {
      redis.disconnect();
    }
    // The workers are free again: a new run completes.
    const svc = new SVC({ kernel: 'linear', C: 0.1 });
    const scores = await crossValScore(svc, X, y, { cv, groups, executor: cluster.executor });
    expect(scores).toEqual(await crossValScore(svc, X, y, { cv, groups }));
  });
});

describe.skipIf(binary === undefined || !haxbyAvailable)(
  'Haxby 2001 face vs cat through Redis equals nilearn + scikit-learn',
  () => {
    // nilearn 0.10.4 + scikit-learn 1.2.1 decoding tutorial on ../shared/data/haxby-slice
    // (subject 1, mask4_vt, 'zscore'), SVC(kernel='linear', C=1), LeaveOneGroupOut over chunks.
    const golden = [
      0.889, 0.611, 0.833, 0.778, 0.556, 1.0, 0.556, 0.833, 0.556, 0.667, 0.667, 0.944,
    ];
    const cluster = useTestCluster(binary);

    it('LOGO scores: the golden ones, bitwise those of nJobs: 1', async () => {
      const { X: Xh, y: yh, chunks } = await loadFaceCat();
      const svc = new SVC({ kernel: 'linear', C: 1 });
      const remote = await crossValScore(svc, Xh, yh, {
        cv,
        groups: chunks,
        executor: cluster.executor,
      });
      expect(remote.length).toBe(12);
      for (let i = 0; i < 12; i++) expect(remote[i]).toBeCloseTo(golden[i] as number, 3);
      expect(remote).toEqual(await crossValScore(svc, Xh, yh, { cv, groups: chunks }));
    });
  },
);
