/**
 * The errors of `@voxelkit/cluster`.
 *
 * @module
 */
import { VoxelkitError } from '@voxelkit/core';

/**
 * A cluster run could not go on: Redis is unreachable or was restarted (its data lost), a task
 * failed on every worker that took it, or a worker runs another voxelkit version. The message
 * names Redis (with its address) or the worker, and says what to do.
 */
export class ClusterError extends VoxelkitError {}
