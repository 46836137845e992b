/**
 * What a run stores in Redis and what its tasks carry. The data moves once: X's values are stored
 * once under their content hash (in Redis, or as a file in a directory every worker can read),
 * the rest of the run's shared setup once under the run's id, and each BullMQ job carries only
 * its task (fold indices, a permutation, grid parameters). Values cross as V8's structured
 * serialisation (exact doubles, typed arrays, Maps), base64 inside BullMQ's JSON.
 *
 * @module
 */
import { deserialize, serialize } from 'node:v8';
import type { EncodedEstimator, SerializedError, Targets } from '@voxelkit/model-selection';

/** Default BullMQ queue name. */
export const DEFAULT_QUEUE = 'voxelkit';

/** Prefix of the keys this package stores (BullMQ's own keys are under `bull:`). */
const PREFIX = 'voxelkit';

/** Key of X's values stored under their content hash. */
export function dataKey(hash: string): string {
  return `${PREFIX}:data:${hash}`;
}

/** Key of a run's shared setup ({@link RunMeta}). */
export function runKey(runId: string): string {
  return `${PREFIX}:run:${runId}`;
}

/** BullMQ job id of task `index` of run `runId` (BullMQ ids may not contain ':'). */
export function taskId(runId: string, index: number): string {
  return `${runId}-${index}`;
}

/** Where X's values are: a Redis key, or a file path every worker can read. */
export type DataLocation = { kind: 'redis'; key: string } | { kind: 'file'; path: string };

/** A run's shared setup, stored once. */
export interface RunMeta {
  /** `@voxelkit/cluster` version of the caller; workers of another version refuse the run. */
  version: string;
  data: DataLocation;
  /** sha256 of X's bytes (hex), to verify what a worker read. */
  hash: string;
  rows: number;
  cols: number;
  estimator: EncodedEstimator;
  y: Targets | undefined;
  scoring: (string | undefined)[];
  modules: string[];
  /** The run's `shared` value for custom tasks (e.g. a SearchLight's sphere adjacency). */
  shared?: unknown;
}

/** The data of one BullMQ job. */
export interface TaskData {
  run: string;
  index: number;
  /** The caller's `@voxelkit/cluster` version (checked before anything is loaded). */
  version: string;
  /** The FoldJob, V8-serialised, base64. */
  job: string;
}

/** What a worker returns for a task (BullMQ's return value). */
export type TaskOutcome =
  | { ok: true; result: string; warnings: SerializedError[]; worker: string }
  | { ok: false; error: SerializedError; worker: string };

/** V8-serialises `value` to base64. */
export function pack(value: unknown): string {
  return serialize(value).toString('base64');
}

/** The value {@link pack} encoded. */
export function unpack<T>(text: string): T {
  return deserialize(Buffer.from(text, 'base64')) as T;
}

/** V8-serialises `value` to a Buffer (for Redis values). */
export function packBuffer(value: unknown): Buffer {
  return serialize(value);
}

/** The value {@link packBuffer} encoded. */
export function unpackBuffer<T>(buffer: Buffer): T {
  return deserialize(buffer) as T;
}
