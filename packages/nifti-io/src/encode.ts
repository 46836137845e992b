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

/**
 * The header written for `image`: the image's header made consistent with a single
 * little-endian file of `version`, like nibabel writes it (magic `n+1`/`n+2`, `vox_offset` after
 * header and extensions, `scl_slope`/`scl_inter` = 1/0 when the image has no valid scaling).
 */
export function headerForWrite(image: NiftiImage, version: 1 | 2, extBytes: number): NiftiHeader {
  const h = cloneHeader(image.header);
  const info = datatypeFromCode(h.datatype);
  h.version = version;
  h.littleEndian = true;
  h.sizeofHdr = version === 1 ? NIFTI1_HEADER_SIZE : NIFTI2_HEADER_SIZE;
  h.magic = version === 1 ? 'n+1' : 'n+2';
  h.voxOffset = h.sizeofHdr + 4 + extBytes;
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

/** Encodes `image` as an uncompressed single-file NIfTI (header, extensions, data). */
export function encodeNifti(
  image: NiftiImage,
  options: EncodeOptions = {},
): Uint8Array<ArrayBuffer> {
  const version = options.version ?? image.header.version;
  if (version !== 1 && version !== 2) {
    throw new NiftiError(`NIfTI version must be 1 or 2, got ${String(version)}.`);
  }
  const exts = image.extensions.map((e) => {
    const size = Math.ceil((e.content.length + 8) / 16) * 16;
    return { code: e.code, content: e.content, size };
  });
  const extBytes = exts.reduce((s, e) => s + e.size, 0);
  const header = headerForWrite(image, version, extBytes);
  const headerBytes = encodeHeader(header);
  const data = image.data;
  const dataBytes = data.byteLength;
  const out = new Uint8Array(header.voxOffset + dataBytes);
  out.set(headerBytes, 0);
  const view = new DataView(out.buffer);
  let pos = header.sizeofHdr;
  if (exts.length > 0) out[pos] = 1;
  pos += 4;
  for (const e of exts) {
    view.setInt32(pos, e.size, true);
    view.setInt32(pos + 4, e.code, true);
    out.set(e.content, pos + 8);
    pos += e.size;
  }
  const raw = new Uint8Array(data.buffer, data.byteOffset, dataBytes);
  out.set(raw, pos);
  if (!NATIVE_LITTLE_ENDIAN) {
    swapBytes(out.subarray(pos), datatypeFromCode(header.datatype).elementBytes);
  }
  return out;
}
