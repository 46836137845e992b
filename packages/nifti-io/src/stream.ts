/**
 * Streaming the 3-D volumes of a 4-D (or higher) image with incremental inflate, so a large
 * BOLD run never sits in memory whole.
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';
import { type Affine, getBestAffine } from './affine.js';
import type { NiftiTypedArray } from './datatypes.js';
import {
  dataByteLength,
  dataOffset,
  isSingleFile,
  NATIVE_LITTLE_ENDIAN,
  swapBytes,
} from './decode.js';
import { isGzip } from './gzip.js';
import {
  NIFTI1_HEADER_SIZE,
  NIFTI2_HEADER_SIZE,
  type NiftiHeader,
  parseHeader,
  sniffHeader,
} from './header.js';
import { shapeOfHeader } from './image.js';
import { scaleInto, scalingOf } from './scaling.js';
import { describeSource, imageNamesFor, type NiftiSource, type Platform } from './source.js';

/** Options of `streamVolumes`. */
export interface StreamVolumesOptions {
  /**
   * `'raw'` (default): on-disk type, native byte order, unscaled. `'float32'`/`'float64'`:
   * scaled like {@link NiftiImage.getFData}.
   */
  dtype?: 'raw' | 'float32' | 'float64';
  /** For `.hdr`/`.img` pairs not given as a path: the `.img` source. */
  image?: NiftiSource;
  /**
   * Reuse one buffer for every volume (default false): each volume's `data` is then valid only
   * until the next one is asked for. Saves allocating (and collecting) a volume per step when
   * the consumer copies what it needs, e.g. a masker.
   */
  reuse?: boolean;
}

/** One 3-D volume of a streamed image. */
export interface NiftiVolume {
  /** Volume index (over all dimensions after the third, first fastest). */
  index: number;
  /** The volume's voxels, i fastest (nx·ny·nz values, times components). */
  data: NiftiTypedArray | Float32Array | Float64Array;
  /** The file's header. */
  header: NiftiHeader;
  /** Shape of one volume: `[nx, ny, nz]`. */
  shape: number[];
  /** The image's affine (nibabel `get_best_affine`). */
  affine: Affine;
}

const CHUNK = 1 << 20;

/** Reads exactly `n` bytes from an async byte iterator, keeping leftovers. */
class ByteReader {
  private pending: Uint8Array = new Uint8Array(0);
  private done = false;
  constructor(private readonly it: AsyncIterator<Uint8Array>) {}

  /** Fills `target` completely; returns the number of bytes filled (less only at the end). */
  async fill(target: Uint8Array): Promise<number> {
    let pos = 0;
    while (pos < target.length) {
      if (this.pending.length === 0) {
        if (this.done) break;
        const r = await this.it.next();
        if (r.done) {
          this.done = true;
          break;
        }
        this.pending = r.value;
        continue;
      }
      const take = Math.min(this.pending.length, target.length - pos);
      target.set(this.pending.subarray(0, take), pos);
      this.pending = this.pending.subarray(take);
      pos += take;
    }
    return pos;
  }

