/**
 * `@voxelkit/cluster`: cross-validation, permutation tests and grid searches on many machines —
 * `RedisExecutor` (BullMQ on Redis) for the `executor` option of `@voxelkit/model-selection`, and
 * the `voxelkit-worker` process that serves it.
 *
 * @packageDocumentation
 */

export { DEFAULT_CONNECT_TIMEOUT_MS, parseConnection } from './connection.js';
export { ClusterError } from './errors.js';
export { DEFAULT_QUEUE } from './protocol.js';
export {
  DEFAULT_MAX_REDIS_BYTES,
  RedisExecutor,
  type RedisExecutorOptions,
} from './redis-executor.js';
export { CLUSTER_VERSION } from './version.js';
export { type StartWorkerOptions, startWorker, type VoxelkitWorker } from './worker.js';
