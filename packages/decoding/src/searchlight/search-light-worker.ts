/**
 * The worker side of `SearchLight` with `nJobs > 1` (Node `worker_threads`): maps the shared
 * X, adjacency and score arrays (no copies), rebuilds the estimator from its name and
 * parameters, then claims chunks of spheres from a shared counter until none are left.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConvergenceWarning, setWarningHandler } from '@voxelkit/core';
import { estimatorRegistry } from '@voxelkit/estimators';
import { decodeEstimator, getScorer } from '@voxelkit/model-selection';
import type { SearchLightWorkerData, WorkerReply } from './parallel.js';
import { type SphereContext, scoreSpheres, sphereBuffers } from './score-spheres.js';

const data = workerData as SearchLightWorkerData;
const port = parentPort!;

try {
  let notConverged = 0;
  setWarningHandler((w) => {
    if (w instanceof ConvergenceWarning) notConverged++;
  });
  const ctx: SphereContext = {
    X: new Float64Array(data.X),
    nSamples: data.nSamples,
    nColumns: data.nColumns,
    adjacency: {
      indptr: new Int32Array(data.indptr),
      indices: new Int32Array(data.indices),
      nSeeds: data.nSeeds,
      nColumns: data.nColumns,
      maxSize: data.maxSize,
    },
    folds: data.folds,
    yTrain: data.yTrain,
    yTest: data.yTest,
    estimator: decodeEstimator(data.estimator, estimatorRegistry) as SphereContext['estimator'],
    scorer: getScorer(data.scoring) as SphereContext['scorer'],
  };
  const buffers = sphereBuffers(ctx);
  const out = new Float64Array(data.scores);
  const counter = new Int32Array(data.counter);
  for (;;) {
    const from = Atomics.add(counter, 0, data.chunk);
    if (from >= data.nSeeds) break;
    const to = Math.min(data.nSeeds, from + data.chunk);
    scoreSpheres(ctx, buffers, from, to, out);
    port.postMessage({ kind: 'progress', count: to - from } satisfies WorkerReply);
  }
  port.postMessage({ kind: 'done', notConverged } satisfies WorkerReply);
} catch (error) {
  const e = error as Error;
  port.postMessage({
    kind: 'error',
    name: e?.name ?? 'Error',
    message: e?.message ?? String(error),
  } satisfies WorkerReply);
}
