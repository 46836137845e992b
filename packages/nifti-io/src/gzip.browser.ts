/**
 * gzip codec for browsers: fflate (pure JS). Files go through fflate's streaming `Gunzip`,
 * which (unlike its `gunzipSync`) inflates every member of a multi-member file, and stops once
 * the header's data are out.
 *
 * @module
 */
import { gzipSync } from 'fflate';
import { gunzipBounded } from './gzip.js';

/**
 * Inflates a gzip file (all members) up to the bytes its NIfTI header declares, or
 * `expectedSize` (see {@link gunzipBounded}).
 */
export function gunzip(bytes: Uint8Array, expectedSize?: number): Uint8Array {
  return gunzipBounded(bytes, expectedSize);
}

/** Deflates `bytes` as one gzip member. */
export function gzip(bytes: Uint8Array, level = 6): Uint8Array<ArrayBuffer> {
  return gzipSync(bytes, { level: level as 6 }) as Uint8Array<ArrayBuffer>;
}
