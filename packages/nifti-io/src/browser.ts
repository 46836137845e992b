/**
 * The browser entry's functions: reading from URLs, `Blob`/`File`s and bytes.
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';
import { encodeNifti } from './encode.js';
import type { NiftiHeader } from './header.js';
import type { NiftiImage } from './image.js';
import { browserPlatform } from './platform.browser.js';
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
 * Reads a whole NIfTI image from a URL (fetched), `Blob`/`File` or bytes: `.nii`, `.nii.gz`,
 * `.hdr`/`.img` pairs, NIfTI-1 and -2, either byte order.
 *
 * @throws NiftiError when the source is not a valid, complete NIfTI image.
 */
export function readNifti(source: NiftiSource, options?: ReadNiftiOptions): Promise<NiftiImage> {
  return readNiftiWith(browserPlatform, source, options);
}

/** Reads only the header (for `.nii.gz`, only the first bytes are inflated). */
export function readHeader(source: NiftiSource): Promise<NiftiHeader> {
  return readHeaderWith(browserPlatform, source);
}

/** The bytes of `image` as a single-file NIfTI (`.nii`, or `.nii.gz` with `{ gzip: true }`). */
export function toBytes(image: NiftiImage, options: ToBytesOptions = {}): Uint8Array<ArrayBuffer> {
  const raw = encodeNifti(image, { version: options.version });
  return options.gzip ? browserPlatform.gzip(raw) : raw;
}

/**
 * Not available in browsers (there is no file system): always rejects with a NiftiError. Use
 * {@link toBytes} and offer the bytes as a download (`new Blob([bytes])`).
 */
export async function writeNifti(_image: NiftiImage, path: string): Promise<void> {
  throw new NiftiError(
    `writeNifti(${path}) needs a file system; in browsers use toBytes(image, { gzip: true }) ` +
      'and save the bytes as a Blob.',
  );
}

/**
 * The 3-D volumes of a 4-D (or higher) image, one at a time, decompressing incrementally.
 *
 * @throws NiftiError (from the iterator) for invalid, truncated or corrupt files.
 */
export function streamVolumes(
  source: NiftiSource,
  options?: StreamVolumesOptions,
): AsyncIterable<NiftiVolume> {
  return streamVolumesWith(browserPlatform, source, options);
}
