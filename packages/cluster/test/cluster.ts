/**
 * The cluster most tests run on: a real redis-server on a free 127.0.0.1 port, `voxelkit-worker`
 * processes on it and a `RedisExecutor`, started in the calling `describe` block's `beforeAll`
 * and stopped in its `afterAll`.
 */
import { afterAll, beforeAll } from 'vitest';
import { RedisExecutor } from '../src/redis-executor.js';
import { type RedisServer, startRedisServer } from './redis-server.js';
import { startWorkerProcess, type WorkerProcess } from './workers.js';

/** What {@link useTestCluster} starts; read its fields inside the tests (set by `beforeAll`). */
export interface TestCluster {
  server: RedisServer;
  workers: WorkerProcess[];
  executor: RedisExecutor;
}

/**
 * Registers the hooks that start redis-server (`binary`), `nWorkers` worker processes and an
 * executor before the block's tests and stop them after.
 */
export function useTestCluster(binary: string | undefined, nWorkers = 2): TestCluster {
  const cluster = { workers: [] as WorkerProcess[] } as TestCluster;
  beforeAll(async () => {
    cluster.server = await startRedisServer(binary as string);
    const url = cluster.server.url;
    cluster.workers = await Promise.all(
      Array.from({ length: nWorkers }, () => startWorkerProcess(url)),
    );
    cluster.executor = new RedisExecutor({ connection: url });
  });
  afterAll(async () => {
    await cluster.executor?.close();
    await Promise.all(cluster.workers.map((w) => w.kill()));
    await cluster.server?.stop();
  });
  return cluster;
}
