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

/** On-disk type of a header field (numpy-style codes; `S` = NUL-padded bytes). */
export type HeaderFieldDtype = 'u1' | 'i2' | 'i4' | 'i8' | 'f4' | 'f8' | 'S';

/** One field of a header layout: as nibabel's `header_dtd`, plus the byte offset. */
export interface HeaderField {
  /** The {@link NiftiHeader} property (camelCase of the NIfTI name). */
  readonly name: keyof NiftiHeader;
  /** Byte offset from the start of the header. */
  readonly offset: number;
  readonly dtype: HeaderFieldDtype;
  /** Number of elements (an array property when > 1); for `S`, the byte length. */
  readonly count: number;
}

type FieldRow = readonly [keyof NiftiHeader, number, HeaderFieldDtype, number?];

function layout(rows: readonly FieldRow[]): readonly HeaderField[] {
  return Object.freeze(
    rows.map(([name, offset, dtype, count = 1]) => Object.freeze({ name, offset, dtype, count })),
  );
}

/** The NIfTI-1 header layout (nibabel's `header_dtd`), 348 bytes. */
export const NIFTI1_FIELDS: readonly HeaderField[] = layout([
  ['sizeofHdr', 0, 'i4'],
  ['dataType', 4, 'S', 10],
  ['dbName', 14, 'S', 18],
  ['extents', 32, 'i4'],
  ['sessionError', 36, 'i2'],
  ['regular', 38, 'S', 1],
  ['dimInfo', 39, 'u1'],
  ['dim', 40, 'i2', 8],
  ['intentP1', 56, 'f4'],
  ['intentP2', 60, 'f4'],
  ['intentP3', 64, 'f4'],
  ['intentCode', 68, 'i2'],
  ['datatype', 70, 'i2'],
  ['bitpix', 72, 'i2'],
  ['sliceStart', 74, 'i2'],
  ['pixdim', 76, 'f4', 8],
  ['voxOffset', 108, 'f4'],
  ['sclSlope', 112, 'f4'],
  ['sclInter', 116, 'f4'],
  ['sliceEnd', 120, 'i2'],
  ['sliceCode', 122, 'u1'],
  ['xyztUnits', 123, 'u1'],
  ['calMax', 124, 'f4'],
  ['calMin', 128, 'f4'],
  ['sliceDuration', 132, 'f4'],
  ['toffset', 136, 'f4'],
  ['glmax', 140, 'i4'],
  ['glmin', 144, 'i4'],
  ['descrip', 148, 'S', 80],
  ['auxFile', 228, 'S', 24],
  ['qformCode', 252, 'i2'],
  ['sformCode', 254, 'i2'],
  ['quaternB', 256, 'f4'],
  ['quaternC', 260, 'f4'],
  ['quaternD', 264, 'f4'],
  ['qoffsetX', 268, 'f4'],
  ['qoffsetY', 272, 'f4'],
  ['qoffsetZ', 276, 'f4'],
  ['srowX', 280, 'f4', 4],
  ['srowY', 296, 'f4', 4],
  ['srowZ', 312, 'f4', 4],
  ['intentName', 328, 'S', 16],
  ['magic', 344, 'S', 4],
]);

/** The NIfTI-2 header layout (nibabel's `header_2_dtd`), 540 bytes. */
export const NIFTI2_FIELDS: readonly HeaderField[] = layout([
  ['sizeofHdr', 0, 'i4'],
  ['magic', 4, 'S', 8],
  ['datatype', 12, 'i2'],
  ['bitpix', 14, 'i2'],
  ['dim', 16, 'i8', 8],
  ['intentP1', 80, 'f8'],
  ['intentP2', 88, 'f8'],
  ['intentP3', 96, 'f8'],
  ['pixdim', 104, 'f8', 8],
  ['voxOffset', 168, 'i8'],
  ['sclSlope', 176, 'f8'],
  ['sclInter', 184, 'f8'],
  ['calMax', 192, 'f8'],
  ['calMin', 200, 'f8'],
  ['sliceDuration', 208, 'f8'],
  ['toffset', 216, 'f8'],
  ['sliceStart', 224, 'i8'],
  ['sliceEnd', 232, 'i8'],
  ['descrip', 240, 'S', 80],
  ['auxFile', 320, 'S', 24],
  ['qformCode', 344, 'i4'],
  ['sformCode', 348, 'i4'],
  ['quaternB', 352, 'f8'],
  ['quaternC', 360, 'f8'],
  ['quaternD', 368, 'f8'],
  ['qoffsetX', 376, 'f8'],
  ['qoffsetY', 384, 'f8'],
  ['qoffsetZ', 392, 'f8'],
  ['srowX', 400, 'f8', 4],
  ['srowY', 432, 'f8', 4],
  ['srowZ', 464, 'f8', 4],
  ['sliceCode', 496, 'i4'],
  ['xyztUnits', 500, 'i4'],
  ['intentCode', 504, 'i4'],
  ['intentName', 508, 'S', 16],
  ['dimInfo', 524, 'u1'],
]);

/** What sets the two layouts apart besides their fields. */
interface Layout {
  readonly version: 1 | 2;
  readonly size: number;
  readonly fields: readonly HeaderField[];
  /** Bytes written after the magic's 3 characters (NIfTI-2: "\0\r\n\x1a\n"). */
  readonly magicTail: readonly number[];
  readonly magics: readonly [single: string, pair: string];
  readonly badMagic: string;
}

