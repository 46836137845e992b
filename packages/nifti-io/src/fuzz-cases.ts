/**
 * The seeded NIfTI fuzzer shared by `src/fuzz.test.ts` (a few hundred cases in CI) and
 * `scripts/fuzz.mjs` (the full run, `pnpm fuzz`): mutations of real files, and one case =
 * readNifti (+ getFData), readHeader and streamVolumes on the mutated bytes. Internal: not in
 * the package's exports map.
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';
import { dataByteLength, dataOffset } from './decode.js';
import { formatHeader } from './format.js';
import { gunzipBounded, isGzip } from './gzip.js';
import { parseHeader } from './header.js';
import { readHeader, readNifti, streamVolumes } from './node.js';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTREMES = [0, 1, 0xff, 0x7f, 0x80];
const WORDS = [0, -1, 1, 7, 8, 32767, -32768, 0x7fffffff, -0x80000000, 0x7fc00000 /* NaN */];

/** One mutation of `src`: a truncation, or 1-4 byte/word edits (in the header region unless gzip). */
export function mutate(src: Uint8Array, r: () => number): Uint8Array {
  const gz = src[0] === 0x1f && src[1] === 0x8b;
  const kind = Math.floor(r() * 4);
  if (kind === 0) return src.subarray(0, Math.floor(r() * src.length));
  const out = src.slice();
  const region = gz ? out.length : Math.min(out.length, 560);
  const view = new DataView(out.buffer);
  const edits = 1 + Math.floor(r() * 4);
  for (let e = 0; e < edits; e++) {
    const pos = Math.floor(r() * region);
    if (kind === 1) out[pos] = Math.floor(r() * 256);
    else if (kind === 2) out[pos] = EXTREMES[Math.floor(r() * EXTREMES.length)]!;
    else if (pos + 4 <= out.length) {
      const w = WORDS[Math.floor(r() * WORDS.length)]!;
      if (r() < 0.5) view.setInt16(pos & ~1, w & 0xffff, r() < 0.5);
      else view.setInt32(pos & ~3, w | 0, r() < 0.5);
    }
  }
  return out;
}

/** A file to mutate: its bytes, and for the header of a pair, its `.img` bytes. */
export interface FuzzSeed {
  name: string;
  bytes: Uint8Array;
  image?: Uint8Array;
}

/**
 * The data size (bytes) the header of `bytes` declares — header, extensions and data, as
 * `vox_offset` + data for single files — or 0 when there is no valid header.
 */
export function declaredBytes(bytes: Uint8Array): number {
  try {
    const head = isGzip(bytes) ? gunzipBounded(bytes.subarray(0, 1 << 16), 4096) : bytes;
    const h = parseHeader(head);
    return dataOffset(h) + dataByteLength(h).bytes;
  } catch {
    return 0;
  }
}

/** What one case did: `ok` (read), the typed error's name, or an untyped error (a defect). */
export interface FuzzResult {
  outcome: 'ok' | 'NiftiError' | 'untyped';
  message?: string;
}

async function typed(run: () => Promise<unknown>): Promise<FuzzResult> {
  try {
    await run();
    return { outcome: 'ok' };
  } catch (e) {
    if (e instanceof NiftiError) return { outcome: 'NiftiError' };
    return { outcome: 'untyped', message: `${(e as Error)?.name}: ${(e as Error)?.message}` };
  }
}

/** Runs one case on mutated bytes; the worst outcome of readNifti, readHeader, streamVolumes. */
export async function runCase(bytes: Uint8Array, image?: Uint8Array): Promise<FuzzResult> {
  const opts = image ? { image } : {};
  const results = [
    await typed(async () => {
      const img = await readNifti(bytes, opts);
      formatHeader(img.header);
      if (img.data.length < 1e6) {
        try {
          img.getFData();
        } catch (e) {
          if (!(e instanceof NiftiError)) throw e;
        }
      }
    }),
    await typed(() => readHeader(bytes)),
    await typed(async () => {
      for await (const _ of streamVolumes(bytes, opts)) {
        /* drain */
      }
    }),
  ];
  return results.find((r) => r.outcome === 'untyped') ?? results[0]!;
}
