/**
 * The worker side: a BullMQ worker that takes a run's tasks from the queue and runs them with the
 * same code as a local worker thread (`serveFoldJobs` of `@voxelkit/model-selection`, with the
 * estimators of `@voxelkit/estimators` plus each run's `workerModules`). A run's setup and X are
 * read once per worker and kept for its next tasks.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { ValidationError } from '@voxelkit/core';
import { estimatorRegistry } from '@voxelkit/estimators';
import {
  type FoldJob,
  type JobMessage,
  type SerializedError,
  serializeError,
  serveFoldJobs,
  type WorkerInit,
  type WorkerMessage,
} from '@voxelkit/model-selection';
import { type Job, Worker } from 'bullmq';
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
  DEFAULT_QUEUE,
  pack,
  type RunMeta,
  runKey,
  type TaskData,
  type TaskOutcome,
  unpack,
  unpackBuffer,
} from './protocol.js';
import { CLUSTER_VERSION } from './version.js';

/** Options of {@link startWorker} (the flags of `voxelkit-worker`). */
export interface StartWorkerOptions {
  /** Redis URL, e.g. `'redis://10.0.0.5:6379'`. */
  redis: string;
  /** BullMQ queue name (default `'voxelkit'`, as `RedisExecutor`'s). */
  queue?: string;
  /**
   * How long a task may run before BullMQ counts its worker as dead and gives the task to another
   * (default 30 000 ms; BullMQ's `lockDuration`). Tasks run on this process's thread, so set it
   * above your longest task.
   */
  lockDuration?: number;
  /** How often this worker looks for tasks of dead workers (default 30 000 ms). */
  stalledInterval?: number;
  /** Name shown in errors (default `host:pid`). */
  name?: string;
  /** Time allowed to reach Redis at start (default 8000 ms). */
  connectTimeout?: number;
}

/** A running worker. */
export interface VoxelkitWorker {
  /** `host:pid`, or the given name. */
  readonly name: string;
  /** Tasks finished (successfully or with an error sent back). */
  readonly tasksDone: number;
  /** Stops taking tasks, waits for the running one, disconnects. */
  close(): Promise<void>;
}

/** A run set up in this worker: runs one task synchronously, or the setup error. */
interface PreparedRun {
  runTask(index: number, job: FoldJob): TaskOutcome;
}

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ValidationError(`${name} must be a positive integer (ms); got ${String(value)}.`);
  }
  return value;
}

/** Keeps the setups of the last few runs (a worker may serve several callers in turn). */
const RUNS_KEPT = 4;

/**
 * Starts a worker on `options.queue` at `options.redis`; resolves once it takes tasks.
 *
 * @throws ValidationError for a bad connection string or option; ClusterError when Redis cannot
 *   be reached.
 */