const LAYOUTS: Record<1 | 2, Layout> = {
  1: {
    version: 1,
    size: NIFTI1_HEADER_SIZE,
    fields: NIFTI1_FIELDS,
    magicTail: [],
    magics: ['n+1', 'ni1'],
    badMagic: 'This is not a NIfTI-1 file (plain Analyze 7.5 is not supported).',
  },
  2: {
    version: 2,
    size: NIFTI2_HEADER_SIZE,
    fields: NIFTI2_FIELDS,
    magicTail: [0, 0x0d, 0x0a, 0x1a, 0x0a],
    magics: ['n+2', 'ni2'],
    badMagic: 'The file is corrupt or not NIfTI.',
  },
};

const FIELD_BYTES: Record<HeaderFieldDtype, number> = {
  u1: 1,
  i2: 2,
  i4: 4,
  i8: 8,
  f4: 4,
  f8: 8,
  S: 1,
};

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

function readValue(
  view: DataView,
  offset: number,
  dtype: HeaderFieldDtype,
  le: boolean,
  field: string,
): number {
  switch (dtype) {
    case 'u1':
      return view.getUint8(offset);
    case 'i2':
      return view.getInt16(offset, le);
    case 'i4':
      return view.getInt32(offset, le);
    case 'f4':
      return view.getFloat32(offset, le);
    case 'f8':
      return view.getFloat64(offset, le);
    default: {
      const v = view.getBigInt64(offset, le);
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new NiftiError(`NIfTI-2 header field ${field} = ${v} is too large to be real.`);
      }
      return Number(v);
    }
  }
}

function writeValue(
  view: DataView,
  offset: number,
  dtype: HeaderFieldDtype,
  le: boolean,
  value: number,
): void {
  switch (dtype) {
    case 'u1':
      view.setUint8(offset, value);
      return;
    case 'i2':
      view.setInt16(offset, value, le);
      return;
    case 'i4':
      view.setInt32(offset, value, le);
      return;
    case 'f4':
      view.setFloat32(offset, value, le);
      return;
    case 'f8':
      view.setFloat64(offset, value, le);
      return;
    default:
      view.setBigInt64(offset, BigInt(Number.isFinite(value) ? Math.trunc(value) : 0), le);
  }
}

/** Snake-case NIfTI name of a header property, for messages (`voxOffset` → `vox_offset`). */
function niftiName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Decodes a NIfTI-1 or NIfTI-2 header from the start of `bytes` (its layout's field table),
 * with nibabel's load-time fixes ({@link applyLoadFixes}).
 *
 * @throws NiftiError when the bytes are not a NIfTI header, are truncated, or the magic is wrong.
 */
export function parseHeader(bytes: Uint8Array): NiftiHeader {
  const kind = sniffHeader(bytes);
  if (!kind) {
    throw new NiftiError(
      `Not a NIfTI file: the first 4 bytes (sizeof_hdr) are neither ${NIFTI1_HEADER_SIZE} ` +
        `(NIfTI-1) nor ${NIFTI2_HEADER_SIZE} (NIfTI-2) in either byte order. Check that the ` +
        'file is a .nii/.nii.gz/.hdr image.',
    );
  }
  const lay = LAYOUTS[kind.version];
  if (bytes.length < lay.size) {
    throw new NiftiError(
      `Truncated NIfTI-${kind.version} header: got ${bytes.length} bytes, need ${lay.size}. ` +
        'The file is incomplete; download or copy it again.',
    );
  }
  const le = kind.littleEndian;
  const view = new DataView(bytes.buffer, bytes.byteOffset, lay.size);
  const h = defaultHeader(kind.version);
  h.littleEndian = le;
  const out = h as unknown as Record<string, unknown>;
  for (const f of lay.fields) {
    if (f.dtype === 'S') {
      out[f.name] = readString(bytes, f.offset, f.count);
    } else if (f.count === 1) {
      out[f.name] = readValue(view, f.offset, f.dtype, le, niftiName(f.name));
    } else {
      const size = FIELD_BYTES[f.dtype];
      const values: number[] = [];
      for (let i = 0; i < f.count; i++) {
        values.push(
          readValue(view, f.offset + size * i, f.dtype, le, `${niftiName(f.name)}[${i}]`),
        );
      }
      out[f.name] = values;
    }
  }
  if (!lay.magics.includes(h.magic)) {
    throw new NiftiError(
      `Bad NIfTI-${lay.version} magic ${JSON.stringify(h.magic)} (expected ` +
        `"${lay.magics[0]}" or "${lay.magics[1]}"). ${lay.badMagic}`,
    );
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
 * order, from the same field table {@link parseHeader} reads. Fields are written as given (use
 * the image writer to make them consistent), except `sizeof_hdr`, which is the layout's size.
 */
export function encodeHeader(header: NiftiHeader): Uint8Array {
  const lay = LAYOUTS[header.version === 2 ? 2 : 1];
  const le = header.littleEndian;
  const bytes = new Uint8Array(lay.size);
  const view = new DataView(bytes.buffer);
  const src = header as unknown as Record<string, unknown>;
  for (const f of lay.fields) {
    const value = src[f.name];
    if (f.name === 'sizeofHdr') {
      view.setInt32(f.offset, lay.size, le);
    } else if (f.dtype === 'S') {
      writeString(bytes, f.offset, f.count, String(value ?? ''));
      if (f.name === 'magic') bytes.set(lay.magicTail, f.offset + 3);
    } else if (f.count === 1) {
      writeValue(view, f.offset, f.dtype, le, value as number);
    } else {
      const size = FIELD_BYTES[f.dtype];
      const values = value as readonly number[];
      for (let i = 0; i < f.count; i++) {
        writeValue(view, f.offset + size * i, f.dtype, le, values[i] ?? 0);
      }
    }
  }
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
