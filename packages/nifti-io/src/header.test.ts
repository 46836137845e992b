import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { testData } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import {
  encodeHeader,
  type HeaderField,
  NIFTI1_FIELDS,
  NIFTI1_HEADER_SIZE,
  NIFTI2_FIELDS,
  NIFTI2_HEADER_SIZE,
  parseHeader,
} from './header.js';

const BYTES = { u1: 1, i2: 2, i4: 4, i8: 8, f4: 4, f8: 8, S: 1 } as const;

function span(f: HeaderField): number {
  return BYTES[f.dtype] * f.count;
}

describe('header field tables', () => {
  it.each([
    ['NIfTI-1', NIFTI1_FIELDS, NIFTI1_HEADER_SIZE, 0],
    // NIfTI-2 ends with 15 unused bytes (nibabel's `unused_str`)
    ['NIfTI-2', NIFTI2_FIELDS, NIFTI2_HEADER_SIZE, 15],
  ] as const)('%s fields tile the header without gaps or overlaps', (_, fields, size, unused) => {
    let pos = 0;
    for (const f of fields) {
      expect(f.offset, f.name).toBe(pos);
      expect(f.offset % Math.min(BYTES[f.dtype], 4), `${f.name} alignment`).toBe(0);
      pos += span(f);
    }
    expect(pos + unused).toBe(size);
    expect(new Set(fields.map((f) => f.name)).size).toBe(fields.length);
  });

  it('both layouts cover the same header properties except the NIfTI-1-only ones', () => {
    const v1 = new Set(NIFTI1_FIELDS.map((f) => f.name));
    const v2 = new Set(NIFTI2_FIELDS.map((f) => f.name));
    expect([...v1].filter((n) => !v2.has(n)).sort()).toEqual(
      ['dataType', 'dbName', 'extents', 'glmax', 'glmin', 'regular', 'sessionError'].sort(),
    );
    expect([...v2].filter((n) => !v1.has(n))).toEqual([]);
  });

  for (const rel of ['nifti/avg152T1_LR_nifti.nii.gz', 'nifti/avg152T1_LR_nifti2.nii.gz']) {
    const file = testData(rel);
    it.skipIf(!file.available)(`${rel}: encode(parse(bytes)) gives back the header bytes`, () => {
      const raw = new Uint8Array(gunzipSync(readFileSync(file.path)));
      const header = parseHeader(raw);
      const size = header.version === 1 ? NIFTI1_HEADER_SIZE : NIFTI2_HEADER_SIZE;
      // the only load fix these files need: qfac (pixdim[0]) 0 -> 1, as nibabel
      const expected = raw.slice(0, size);
      const fields = header.version === 1 ? NIFTI1_FIELDS : NIFTI2_FIELDS;
      const at = fields.find((f) => f.name === 'pixdim')!;
      const view = new DataView(expected.buffer);
      if (at.dtype === 'f4') view.setFloat32(at.offset, 1, header.littleEndian);
      else view.setFloat64(at.offset, 1, header.littleEndian);
      expect(Buffer.from(encodeHeader(header)).equals(Buffer.from(expected))).toBe(true);
    });
  }

  it('big-endian headers round-trip through the same table', () => {
    for (const fields of [NIFTI1_FIELDS, NIFTI2_FIELDS]) {
      const size = fields === NIFTI1_FIELDS ? NIFTI1_HEADER_SIZE : NIFTI2_HEADER_SIZE;
      const bytes = new Uint8Array(size);
      const view = new DataView(bytes.buffer);
      view.setInt32(0, size, false);
      const magic = fields === NIFTI1_FIELDS ? 'n+1' : 'n+2';
      const at = fields.find((f) => f.name === 'magic')!.offset;
      for (let i = 0; i < 3; i++) bytes[at + i] = magic.charCodeAt(i);
      const dimAt = fields.find((f) => f.name === 'dim')!;
      const dims = [3, 4, 5, 6, 1, 1, 1, 1];
      dims.forEach((d, i) => {
        if (dimAt.dtype === 'i2') view.setInt16(dimAt.offset + 2 * i, d, false);
        else view.setBigInt64(dimAt.offset + 8 * i, BigInt(d), false);
      });
      const h = parseHeader(bytes);
      expect(h.littleEndian).toBe(false);
      expect(h.dim).toEqual(dims);
      const again = parseHeader(encodeHeader(h));
      expect(again).toEqual(h);
    }
  });
});
