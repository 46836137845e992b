import { NiftiError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import {
  datatypeFromCode,
  datatypeFromName,
  type NiftiDtype,
  type NiftiTypedArray,
} from './datatypes.js';
import { swapBytes } from './decode.js';
import { encodeHeader, parseHeader } from './header.js';
import { NiftiImage } from './image.js';
import { readNifti, toBytes } from './node.js';

const AFFINE = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];

function sample(dtype: NiftiDtype, n: number): NiftiTypedArray {
  const info = datatypeFromName(dtype);
  const out = new info.ctor(n * info.components);
  for (let i = 0; i < out.length; i++) {
    const v = ((i * 7919) % 251) - (dtype.startsWith('u') || dtype.startsWith('rgb') ? 0 : 125);
    if (out instanceof BigInt64Array) out[i] = BigInt(v) * 10_000_000_000n;
    else if (out instanceof BigUint64Array) out[i] = BigInt(v) * 10_000_000_000n;
    else
      (out as Float64Array)[i] =
        dtype.startsWith('float') || dtype.startsWith('complex') ? v / 8 : v;
  }
  return out;
}

/** The same image as a big-endian NIfTI-1 file (what e.g. old SPM on SPARC wrote). */
function bigEndianBytes(img: NiftiImage): Uint8Array {
  const little = toBytes(img);
  const header = parseHeader(little);
  header.littleEndian = false;
  const out = little.slice();
  out.set(encodeHeader(header), 0);
  swapBytes(out.subarray(352), datatypeFromCode(header.datatype).elementBytes);
  return out;
}

const DTYPES: NiftiDtype[] = [
  'uint8',
  'int8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'float32',
  'float64',
  'rgb24',
  'rgba32',
  'complex64',
  'complex128',
];

describe('every datatype', () => {
  for (const dtype of DTYPES) {
    it(`${dtype}: .nii, .nii.gz, NIfTI-2 and big-endian read back identical`, async () => {
      const info = datatypeFromName(dtype);
      const data = sample(dtype, 2 * 3 * 4);
      const img = NiftiImage.fromArray(data, [2, 3, 4], AFFINE, { datatype: info.code });
      expect(img.dtype).toBe(dtype);
      expect(img.header.bitpix).toBe(info.bitpix);
      for (const bytes of [
        toBytes(img),
        toBytes(img, { gzip: true }),
        toBytes(img, { version: 2 }),
        bigEndianBytes(img),
      ]) {
        const back = await readNifti(bytes);
        expect(back.dtype).toBe(dtype);
        expect(back.data).toBeInstanceOf(info.ctor);
        expect(back.data).toEqual(data);
      }
      if (info.components === 1) {
        const f = (await readNifti(bigEndianBytes(img))).getFData();
        expect(Array.from(f)).toEqual(Array.from(data as ArrayLike<number | bigint>, Number));
      } else {
        expect(() => img.getFData()).toThrow(NiftiError);
      }
    });
  }

  it('unsupported datatypes are refused with NiftiError', () => {
    for (const code of [0, 1, 1536, 2048, 3, 99])
      expect(() => datatypeFromCode(code)).toThrow(NiftiError);
  });
});

describe('scaling (nibabel rules)', () => {
  const data = new Int16Array([-2, -1, 0, 1, 2, 300]);
  const plain = NiftiImage.fromArray(data, [6], AFFINE);
  const scaled = (s: { sclSlope: number; sclInter: number }) =>
    new NiftiImage({ ...plain.header, ...s }, plain.data);
  it('fromArray resets scaling, as nibabel does for a new image', () => {
    const img = NiftiImage.fromArray(data, [6], AFFINE, { sclSlope: 0.5, sclInter: -3 });
    expect(img.header.sclSlope).toBeNaN();
    expect(Array.from(img.getFData())).toEqual(Array.from(data));
  });
  it('slope and intercept apply; float32 on request', () => {
    const img = scaled({ sclSlope: 0.5, sclInter: -3 });
    expect(Array.from(img.getFData())).toEqual([-4, -3.5, -3, -2.5, -2, 147]);
    expect(img.getFData({ dtype: 'float32' })).toBeInstanceOf(Float32Array);
  });
  it('slope 0, NaN or inf means no scaling (intercept ignored)', () => {
    for (const sclSlope of [0, Number.NaN, Number.POSITIVE_INFINITY]) {
      const img = scaled({ sclSlope, sclInter: 7 });
      expect(Array.from(img.getFData())).toEqual(Array.from(data));
    }
  });
  it('a valid slope with a non-finite intercept is an error, as in nibabel', () => {
    const img = scaled({ sclSlope: 2, sclInter: Number.NaN });
    expect(() => img.getFData()).toThrow(NiftiError);
  });
  it('scaling survives a write/read round trip', async () => {
    const img = scaled({ sclSlope: 0.5, sclInter: -3 });
    const back = await readNifti(toBytes(img, { gzip: true }));
    expect(back.header.sclSlope).toBe(0.5);
    expect(back.getFData()).toEqual(img.getFData());
  });
});
