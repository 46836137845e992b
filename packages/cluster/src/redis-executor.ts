/**
 * `RedisExecutor`: runs the jobs of `crossValScore`, `crossValidate`, `crossValPredict`,
 * `permutationTestScore` and `GridSearchCV.fitAsync` on `voxelkit-worker` processes through a
 * BullMQ queue on Redis. Given as the `executor` option, it replaces the local worker pool
 * behind the same interface; results are identical to `nJobs: 1`.
 *
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError, VoxelkitWarning, warn } from '@voxelkit/core';
import {
  deserializeError,
  type Executor,
  type ExecutorRunOptions,
  type FoldJob,
  type JobResult,
  type RunExecutor,
  type WorkerInit,
} from '@voxelkit/model-selection';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import {
  bullConnectionOptions,
  DEFAULT_CONNECT_TIMEOUT_MS,
  describeConnection,
  parseConnection,
  probeRedis,
} from './connection.js';
import { ClusterError } from './errors.js';
import {
  type DataLocation,
  DEFAULT_QUEUE,
  dataKey,
  pack,
  packBuffer,
  type RunMeta,
  runKey,
  type TaskData,
  type TaskOutcome,
  taskId,
  unpack,
} from './protocol.js';
import { CLUSTER_VERSION } from './version.js';

/** Default largest X stored in Redis itself: 256 MiB (larger ones need `dataDir`). */
export const DEFAULT_MAX_REDIS_BYTES = 256 * 1024 * 1024;

/** Options of {@link RedisExecutor}. */
export interface RedisExecutorOptions {
  /** Redis URL, e.g. `'redis://10.0.0.5:6379'` (`rediss://` for TLS; `/db` optional). */
  connection: string;
  /** BullMQ queue name the workers serve (default `'voxelkit'`). */
  queue?: string;
  /**
   * A directory every worker can read at the same path (NFS, a shared disk): X is written there
   * under its content hash instead of into Redis. Needed when X is larger than `maxRedisBytes`.
   */
  dataDir?: string;
  /** Largest X (in bytes of float64 values) stored in Redis (default 256 MiB). */
  maxRedisBytes?: number;
  /** Time allowed to reach Redis (default 8000 ms): past it the run fails with a ClusterError. */
  connectTimeout?: number;
  /**
   * How long Redis may stay silent during a run before it fails (default 15 000 ms). Workers
   * finishing tasks count as life.
   */
  redisTimeout?: number;
}

/** Seconds X stays in Redis after its last use (a new run on the same data refreshes it). */
const DATA_TTL_S = 24 * 3600;

/** How often a run checks the number of workers and that Redis still holds its data. */
const TICK_MS = 500;

interface Connected {
  store: Redis;
  /** The connection QueueEvents duplicates for its blocking reads. */
  eventsBase: Redis;
  queue: Queue<TaskData, TaskOutcome>;
  events: QueueEvents;
}

/** Listener of one run's task events. */
interface RunListener {
  completed(index: number, outcome: TaskOutcome): void;
  failed(index: number, reason: string): void;
}

function checkPositive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ValidationError(`${name} must be a positive number; got ${String(value)}.`);
  }
  return value;
}

/**
 * Runs cross-validation jobs on `voxelkit-worker` processes (on any machine that reaches the
 * same Redis) through a BullMQ queue. Per run, X is stored once under its content hash, the
 * run's setup once under its id, and each task carries only its indices / parameters; results
 * come back per task and are assembled in task order, equal to `nJobs: 1`. `onProgress`
 * reports tasks done, rate, ETA and the number of workers (`0 workers`: the run waits — bound it
 * with `timeout` or `signal`); aborting removes the run's pending tasks.
 *
 * @example
 * ```ts
 * const executor = new RedisExecutor({ connection: 'redis://127.0.0.1:6379' });
 * const scores = await crossValScore(new SVC({ kernel: 'linear' }), X, y, {
 *   cv: new LeaveOneGroupOut(), groups, executor, timeout: 600_000,
 * });
 * await executor.close();
 * ```
 */
