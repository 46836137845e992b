/**
 * Reading whole images and headers, shared by the Node and browser entries.
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';
import { dataByteLength, dataOffset, decodeNifti } from './decode.js';
import { inflateLoaded, isGzip } from './gzip.js';
import {
  NIFTI1_HEADER_SIZE,
  NIFTI2_HEADER_SIZE,
  type NiftiHeader,
  parseHeader,
  sniffHeader,
} from './header.js';
import type { NiftiImage } from './image.js';
import {
  describeSource,
  headerNamesFor,
  imageNamesFor,
  type LoadedBytes,
  type NiftiSource,
  type Platform,
} from './source.js';

/** Options of `readNifti`. */
export interface ReadNiftiOptions {
  /**
   * For `.hdr`/`.img` pairs given as bytes/Blob/URL: the `.img` source. Paths find their
   * partner file by name (`x.hdr` ↔ `x.img`, also gzipped).
   */
  image?: NiftiSource;
  /**
   * Node only, for a gzipped file read from a path whose data exceed 64 MiB (default `true`):
   * inflate into a `SharedArrayBuffer` whose pages a worker thread touches ahead of the inflate
   * loop, so the page faults of the fresh memory run on a second core (1.8 s instead of 2.6 s
   * for 476 MB on a 2-core VM). `data.buffer` is then a `SharedArrayBuffer`: a worker's
   * `postMessage` shares it rather than moving it, and refuses it in a transfer list. Pass
   * `false` for a plain `ArrayBuffer`.
   */
  prefault?: boolean;
}

async function loadFirst(platform: Platform, names: string[]): Promise<LoadedBytes | undefined> {
  for (const n of names) {
    const got = await platform.loadSibling(n);
    if (got) return got;
  }
  return undefined;
}

/** `readNifti` on a given platform. */
export async function readNiftiWith(
  platform: Platform,
  source: NiftiSource,
  options: ReadNiftiOptions = {},
): Promise<NiftiImage> {
  const prefault = options.prefault ?? true;
  // given the .img of a pair: its header says how much of it to inflate
  const name = typeof source === 'string' ? source : source instanceof URL ? source.href : '';
  if (headerNamesFor(name).length > 0) {
    const hdr = await loadFirst(platform, headerNamesFor(name));
    if (hdr) {
      const hdrBytes = inflateLoaded(hdr, platform.gunzip);
      const header = parseHeader(hdrBytes.bytes);
      if (header.magic === 'ni1' || header.magic === 'ni2') {
        const img = await platform.loadInflated(source, {
          prefault,
          expectedSize: dataOffset(header) + dataByteLength(header).bytes,
        });
        return decodeNifti(hdrBytes.bytes, {
          owned: hdrBytes.owned,
          imageBytes: img.bytes,
          imageOwned: img.owned,
        });
      }
    }
  }
  const loaded = await platform.loadInflated(source, { prefault });
  if (!sniffHeader(loaded.bytes)) {
    throw new NiftiError(
      `${describeSource(source)} is not a NIfTI file: sizeof_hdr (first 4 bytes) is neither ` +
        `${NIFTI1_HEADER_SIZE} nor ${NIFTI2_HEADER_SIZE}. Check the path; voxelkit reads .nii, ` +
        '.nii.gz and .hdr/.img pairs.',
    );
  }
  const header = parseHeader(loaded.bytes);
  if (header.magic === 'ni1' || header.magic === 'ni2') {
    let img: LoadedBytes | undefined;
    if (options.image !== undefined) img = await platform.load(options.image);
    else if (loaded.name) img = await loadFirst(platform, imageNamesFor(loaded.name));
    if (!img) {
      throw new NiftiError(
        `${describeSource(source)} is the header of a .hdr/.img pair but its .img file was not ` +
          'found. Keep x.hdr and x.img side by side, or pass { image } to readNifti.',
      );
    }
    const { bytes: nbytes } = dataByteLength(header);
    const imgBytes = inflateLoaded(img, platform.gunzip, dataOffset(header) + nbytes);
    return decodeNifti(loaded.bytes, {
      owned: loaded.owned,
      imageBytes: imgBytes.bytes,
      imageOwned: imgBytes.owned,
    });
  }
  return decodeNifti(loaded.bytes, { owned: loaded.owned });
}

/** `readHeader` on a given platform: only the first bytes are read (and inflated). */
export async function readHeaderWith(
  platform: Platform,
  source: NiftiSource,
): Promise<NiftiHeader> {
  const need = NIFTI2_HEADER_SIZE + 4; // the larger header and the 4-byte extension flag
  const parts: Uint8Array[] = [];
  let have = 0;
  const raw = platform.chunks(source, 64 * 1024);
  const iterator = raw[Symbol.asyncIterator]();
  const first = await iterator.next();
  const firstChunk = first.done ? new Uint8Array(0) : first.value;
  async function* rest(): AsyncIterable<Uint8Array> {
    yield firstChunk;
    for (;;) {
      const r = await iterator.next();
      if (r.done) return;
      yield r.value;
    }
  }
  const stream = isGzip(firstChunk) ? platform.inflate(rest()) : rest();
  const it = stream[Symbol.asyncIterator]();
  try {
    while (have < need) {
      const r = await it.next();
      if (r.done) break;
      parts.push(r.value);
      have += r.value.length;
    }
  } finally {
    await it.return?.();
    await iterator.return?.();
  }
  const bytes = new Uint8Array(have);
  let pos = 0;
  for (const p of parts) {
    bytes.set(p, pos);
    pos += p.length;
  }
  return parseHeader(bytes);
}
