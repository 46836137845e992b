/**
 * Turning the bytes of an (uncompressed) NIfTI file into a {@link NiftiImage}.
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';
import { type DatatypeInfo, datatypeFromCode, type NiftiTypedArray } from './datatypes.js';
import { type NiftiExtension, type NiftiHeader, parseHeader } from './header.js';
import { NiftiImage, shapeOfHeader, voxelCount } from './image.js';

/** True on little-endian machines (all current browsers and Node platforms). */
export const NATIVE_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** True for single-file magics (`n+1`, `n+2`), false for pairs (`ni1`, `ni2`). */
export function isSingleFile(header: NiftiHeader): boolean {
  return header.magic === 'n+1' || header.magic === 'n+2';
}

/**
 * Where the voxel data starts in a single file: `vox_offset`, raised to the end of the header
 * plus the 4-byte extender when it is smaller (nibabel fixes such headers the same way).
 */
export function dataOffset(header: NiftiHeader): number {
  const off = header.voxOffset;
  if (!Number.isFinite(off)) {
    throw new NiftiError(
      `Invalid vox_offset ${off}: the header is corrupt (it must be a finite byte offset).`,
    );
  }
  if (!isSingleFile(header)) return Math.max(0, Math.trunc(off));
  return Math.max(header.sizeofHdr + 4, Math.trunc(off));
}

/** Size in bytes of the voxel data a header describes. */
export function dataByteLength(header: NiftiHeader): { info: DatatypeInfo; bytes: number } {
  const info = datatypeFromCode(header.datatype);
  const n = voxelCount(shapeOfHeader(header));
  const bytes = n * info.components * info.elementBytes;
  if (!Number.isSafeInteger(bytes)) {
    throw new NiftiError(`The header describes an absurd amount of data (${bytes} bytes).`);
  }
  return { info, bytes };
}

/**
 * Header extensions that follow the header in `bytes` (from `start`, the extender), up to
 * `end` (the data offset for single files, the end of the .hdr for pairs).
 */
export function parseExtensions(
  bytes: Uint8Array,
  header: NiftiHeader,
  start: number,
  end: number,
): NiftiExtension[] {
  if (start + 4 > bytes.length || bytes[start] === 0) return [];
  const out: NiftiExtension[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const limit = Math.min(end, bytes.length);
  let pos = start + 4;
  while (pos + 8 <= limit) {
    const esize = view.getInt32(pos, header.littleEndian);
    const code = view.getInt32(pos + 4, header.littleEndian);
    if (esize < 8 || pos + esize > limit) {
      throw new NiftiError(
        `Corrupt header extension at byte ${pos}: esize ${esize} does not fit before the data ` +
          `(offset ${limit}).`,
      );
    }
    out.push({ code, content: bytes.slice(pos + 8, pos + esize) });
    pos += esize;
  }
  return out;
}

/** Swaps the byte order of every `size`-byte element of `bytes` in place. */
export function swapBytes(bytes: Uint8Array, size: number): void {
  const n = bytes.length;
  if (size === 2) {
    for (let i = 0; i + 1 < n; i += 2) {
      const a = bytes[i]!;
      bytes[i] = bytes[i + 1]!;
      bytes[i + 1] = a;
    }
  } else if (size === 4) {
    for (let i = 0; i + 3 < n; i += 4) {
      const a = bytes[i]!;
      const b = bytes[i + 1]!;
      bytes[i] = bytes[i + 3]!;
      bytes[i + 1] = bytes[i + 2]!;
      bytes[i + 2] = b;
      bytes[i + 3] = a;
    }
  } else if (size === 8) {
    for (let i = 0; i + 7 < n; i += 8) {
      for (let k = 0; k < 4; k++) {
        const a = bytes[i + k]!;
        bytes[i + k] = bytes[i + 7 - k]!;
        bytes[i + 7 - k] = a;
      }
    }
  }
}

/**
 * A typed array over `length` bytes of `bytes` at `offset`, converted to native byte order.
 * When `owned` (nobody else holds `bytes`), the native-order, aligned case is a zero-copy view.
 */
export function typedArrayFrom(
  bytes: Uint8Array,
  offset: number,
  length: number,
  info: DatatypeInfo,
  littleEndian: boolean,
  owned: boolean,
): NiftiTypedArray {
  const count = length / info.elementBytes;
  const swap = info.elementBytes > 1 && littleEndian !== NATIVE_LITTLE_ENDIAN;
  const start = bytes.byteOffset + offset;
  if (owned && !swap && start % info.elementBytes === 0) {
    return new info.ctor(bytes.buffer, start, count);
  }
  const copy = bytes.slice(offset, offset + length);
  if (swap) swapBytes(copy, info.elementBytes);
  return new info.ctor(copy.buffer, 0, count);
}

/** Options of {@link decodeNifti}. */
export interface DecodeOptions {
  /** The caller gives up `bytes`, so data may be a view on it (no copy). */
  owned?: boolean;
  /** For `.hdr`/`.img` pairs: the (inflated) bytes of the `.img` file. */
  imageBytes?: Uint8Array;
  /** Whether `imageBytes` may be viewed without a copy. */
  imageOwned?: boolean;
}

/**
 * Decodes an uncompressed NIfTI file (or the .hdr of a pair together with its .img bytes).
 *
 * @throws NiftiError for anything that is not a valid, complete NIfTI image.
 */
export function decodeNifti(bytes: Uint8Array, options: DecodeOptions = {}): NiftiImage {
  const header = parseHeader(bytes);
  const { info, bytes: nbytes } = dataByteLength(header);
  const single = isSingleFile(header);
  let source: Uint8Array;
  let offset: number;
  let owned: boolean;
  let extensions: NiftiExtension[];
  if (single) {
    offset = dataOffset(header);
    extensions = parseExtensions(bytes, header, header.sizeofHdr, offset);
    source = bytes;
    owned = options.owned ?? false;
  } else {
    if (!options.imageBytes) {
      throw new NiftiError(
        `This is the header of a .hdr/.img pair (magic "${header.magic}"); the image data is in ` +
          'the matching .img file. Pass the .hdr path, or { image } with the .img contents.',
      );
    }
    extensions = parseExtensions(bytes, header, header.sizeofHdr, bytes.length);
    offset = dataOffset(header);
    source = options.imageBytes;
    owned = options.imageOwned ?? false;
  }
  if (offset > source.length) {
    throw new NiftiError(
      `vox_offset ${offset} is past the end of the data (${source.length} bytes). ` +
        'The file is truncated or the header is corrupt.',
    );
  }
  if (offset + nbytes > source.length) {
    throw new NiftiError(
      `Truncated NIfTI data: shape [${header.dim.slice(1, header.dim[0]! + 1).join(', ')}] of ` +
        `${info.dtype} needs ${nbytes} bytes from offset ${offset}, but the ${single ? 'file' : '.img'} ` +
        `has only ${source.length - offset}. Download or copy the file again.`,
    );
  }
  const data = typedArrayFrom(source, offset, nbytes, info, header.littleEndian, owned);
  return new NiftiImage(header, data, extensions);
}
