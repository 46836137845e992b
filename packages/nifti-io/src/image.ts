/**
 * `NiftiImage`: header, shape, affine and raw voxel data of one NIfTI image.
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';
import { type Affine, getBestAffine, setQform, setSform } from './affine.js';
import {
  type DatatypeInfo,
  datatypeFromCode,
  datatypeOfArray,
  type NiftiDtype,
  type NiftiTypedArray,
} from './datatypes.js';
import {
  cloneHeader,
  defaultHeader,
  NIFTI1_HEADER_SIZE,
  NIFTI2_HEADER_SIZE,
  type NiftiExtension,
  type NiftiHeader,
} from './header.js';
import { scaleInto, scalingOf } from './scaling.js';

/** Options of {@link NiftiImage.getFData}. */
export interface GetFDataOptions {
  /** Output precision; `'float64'` (the default, like nibabel) or `'float32'`. */
  dtype?: 'float64' | 'float32';
}

/** Product of `shape`, validated to be a safe non-negative integer. */
export function voxelCount(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) {
    if (!Number.isSafeInteger(s) || s < 0) {
      throw new NiftiError(
        `Invalid image shape [${shape.join(', ')}]: sizes must be integers >= 0.`,
      );
    }
    n *= s;
  }
  if (!Number.isSafeInteger(n)) {
    throw new NiftiError(`Image shape [${shape.join(', ')}] is absurdly large.`);
  }
  return n;
}

/**
 * The shape a header describes, `dim[1..dim[0]]`: the one check of header dims every reader
 * (whole image, stream, masker) goes through.
 *
 * @throws NiftiError when `dim[0]` is not 1..7 or a size is negative, not an integer, or their
 *   product is not a safe integer.
 */
export function shapeOfHeader(header: NiftiHeader): number[] {
  const n = header.dim[0]!;
  if (!Number.isInteger(n) || n < 1 || n > 7) {
    throw new NiftiError(
      `Invalid dim[0] = ${n}: the number of dimensions must be 1..7. The header is corrupt.`,
    );
  }
  const shape = header.dim.slice(1, n + 1);
  voxelCount(shape);
  return shape;
}

/**
 * One NIfTI image: its header, shape, affine (nibabel's `get_best_affine`), on-disk `dtype` and
 * raw voxel `data` in the file's order (i fastest, then j, k, t…), native byte order.
 */
export class NiftiImage {
  /** Every header field (as read, or as it will be written). */
  readonly header: NiftiHeader;
  /** `[nx, ny, nz, nt, …]` = `dim[1..dim[0]]`. */
  readonly shape: number[];
  /** 4×4 voxel-to-world affine as rows. */
  readonly affine: Affine;
  /** On-disk voxel type. */
  readonly dtype: NiftiDtype;
  /** Raw (unscaled) voxels, i fastest. Multi-component types are interleaved. */
  readonly data: NiftiTypedArray;
  /** Header extensions (single-file images). */
  readonly extensions: NiftiExtension[];

  /**
   * Wraps already-decoded parts; most code wants {@link readNifti} or {@link NiftiImage.fromArray}.
   *
   * @throws NiftiError when the data length does not match the header.
   */
  constructor(header: NiftiHeader, data: NiftiTypedArray, extensions: NiftiExtension[] = []) {
    const info = datatypeFromCode(header.datatype);
    const shape = shapeOfHeader(header);
    const expected = voxelCount(shape) * info.components;
    if (data.length !== expected) {
      throw new NiftiError(
        `Data has ${data.length} values but shape [${shape.join(', ')}] of ${info.dtype} needs ${expected}.`,
      );
    }
    if (!(data instanceof info.ctor)) {
      throw new NiftiError(
        `Data is a ${data.constructor.name} but the header's datatype is ${info.dtype}.`,
      );
    }
    this.header = header;
    this.shape = shape;
    this.dtype = info.dtype;
    this.data = data;
    this.extensions = extensions;
    this.affine = getBestAffine(header);
  }

  /**
   * The voxel data as floats, scaled as nibabel's `get_fdata` does: `data * sclSlope +
   * sclInter` unless `sclSlope` is 0 or not finite (then unscaled). float64 unless
   * `{ dtype: 'float32' }` (scaling is computed in float64 either way). Returns a new array.
   *
   * @throws NiftiError for RGB/complex images, or a finite slope with a non-finite intercept.
   */
  getFData(options: GetFDataOptions = {}): Float64Array | Float32Array {
    const { slope, inter } = scalingOf(this.header);
    const dtype = options.dtype ?? 'float64';
    if (dtype !== 'float64' && dtype !== 'float32') {
      throw new NiftiError(
        `getFData dtype must be 'float64' or 'float32', got '${String(dtype)}'.`,
      );
    }
    const info = datatypeFromCode(this.header.datatype);
    if (info.components !== 1) {
      throw new NiftiError(
        `getFData() needs a scalar image but this one is ${info.dtype}; use .data (interleaved) instead.`,
      );
    }
    const src = this.data;
    const n = src.length;
    const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    scaleInto(src, slope, inter, out);
    return out;
  }

