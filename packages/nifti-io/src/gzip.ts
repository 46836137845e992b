/**
 * gzip detection shared by the Node and browser codecs.
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';
import { Gunzip } from 'fflate';
import { expectedFileSize, NIFTI2_HEADER_SIZE } from './header.js';
import type { LoadedBytes } from './source.js';

/**
 * The most that is inflated of a gzip file whose first bytes hold no single-file NIfTI header
 * (a `.hdr` with its extensions, or a file that is not NIfTI at all and will be refused).
 */
export const UNSIZED_INFLATE_LIMIT = 16 << 20;

/**
 * Inflated bytes after those needed that are still inflated (and dropped), so that a file
 * ending right after its data still has its end — trailer, CRC — checked. Beyond this, what
 * trails is ignored unread.
 */
export const TRAILING_CHECK = 1 << 20;

/** Compressed bytes given to the inflater at a time: bounds the overshoot past `need`. */
const STEP = 16 << 10;

/**
 * How many inflated bytes a file whose inflated start is `head` needs: the single-file size its
 * header declares (header, extensions, data), else {@link UNSIZED_INFLATE_LIMIT}.
 */
export function inflatedBytesNeeded(head: Uint8Array): number {
  return expectedFileSize(head) ?? UNSIZED_INFLATE_LIMIT;
}

/**
 * Inflates the start of a gzip file (all members), stopping once `need` bytes are out — by
 * default what the NIfTI header in the first inflated bytes declares, so data trailing after
 * the image (a gzip bomb) is never inflated past {@link TRAILING_CHECK}. Input goes in 16 KiB
 * steps, so at most ~17 MiB past `need` are ever produced. Pure JS (fflate): the browser's gunzip, and Node's fallback.
 *
 * @throws NiftiError for corrupt gzip data, or data that end before `need` bytes mid-member.
 */
export function gunzipBounded(bytes: Uint8Array, need?: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let limit = need;
  const g = new Gunzip((chunk) => {
    parts.push(chunk);
    total += chunk.length;
  });
  try {
    for (
      let pos = 0;
      pos < bytes.length && (limit === undefined || total < limit + TRAILING_CHECK);
      pos += STEP
    ) {
      const end = Math.min(bytes.length, pos + STEP);
      g.push(bytes.subarray(pos, end), end === bytes.length);
      if (limit === undefined && total >= NIFTI2_HEADER_SIZE + 4) {
        limit = inflatedBytesNeeded(concat(parts, total));
      }
    }
  } catch (e) {
    throw new NiftiError(
      `Corrupt or truncated gzip data (${(e as Error).message}). Download or copy the file again.`,
      { cause: e },
    );
  }
  const keep = limit === undefined ? total : Math.min(total, limit);
  return concat(parts, keep);
}

/** The first `length` bytes of `parts` as one array (the only part when it suffices). */
function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!.subarray(0, length);
  const out = new Uint8Array(length);
  let pos = 0;
  for (const p of parts) {
    if (pos >= length) break;
    const n = Math.min(p.length, length - pos);
    out.set(n === p.length ? p : p.subarray(0, n), pos);
    pos += n;
  }
  return out;
}

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
 * (`expectedSize`: the inflated bytes needed, when known; inflation stops there).
 */
export function inflateLoaded(
  loaded: LoadedBytes,
  gunzip: (bytes: Uint8Array, expectedSize?: number) => Uint8Array,
  expectedSize?: number,
): LoadedBytes {
  if (!isGzip(loaded.bytes)) return loaded;
  return { bytes: gunzip(loaded.bytes, expectedSize), owned: true, name: loaded.name };
}