  /** Skips `n` bytes; returns how many were skipped. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      if (this.pending.length === 0) {
        if (this.done) break;
        const r = await this.it.next();
        if (r.done) {
          this.done = true;
          break;
        }
        this.pending = r.value;
        continue;
      }
      const take = Math.min(this.pending.length, left);
      this.pending = this.pending.subarray(take);
      left -= take;
    }
    return n - left;
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

async function openDecompressed(platform: Platform, source: NiftiSource): Promise<ByteReader> {
  const raw = platform.chunks(source, CHUNK)[Symbol.asyncIterator]();
  const first = await raw.next();
  const firstChunk = first.done ? new Uint8Array(0) : first.value;
  async function* all(): AsyncIterable<Uint8Array> {
    try {
      yield firstChunk;
      for (;;) {
        const r = await raw.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await raw.return?.();
    }
  }
  const stream = isGzip(firstChunk) ? platform.inflate(all()) : all();
  return new ByteReader(stream[Symbol.asyncIterator]());
}

const PREALLOCATE = 64 << 20;

/**
 * The next `n` bytes (fewer at the end of the stream). Large volumes are gathered chunk by
 * chunk before allocating, so a header claiming absurd dims cannot make us allocate more than
 * the stream really holds.
 */
async function readVolume(
  reader: ByteReader,
  n: number,
  reusable?: Uint8Array,
): Promise<Uint8Array> {
  if (n <= PREALLOCATE) {
    const buf = reusable !== undefined && reusable.length === n ? reusable : new Uint8Array(n);
    const got = await reader.fill(buf);
    return got === n ? buf : buf.subarray(0, got);
  }
  const parts: Uint8Array[] = [];
  let have = 0;
  while (have < n) {
    const part = new Uint8Array(Math.min(PREALLOCATE, n - have));
    const got = await reader.fill(part);
    parts.push(part.subarray(0, got));
    have += got;
    if (got < part.length) break;
  }
  const out = new Uint8Array(have);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** `streamVolumes` on a given platform. */
export async function* streamVolumesWith(
  platform: Platform,
  source: NiftiSource,
  options: StreamVolumesOptions = {},
): AsyncIterable<NiftiVolume> {
  const mode = options.dtype ?? 'raw';
  if (mode !== 'raw' && mode !== 'float32' && mode !== 'float64') {
    throw new NiftiError(
      `streamVolumes dtype must be 'raw', 'float32' or 'float64', got '${String(mode)}'.`,
    );
  }
  let reader = await openDecompressed(platform, source);
  try {
    const probe = new Uint8Array(NIFTI2_HEADER_SIZE);
    const got = await reader.fill(probe.subarray(0, 4));
    const kind = sniffHeader(probe.subarray(0, got));
    if (!kind) {
      throw new NiftiError(
        `${describeSource(source)} is not a NIfTI file: sizeof_hdr is neither ` +
          `${NIFTI1_HEADER_SIZE} nor ${NIFTI2_HEADER_SIZE}.`,
      );
    }
    const hsize = kind.version === 1 ? NIFTI1_HEADER_SIZE : NIFTI2_HEADER_SIZE;
    const n = await reader.fill(probe.subarray(4, hsize));
    const header = parseHeader(probe.subarray(0, 4 + n));
    const { info } = dataByteLength(header);
    const shape = shapeOfHeader(header);
    const affine = getBestAffine(header);
    const { slope, inter } = mode === 'raw' ? { slope: 1, inter: 0 } : scalingOf(header);
    if (mode !== 'raw' && info.components !== 1) {
      throw new NiftiError(`Cannot stream ${info.dtype} volumes as ${mode}; use dtype 'raw'.`);
    }
    const volShape = [shape[0] ?? 1, shape[1] ?? 1, shape[2] ?? 1];
    const volVoxels = volShape[0]! * volShape[1]! * volShape[2]!;
    let nVolumes = 1;
    for (let d = 3; d < shape.length; d++) nVolumes *= shape[d]!;
    const volBytes = volVoxels * info.components * info.elementBytes;
    const offset = dataOffset(header);
    if (isSingleFile(header)) {
      const skip = offset - hsize;
      if ((await reader.skip(skip)) < skip) {
        throw new NiftiError(
          `vox_offset ${offset} is past the end of ${describeSource(source)}: truncated or corrupt.`,
        );
      }
    } else {
      await reader.close();
      let img: NiftiSource | undefined = options.image;
      if (img === undefined && typeof source === 'string') img = imageNamesFor(source)[0];
      if (img === undefined) {
        throw new NiftiError(
          `${describeSource(source)} is the header of a .hdr/.img pair; pass { image } with the .img.`,
        );
      }
      const candidates =
        typeof source === 'string' && options.image === undefined ? imageNamesFor(source) : [img];
      let opened: ByteReader | undefined;
      let lastError: unknown;
      for (const c of candidates) {
        try {
          opened = await openDecompressed(platform, c);
          break;
        } catch (e) {
          lastError = e;
        }
      }
      if (!opened) {
        throw new NiftiError(`The .img file of ${describeSource(source)} cannot be read.`, {
          cause: lastError,
        });
      }
      reader = opened;
      if ((await reader.skip(offset)) < offset) {
        throw new NiftiError(`vox_offset ${offset} is past the end of the .img file.`);
      }
    }
    const swap = info.elementBytes > 1 && header.littleEndian !== NATIVE_LITTLE_ENDIAN;
    const count = volBytes / info.elementBytes;
    if (volBytes === 0) return;
    const reusable =
      options.reuse === true && volBytes <= PREALLOCATE ? new Uint8Array(volBytes) : undefined;
    let out: Float32Array | Float64Array | undefined;
    for (let index = 0; index < nVolumes; index++) {
      const buf = await readVolume(reader, volBytes, reusable);
      const filled = buf.length;
      if (filled < volBytes) {
        throw new NiftiError(
          `Truncated NIfTI data in ${describeSource(source)}: volume ${index} of ${nVolumes} ` +
            `has ${filled} of ${volBytes} bytes. Download or copy the file again.`,
        );
      }
      if (swap) swapBytes(buf, info.elementBytes);
      const raw = new info.ctor(buf.buffer, 0, count);
      let data: NiftiTypedArray | Float32Array | Float64Array = raw;
      if (mode !== 'raw') {
        if (out === undefined || options.reuse !== true) {
          out = mode === 'float32' ? new Float32Array(count) : new Float64Array(count);
        }
        scaleInto(raw, slope, inter, out);
        data = out;
      }
      yield { index, data, header, shape: volShape, affine };
    }
  } finally {
    await reader.close();
  }
}
