/**
 * The worker side of `nJobs > 1`, independent of the kind of worker (Node `worker_threads` or a
 * Web Worker): imports the modules that register estimators (`@voxelkit/estimators`, an
 * optional peer dependency, when it is installed, and the caller's `workerModules`), rebuilds the estimator from its
 * registered name and parameters, maps X, then runs the jobs it is sent and posts their results.
 *
 * @module
 */
import { setWarningHandler } from '@voxelkit/core';
import {
  type CrossValEstimator,
  type JobContext,
  type JobResult,
  runJob,
} from '../fit-and-score.js';
import { getScorer } from '../scoring.js';
import { decodeEstimator, encodeEstimator } from './estimator-transfer.js';
import {
  type JobMessage,
  serializeError,
  type WorkerInit,
  type WorkerMessage,
} from './protocol.js';

/** How a worker talks to the main thread. */
export interface WorkerEndpoint {
  post(message: WorkerMessage): void;
  onMessage(listener: (message: JobMessage) => void): void;
}

/**
 * Sets the worker up from `init` and serves job messages until terminated. Posts `ready` once
 * set up, or an `error` (with `id: null`) when setting up fails.
 */
export async function serveFoldJobs(init: WorkerInit, endpoint: WorkerEndpoint): Promise<void> {
  setWarningHandler((w) => endpoint.post({ type: 'warning', warning: serializeError(w) }));
  let ctx: JobContext;
  try {
    // Not a runtime dependency: scoring needs only @voxelkit/metrics. Without the package no
    // estimator of it can have been sent, so a failed import is not an error here.
    await import('@voxelkit/estimators').catch(() => undefined);
    for (const specifier of init.modules) await import(/* @vite-ignore */ specifier);
    ctx = {
      estimator: decodeEstimator<CrossValEstimator>(init.estimator),
      X: { data: new Float64Array(init.X.buffer), rows: init.X.rows, cols: init.X.cols },
      y: init.y,
      scorers: init.scoring.map((name) => getScorer(name)),
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
