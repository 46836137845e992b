/**
 * Faults of a cluster run (issue 19), each bounded in time, on a real redis-server and real
 * `voxelkit-worker` processes: a worker SIGKILLed mid-task, no worker at all, Redis restarted
 * mid-run, a worker of another version, a worker that cannot import the estimator, a bad or
 * unreachable Redis.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@voxelkit/core';
import { SVC } from '@voxelkit/estimators';
import {
  AbortError,
  crossValScore,
  type RunProgress,
  TimeoutError,
} from '@voxelkit/model-selection';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { problem } from '../test/problem.js';
import {
  freePort,
  type RedisServer,
  redisServerOrSkip,
  startRedisServer,
} from '../test/redis-server.js';
import { SlowClassifier, slowModule } from '../test/slow-classifier.js';
import { startWorkerProcess, type WorkerProcess } from '../test/workers.js';
import { ClusterError } from './errors.js';
import { RedisExecutor } from './redis-executor.js';

const binary = redisServerOrSkip();
const { X, y } = problem();
// Short enough that a killed worker's task is retried within seconds, long enough that a busy
// machine's healthy 400 ms task keeps its lock.
const fastLocks = ['--lock-duration', '3000', '--stalled-interval', '1000'];

describe('connection strings and unreachable Redis', () => {
  it('a bad connection string is a ValidationError at once', () => {
    for (const bad of [
      '',
      'localhost:6379',
      'http://127.0.0.1:6379',
      'redis://',
      'redis://h:99999',
      'redis://h:1/x',
    ]) {
      expect(() => new RedisExecutor({ connection: bad })).toThrow(ValidationError);
    }
    expect(() => new RedisExecutor({ connection: 42 as unknown as string })).toThrow(
      /connection must be a Redis URL/,
    );
    expect(() => new RedisExecutor({ connection: 'redis://h:1', queue: 'a:b' })).toThrow(
      ValidationError,
    );
  });

  it('nothing listening: a ClusterError naming Redis within 10 s', async () => {
    const port = await freePort();
    const executor = new RedisExecutor({ connection: `redis://127.0.0.1:${port}` });
    const start = Date.now();
    const error = await crossValScore(new SVC(), X, y, { cv: 3, executor }).catch(
      (e: unknown) => e,
    );
    expect(Date.now() - start).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(ClusterError);
    expect((error as Error).message).toMatch(
      new RegExp(`Cannot reach Redis at redis://127.0.0.1:${port} \\(ECONNREFUSED\\)`),
    );
    await executor.close();
  });

  it('an address that never answers: a ClusterError within 10 s', async () => {
    // 10.255.255.1 is not routed here: the connection attempt hangs until connectTimeout.
    const executor = new RedisExecutor({
      connection: 'redis://10.255.255.1:6379',
      connectTimeout: 3000,
    });
    const start = Date.now();
    const error = await crossValScore(new SVC(), X, y, { cv: 3, executor }).catch(
      (e: unknown) => e,
    );
    expect(Date.now() - start).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(ClusterError);
    expect((error as Error).message).toMatch(
      /Cannot reach Redis at redis:\/\/10\.255\.255\.1:6379/,
    );
    await executor.close();
  });
});

describe.skipIf(binary === undefined)('faults on a real redis-server', () => {
  let server: RedisServer;
  const started: WorkerProcess[] = [];
  const executors: RedisExecutor[] = [];
  const newExecutor = (queue: string) => {
    const e = new RedisExecutor({ connection: server.url, queue });
    executors.push(e);
    return e;
  };
  const worker = async (queue: string, extra: string[] = [], env: Record<string, string> = {}) => {
    const w = await startWorkerProcess(server.url, ['--queue', queue, ...fastLocks, ...extra], env);
    started.push(w);
    return w;
  };

  beforeAll(async () => {
    server = await startRedisServer(binary as string);
  });
  afterEach(async () => {
    await Promise.all(executors.splice(0).map((e) => e.close()));
    await Promise.all(started.splice(0).map((w) => w.kill('SIGKILL')));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('no worker: the run waits, reports "0 workers", and honours timeout and signal', async () => {
    const executor = newExecutor('empty');
    const progress: RunProgress[] = [];
    const start = Date.now();
    const error = await crossValScore(new SVC({ kernel: 'linear' }), X, y, {
      cv: 3,
      executor,
      timeout: 1500,
      onProgress: (p) => progress.push(p),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - start).toBeLessThan(5000);
    expect(progress[0]?.workers).toBe(0);
    expect(progress[0]?.done).toBe(0);
    expect(progress[0]?.message).toMatch(
      /^0 workers on queue "empty" at redis:\/\/127\.0\.0\.1:\d+: the run waits/,
    );

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 700);
    const aborted = await crossValScore(new SVC({ kernel: 'linear' }), X, y, {
      cv: 3,
      executor,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(AbortError);
    // Nothing of either run is left waiting for a worker that comes later.
    expect(await executorWaiting(server.url, 'empty')).toBe(0);
  });

  it('a worker SIGKILLed mid-task: another retries it, results equal a local run, none counted twice', async () => {
    const markers = mkdtempSync(join(tmpdir(), 'voxelkit-markers-'));
    try {
      const w1 = await worker('kill');
      const w2 = await worker('kill');
      const executor = newExecutor('kill');
      const est = new SlowClassifier({ delayMs: 400, markerDir: markers });
      const yy = y;
      const local = await crossValScore(new SlowClassifier(), X, yy, { cv: 6 });
      const progress: RunProgress[] = [];
      const run = crossValScore(est, X, yy, {
        cv: 6,
        executor,
        workerModules: [slowModule],
        timeout: 60_000,
        onProgress: (p) => progress.push(p),
      });
      // Kill w1 as soon as it has started a task (its marker file exists), mid-fit.
      const deadline = Date.now() + 20_000;
      while (!readdirSync(markers).some((f) => f.startsWith(`${w1.pid}-`))) {
        if (Date.now() > deadline) throw new Error('worker 1 never started a task');
        await new Promise((r) => setTimeout(r, 20));
      }
      await w1.kill('SIGKILL');
      const scores = await run;
      expect(scores).toEqual(local);
      const started = readdirSync(markers);
      // 6 tasks: each ran once, plus the killed one again (7 starts at least).
      expect(started.length).toBeGreaterThanOrEqual(7);
      expect(started.some((f) => f.startsWith(`${w2.pid}-`))).toBe(true);
      const done = progress
        .filter((p, i) => i === 0 || p.done !== progress[i - 1]?.done)
        .map((p) => p.done);
      expect(done.filter((d) => d > 0)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(progress.at(-1)?.done).toBe(6);
    } finally {
      rmSync(markers, { recursive: true, force: true });
    }
  });

  it('a worker that cannot import the estimator: the task fails saying so, no hang', async () => {
    await worker('noimport');
    const executor = newExecutor('noimport');
    const start = Date.now();
    // No workerModules: the worker knows only @voxelkit/estimators.
    const error = await crossValScore(new SlowClassifier(), X, y, {
      cv: 3,
      executor,
      timeout: 30_000,
    }).catch((e: unknown) => e);
    expect(Date.now() - start).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(
      /No estimator class named "test\/SlowClassifier" is known .*workerModules.*\(raised on voxelkit-worker .*, task \d\)/s,
    );
    // Nor does a worker import code given inline or by URL (whoever writes to Redis could).
    const inline = await crossValScore(new SVC(), X, y, {
      cv: 3,
      executor,
      timeout: 30_000,
      workerModules: ['data:text/javascript,export const estimatorRegistry = {}'],
    }).catch((e: unknown) => e);
    expect(inline).toBeInstanceOf(ClusterError);
    expect((inline as Error).message).toMatch(
      /asks worker .* to import data:text\/javascript.*: workers only import workerModules that are files or packages installed on their host/,
    );
  });

  it('a worker of another version: the task fails naming both versions, no hang', async () => {
    await worker('version', [], { VOXELKIT_CLUSTER_VERSION: '0.0.1-old' });
    const executor = newExecutor('version');
    const error = await crossValScore(new SVC(), X, y, { cv: 3, executor, timeout: 30_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ClusterError);
    expect((error as Error).message).toMatch(
      /comes from @voxelkit\/cluster \d+\.\d+\.\d+\S* but voxelkit-worker .* runs 0\.0\.1-old: run the same version/,
    );
  });

  it('Redis restarted mid-run (no persistence): the run fails with an error naming Redis', async () => {
    await worker('restart');
    const executor = newExecutor('restart');
    const progress: RunProgress[] = [];
    const run = crossValScore(new SlowClassifier({ delayMs: 300 }), X, y, {
      cv: 10,
      executor,
      workerModules: [slowModule],
      timeout: 60_000,
      onProgress: (p) => progress.push(p),
    }).catch((e: unknown) => e);
    const deadline = Date.now() + 20_000;
    while (!progress.some((p) => p.done >= 1)) {
      if (Date.now() > deadline) throw new Error('no task finished');
      await new Promise((r) => setTimeout(r, 20));
    }
    const start = Date.now();
    await server.restart();
    const error = await run;
    expect(Date.now() - start).toBeLessThan(20_000);
    expect(error).toBeInstanceOf(ClusterError);
    expect((error as Error).message).toMatch(
      /Redis at redis:\/\/127\.0\.0\.1:\d+ (lost this run's data|has not answered)/,
    );
  });
});

/** Tasks waiting on `queue`. */
async function executorWaiting(url: string, queue: string): Promise<number> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url);
  try {
    return await redis.llen(`bull:${queue}:wait`);
  } finally {
    redis.disconnect();
  }
}
