/**
 * The worker side of `nJobs > 1`, independent of the kind of worker (Node `worker_threads` or a
 * Web Worker): builds its estimator lookup from the registries its entry imports plus the
 * `estimatorRegistry` exported by each of the caller's `workerModules` (and its custom tasks from
 * their `taskHandlers`), rebuilds the estimator from its name and parameters, maps X, then runs
 * the jobs it is sent and posts their results.
 *
 * @module
 */
import {
  type EstimatorRegistry,
  mergeRegistries,
  setWarningHandler,
  ValidationError,
} from '@voxelkit/core';
import { getScorer } from '@voxelkit/metrics';
import {
  type CrossValEstimator,
  type JobContext,
  type JobResult,
  runJob,
} from '../fit-and-score.js';
import { decodeEstimator, encodeEstimator } from './estimator-transfer.js';
import {
  type JobMessage,
  serializeError,
  type WorkerInit,
  type WorkerMessage,
} from './protocol.js';
import { mergeTaskHandlers, type TaskHandlers } from './tasks.js';

/** How a worker talks to the main thread. */
export interface WorkerEndpoint {
  post(message: WorkerMessage): void;
  onMessage(listener: (message: JobMessage) => void): void;
}

/** What a worker module gives: an estimator registry and/or task handlers. */
interface WorkerModuleExports {
  registry?: EstimatorRegistry;
  tasks?: TaskHandlers;
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

/**
 * What a worker module exports: its `estimatorRegistry` (a `defineRegistry` value) and/or its
 * `taskHandlers` (a `defineTaskHandlers` value).
 *
 * @throws ValidationError when the module exports neither.
 */
async function exportsOfModule(specifier: string): Promise<WorkerModuleExports> {
  const mod = (await import(/* @vite-ignore */ specifier)) as {
    estimatorRegistry?: unknown;
    taskHandlers?: unknown;
  };
  const out: WorkerModuleExports = {};
  if (isObject(mod.estimatorRegistry)) out.registry = mod.estimatorRegistry as EstimatorRegistry;
  if (isObject(mod.taskHandlers)) out.tasks = mod.taskHandlers as TaskHandlers;
  if (out.registry === undefined && out.tasks === undefined) {
    throw new ValidationError(
      `The worker module ${specifier} exports no estimatorRegistry and no taskHandlers. Export one: export const estimatorRegistry = defineRegistry([MyClassifier]) (defineRegistry from '@voxelkit/core'), or export const taskHandlers = defineTaskHandlers({ … }) (from '@voxelkit/model-selection').`,
    );
  }
  return out;
}

/**
 * Sets the worker up from `init` and serves job messages until terminated. Posts `ready` once
 * set up, or an `error` (with `id: null`) when setting up fails.
 *
 * @param builtIn the registries the worker entry imports statically (e.g. `estimatorRegistry`
 *   of `@voxelkit/estimators`)
 */
export async function serveFoldJobs(
  init: WorkerInit,
  endpoint: WorkerEndpoint,
  builtIn: readonly EstimatorRegistry[],
): Promise<void> {
  setWarningHandler((w) => endpoint.post({ type: 'warning', warning: serializeError(w) }));
  let ctx: JobContext;
  try {
    const registries = [...builtIn];
    const tasks: TaskHandlers[] = [];
    for (const specifier of init.modules) {
      const mod = await exportsOfModule(specifier);
      if (mod.registry !== undefined) registries.push(mod.registry);
      if (mod.tasks !== undefined) tasks.push(mod.tasks);
    }
    const registry = mergeRegistries(registries);
    ctx = {
      estimator: decodeEstimator<CrossValEstimator>(init.estimator, registry),
      X: { data: new Float64Array(init.X.buffer), rows: init.X.rows, cols: init.X.cols },
      y: init.y,
      scorers: init.scoring.map((name) => getScorer(name)),
      shared: init.shared,
      tasks: mergeTaskHandlers(tasks),
    };
  } catch (error) {
    endpoint.post({ type: 'error', id: null, error: serializeError(error) });
    return;
  }
  endpoint.onMessage((message) => {
    try {
      const result: JobResult = runJob(ctx, message.job);
      if (result.kind === 'score' && result.estimator !== undefined) {
        (result as { estimator: unknown }).estimator = encodeEstimator(result.estimator, true);
      }
      endpoint.post({ type: 'result', id: message.id, result });
    } catch (error) {
      endpoint.post({ type: 'error', id: message.id, error: serializeError(error) });
    }
  });
  endpoint.post({ type: 'ready' });
}
