/**
 * Entry point of a Node `worker_threads` fold worker: `workerData` is the {@link WorkerInit}.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { JobMessage, WorkerInit } from './protocol.js';
import { serveFoldJobs } from './serve.js';

const port = parentPort;
if (port === null) throw new Error('fold-worker must run in a worker thread.');

void serveFoldJobs(workerData as WorkerInit, {
  post: (message) => port.postMessage(message),
  onMessage: (listener) => port.on('message', (message: JobMessage) => listener(message)),
});
