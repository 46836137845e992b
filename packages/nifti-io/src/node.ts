/**
 * The Node entry's functions: reading from paths/URLs/bytes, writing files.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { NiftiError } from '@voxelkit/core';
import { encodeNifti, encodeNiftiPair } from './encode.js';
import type { NiftiHeader } from './header.js';
import type { NiftiImage } from './image.js';
import { nodePlatform } from './platform.node.js';
import { type ReadNiftiOptions, readHeaderWith, readNiftiWith } from './read.js';
import type { NiftiSource } from './source.js';
import { type NiftiVolume, type StreamVolumesOptions, streamVolumesWith } from './stream.js';

/** Options of {@link toBytes}. */
export interface ToBytesOptions {
  /** gzip the file (`.nii.gz`); default false. */
  gzip?: boolean;
  /** NIfTI-1 or NIfTI-2; default: the image header's version (1 for new images). */
  version?: 1 | 2;
}

/**
 * Reads a whole NIfTI image: `.nii`, `.nii.gz`, `.hdr`/`.img` pairs (also gzipped), NIfTI-1
 * and -2, either byte order, from a path, `URL`, bytes or `Blob`.
 *
 * @example
 * ```ts
 * const img = await readNifti('bold.nii.gz');
 * img.shape; // [40, 20, 1, 1452]
 * ```
 * @throws NiftiError when the source is not a valid, complete NIfTI image.
 */
export function readNifti(source: NiftiSource, options?: ReadNiftiOptions): Promise<NiftiImage> {
  return readNiftiWith(nodePlatform, source, options);
}

/** Reads only the header (for `.nii.gz`, only the first bytes are inflated). */
export function readHeader(source: NiftiSource): Promise<NiftiHeader> {
  return readHeaderWith(nodePlatform, source);
}

/** The bytes of `image` as a single-file NIfTI (`.nii`, or `.nii.gz` with `{ gzip: true }`). */
export function toBytes(image: NiftiImage, options: ToBytesOptions = {}): Uint8Array<ArrayBuffer> {
  const raw = encodeNifti(image, { version: options.version });
  return options.gzip ? nodePlatform.gzip(raw) : raw;
}

/**
 * Writes `image` to `path`: a single file for `.nii`/`.nii.gz`, a pair for `.hdr`/`.img` (both
 * files are written, gzipped when the name ends in `.gz`). NIfTI-2 when the header says
 * `version: 2`.
 *
 * @throws NiftiError for other extensions or when a file cannot be written.
 */
export async function writeNifti(image: NiftiImage, path: string): Promise<void> {
  const m = /^(.*)\.(nii|hdr|img)(\.gz)?$/i.exec(path);
  if (!m) {
    throw new NiftiError(
      `Cannot write ${path}: the name must end in .nii, .nii.gz, .hdr(.gz) or .img(.gz).`,
    );
  }
  const gz = m[3] !== undefined;
  const files: [string, Uint8Array][] = [];
  if (m[2]!.toLowerCase() === 'nii') {
    files.push([path, toBytes(image, { gzip: gz })]);
  } else {
    const pair = encodeNiftiPair(image);
    const suffix = m[3] ?? '';
    const upper = m[2] === m[2]!.toUpperCase();
    const pack = (b: Uint8Array) => (gz ? nodePlatform.gzip(b) : b);
    files.push([`${m[1]}.${upper ? 'HDR' : 'hdr'}${suffix}`, pack(pair.header)]);
    files.push([`${m[1]}.${upper ? 'IMG' : 'img'}${suffix}`, pack(pair.image)]);
  }
  for (const [name, bytes] of files) {
    try {
      await writeFile(name, bytes);
    } catch (e) {
      throw new NiftiError(`Cannot write ${name}: ${(e as Error).message}`, { cause: e });
    }
  }
}

/**
 * The 3-D volumes of a 4-D (or higher) image, one at a time, decompressing incrementally: peak
 * memory is about one volume plus the inflate buffers, whatever the file size. Volumes come in
 * file order (index over dims 4…7, first fastest); `data` is raw (default) or scaled floats.
 *
 * @example
 * ```ts
 * for await (const { index, data } of streamVolumes('bold.nii.gz', { dtype: 'float32' })) {
 *   console.log(index, data.length);
 * }
 * ```
 * @throws NiftiError (from the iterator) for invalid, truncated or corrupt files.
 */
export function streamVolumes(
  source: NiftiSource,
  options?: StreamVolumesOptions,
): AsyncIterable<NiftiVolume> {
  return streamVolumesWith(nodePlatform, source, options);
}
