/**
 * A `RunExecutor` for the tests that serves a run the way a remote worker does, in this process:
 * the run's `WorkerInit` (estimator encoded, X, y, scorer names, worker modules, `shared`) is
 * structured-cloned, and `serveFoldJobs` — the code of every worker — rebuilds the estimator,
 * imports the modules and runs each job. It proves that a run needs nothing but that plain data.
 */
import { setWarningHandler, VoxelkitWarning, type WarningHandler } from '@voxelkit/core';
import { estimatorRegistry } from '@voxelkit/estimators';
import {
  deserializeError,
  type Executor,
  type ExecutorRunOptions,
  type FoldJob,
  type JobMessage,
  type JobResult,
  type RunExecutor,
  serveFoldJobs,
  type WorkerInit,
  type WorkerMessage,
} from '@voxelkit/model-selection';

/** The executor, and how many runs and tasks it served. */
export class InProcessExecutor implements RunExecutor {
  runs = 0;
  tasks = 0;
  /** The `shared` value of the last run, as the worker received it. */
  lastShared: unknown;

  forRun(init: WorkerInit): Executor<FoldJob, JobResult> {
    this.runs++;
    return {
      run: async (jobs, options = {}) => {
        const copy = structuredClone(init);
        // serveFoldJobs takes over this thread's warning handler (a worker's is its own): keep
        // the caller's, hand the worker's warnings to it, and restore it after the run.
        const outer = setWarningHandler(() => {});
        setWarningHandler(outer);
        try {
          return await this.serve(copy, jobs, options, outer);
        } finally {
          setWarningHandler(outer);
        }
      },
    };
  }

  private async serve(
    copy: WorkerInit,
    jobs: readonly FoldJob[],
    options: ExecutorRunOptions<JobResult>,
    outer: WarningHandler,
  ): Promise<JobResult[]> {
    this.lastShared = copy.shared;
    let listener: ((m: JobMessage) => void) | undefined;
    let reply: WorkerMessage | undefined;
    await serveFoldJobs(
      copy,
      {
        post: (m) => {
          if (m.type === 'warning') {
            const w = deserializeError(m.warning, 'in the in-process executor');
            outer(w instanceof VoxelkitWarning ? w : new VoxelkitWarning(w.message));
          } else if (m.type !== 'ready') reply = m;
        },
        onMessage: (l) => {
          listener = l;
        },
      },
      [estimatorRegistry],
    );
    if (reply?.type === 'error') throw deserializeError(reply.error, 'setting up the run');
    const out: JobResult[] = [];
    for (let i = 0; i < jobs.length; i++) {
      if (options.signal?.aborted) throw options.signal.reason;
      reply = undefined;
      listener?.({ type: 'job', id: i, job: structuredClone(jobs[i] as FoldJob) });
      const m = reply as WorkerMessage | undefined;
      if (m?.type === 'error') throw deserializeError(m.error, `in task ${i}`);
      if (m?.type !== 'result') throw new Error(`task ${i} gave no result`);
      out.push(structuredClone(m.result));
      this.tasks++;
      options.onResult?.(i, m.result);
    }
    return out;
  }
}
