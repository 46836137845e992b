/**
 * Turning a {@link NiftiImage} into the bytes of an uncompressed single-file NIfTI (`.nii`).
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';
import { datatypeFromCode } from './datatypes.js';
import { NATIVE_LITTLE_ENDIAN, swapBytes } from './decode.js';
import {
  cloneHeader,
  encodeHeader,
  NIFTI1_HEADER_SIZE,
  NIFTI2_HEADER_SIZE,
  type NiftiHeader,
} from './header.js';
import type { NiftiImage } from './image.js';

/** Options of {@link encodeNifti}. */
export interface EncodeOptions {
  /** NIfTI-1 (default: the image's own version) or NIfTI-2. */
  version?: 1 | 2;
}

/** The two files of a `.hdr`/`.img` pair. */
export interface EncodedPair {
  /** The `.hdr` file: header (magic `ni1`/`ni2`, vox_offset 0), extender, extensions. */
  header: Uint8Array<ArrayBuffer>;
  /** The `.img` file: the voxel data, little-endian. */
  image: Uint8Array<ArrayBuffer>;
}

/**
 * The header written for `image`: the image's header made consistent with a single
 * little-endian file of `version`, like nibabel writes it (magic `n+1`/`n+2`, `vox_offset` after
 * header and extensions, `scl_slope`/`scl_inter` = 1/0 when the image has no valid scaling).
 */
export function headerForWrite(
  image: NiftiImage,
  version: 1 | 2,
  extBytes: number,
  pair = false,
): NiftiHeader {
  const h = cloneHeader(image.header);
  const info = datatypeFromCode(h.datatype);
  h.version = version;
  h.littleEndian = true;
  h.sizeofHdr = version === 1 ? NIFTI1_HEADER_SIZE : NIFTI2_HEADER_SIZE;
  h.magic = pair ? (version === 1 ? 'ni1' : 'ni2') : version === 1 ? 'n+1' : 'n+2';
  h.voxOffset = pair ? 0 : h.sizeofHdr + 4 + extBytes;
  h.bitpix = info.bitpix;
  if (version === 1 && image.shape.some((s) => s > 32767)) {
    throw new NiftiError(
      `Shape [${image.shape.join(', ')}] does not fit NIfTI-1 (sizes <= 32767); write NIfTI-2 ({ version: 2 }).`,
    );
  }
  if (h.sclSlope === 0 || !Number.isFinite(h.sclSlope)) {
    h.sclSlope = 1;
    h.sclInter = 0;
  } else if (!Number.isFinite(h.sclInter)) {
    h.sclInter = 0;
  }
  if (version === 2) {
    h.dataType = '';
    h.dbName = '';
    h.extents = 0;
    h.sessionError = 0;
    h.regular = '';
    h.glmax = 0;
    h.glmin = 0;
  }
  return h;
}

function encodeParts(
  image: NiftiImage,
  options: EncodeOptions,
  pair: boolean,
): { head: Uint8Array<ArrayBuffer>; dataOffset: number; total: number } {
  const version = options.version ?? image.header.version;
  if (version !== 1 && version !== 2) {
    throw new NiftiError(`NIfTI version must be 1 or 2, got ${String(version)}.`);
  }
  const exts = image.extensions.map((e) => {
    const size = Math.ceil((e.content.length + 8) / 16) * 16;
    return { code: e.code, content: e.content, size };
  });
  const extBytes = exts.reduce((s, e) => s + e.size, 0);
  const header = headerForWrite(image, version, extBytes, pair);
  const headLength = header.sizeofHdr + 4 + extBytes;
  const dataOffset = pair ? headLength : header.voxOffset;
  const total = pair ? headLength : dataOffset + image.data.byteLength;
  const head = new Uint8Array(total);
  head.set(encodeHeader(header), 0);
  const view = new DataView(head.buffer);
  let pos = header.sizeofHdr;
  if (exts.length > 0) head[pos] = 1;
  pos += 4;
  for (const e of exts) {
    view.setInt32(pos, e.size, true);
    view.setInt32(pos + 4, e.code, true);
    head.set(e.content, pos + 8);
    pos += e.size;
  }
  return { head, dataOffset, total };
}

function writeData(image: NiftiImage, out: Uint8Array, pos: number): void {
  const data = image.data;
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), pos);
  if (!NATIVE_LITTLE_ENDIAN) {
    swapBytes(out.subarray(pos), datatypeFromCode(image.header.datatype).elementBytes);
  }
}

/** Encodes `image` as an uncompressed single-file NIfTI (header, extensions, data). */
export function encodeNifti(
  image: NiftiImage,
  options: EncodeOptions = {},
): Uint8Array<ArrayBuffer> {
  const { head, dataOffset } = encodeParts(image, options, false);
  writeData(image, head, dataOffset);
  return head;
}

/** Encodes `image` as the two uncompressed files of a `.hdr`/`.img` pair. */
export function encodeNiftiPair(image: NiftiImage, options: EncodeOptions = {}): EncodedPair {
  const { head } = encodeParts(image, options, true);
  const data = new Uint8Array(image.data.byteLength);
  writeData(image, data, 0);
  return { header: head, image: data };
}