export class RedisExecutor implements RunExecutor {
  /** The Redis address (without password). */
  readonly where: string;
  /** The BullMQ queue name. */
  readonly queueName: string;
  private readonly url: URL;
  private readonly dataDir: string | undefined;
  private readonly maxRedisBytes: number;
  private readonly connectTimeout: number;
  private readonly redisTimeout: number;
  private connected: Promise<Connected> | undefined;
  private readonly listeners = new Map<string, RunListener>();
  private closed = false;

  /** @throws ValidationError for a bad connection string or option (nothing connects yet). */
  constructor(options: RedisExecutorOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new ValidationError(
        'RedisExecutor takes an options object: new RedisExecutor({ connection: "redis://host:6379" }).',
      );
    }
    this.url = parseConnection(options.connection);
    this.where = describeConnection(this.url);
    const queue = options.queue ?? DEFAULT_QUEUE;
    if (typeof queue !== 'string' || queue === '' || queue.includes(':')) {
      throw new ValidationError(
        `queue must be a non-empty name without ':'; got ${String(queue)}.`,
      );
    }
    this.queueName = queue;
    if (options.dataDir !== undefined && typeof options.dataDir !== 'string') {
      throw new ValidationError('dataDir must be a directory path every worker can read.');
    }
    this.dataDir = options.dataDir;
    this.maxRedisBytes = checkPositive(
      options.maxRedisBytes,
      'maxRedisBytes',
      DEFAULT_MAX_REDIS_BYTES,
    );
    this.connectTimeout = checkPositive(
      options.connectTimeout,
      'connectTimeout',
      DEFAULT_CONNECT_TIMEOUT_MS,
    );
    this.redisTimeout = checkPositive(options.redisTimeout, 'redisTimeout', 15_000);
  }

  /** The executor of one run (called by the cross-validation functions). */
  forRun(init: WorkerInit): Executor<FoldJob, JobResult> {
    return { run: (jobs, options) => this.runTasks(init, jobs, options ?? {}) };
  }

  /** Number of workers serving the queue now. */
  async workerCount(): Promise<number> {
    const { queue } = await this.connect();
    return queue.getWorkersCount();
  }

  /** Closes the connections (runs in progress fail). Call once done with the executor. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = this.connected;
    this.connected = undefined;
    if (pending === undefined) return;
    let c: Connected;
    try {
      c = await pending;
    } catch {
      return;
    }
    await Promise.allSettled([c.events.close(), c.queue.close()]);
    c.eventsBase.disconnect();
    c.store.disconnect();
  }

  private connect(): Promise<Connected> {
    if (this.closed) {
      return Promise.reject(new ClusterError('This RedisExecutor was closed: create a new one.'));
    }
    if (this.connected === undefined) {
      this.connected = this.open();
      this.connected.catch(() => {
        this.connected = undefined;
      });
    }
    return this.connected;
  }

  private async open(): Promise<Connected> {
    await probeRedis(this.url, this.connectTimeout);
    const options = bullConnectionOptions(this.connectTimeout);
    const store = new Redis(this.url.href, options);
    store.on('error', () => {});
    const queue = new Queue<TaskData, TaskOutcome>(this.queueName, {
      connection: store,
      streams: { events: { maxLen: 100_000 } },
    });
    queue.on('error', () => {});
    // Events are read from the stream's current end: every task added later is seen.
    const last = await store.xrevrange(`bull:${this.queueName}:events`, '+', '-', 'COUNT', 1);
    const eventsBase = new Redis(this.url.href, { ...options, lazyConnect: true });
    eventsBase.on('error', () => {});
    const events = new QueueEvents(this.queueName, {
      connection: eventsBase,
      lastEventId: last[0]?.[0] ?? '0-0',
    });
    events.on('error', () => {});
    const route = (jobId: string): [RunListener, number] | undefined => {
      const dash = jobId.lastIndexOf('-');
      const listener = this.listeners.get(jobId.slice(0, dash));
      return listener === undefined ? undefined : [listener, Number(jobId.slice(dash + 1))];
    };
    events.on('completed', ({ jobId, returnvalue }) => {
      const r = route(jobId);
      if (r !== undefined) r[0].completed(r[1], returnvalue as unknown as TaskOutcome);
    });
    events.on('failed', ({ jobId, failedReason }) => {
      const r = route(jobId);
      if (r !== undefined) r[0].failed(r[1], failedReason);
    });
    await events.waitUntilReady();
    return { store, eventsBase, queue, events };
  }

  /** Stores X once under its content hash (Redis or `dataDir`); returns where it is. */
  private async storeData(store: Redis, bytes: Uint8Array, hash: string): Promise<DataLocation> {
    if (this.dataDir !== undefined) {
      await mkdir(this.dataDir, { recursive: true });
      const path = join(this.dataDir, `${hash}.f64`);
      const exists = await stat(path).then(
        (s) => s.size === bytes.byteLength,
        () => false,
      );
      if (!exists) {
        const tmp = `${path}.${randomUUID()}.tmp`;
        await writeFile(tmp, bytes);
        await rename(tmp, path);
      }
      return { kind: 'file', path };
    }
    if (bytes.byteLength > this.maxRedisBytes) {
      throw new ValidationError(
        `X is ${(bytes.byteLength / 2 ** 20).toFixed(0)} MiB, more than maxRedisBytes (${(this.maxRedisBytes / 2 ** 20).toFixed(0)} MiB) to store in Redis: give dataDir, a directory every worker reads at the same path, or raise maxRedisBytes.`,
      );
    }
    const key = dataKey(hash);
    // Stored once: a second run on the same data only refreshes the expiry.
    const set = await store.set(
      key,
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      'EX',
      DATA_TTL_S,
      'NX',
    );
    if (set === null) await store.expire(key, DATA_TTL_S);
    return { kind: 'redis', key };
  }

  private async runTasks(
    init: WorkerInit,
    jobs: readonly FoldJob[],
    options: ExecutorRunOptions<JobResult>,
  ): Promise<JobResult[]> {
    const { signal } = options;
    if (signal?.aborted) throw signal.reason;
    if (jobs.length === 0) return [];
    const aborted = new Promise<never>((_, reject) => {
      if (signal !== undefined) {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }
    });
    aborted.catch(() => {});
    const c = await Promise.race([this.connect(), aborted]);
    const runId = randomUUID();
    const bytes = new Uint8Array(init.X.buffer, 0, init.X.rows * init.X.cols * 8);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const results: JobResult[] = new Array(jobs.length);
    const seen = new Uint8Array(jobs.length);
    let done = 0;
    let tick: ReturnType<typeof setInterval> | undefined;
    let settled = false;
    try {
      const data = await Promise.race([this.storeData(c.store, bytes, hash), aborted]);
      const meta: RunMeta = {
        version: CLUSTER_VERSION,
        data,
        hash,
        rows: init.X.rows,
        cols: init.X.cols,
        estimator: init.estimator,
        y: init.y,
        scoring: init.scoring,
        modules: init.modules,
      };
      if (init.shared !== undefined) meta.shared = init.shared;
      await c.store.set(runKey(runId), packBuffer(meta), 'EX', DATA_TTL_S);
      const finished = new Promise<void>((resolve, reject) => {
        const fail = (error: unknown) => {
          if (settled) return;
          settled = true;
          reject(error);
        };
        this.listeners.set(runId, {
          completed: (index, outcome) => {
            if (settled || index < 0 || index >= jobs.length || seen[index] === 1) return;
            if (outcome === null || typeof outcome !== 'object') {
              fail(new ClusterError(`Task ${index} came back without a result from the queue.`));
              return;
            }
            if (!outcome.ok) {
              const where = `on voxelkit-worker ${outcome.worker}, task ${index}`;
              fail(
                outcome.error.name === 'ClusterError'
                  ? new ClusterError(`${outcome.error.message} (raised ${where})`)
                  : deserializeError(outcome.error, where),
              );
              return;
            }
            for (const w of outcome.warnings) {
              const warning = deserializeError(w, `on voxelkit-worker ${outcome.worker}`);
              warn(
                warning instanceof VoxelkitWarning ? warning : new VoxelkitWarning(warning.message),
              );
            }
            seen[index] = 1;
            results[index] = unpack<JobResult>(outcome.result);
            done++;
            try {
              options.onResult?.(index, results[index] as JobResult);
            } catch (error) {
              fail(error);
              return;
            }
            if (done === jobs.length) {
              settled = true;
              resolve();
            }
          },
          failed: (index, reason) =>
            fail(
              new ClusterError(
                `Task ${index} failed on the cluster (${this.where}, queue "${this.queueName}"): ${reason}. A task fails this way when workers died while running it more than twice.`,
              ),
            ),
        });
        aborted.catch(fail);
        // The number of workers, and a check that Redis still holds the run (a restart without
        // persistence loses it: the run fails rather than waiting for ever).
        let workers = -1;
        let lastAnswer = Date.now();
        let busy = false;
        const check = () => {
          if (settled) return;
          if (Date.now() - lastAnswer > this.redisTimeout) {
            fail(
              new ClusterError(
                `Redis at ${this.where} has not answered for ${Math.round(this.redisTimeout / 1000)} s during the run: it is down or unreachable. Restart it and run again.`,
              ),
            );
            return;
          }
          if (busy) return;
          busy = true;
          Promise.all([c.store.exists(runKey(runId)), c.queue.getWorkersCount()])
            .then(([exists, n]) => {
              lastAnswer = Date.now();
              if (settled) return;
              if (exists === 0) {
                fail(
                  new ClusterError(
                    `Redis at ${this.where} lost this run's data (it was restarted without persistence, or flushed): the run cannot finish. Run it again.`,
                  ),
                );
                return;
              }
              if (n !== workers) {
                workers = n;
                options.onStatus?.({
                  workers: n,
                  message:
                    n === 0
                      ? `0 workers on queue "${this.queueName}" at ${this.where}: the run waits. Start one with: voxelkit-worker --redis ${this.where}`
                      : `${n} worker${n === 1 ? '' : 's'} on queue "${this.queueName}" at ${this.where}`,
                });
              }
            })
            .catch(() => {})
            .finally(() => {
              busy = false;
            });
        };
        check();
        tick = setInterval(check, TICK_MS);
      });
      finished.catch(() => {});
      for (let start = 0; start < jobs.length; start += 1000) {
        if (settled) break;
        await c.queue.addBulk(
          jobs.slice(start, start + 1000).map((job, k) => ({
            name: 'task',
            data: { run: runId, index: start + k, version: CLUSTER_VERSION, job: pack(job) },
            opts: {
              jobId: taskId(runId, start + k),
              removeOnComplete: true,
              removeOnFail: { age: 3600 },
            },
          })),
        );
      }
      await finished;
      return results;
    } finally {
      settled = true;
      clearInterval(tick);
      this.listeners.delete(runId);
      if (done < jobs.length) await this.removePending(c, runId, seen);
      else await c.store.del(runKey(runId)).catch(() => {});
    }
  }

  /** Removes a settled run's tasks that are still waiting, and its setup (workers then skip it). */
  private async removePending(c: Connected, runId: string, seen: Uint8Array): Promise<void> {
    const removal = (async () => {
      await c.store.del(runKey(runId));
      const ids: string[] = [];
      for (let i = 0; i < seen.length; i++) if (seen[i] === 0) ids.push(taskId(runId, i));
      for (let start = 0; start < ids.length; start += 500) {
        await Promise.all(
          ids.slice(start, start + 500).map((id) => c.queue.remove(id).catch(() => 0)),
        );
      }
    })();
    // Never hang a failed run on a Redis that is gone.
    await Promise.race([
      removal.catch(() => {}),
      new Promise((resolve) => setTimeout(resolve, 2000).unref()),
    ]);
  }
}