export async function startWorker(options: StartWorkerOptions): Promise<VoxelkitWorker> {
  const url = parseConnection(options.redis);
  const where = describeConnection(url);
  const queue = options.queue ?? DEFAULT_QUEUE;
  if (typeof queue !== 'string' || queue === '' || queue.includes(':')) {
    throw new ValidationError(`queue must be a non-empty name without ':'; got ${String(queue)}.`);
  }
  const lockDuration = positive(options.lockDuration, 'lockDuration', 30_000);
  const stalledInterval = positive(options.stalledInterval, 'stalledInterval', 30_000);
  const connectTimeout = positive(
    options.connectTimeout,
    'connectTimeout',
    DEFAULT_CONNECT_TIMEOUT_MS,
  );
  await probeRedis(url, connectTimeout);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  // The version a worker reports; overridable to test mixed-version clusters.
  const version = process.env.VOXELKIT_CLUSTER_VERSION || CLUSTER_VERSION;
  const store = new Redis(url.href, bullConnectionOptions(connectTimeout));
  store.on('error', () => {});
  const runs = new Map<string, Promise<PreparedRun>>();
  let tasksDone = 0;

  const fail = (error: unknown): TaskOutcome => ({
    ok: false,
    error: serializeError(error),
    worker: name,
  });

  async function prepare(runId: string): Promise<PreparedRun> {
    const metaBuffer = await store.getBuffer(runKey(runId));
    if (metaBuffer === null) {
      throw new ClusterError(
        `Run ${runId} has no data in Redis at ${where}: it was cancelled, finished, or Redis was restarted since it started.`,
      );
    }
    const meta = unpackBuffer<RunMeta>(metaBuffer);
    // Modules come from whoever can write to Redis: only files and packages of this host.
    for (const specifier of meta.modules) {
      if (/^(data|https?|blob|node):/i.test(specifier)) {
        throw new ClusterError(
          `Run ${runId} asks worker ${name} to import ${specifier.slice(0, 80)}: workers only import workerModules that are files or packages installed on their host.`,
        );
      }
    }
    let bytes: Buffer | null;
    if (meta.data.kind === 'redis') bytes = await store.getBuffer(meta.data.key);
    else bytes = await readFile(meta.data.path);
    if (bytes === null) {
      throw new ClusterError(
        `The data of run ${runId} is missing from Redis at ${where} (evicted or Redis restarted): run it again, and give Redis enough maxmemory.`,
      );
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (hash !== meta.hash || bytes.byteLength !== meta.rows * meta.cols * 8) {
      throw new ClusterError(
        `The data this worker read for run ${runId} (${bytes.byteLength} bytes) does not match the run's content hash: the file or key was changed. Run again.`,
      );
    }
    // An aligned copy: Buffer slices of the pool may start at an offset not divisible by 8.
    const buffer = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(buffer).set(bytes);
    const init: WorkerInit = {
      estimator: meta.estimator,
      X: { buffer, rows: meta.rows, cols: meta.cols },
      y: meta.y,
      scoring: meta.scoring,
      modules: meta.modules,
    };
    if (meta.shared !== undefined) init.shared = meta.shared;
    let listener: ((message: JobMessage) => void) | undefined;
    let reply: WorkerMessage | undefined;
    let setupError: SerializedError | undefined;
    const warnings: SerializedError[] = [];
    await serveFoldJobs(
      init,
      {
        post: (message) => {
          if (message.type === 'warning') warnings.push(message.warning);
          else if (message.type === 'error' && message.id === null) setupError = message.error;
          else if (message.type !== 'ready') reply = message;
        },
        onMessage: (l) => {
          listener = l;
        },
      },
      [estimatorRegistry],
    );
    return {
      runTask(index, job) {
        if (setupError !== undefined || listener === undefined) {
          return {
            ok: false,
            error: setupError ?? { name: 'ClusterError', message: 'The run could not be set up.' },
            worker: name,
          };
        }
        reply = undefined;
        warnings.length = 0;
        listener({ type: 'job', id: index, job });
        const message = reply as WorkerMessage | undefined;
        if (message?.type === 'result') {
          return { ok: true, result: pack(message.result), warnings: [...warnings], worker: name };
        }
        if (message?.type === 'error') return { ok: false, error: message.error, worker: name };
        return fail(new ClusterError(`Task ${index} produced no result on worker ${name}.`));
      },
    };
  }

  const connection = new Redis(url.href, bullConnectionOptions(connectTimeout));
  connection.on('error', () => {});
  const worker = new Worker<TaskData, TaskOutcome>(
    queue,
    async (job: Job<TaskData, TaskOutcome>) => {
      const data = job.data;
      try {
        if (data.version !== version) {
          throw new ClusterError(
            `This task comes from @voxelkit/cluster ${data.version} but voxelkit-worker ${name} runs ${version}: run the same version of voxelkit on the caller and on every worker.`,
          );
        }
        let run = runs.get(data.run);
        if (run === undefined) {
          run = prepare(data.run);
          runs.set(data.run, run);
          run.catch(() => runs.delete(data.run));
          while (runs.size > RUNS_KEPT) runs.delete(runs.keys().next().value as string);
        }
        return (await run).runTask(data.index, unpack<FoldJob>(data.job));
      } catch (error) {
        return fail(error);
      } finally {
        tasksDone++;
      }
    },
    {
      connection,
      concurrency: 1,
      lockDuration,
      stalledInterval,
      maxStalledCount: 2,
      name,
    },
  );
  worker.on('error', () => {});
  await worker.waitUntilReady();
  return {
    name,
    get tasksDone() {
      return tasksDone;
    },
    async close() {
      await worker.close();
      connection.disconnect();
      store.disconnect();
    },
  };
}
