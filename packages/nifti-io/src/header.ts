/**
 * The NIfTI-1 and NIfTI-2 header: every field, typed, decoded from and encoded to bytes.
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';

/**
 * Every field of a NIfTI-1 or NIfTI-2 header, camelCase, as stored on disk (scaling and
 * `voxOffset` are the file's values; nibabel resets them to NaN/0 in memory after loading).
 * NIfTI-2 has no `dataType`, `dbName`, `extents`, `sessionError`, `regular`, `glmax`, `glmin`:
 * they read as empty/0 there.
 */
export interface NiftiHeader {
  /** 1 for NIfTI-1 (348-byte header), 2 for NIfTI-2 (540 bytes). */
  version: 1 | 2;
  /** Byte order of the file. */
  littleEndian: boolean;
  sizeofHdr: number;
  dataType: string;
  dbName: string;
  extents: number;
  sessionError: number;
  regular: string;
  dimInfo: number;
  /** `dim[0]` = number of dimensions, `dim[1..7]` sizes (8 entries). */
  dim: number[];
  intentP1: number;
  intentP2: number;
  intentP3: number;
  intentCode: number;
  /** NIfTI datatype code (see {@link NiftiImage.dtype} for the name). */
  datatype: number;
  bitpix: number;
  sliceStart: number;
  /** `pixdim[0]` = qfac, `pixdim[1..7]` voxel sizes (8 entries). */
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  sliceEnd: number;
  sliceCode: number;
  xyztUnits: number;
  calMax: number;
  calMin: number;
  sliceDuration: number;
  toffset: number;
  glmax: number;
  glmin: number;
  descrip: string;
  auxFile: string;
  qformCode: number;
  sformCode: number;
  quaternB: number;
  quaternC: number;
  quaternD: number;
  qoffsetX: number;
  qoffsetY: number;
  qoffsetZ: number;
  srowX: number[];
  srowY: number[];
  srowZ: number[];
  intentName: string;
  /** `'n+1'`, `'ni1'`, `'n+2'` or `'ni2'`. */
  magic: string;
}

/** A header extension (the `extension` block after the header in single files). */
export interface NiftiExtension {
  /** `ecode` (e.g. 4 = AFNI, 6 = comment, 44 = MIND). */
  code: number;
  /** The extension payload (esize - 8 bytes, padding included). */
  content: Uint8Array;
}

/** Size of the NIfTI-1 header. */
export const NIFTI1_HEADER_SIZE = 348;
/** Size of the NIfTI-2 header. */
export const NIFTI2_HEADER_SIZE = 540;

/** A header with nibabel's defaults for a new image (before shape, dtype and affine are set). */
export function defaultHeader(version: 1 | 2 = 1): NiftiHeader {
  return {
    version,
    littleEndian: true,
    sizeofHdr: version === 1 ? NIFTI1_HEADER_SIZE : NIFTI2_HEADER_SIZE,
    dataType: '',
    dbName: '',
    extents: 0,
    sessionError: 0,
    regular: '',
    dimInfo: 0,
    dim: [3, 0, 0, 0, 1, 1, 1, 1],
    intentP1: 0,
    intentP2: 0,
    intentP3: 0,
    intentCode: 0,
    datatype: 2,
    bitpix: 8,
    sliceStart: 0,
    pixdim: [1, 1, 1, 1, 1, 1, 1, 1],
    voxOffset: 0,
    sclSlope: Number.NaN,
    sclInter: Number.NaN,
    sliceEnd: 0,
    sliceCode: 0,
    xyztUnits: 0,
    calMax: 0,
    calMin: 0,
    sliceDuration: 0,
    toffset: 0,
    glmax: 0,
    glmin: 0,
    descrip: '',
    auxFile: '',
    qformCode: 0,
    sformCode: 0,
    quaternB: 0,
    quaternC: 0,
    quaternD: 0,
    qoffsetX: 0,
    qoffsetY: 0,
    qoffsetZ: 0,
    srowX: [0, 0, 0, 0],
    srowY: [0, 0, 0, 0],
    srowZ: [0, 0, 0, 0],
    intentName: '',
    magic: version === 1 ? 'n+1' : 'n+2',
  };
}