  /**
   * A new image from voxel data in file order (i fastest), a shape and a 4×4 affine, built as
   * nibabel's `Nifti1Image(data, affine, header)`:
   * - without `header`: sform (code 2 "aligned") = affine, qform (code 0) and pixdim filled
   *   from it;
   * - with `header` (any subset of fields, e.g. another image's header): its fields are copied,
   *   then, if `affine` differs from the header's best affine (numpy `allclose`), sform/qform
   *   are set from it as above; otherwise the header's codes, quaternion and pixdim are kept.
   *
   * Either way `dim`, `datatype` and `bitpix` come from `data`/`shape` (nibabel would instead
   * cast to the header's datatype when saving), and, as in nibabel, `voxOffset` is reset to 0
   * and `sclSlope`/`sclInter` to NaN (no scaling). To make a scaled image, build the header and
   * use the constructor: `new NiftiImage({ ...img.header, sclSlope: 0.5, sclInter: 1 }, img.data)`.
   * Plain arrays become float64; 64-bit integers must come as BigInt64Array/BigUint64Array.
   *
   * @throws NiftiError when the data length does not match the shape, or the affine is not 4×4.
   */
  static fromArray(
    data: NiftiTypedArray | ArrayLike<number>,
    shape: number[],
    affine: number[][],
    header?: Partial<NiftiHeader>,
  ): NiftiImage {
    if (!Array.isArray(shape) || shape.length < 1 || shape.length > 7) {
      throw new NiftiError(`Shape must have 1 to 7 dimensions, got ${JSON.stringify(shape)}.`);
    }
    const n = voxelCount(shape);
    let info: DatatypeInfo | undefined;
    let array: NiftiTypedArray;
    if (ArrayBuffer.isView(data)) {
      array = data as NiftiTypedArray;
      info = datatypeOfArray(array);
      if (!info) {
        throw new NiftiError(`Unsupported array type ${data.constructor.name} for NIfTI data.`);
      }
      if (header?.datatype !== undefined && header.datatype !== info.code) {
        const wanted = datatypeFromCode(header.datatype);
        if (wanted.ctor === info.ctor && wanted.components > 1) info = wanted;
      }
    } else {
      info = datatypeFromCode(64);
      array = Float64Array.from(data as ArrayLike<number>);
    }
    if (array.length !== n * info.components) {
      throw new NiftiError(
        `Data has ${array.length} values but shape [${shape.join(', ')}] needs ${n * info.components}.`,
      );
    }
    const version = header?.version === 2 ? 2 : 1;
    const h: NiftiHeader = { ...defaultHeader(version), ...cloneHeaderPartial(header) };
    h.version = version;
    h.sizeofHdr = version === 1 ? NIFTI1_HEADER_SIZE : NIFTI2_HEADER_SIZE;
    h.dim = [shape.length, ...shape];
    while (h.dim.length < 8) h.dim.push(1);
    if (h.pixdim.length < 8) h.pixdim = [...h.pixdim, ...Array(8 - h.pixdim.length).fill(1)];
    h.datatype = info.code;
    h.bitpix = info.bitpix;
    h.voxOffset = 0;
    h.sclSlope = Number.NaN;
    h.sclInter = Number.NaN;
    if (!header || !affineMatches(affine, h)) {
      setSform(h, affine, 2);
      setQform(h, affine, 0);
    }
    return new NiftiImage(h, array);
  }
}

/** numpy `allclose(affine, getBestAffine(header))` (false when the header's affine is invalid). */
function affineMatches(affine: number[][], header: NiftiHeader): boolean {
  let best: number[][];
  try {
    best = getBestAffine(header);
  } catch {
    return false;
  }
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const a = affine[i]?.[j];
      const b = best[i]![j]!;
      if (typeof a !== 'number' || !(Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b))) return false;
    }
  }
  return true;
}

function cloneHeaderPartial(header: Partial<NiftiHeader> | undefined): Partial<NiftiHeader> {
  if (!header) return {};
  const full = { ...defaultHeader(), ...header };
  const copy = cloneHeader(full);
  const out: Partial<NiftiHeader> = {};
  for (const key of Object.keys(header) as (keyof NiftiHeader)[]) {
    (out as Record<string, unknown>)[key] = copy[key];
  }
  return out;
}
