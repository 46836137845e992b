/**
 * gzip codec for Node: node:zlib, with the output buffer sized from the gzip trailer (the
 * fastest way measured; see the package README).
 *
 * @module
 */
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { NiftiError } from '@voxelkit/core';
import { gzipSizeHint } from './gzip.js';

const MAX_CHUNK = 1 << 30;

/** Inflates a whole gzip file (all members). */
export function gunzip(bytes: Uint8Array): Uint8Array {
  const hint = gzipSizeHint(bytes);
  try {
    const out = gunzipSync(bytes, {
      chunkSize: hint ? Math.min(Math.max(hint, constants.Z_MIN_CHUNK), MAX_CHUNK) : 1 << 20,
    });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    throw new NiftiError(
      `Corrupt or truncated gzip data (${(e as Error).message}). Download or copy the file again.`,
      { cause: e },
    );
  }
}

/** Deflates `bytes` as one gzip member. */
export function gzip(bytes: Uint8Array, level = 6): Uint8Array<ArrayBuffer> {
  const out = gzipSync(bytes, { level });
  return new Uint8Array(out.buffer as ArrayBuffer, out.byteOffset, out.byteLength);
}
