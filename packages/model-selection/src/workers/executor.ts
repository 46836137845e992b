/**
 * The seam between the cross-validation functions and whatever runs their jobs: the calling
 * thread, a pool of worker threads / Web Workers, or (later) a queue such as Redis. Kept minimal.
 *
 * @module
 */

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
