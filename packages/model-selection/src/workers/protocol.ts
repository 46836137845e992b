/**
 * Messages between the main thread and a fold worker.
 *
 * @module
 */
import {
  ConvergenceWarning,
  FetchError,
  NiftiError,
  NotFittedError,
  ValidationError,
  VoxelkitError,
  VoxelkitWarning,
} from '@voxelkit/core';
import { MetricWarning } from '@voxelkit/metrics';
import type { FoldJob, JobResult, Targets } from '../fit-and-score.js';
import type { EncodedEstimator } from './estimator-transfer.js';

/** `workerData` of a fold worker: everything shared by all its jobs, sent once. */
export interface WorkerInit {
  estimator: EncodedEstimator;
  /**
   * X's values (row-major float64): a SharedArrayBuffer shared by all workers, or — in browsers
   * without cross-origin isolation — a copy per worker.
   */
  X: { buffer: SharedArrayBuffer | ArrayBuffer; rows: number; cols: number };
  y: Targets | undefined;
  /** Scorer names (undefined: the estimator's `score`), in the order of the context's scorers. */
  scoring: (string | undefined)[];
  /**
   * Module URLs/specifiers to import first: each exports an `estimatorRegistry` (custom
   * estimators) and/or `taskHandlers` (custom tasks).
   */
  modules: string[];
  /** What every custom task of the run shares (plain, structured-cloneable data); sent once. */
  shared?: unknown;
}

/** Main → Web Worker, first message (Node workers get the init as `workerData`). */
export interface InitMessage {
  type: 'init';
  init: WorkerInit;
}

/** Main → worker. */
export interface JobMessage {
  type: 'job';
  id: number;
  job: FoldJob;
}

/** An error as plain data. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

/** Worker → main. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: JobResult }
  | { type: 'warning'; warning: SerializedError }
  | { type: 'error'; id: number | null; error: SerializedError };

/** An error as plain data that survives `postMessage`. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack };
  }
  return { name: 'Error', message: String(error) };
}

const ERROR_CLASSES: Record<string, new (message: string) => Error> = {
  ValidationError,
  NotFittedError,
  NiftiError,
  FetchError,
  ConvergenceWarning,
  MetricWarning,
  VoxelkitError,
  VoxelkitWarning,
};

/** Rebuilds a typed voxelkit error (other errors become plain Errors with the same message). */
export function deserializeError(error: SerializedError, where = 'in a worker thread'): Error {
  const Ctor = ERROR_CLASSES[error.name];
  const message = `${error.message} (raised ${where})`;
  const out = Ctor ? new Ctor(message) : new Error(message);
  if (!Ctor) out.name = error.name;
  if (error.stack) out.stack = `${out.name}: ${message}\n--- worker stack ---\n${error.stack}`;
  return out;
}
