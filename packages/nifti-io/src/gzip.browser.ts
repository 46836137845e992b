/**
 * gzip codec for browsers: fflate (pure JS). Whole files go through fflate's streaming
 * `Gunzip`, which (unlike its `gunzipSync`) inflates every member of a multi-member file.
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';
import { Gunzip, gzipSync } from 'fflate';

/** Inflates a whole gzip file (all members). */
export function gunzip(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    const g = new Gunzip((chunk) => {
      parts.push(chunk);
      total += chunk.length;
    });
    g.push(bytes, true);
  } catch (e) {
    throw new NiftiError(
      `Corrupt or truncated gzip data (${(e as Error).message}). Download or copy the file again.`,
      { cause: e },
    );
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** Deflates `bytes` as one gzip member. */
export function gzip(bytes: Uint8Array, level = 6): Uint8Array<ArrayBuffer> {
  return gzipSync(bytes, { level: level as 6 }) as Uint8Array<ArrayBuffer>;
}
