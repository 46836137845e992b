/**
 * `SearchLight` with `nJobs > 1` on Node `worker_threads`: X, the adjacency and the scores live
 * in SharedArrayBuffers that every worker maps without a copy; workers claim small chunks of
 * spheres from a shared counter as they free up (nilearn cuts `n_jobs` equal blocks instead).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Label, ValidationError, VoxelkitError } from '@voxelkit/core';
import { type EncodedEstimator, encodeEstimator, type Split } from '@voxelkit/model-selection';
import type { SphereContext } from './score-spheres.js';

/** What each worker is started with (structured-cloned; the buffers are shared, not copied). */
export interface SearchLightWorkerData {
  X: SharedArrayBuffer;
  indptr: SharedArrayBuffer;
  indices: SharedArrayBuffer;
  scores: SharedArrayBuffer;
  counter: SharedArrayBuffer;
  nSamples: number;
  nColumns: number;
  nSeeds: number;
  maxSize: number;
  chunk: number;
  folds: Split[];
  yTrain: (Label[] | Float64Array)[];
  yTest: (Label[] | Float64Array)[];
  estimator: EncodedEstimator;
  scoring: string | undefined;
}

/** Messages a worker posts. */
export type WorkerReply =
  | { kind: 'progress'; count: number }
  | { kind: 'done'; notConverged: number }
  | { kind: 'error'; name: string; message: string };

function shared<T extends Float64Array | Int32Array>(src: T): SharedArrayBuffer {
  const buf = new SharedArrayBuffer(src.byteLength);
  new (src.constructor as new (b: SharedArrayBuffer) => T)(buf).set(src);
  return buf;
}

/**
 * The compiled worker entry: beside this module in `dist`, or — when this module runs from its
 * TypeScript source (tests) — the package's built `dist` copy.
 *
 * @throws ValidationError when no built worker exists (build the package first).
 */
export function workerEntry(): URL {
  const here = new URL('./search-light-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL('../../dist/searchlight/search-light-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new ValidationError(
    'The SearchLight worker (dist/searchlight/search-light-worker.js) is not built: run the package build, or use nJobs: 1.',
  );
}

/**
 * The parent's Node flags minus module-resolution conditions: the worker is built JavaScript
 * and must load the built packages, even when the parent runs from TypeScript sources.
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--conditions' || a === '-C') i++;
    else if (!a.startsWith('--conditions=') && !a.startsWith('-C=')) out.push(a);
  }
  return out;
}

/** Result of {@link scoreSpheresParallel}. */
export interface ParallelScores {
  scores: Float64Array;
  notConverged: number;
}

/**
 * Scores every sphere of `ctx` on `nJobs` worker threads; `onChunk(count)` is called as chunks
 * finish. The numbers are those of the calling thread (same code, same order within a sphere).
 *
 * @throws ValidationError for a scoring function (only scorer names cross threads) or an
 *   estimator the workers cannot rebuild; the first error a worker raises, with its type name.
 */
export async function scoreSpheresParallel(
  ctx: SphereContext,
  scoring: unknown,
  nJobs: number,
  chunk: number,
  onChunk: (count: number) => void,
): Promise<ParallelScores> {
  if (scoring !== undefined && scoring !== null && typeof scoring !== 'string') {
    throw new ValidationError(
      'A scoring function cannot be sent to worker threads: give a scorer name (e.g. "accuracy") or use nJobs: 1.',
    );
  }
  const { Worker } = await import('node:worker_threads');
  const nSeeds = ctx.adjacency.nSeeds;
  const scoresBuf = new SharedArrayBuffer(nSeeds * 8);
  const data: SearchLightWorkerData = {
    X: shared(ctx.X),
    indptr: shared(ctx.adjacency.indptr),
    indices: shared(ctx.adjacency.indices),
    scores: scoresBuf,
    counter: new SharedArrayBuffer(4),
    nSamples: ctx.nSamples,
    nColumns: ctx.nColumns,
    nSeeds,
    maxSize: ctx.adjacency.maxSize,
    chunk,
    folds: ctx.folds,
    yTrain: ctx.yTrain,
    yTest: ctx.yTest,
    estimator: encodeEstimator(ctx.estimator),
    scoring: (scoring as string | undefined | null) ?? undefined,
  };
  const entry = workerEntry();
  const workers = Array.from(
    { length: Math.min(nJobs, nSeeds) },
    () => new Worker(entry, { workerData: data, execArgv: workerExecArgv() }),
  );
  let notConverged = 0;
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.on('message', (m: WorkerReply) => {
              if (m.kind === 'progress') onChunk(m.count);
              else if (m.kind === 'done') {
                notConverged += m.notConverged;
                resolve();
              } else {
                const Err = m.name === 'ValidationError' ? ValidationError : VoxelkitError;
                reject(new Err(`${m.message} (in a SearchLight worker)`));
              }
            });
            w.on('error', reject);
            w.on('exit', (code) => {
              if (code !== 0)
                reject(new VoxelkitError(`A SearchLight worker exited with code ${code}.`));
              resolve();
            });
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { scores: new Float64Array(scoresBuf).slice(), notConverged };
}
