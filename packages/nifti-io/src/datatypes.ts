/**
 * NIfTI datatype codes and the typed arrays that hold them.
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';

/** On-disk voxel types voxelkit reads and writes. */
export type NiftiDtype =
  | 'uint8'
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float32'
  | 'float64'
  | 'rgb24'
  | 'rgba32'
  | 'complex64'
  | 'complex128';

/**
 * Voxel data in memory. 64-bit integers are `BigInt64Array`/`BigUint64Array`; RGB24/RGBA32
 * are interleaved `Uint8Array`s (3 or 4 values per voxel) and complex types interleaved
 * (real, imaginary) `Float32Array`/`Float64Array`s.
 */
export type NiftiTypedArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

type TypedArrayConstructor = {
  new (length: number): NiftiTypedArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): NiftiTypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

/** Everything needed to decode one datatype. */
export interface DatatypeInfo {
  /** NIfTI `datatype` code. */
  readonly code: number;
  /** voxelkit name. */
  readonly dtype: NiftiDtype;
  /** NIfTI `bitpix`. */
  readonly bitpix: number;
  /** Typed-array elements per voxel (3 for RGB24, 4 for RGBA32, 2 for complex, else 1). */
  readonly components: number;
  /** Bytes of one typed-array element (the unit that is byte-swapped). */
  readonly elementBytes: number;
  /** The typed array that holds the data. */
  readonly ctor: TypedArrayConstructor;
}

const TABLE: readonly DatatypeInfo[] = [
  { code: 2, dtype: 'uint8', bitpix: 8, components: 1, elementBytes: 1, ctor: Uint8Array },
  { code: 4, dtype: 'int16', bitpix: 16, components: 1, elementBytes: 2, ctor: Int16Array },
  { code: 8, dtype: 'int32', bitpix: 32, components: 1, elementBytes: 4, ctor: Int32Array },
  { code: 16, dtype: 'float32', bitpix: 32, components: 1, elementBytes: 4, ctor: Float32Array },
  {
    code: 32,
    dtype: 'complex64',
    bitpix: 64,
    components: 2,
    elementBytes: 4,
    ctor: Float32Array,
  },
  { code: 64, dtype: 'float64', bitpix: 64, components: 1, elementBytes: 8, ctor: Float64Array },
  { code: 128, dtype: 'rgb24', bitpix: 24, components: 3, elementBytes: 1, ctor: Uint8Array },
  { code: 256, dtype: 'int8', bitpix: 8, components: 1, elementBytes: 1, ctor: Int8Array },
  { code: 512, dtype: 'uint16', bitpix: 16, components: 1, elementBytes: 2, ctor: Uint16Array },
  { code: 768, dtype: 'uint32', bitpix: 32, components: 1, elementBytes: 4, ctor: Uint32Array },
  {
    code: 1024,
    dtype: 'int64',
    bitpix: 64,
    components: 1,
    elementBytes: 8,
    ctor: BigInt64Array as unknown as TypedArrayConstructor,
  },
  {
    code: 1280,
    dtype: 'uint64',
    bitpix: 64,
    components: 1,
    elementBytes: 8,
    ctor: BigUint64Array as unknown as TypedArrayConstructor,
  },
  {
    code: 1792,
    dtype: 'complex128',
    bitpix: 128,
    components: 2,
    elementBytes: 8,
    ctor: Float64Array,
  },
  { code: 2304, dtype: 'rgba32', bitpix: 32, components: 4, elementBytes: 1, ctor: Uint8Array },
];

const BY_CODE = new Map(TABLE.map((d) => [d.code, d]));
const BY_NAME = new Map(TABLE.map((d) => [d.dtype, d]));

const UNSUPPORTED: Record<number, string> = {
  0: 'unknown (0)',
  1: 'binary (1)',
  1536: 'float128 (1536)',
  2048: 'complex256 (2048)',
};

/** Looks up a NIfTI datatype code; throws {@link NiftiError} for unsupported codes. */
export function datatypeFromCode(code: number): DatatypeInfo {
  const info = BY_CODE.get(code);
  if (info) return info;
  const known = UNSUPPORTED[code];
  throw new NiftiError(
    known
      ? `NIfTI datatype ${known} is not supported. Convert the image to a supported type ` +
          `(uint8/16/32/64, int8/16/32/64, float32/64, rgb24, rgba32, complex64/128) first.`
      : `Invalid NIfTI datatype code ${code}: the header is corrupt or this is not a NIfTI file.`,
  );
}

/** Looks up a voxelkit dtype name. */
export function datatypeFromName(dtype: NiftiDtype): DatatypeInfo {
  const info = BY_NAME.get(dtype);
  if (!info) {
    throw new NiftiError(
      `Unknown dtype '${String(dtype)}'; expected one of ${TABLE.map((d) => d.dtype).join(', ')}.`,
    );
  }
  return info;
}

/** The scalar dtype that matches a typed array (for {@link NiftiImage.fromArray}). */
export function datatypeOfArray(data: NiftiTypedArray): DatatypeInfo | undefined {
  if (data instanceof Uint8Array) return BY_NAME.get('uint8');
  if (data instanceof Int8Array) return BY_NAME.get('int8');
  if (data instanceof Int16Array) return BY_NAME.get('int16');
  if (data instanceof Uint16Array) return BY_NAME.get('uint16');
  if (data instanceof Int32Array) return BY_NAME.get('int32');
  if (data instanceof Uint32Array) return BY_NAME.get('uint32');
  if (data instanceof BigInt64Array) return BY_NAME.get('int64');
  if (data instanceof BigUint64Array) return BY_NAME.get('uint64');
  if (data instanceof Float32Array) return BY_NAME.get('float32');
  if (data instanceof Float64Array) return BY_NAME.get('float64');
  return undefined;
}