/** Deep copy of a header. */
export function cloneHeader(h: NiftiHeader): NiftiHeader {
  return {
    ...h,
    dim: h.dim.slice(),
    pixdim: h.pixdim.slice(),
    srowX: h.srowX.slice(),
    srowY: h.srowY.slice(),
    srowZ: h.srowZ.slice(),
  };
}

/**
 * Which header a file starts with, from its first 4 bytes (`sizeof_hdr`, either byte order),
 * or undefined when it is not NIfTI.
 */
export function sniffHeader(
  bytes: Uint8Array,
): { version: 1 | 2; littleEndian: boolean } | undefined {
  if (bytes.length < 4) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 4);
  const le = view.getInt32(0, true);
  const be = view.getInt32(0, false);
  if (le === NIFTI1_HEADER_SIZE) return { version: 1, littleEndian: true };
  if (be === NIFTI1_HEADER_SIZE) return { version: 1, littleEndian: false };
  if (le === NIFTI2_HEADER_SIZE) return { version: 2, littleEndian: true };
  if (be === NIFTI2_HEADER_SIZE) return { version: 2, littleEndian: false };
  return undefined;
}

function readString(bytes: Uint8Array, offset: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const c = bytes[offset + i]!;
    if (c === 0) break;
    out += String.fromCharCode(c);
  }
  return out;
}

function writeString(bytes: Uint8Array, offset: number, length: number, value: string): void {
  const n = Math.min(value.length, length);
  for (let i = 0; i < n; i++) bytes[offset + i] = value.charCodeAt(i) & 0xff;
}

function readInt64(view: DataView, offset: number, le: boolean, field: string): number {
  const v = view.getBigInt64(offset, le);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new NiftiError(`NIfTI-2 header field ${field} = ${v} is too large to be real.`);
  }
  return Number(v);
}

/**
 * Decodes a NIfTI-1 or NIfTI-2 header from the start of `bytes`, with nibabel's load-time
 * fixes ({@link applyLoadFixes}).
 *
 * @throws NiftiError when the bytes are not a NIfTI header, are truncated, or the magic is wrong.
 */
