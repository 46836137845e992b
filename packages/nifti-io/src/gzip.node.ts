/**
 * gzip codec for Node: node:zlib, with the output buffer sized from the gzip trailer (the
 * fastest way measured; see the package README).
 *
 * @module
 */
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { NiftiError } from '@voxelkit/core';
import { gunzipBounded, gzipSizeHint, TRAILING_CHECK, UNSIZED_INFLATE_LIMIT } from './gzip.js';
import { expectedFileSize } from './header.js';

const MAX_CHUNK = 1 << 30;
const SMALL = 16 << 20;

/** Size of the file the NIfTI header in the first inflated bytes describes, if there is one. */
export function peekExpectedSize(bytes: Uint8Array): number | undefined {
  try {
    const head = gunzipSync(bytes.subarray(0, 4096), { finishFlush: constants.Z_SYNC_FLUSH });
    return expectedFileSize(new Uint8Array(head.buffer, head.byteOffset, head.byteLength));
  } catch {
    return undefined;
  }
}

/**
 * Inflates a gzip file (all members) up to the bytes it needs: `expectedSize` when given, else
 * what the NIfTI header in the first inflated bytes declares (header, extensions, data), else
 * {@link UNSIZED_INFLATE_LIMIT}. Data trailing after that (a gzip bomb) are not inflated: zlib
 * stops {@link TRAILING_CHECK} bytes later, and the start is then taken with
 * {@link gunzipBounded}. The bytes returned can run past the size needed (by less than
 * {@link TRAILING_CHECK}). The output
 * buffer is sized from the trailer's ISIZE when that is small, or when it agrees (mod 2^32)
 * with the size needed — a corrupt trailer never makes us allocate.
 */
export function gunzip(bytes: Uint8Array, expectedSize?: number): Uint8Array {
  const need = expectedSize ?? peekExpectedSize(bytes);
  let hint = gzipSizeHint(bytes);
  if (hint !== undefined && hint > SMALL) {
    if (need === undefined || need % 2 ** 32 !== hint || need > MAX_CHUNK) {
      hint = undefined;
    } else {
      hint = need;
    }
  }
  try {
    const out = gunzipSync(bytes, {
      chunkSize: hint ? Math.max(hint, constants.Z_MIN_CHUNK) : 1 << 20,
      maxOutputLength: (need ?? UNSIZED_INFLATE_LIMIT) + TRAILING_CHECK,
    });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return gunzipBounded(bytes, need);
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
