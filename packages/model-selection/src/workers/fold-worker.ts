/**
 * Entry point of a Node `worker_threads` fold worker: `workerData` is the {@link WorkerInit}.
 * The build bundles it into a self-contained `dist/workers/fold-worker.js` (with core, metrics
 * and the estimators of `estimatorRegistry`), so that `@voxelkit/model-selection` needs no
 * runtime dependency on `@voxelkit/estimators`.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { estimatorRegistry } from '@voxelkit/estimators';
import type { JobMessage, WorkerInit } from './protocol.js';
import { serveFoldJobs } from './serve.js';

const port = parentPort;
if (port === null) throw new Error('fold-worker must run in a worker thread.');

void serveFoldJobs(
  workerData as WorkerInit,
  {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', (message: JobMessage) => listener(message)),
  },
  [estimatorRegistry],
);