export function parseHeader(bytes: Uint8Array): NiftiHeader {
  const kind = sniffHeader(bytes);
  if (!kind) {
    throw new NiftiError(
      'Not a NIfTI file: the first 4 bytes (sizeof_hdr) are neither 348 (NIfTI-1) nor 540 ' +
        '(NIfTI-2) in either byte order. Check that the file is a .nii/.nii.gz/.hdr image.',
    );
  }
  const size = kind.version === 1 ? NIFTI1_HEADER_SIZE : NIFTI2_HEADER_SIZE;
  if (bytes.length < size) {
    throw new NiftiError(
      `Truncated NIfTI-${kind.version} header: got ${bytes.length} bytes, need ${size}. ` +
        'The file is incomplete; download or copy it again.',
    );
  }
  const le = kind.littleEndian;
  const v = new DataView(bytes.buffer, bytes.byteOffset, size);
  const h = defaultHeader(kind.version);
  h.littleEndian = le;
  if (kind.version === 1) {
    h.sizeofHdr = v.getInt32(0, le);
    h.dataType = readString(bytes, 4, 10);
    h.dbName = readString(bytes, 14, 18);
    h.extents = v.getInt32(32, le);
    h.sessionError = v.getInt16(36, le);
    h.regular = readString(bytes, 38, 1);
    h.dimInfo = v.getUint8(39);
    for (let i = 0; i < 8; i++) h.dim[i] = v.getInt16(40 + 2 * i, le);
    h.intentP1 = v.getFloat32(56, le);
    h.intentP2 = v.getFloat32(60, le);
    h.intentP3 = v.getFloat32(64, le);
    h.intentCode = v.getInt16(68, le);
    h.datatype = v.getInt16(70, le);
    h.bitpix = v.getInt16(72, le);
    h.sliceStart = v.getInt16(74, le);
    for (let i = 0; i < 8; i++) h.pixdim[i] = v.getFloat32(76 + 4 * i, le);
    h.voxOffset = v.getFloat32(108, le);
    h.sclSlope = v.getFloat32(112, le);
    h.sclInter = v.getFloat32(116, le);
    h.sliceEnd = v.getInt16(120, le);
    h.sliceCode = v.getUint8(122);
    h.xyztUnits = v.getUint8(123);
    h.calMax = v.getFloat32(124, le);
    h.calMin = v.getFloat32(128, le);
    h.sliceDuration = v.getFloat32(132, le);
    h.toffset = v.getFloat32(136, le);
    h.glmax = v.getInt32(140, le);
    h.glmin = v.getInt32(144, le);
    h.descrip = readString(bytes, 148, 80);
    h.auxFile = readString(bytes, 228, 24);
    h.qformCode = v.getInt16(252, le);
    h.sformCode = v.getInt16(254, le);
    h.quaternB = v.getFloat32(256, le);
    h.quaternC = v.getFloat32(260, le);
    h.quaternD = v.getFloat32(264, le);
    h.qoffsetX = v.getFloat32(268, le);
    h.qoffsetY = v.getFloat32(272, le);
    h.qoffsetZ = v.getFloat32(276, le);
    for (let i = 0; i < 4; i++) {
      h.srowX[i] = v.getFloat32(280 + 4 * i, le);
      h.srowY[i] = v.getFloat32(296 + 4 * i, le);
      h.srowZ[i] = v.getFloat32(312 + 4 * i, le);
    }
    h.intentName = readString(bytes, 328, 16);
    h.magic = readString(bytes, 344, 4);
    if (h.magic !== 'n+1' && h.magic !== 'ni1') {
      throw new NiftiError(
        `Bad NIfTI-1 magic ${JSON.stringify(h.magic)} (expected "n+1" or "ni1"). ` +
          'This is not a NIfTI-1 file (plain Analyze 7.5 is not supported).',
      );
    }
  } else {
    h.sizeofHdr = v.getInt32(0, le);
    h.magic = readString(bytes, 4, 8);
    h.datatype = v.getInt16(12, le);
    h.bitpix = v.getInt16(14, le);
    for (let i = 0; i < 8; i++) h.dim[i] = readInt64(v, 16 + 8 * i, le, `dim[${i}]`);
    h.intentP1 = v.getFloat64(80, le);
    h.intentP2 = v.getFloat64(88, le);
    h.intentP3 = v.getFloat64(96, le);
    for (let i = 0; i < 8; i++) h.pixdim[i] = v.getFloat64(104 + 8 * i, le);
    h.voxOffset = readInt64(v, 168, le, 'vox_offset');
    h.sclSlope = v.getFloat64(176, le);
    h.sclInter = v.getFloat64(184, le);
    h.calMax = v.getFloat64(192, le);
    h.calMin = v.getFloat64(200, le);
    h.sliceDuration = v.getFloat64(208, le);
    h.toffset = v.getFloat64(216, le);
    h.sliceStart = readInt64(v, 224, le, 'slice_start');
    h.sliceEnd = readInt64(v, 232, le, 'slice_end');
    h.descrip = readString(bytes, 240, 80);
    h.auxFile = readString(bytes, 320, 24);
    h.qformCode = v.getInt32(344, le);
    h.sformCode = v.getInt32(348, le);
    h.quaternB = v.getFloat64(352, le);
    h.quaternC = v.getFloat64(360, le);
    h.quaternD = v.getFloat64(368, le);
    h.qoffsetX = v.getFloat64(376, le);
    h.qoffsetY = v.getFloat64(384, le);
    h.qoffsetZ = v.getFloat64(392, le);
    for (let i = 0; i < 4; i++) {
      h.srowX[i] = v.getFloat64(400 + 8 * i, le);
      h.srowY[i] = v.getFloat64(432 + 8 * i, le);
      h.srowZ[i] = v.getFloat64(464 + 8 * i, le);
    }
    h.sliceCode = v.getInt32(496, le);
    h.xyztUnits = v.getInt32(500, le);
    h.intentCode = v.getInt32(504, le);
    h.intentName = readString(bytes, 508, 16);
    h.dimInfo = v.getUint8(524);
    if (h.magic !== 'n+2' && h.magic !== 'ni2') {
      throw new NiftiError(
        `Bad NIfTI-2 magic ${JSON.stringify(h.magic)} (expected "n+2" or "ni2"). ` +
          'The file is corrupt or not NIfTI.',
      );
    }
  }
  applyLoadFixes(h);
  return h;
}

