/**
 * Typed errors of parallel runs (`nJobs > 1`, and `signal`/`timeout` with any `nJobs`).
 *
 * @module
 */
import { VoxelkitError } from '@voxelkit/core';

/** The caller's `signal` was aborted; workers were terminated. `cause` is the signal's reason. */
export class AbortError extends VoxelkitError {}

/** The run took longer than its `timeout` (ms); workers were terminated. */
export class TimeoutError extends VoxelkitError {}

/**
 * A worker thread exceeded its `workerResourceLimits` (Node's `ERR_WORKER_OUT_OF_MEMORY`); the
 * other workers were terminated.
 */
export class WorkerOutOfMemoryError extends VoxelkitError {}
