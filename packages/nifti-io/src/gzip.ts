/**
 * gzip detection shared by the Node and browser codecs.
 *
 * @module
 */
import type { LoadedBytes } from './source.js';

/** True when `bytes` starts with the gzip magic (1f 8b) — both bytes, unlike nifti-reader-js. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The gzip trailer's ISIZE (uncompressed size mod 2^32) when it is a plausible size for the
 * whole output, else undefined (multi-member streams, >4 GiB data or garbage trailers make it
 * unreliable, so it is only ever a buffer-size hint).
 */
export function gzipSizeHint(bytes: Uint8Array): number | undefined {
  const n = bytes.length;
  if (n < 18) return undefined;
  const isize =
    (bytes[n - 4]! | (bytes[n - 3]! << 8) | (bytes[n - 2]! << 16) | (bytes[n - 1]! << 24)) >>> 0;
  // deflate cannot expand by more than ~1032:1, nor compress below ~0.0001 % overhead
  if (isize < 64 || isize > n * 1032 || isize < n / 2) return undefined;
  return isize;
}

/**
 * `loaded` itself when it is not gzip, else its bytes inflated with the platform's `gunzip`
 * (`expectedSize`: the inflated size, when known).
 */
export function inflateLoaded(
  loaded: LoadedBytes,
  gunzip: (bytes: Uint8Array, expectedSize?: number) => Uint8Array,
  expectedSize?: number,
): LoadedBytes {
  if (!isGzip(loaded.bytes)) return loaded;
  return { bytes: gunzip(loaded.bytes, expectedSize), owned: true, name: loaded.name };
}