const XFORM_CODES = new Set([0, 1, 2, 3, 4, 5]);
const BITPIX: Record<number, number> = {
  2: 8,
  4: 16,
  8: 32,
  16: 32,
  32: 64,
  64: 64,
  128: 24,
  256: 8,
  512: 16,
  768: 32,
  1024: 64,
  1280: 64,
  1536: 128,
  1792: 128,
  2048: 256,
  2304: 32,
};

/**
 * The fixes nibabel applies to every header it loads (its `check_fix` battery): qfac
 * (`pixdim[0]`) not ±1 becomes 1, zero voxel sizes (`pixdim[1..3]`) become 1 and negative ones
 * their absolute value, unknown qform/sform codes become 0, and `bitpix` follows `datatype`.
 */
export function applyLoadFixes(h: NiftiHeader): void {
  if (h.pixdim[0] !== 1 && h.pixdim[0] !== -1) h.pixdim[0] = 1;
  for (let i = 1; i <= 3; i++) {
    const p = h.pixdim[i]!;
    if (p === 0) h.pixdim[i] = 1;
    else if (p < 0) h.pixdim[i] = -p;
  }
  if (!XFORM_CODES.has(h.qformCode)) h.qformCode = 0;
  if (!XFORM_CODES.has(h.sformCode)) h.sformCode = 0;
  const bitpix = BITPIX[h.datatype];
  if (bitpix !== undefined) h.bitpix = bitpix;
}

/**
 * Encodes `header` as a NIfTI-`header.version` header (348 or 540 bytes) in the header's byte
 * order. Fields are written as given (use the image writer to make them consistent).
 */
