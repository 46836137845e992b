/**
 * The worker-thread side of `nJobs > 1`: imports the modules that register estimators, rebuilds
 * the estimator from its registered name and parameters, maps the shared X, then runs the jobs
 * it is sent and posts their results.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import '@voxelkit/estimators';
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

const port = parentPort;
if (port === null) throw new Error('fold-worker must run in a worker thread.');

function post(message: WorkerMessage): void {
  (port as NonNullable<typeof parentPort>).postMessage(message);
}

async function start(): Promise<void> {
  const init = workerData as WorkerInit;
  setWarningHandler((w) => post({ type: 'warning', warning: serializeError(w) }));
  let ctx: JobContext;
  try {
    for (const specifier of init.modules) await import(specifier);
    ctx = {
      estimator: decodeEstimator<CrossValEstimator>(init.estimator),
      X: { data: new Float64Array(init.X.buffer), rows: init.X.rows, cols: init.X.cols },
      y: init.y,
      scorers: init.scoring.map((name) => getScorer(name)),
    };
  } catch (error) {
    post({ type: 'error', id: null, error: serializeError(error) });
    return;
  }
  port?.on('message', (message: JobMessage) => {
    try {
      const result: JobResult = runJob(ctx, message.job);
      if (result.kind === 'score' && result.estimator !== undefined) {
        (result as { estimator: unknown }).estimator = encodeEstimator(result.estimator, true);
      }
      post({ type: 'result', id: message.id, result });
    } catch (error) {
      post({ type: 'error', id: message.id, error: serializeError(error) });
    }
  });
  post({ type: 'ready' });
}

void start();
