/**
 * The seam between the cross-validation functions and whatever runs their jobs: the calling
 * thread, a pool of worker threads / Web Workers, or a queue such as Redis (`RedisExecutor` of
 * `@voxelkit/cluster`, given as the `executor` option). Kept minimal.
 *
 * @module
 */
import type { FoldJob, JobResult } from '../fit-and-score.js';
import type { WorkerInit } from './protocol.js';

/** How far a run is: what `onProgress` receives after each finished task (and on news). */
export interface RunProgress {
  /** Tasks finished (each counted once, however many times it ran). */
  done: number;
  /** Tasks of the run. */
  total: number;
  /** Seconds since the run started. */
  elapsed: number;
  /** Tasks finished per second so far (0 before the first). */
  rate: number;
  /** Estimated seconds to the end at that rate (`Infinity` before the first task finishes). */
  eta: number;
  /** The index of the task whose result this report follows (absent for executor news). */
  task?: number;
  /** Workers serving the run, when the executor knows (a Redis queue does; 0: none yet). */
  workers?: number;
  /** The executor's latest news, e.g. `'0 workers on queue "voxelkit": waiting'`. */
  message?: string;
}

/** What an executor may report besides results: how many workers serve it, and why it waits. */
export interface ExecutorStatus {
  workers: number;
  message: string;
}

/** Options of one {@link Executor.run}. */
export interface ExecutorRunOptions<R> {
  /**
   * Aborting stops the run: pending and running tasks are dropped (workers terminated) and the
   * run rejects with the signal's reason — an `AbortError` or `TimeoutError` when the
   * signal comes from the cross-validation functions' `signal`/`timeout`.
   */
  signal?: AbortSignal;
  /** Called once per finished task (in completion order) with its index and result: progress. */
  onResult?(index: number, result: R): void;
  /** Called when the executor has news (e.g. the number of workers changed, or is 0). */
  onStatus?(status: ExecutorStatus): void;
}

/** Runs tasks and gives their results back in task order. */
export interface Executor<T, R> {
  /**
   * Runs every task; resolves with the results in task order, or rejects with the first error a
   * task raised (with its type) or when `options.signal` aborts. Either way no task keeps running
   * once it has settled.
   */
  run(tasks: readonly T[], options?: ExecutorRunOptions<R>): Promise<R[]>;
}

/**
 * An executor for whole cross-validation runs, given as the `executor` option of `crossValScore`,
 * `crossValidate`, `crossValPredict`, `permutationTestScore` and `GridSearchCV.fitAsync`: for each
 * run it receives once what all tasks share (estimator, X, y, scorer names, worker modules, the
 * custom tasks' `shared` value — the same {@link WorkerInit} a worker thread gets) and returns the executor of that run's jobs.
 * `RedisExecutor` of `@voxelkit/cluster` is one; the local worker pool is the default.
 */
export interface RunExecutor {
  /** The executor of one run's jobs; results are the raw worker results (estimators encoded). */
  forRun(init: WorkerInit): Executor<FoldJob, JobResult>;
}