export function encodeHeader(header: NiftiHeader): Uint8Array {
  const le = header.littleEndian;
  if (header.version === 1) {
    const bytes = new Uint8Array(NIFTI1_HEADER_SIZE);
    const v = new DataView(bytes.buffer);
    v.setInt32(0, NIFTI1_HEADER_SIZE, le);
    writeString(bytes, 4, 10, header.dataType);
    writeString(bytes, 14, 18, header.dbName);
    v.setInt32(32, header.extents, le);
    v.setInt16(36, header.sessionError, le);
    writeString(bytes, 38, 1, header.regular);
    v.setUint8(39, header.dimInfo);
    for (let i = 0; i < 8; i++) v.setInt16(40 + 2 * i, header.dim[i] ?? 0, le);
    v.setFloat32(56, header.intentP1, le);
    v.setFloat32(60, header.intentP2, le);
    v.setFloat32(64, header.intentP3, le);
    v.setInt16(68, header.intentCode, le);
    v.setInt16(70, header.datatype, le);
    v.setInt16(72, header.bitpix, le);
    v.setInt16(74, header.sliceStart, le);
    for (let i = 0; i < 8; i++) v.setFloat32(76 + 4 * i, header.pixdim[i] ?? 0, le);
    v.setFloat32(108, header.voxOffset, le);
    v.setFloat32(112, header.sclSlope, le);
    v.setFloat32(116, header.sclInter, le);
    v.setInt16(120, header.sliceEnd, le);
    v.setUint8(122, header.sliceCode);
    v.setUint8(123, header.xyztUnits);
    v.setFloat32(124, header.calMax, le);
    v.setFloat32(128, header.calMin, le);
    v.setFloat32(132, header.sliceDuration, le);
    v.setFloat32(136, header.toffset, le);
    v.setInt32(140, header.glmax, le);
    v.setInt32(144, header.glmin, le);
    writeString(bytes, 148, 80, header.descrip);
    writeString(bytes, 228, 24, header.auxFile);
    v.setInt16(252, header.qformCode, le);
    v.setInt16(254, header.sformCode, le);
    v.setFloat32(256, header.quaternB, le);
    v.setFloat32(260, header.quaternC, le);
    v.setFloat32(264, header.quaternD, le);
    v.setFloat32(268, header.qoffsetX, le);
    v.setFloat32(272, header.qoffsetY, le);
    v.setFloat32(276, header.qoffsetZ, le);
    for (let i = 0; i < 4; i++) {
      v.setFloat32(280 + 4 * i, header.srowX[i] ?? 0, le);
      v.setFloat32(296 + 4 * i, header.srowY[i] ?? 0, le);
      v.setFloat32(312 + 4 * i, header.srowZ[i] ?? 0, le);
    }
    writeString(bytes, 328, 16, header.intentName);
    writeString(bytes, 344, 4, header.magic);
    return bytes;
  }
  const bytes = new Uint8Array(NIFTI2_HEADER_SIZE);
  const v = new DataView(bytes.buffer);
  v.setInt32(0, NIFTI2_HEADER_SIZE, le);
  writeString(bytes, 4, 8, header.magic);
  // NIfTI-2 magic is "n+2\0\r\n\032\n"
  bytes.set([0, 0x0d, 0x0a, 0x1a, 0x0a], 7);
  v.setInt16(12, header.datatype, le);
  v.setInt16(14, header.bitpix, le);
  for (let i = 0; i < 8; i++) v.setBigInt64(16 + 8 * i, BigInt(header.dim[i] ?? 0), le);
  v.setFloat64(80, header.intentP1, le);
  v.setFloat64(88, header.intentP2, le);
  v.setFloat64(96, header.intentP3, le);
  for (let i = 0; i < 8; i++) v.setFloat64(104 + 8 * i, header.pixdim[i] ?? 0, le);
  v.setBigInt64(168, BigInt(Math.trunc(header.voxOffset)), le);
  v.setFloat64(176, header.sclSlope, le);
  v.setFloat64(184, header.sclInter, le);
  v.setFloat64(192, header.calMax, le);
  v.setFloat64(200, header.calMin, le);
  v.setFloat64(208, header.sliceDuration, le);
  v.setFloat64(216, header.toffset, le);
  v.setBigInt64(224, BigInt(Math.trunc(header.sliceStart)), le);
  v.setBigInt64(232, BigInt(Math.trunc(header.sliceEnd)), le);
  writeString(bytes, 240, 80, header.descrip);
  writeString(bytes, 320, 24, header.auxFile);
  v.setInt32(344, header.qformCode, le);
  v.setInt32(348, header.sformCode, le);
  v.setFloat64(352, header.quaternB, le);
  v.setFloat64(360, header.quaternC, le);
  v.setFloat64(368, header.quaternD, le);
  v.setFloat64(376, header.qoffsetX, le);
  v.setFloat64(384, header.qoffsetY, le);
  v.setFloat64(392, header.qoffsetZ, le);
  for (let i = 0; i < 4; i++) {
    v.setFloat64(400 + 8 * i, header.srowX[i] ?? 0, le);
    v.setFloat64(432 + 8 * i, header.srowY[i] ?? 0, le);
    v.setFloat64(464 + 8 * i, header.srowZ[i] ?? 0, le);
  }
  v.setInt32(496, header.sliceCode, le);
  v.setInt32(500, header.xyztUnits, le);
  v.setInt32(504, header.intentCode, le);
  writeString(bytes, 508, 16, header.intentName);
  v.setUint8(524, header.dimInfo);
  return bytes;
}

/**
 * Size in bytes of a single-file image (vox_offset + data) described by the header at the
 * start of `bytes`, or undefined when there is no valid single-file header there.
 */
export function expectedFileSize(bytes: Uint8Array): number | undefined {
  try {
    const h = parseHeader(bytes);
    if (h.magic !== 'n+1' && h.magic !== 'n+2') return undefined;
    const n = h.dim[0]!;
    if (n < 1 || n > 7) return undefined;
    let count = 1;
    for (let i = 1; i <= n; i++) count *= h.dim[i]!;
    const bits = BITPIX[h.datatype];
    if (bits === undefined || !(count >= 0)) return undefined;
    const size = Math.max(h.sizeofHdr + 4, Math.trunc(h.voxOffset)) + (count * bits) / 8;
    return Number.isSafeInteger(size) ? size : undefined;
  } catch {
    return undefined;
  }
}
