/**
 * gzip codec for browsers: fflate (pure JS, synchronous, multi-member aware).
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';
import { gunzipSync, gzipSync } from 'fflate';

/** Inflates a whole gzip file (all members). */
export function gunzip(bytes: Uint8Array): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new NiftiError(
      `Corrupt or truncated gzip data (${(e as Error).message}). Download or copy the file again.`,
      { cause: e },
    );
  }
}

/** Deflates `bytes` as one gzip member. */
export function gzip(bytes: Uint8Array, level = 6): Uint8Array<ArrayBuffer> {
  return gzipSync(bytes, { level: level as 6 }) as Uint8Array<ArrayBuffer>;
}
