/**
 * Custom tasks: work other than cross-validation folds (a `Decoder`'s per-class, per-fold grid
 * search, a `SearchLight`'s chunk of spheres) run through the same seam as the fold jobs — the
 * calling thread, worker threads, Web Workers, or a `RunExecutor` such as `RedisExecutor`.
 *
 * A task is plain data, `{ kind: 'task', task: name, args }`; its result is `{ kind: 'task',
 * value }`. What every task of a run shares (besides the run's estimator, X and y) is the run's
 * `shared` value, sent once per worker like X. The code is a **handler** looked up by name in the
 * `taskHandlers` a module exports (built with {@link defineTaskHandlers}); the module is given in
 * `workerModules`, so each worker imports it — nothing registers itself on import.
 *
 * @module
 */
import {
  type Matrix2D,
  setWarningHandler,
  ValidationError,
  type VoxelkitWarning,
  warn,
} from '@voxelkit/core';
import type { ScoringFunction } from '@voxelkit/metrics';
import type { CrossValEstimator, Targets } from '../fit-and-score.js';

/** A custom task: the name of its handler and its own arguments (plain, structured-cloneable data). */
export interface TaskJob {
  kind: 'task';
  /** The handler's name in the `taskHandlers` of a worker module, e.g. `'my-lab/fit-chunk'`. */
  task: string;
  args: unknown;
}

/** What a {@link TaskJob}'s handler returned (plain, structured-cloneable data). */
export interface TaskResult {
  kind: 'task';
  value: unknown;
}

/** What a handler receives besides its task's `args`: the run's shared setup, on any worker. */
export interface TaskContext<S = unknown> {
  /** The run's estimator, unfitted (rebuilt from its registry on a worker): clone it to fit. */
  estimator: CrossValEstimator;
  /** The run's X (row-major float64; shared memory on worker threads: do not write to it). */
  X: Matrix2D;
  /** The run's targets. */
  y: Targets | undefined;
  /** The run's scorers (from the scoring names given to `runJobs`). */
  scorers: ScoringFunction[];
  /** The run's `shared` value (sent once per worker; the same object for all its tasks). */
  shared: S;
  /**
   * Runs `fn` and returns what it returned with the warnings emitted meanwhile (not emitted
   * further). On a bundled worker the estimators' warnings go through the worker's own copy of
   * `@voxelkit/core`, which only this function reaches: compare warnings by `name`, not with
   * `instanceof`.
   */
  collectWarnings<T>(fn: () => T): { value: T; warnings: VoxelkitWarning[] };
  /** Emits a warning to the caller of the run (a worker forwards it to the calling thread). */
  warn(warning: VoxelkitWarning): void;
}

/** The code of a task: a synchronous function of its arguments and the run's context. */
export type TaskHandler<A = never, V = unknown, S = never> = (args: A, ctx: TaskContext<S>) => V;

/** Handlers by task name, as a worker module exports them (`export const taskHandlers = …`). */
export type TaskHandlers = Readonly<Record<string, TaskHandler<never, unknown, never>>>;

/**
 * The `taskHandlers` value of a worker module: checks the names and functions and freezes them.
 * Name tasks by package (`'my-lab/fit-chunk'`) so that two modules' names do not collide.
 *
 * @example
 * ```ts
 * // my-tasks.ts
 * export const taskHandlers = defineTaskHandlers({
 *   'my-lab/row-sums': (args: { from: number; to: number }, ctx) => rowSums(ctx.X, args),
 * });
 * ```
 * @throws ValidationError for an empty name or a value that is not a function.
 */
export function defineTaskHandlers<H extends Record<string, TaskHandler<never, unknown, never>>>(
  handlers: H,
): Readonly<H> {
  if (typeof handlers !== 'object' || handlers === null || Array.isArray(handlers)) {
    throw new ValidationError(
      'defineTaskHandlers takes an object of handlers by task name: { "my-lab/task": (args, ctx) => value }.',
    );
  }
  for (const [name, handler] of Object.entries(handlers)) {
    if (name === '') throw new ValidationError('A task handler needs a non-empty name.');
    if (typeof handler !== 'function') {
      throw new ValidationError(
        `Task handler "${name}" is ${typeof handler}: a handler is a function (args, ctx) => value.`,
      );
    }
  }
  return Object.freeze({ ...handlers });
}

/**
 * Handlers of several modules in one lookup.
 *
 * @throws ValidationError when two modules define the same task name with different functions.
 */
export function mergeTaskHandlers(list: readonly TaskHandlers[]): TaskHandlers {
  const out: Record<string, TaskHandler<never, unknown, never>> = {};
  for (const handlers of list) {
    for (const [name, handler] of Object.entries(handlers)) {
      if (name in out && out[name] !== handler) {
        throw new ValidationError(
          `Two worker modules define a task named "${name}": rename one (prefix it with your package's name).`,
        );
      }
      out[name] = handler;
    }
  }
  return Object.freeze(out);
}

function collectWarnings<T>(fn: () => T): { value: T; warnings: VoxelkitWarning[] } {
  const warnings: VoxelkitWarning[] = [];
  // Synchronous: the handler is swapped only while no other code of this thread can run.
  const previous = setWarningHandler((w) => warnings.push(w));
  try {
    return { value: fn(), warnings };
  } finally {
    setWarningHandler(previous);
  }
}

/** What {@link runTask} needs: the run's context and the handlers known where it runs. */
export interface TaskRunContext {
  estimator: CrossValEstimator;
  X: Matrix2D;
  y: Targets | undefined;
  scorers: ScoringFunction[];
  shared?: unknown;
  tasks?: TaskHandlers;
}

/**
 * Runs one custom task with its handler.
 *
 * @throws ValidationError when no handler of that name is known (the module exporting it is not
 *   among the `workerModules`); otherwise what the handler threw.
 */
export function runTask(ctx: TaskRunContext, job: TaskJob): TaskResult {
  const handler = ctx.tasks?.[job.task];
  if (typeof handler !== 'function') {
    const known = Object.keys(ctx.tasks ?? {});
    throw new ValidationError(
      `No task handler named "${String(job.task)}" here (known: ${known.length > 0 ? known.join(', ') : 'none'}). Give the module that exports it as taskHandlers in workerModules.`,
    );
  }
  const taskCtx: TaskContext<unknown> = {
    estimator: ctx.estimator,
    X: ctx.X,
    y: ctx.y,
    scorers: ctx.scorers,
    shared: ctx.shared,
    collectWarnings,
    warn,
  };
  return {
    kind: 'task',
    value: (handler as TaskHandler<unknown, unknown, unknown>)(job.args, taskCtx),
  };
}
