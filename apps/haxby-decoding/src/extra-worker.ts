/**
 * Entry point of the worker thread that runs the tutorial's 8-category extra (see `extra.ts`).
 * It loads the estimators and the cross-validation as soon as it starts — while the main thread
 * still streams `bold.nii.gz` — then waits for one {@link ExtraRequest}, runs the same
 * `crossValScore` the main thread would run, and posts the scores back.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { setWarningHandler } from '@voxelkit/core';
import { SVC } from '@voxelkit/estimators';
import { crossValScore, LeaveOneGroupOut, serializeError } from '@voxelkit/model-selection';
import type { ExtraReply, ExtraRequest } from './extra.js';

const port = parentPort;
if (port === null) throw new Error('extra-worker must run in a worker thread.');
const post = (reply: ExtraReply) => port.postMessage(reply);

setWarningHandler((w) => post({ type: 'warning', warning: serializeError(w) }));
port.once('message', async (request: ExtraRequest) => {
  try {
    const { data, rows, cols } = request.X;
    const scores = await crossValScore(
      new SVC({ kernel: 'linear' }),
      { data, rows, cols },
      request.y,
      { cv: new LeaveOneGroupOut(), groups: request.groups, nJobs: request.nJobs },
    );
    post({ type: 'scores', scores: Array.from(scores) });
  } catch (error) {
    post({ type: 'error', error: serializeError(error) });
  }
});
post({ type: 'ready' });
