import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NiftiError } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHeader } from './header.js';
import { NiftiImage } from './image.js';
import { readNifti, toBytes, writeNifti } from './node.js';

// Header fields of files nibabel 5.0.0 wrote with Nifti1Image(arr, affine).to_filename(...)
// (and Nifti2Image for the NIfTI-2 case), read back with NiftiNHeader.from_fileobj in
// /usr/bin/python3. Data: np.arange(24).reshape(2, 3, 4) (C order).
const SEED_AFFINE = [
  [-3.5, 0, 0, 68.25],
  [0, 3.75, 0, -118.125],
  [0, 0, 3.75, -118.125],
  [0, 0, 0, 1],
];
// rotation of 0.3 rad about z, zooms (2, 2.5, -3), offset (10, -20, 30)
const ROT_AFFINE = [
  [1.9106729782512122, -0.738800516653349, 0.0, 10.0],
  [0.5910404133226792, 2.3883412228140153, 0.0, -20.0],
  [0.0, 0.0, -3.0, 30.0],
  [0.0, 0.0, 0.0, 1.0],
];
const NIBABEL_INT16_SEED = {
  sizeofHdr: 348,
  dim: [3, 2, 3, 4, 1, 1, 1, 1],
  datatype: 4,
  bitpix: 16,
  pixdim: [-1.0, 3.5, 3.75, 3.75, 1.0, 1.0, 1.0, 1.0],
  voxOffset: 352,
  sclSlope: 1,
  sclInter: 0,
  xyztUnits: 0,
  qformCode: 0,
  sformCode: 2,
  quaternB: 0,
  quaternC: 1,
  quaternD: 0,
  qoffsetX: 68.25,
  qoffsetY: -118.125,
  qoffsetZ: -118.125,
  srowX: [-3.5, 0.0, 0.0, 68.25],
  srowY: [0.0, 3.75, 0.0, -118.125],
  srowZ: [0.0, 0.0, 3.75, -118.125],
  magic: 'n+1',
  descrip: '',
  regular: '',
  intentCode: 0,
  calMax: 0,
  calMin: 0,
  glmax: 0,
  glmin: 0,
  sliceCode: 0,
  dimInfo: 0,
};
const NIBABEL_FLOAT32_ROT = {
  sizeofHdr: 348,
  dim: [3, 2, 3, 4, 1, 1, 1, 1],
  datatype: 16,
  bitpix: 32,
  pixdim: [-1.0, 2.0, 2.5, 3.0, 1.0, 1.0, 1.0, 1.0],
  voxOffset: 352,
  sclSlope: 1,
  sclInter: 0,
  qformCode: 0,
  sformCode: 2,
  quaternB: 0,
  quaternC: 0,
  quaternD: 0.14943812787532806,
  qoffsetX: 10,
  qoffsetY: -20,
  qoffsetZ: 30,
  srowX: [1.9106730222702026, -0.7388005256652832, 0.0, 10.0],
  srowY: [0.5910404324531555, 2.388341188430786, 0.0, -20.0],
  srowZ: [0.0, 0.0, -3.0, 30.0],
  magic: 'n+1',
};
const NIBABEL2_FLOAT32_ROT = {
  sizeofHdr: 540,
  dim: [3, 2, 3, 4, 1, 1, 1, 1],
  datatype: 16,
  bitpix: 32,
  pixdim: [-1.0, 2.0, 2.5, 3.0, 1.0, 1.0, 1.0, 1.0],
  voxOffset: 544,
  sclSlope: 1,
  sclInter: 0,
  qformCode: 0,
  sformCode: 2,
  quaternB: 0,
  quaternC: 0,
  quaternD: 0.14943813247359922,
  qoffsetX: 10,
  qoffsetY: -20,
  qoffsetZ: 30,
  srowX: [1.9106729782512122, -0.738800516653349, 0.0, 10.0],
  srowY: [0.5910404133226792, 2.3883412228140153, 0.0, -20.0],
  srowZ: [0.0, 0.0, -3.0, 30.0],
  magic: 'n+2',
};

/** arange(24).reshape(2,3,4) in C order, laid out in file order (i fastest). */
function arangeFileOrder<T extends { [i: number]: number }>(out: T): T {
  let c = 0;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 3; j++) {
      for (let k = 0; k < 4; k++) out[i + 2 * j + 6 * k] = c++;
    }
  }
  return out;
}

function expectHeaderFields(actual: object, expected: Record<string, unknown>, tol = 1e-7): void {
  const a = actual as Record<string, unknown>;
  for (const [key, value] of Object.entries(expected)) {
    if (Array.isArray(value)) {
      const got = a[key] as number[];
      expect(got.length, key).toBe(value.length);
      for (let i = 0; i < value.length; i++) {
        expect(Math.abs(got[i]! - value[i]), `${key}[${i}]`).toBeLessThanOrEqual(tol);
      }
    } else if (typeof value === 'number') {
      expect(Math.abs((a[key] as number) - value), key).toBeLessThanOrEqual(tol);
    } else {
      expect(a[key], key).toEqual(value);
    }
  }
}

describe('written headers equal nibabel’s', () => {
  it('int16, the tutorial affine (180° rotation about y)', () => {
    const img = NiftiImage.fromArray(arangeFileOrder(new Int16Array(24)), [2, 3, 4], SEED_AFFINE);
    const bytes = toBytes(img);
    expect(bytes.length).toBe(352 + 48);
    expectHeaderFields(parseHeader(bytes), NIBABEL_INT16_SEED, 0);
  });

  it('float32, rotated affine with a flipped z (qfac -1)', () => {
    const img = NiftiImage.fromArray(arangeFileOrder(new Float32Array(24)), [2, 3, 4], ROT_AFFINE);
    expectHeaderFields(parseHeader(toBytes(img)), NIBABEL_FLOAT32_ROT, 0);
  });

  it('NIfTI-2', () => {
    const img = NiftiImage.fromArray(arangeFileOrder(new Float32Array(24)), [2, 3, 4], ROT_AFFINE);
    const header = parseHeader(toBytes(img, { version: 2 }));
    expectHeaderFields(header, NIBABEL2_FLOAT32_ROT, 1e-15);
  });

  it('plain arrays become float64', () => {
    const img = NiftiImage.fromArray(
      Array.from(arangeFileOrder(new Float64Array(24))),
      [2, 3, 4],
      SEED_AFFINE,
    );
    expect(img.dtype).toBe('float64');
    expect(img.header.bitpix).toBe(64);
  });

  it('rejects mismatched data and bad affines with NiftiError', () => {
    expect(() => NiftiImage.fromArray(new Int16Array(23), [2, 3, 4], SEED_AFFINE)).toThrow(
      NiftiError,
    );
    expect(() => NiftiImage.fromArray(new Int16Array(24), [2, 3, 4], [[1, 0, 0]])).toThrow(
      NiftiError,
    );
    expect(() => NiftiImage.fromArray(new Int16Array(24), [2, -3, 4], SEED_AFFINE)).toThrow(
      NiftiError,
    );
  });
});

const dir = mkdtempSync(join(tmpdir(), 'nifti-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FILES = [
  'nifti/5D_small.nii',
  'nifti/5D_zeros.nii.gz',
  'nifti/air.hdr.gz',
  'nifti/air2.hdr.gz',
  'nifti/avg152T1_LR_nifti.nii',
  'nifti/avg152T1_LR_nifti.nii.gz',
  'nifti/avg152T1_LR_nifti2.nii.gz',
  'nifti/big.nii.gz',
  'nifti/little.nii.gz',
  'nifti/with_extension.nii.gz',
  'haxby-slice/haxby2001-slice/subj1/bold.nii.gz',
];

function sameBits(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

for (const rel of FILES) {
  const file = testData(rel);
  describe.skipIf(!file.available)(`round trip ${rel}`, () => {
    for (const version of [1, 2] as const) {
      const ownVersion = /nifti2|air2/.test(rel) ? 2 : 1;
      // pairs are written by writeNifti only, in the image's own version
      const exts = version === ownVersion ? ['.nii', '.nii.gz', '.hdr.gz'] : ['.nii', '.nii.gz'];
      for (const ext of exts) {
        it(`NIfTI-${version} ${ext}`, async () => {
          const img = await readNifti(file.path);
          expect(img.header.version).toBe(ownVersion);
          let back: NiftiImage;
          if (version === img.header.version) {
            const out = join(dir, `${rel.replace(/\W/g, '_')}${ext}`);
            await writeNifti(img, out);
            back = await readNifti(out);
          } else {
            back = await readNifti(toBytes(img, { version, gzip: ext === '.nii.gz' }));
          }
          expect(back.header.version).toBe(version);
          expect(back.header.magic).toBe(ext === '.hdr.gz' ? `ni${version}` : `n+${version}`);
          expect(back.shape).toEqual(img.shape);
          expect(back.dtype).toBe(img.dtype);
          expect(back.affine).toEqual(img.affine);
          expect(back.header.pixdim).toEqual(img.header.pixdim);
          expect(back.header.xyztUnits).toBe(img.header.xyztUnits);
          expect(back.header.descrip).toBe(img.header.descrip);
          expect(back.extensions).toEqual(img.extensions);
          expect(sameBits(back.data, img.data)).toBe(true);
          if (img.data.length < 4_000_000) {
            expect(sameBits(back.getFData(), img.getFData())).toBe(true);
          }
        });
      }
    }
  });
}

describe('fromArray with a header (nibabel Nifti1Image(data, affine, header))', () => {
  const avg = testData('nifti/avg152T1_LR_nifti.nii.gz');
  it.skipIf(!avg.available)(
    'same affine: the header’s codes, qform and pixdim are kept',
    async () => {
      const src = await readNifti(avg.path);
      const img = NiftiImage.fromArray(
        new Float32Array(src.data.length),
        src.shape,
        src.affine,
        src.header,
      );
      expect([img.header.sformCode, img.header.qformCode]).toEqual([4, 0]);
      expect(img.header.pixdim).toEqual(src.header.pixdim);
      expect(img.header.descrip).toBe(src.header.descrip);
      expect(img.dtype).toBe('float32');
      expect(img.header.voxOffset).toBe(0);
      expect(img.header.sclSlope).toBeNaN();
    },
  );
  it.skipIf(!avg.available)('different affine: sform 2 / qform 0 from the affine', async () => {
    const src = await readNifti(avg.path);
    const img = NiftiImage.fromArray(src.data, src.shape, SEED_AFFINE, src.header);
    expect([img.header.sformCode, img.header.qformCode]).toEqual([2, 0]);
    expect(img.affine).toEqual(SEED_AFFINE);
    expect(img.header.pixdim.slice(0, 4)).toEqual([-1, 3.5, 3.75, 3.75]);
  });
});

describe('writeNifti', () => {
  for (const ext of ['.hdr', '.img.gz']) {
    it(`writes ${ext} pairs that read back identical`, async () => {
      const img = NiftiImage.fromArray(arangeFileOrder(new Int16Array(24)), [2, 3, 4], SEED_AFFINE);
      const out = join(dir, `pair${ext}`);
      await writeNifti(img, out);
      const back = await readNifti(out.replace('.img', '.hdr'));
      expect(back.header.magic).toBe('ni1');
      expect(back.header.voxOffset).toBe(0);
      expect(back.data).toEqual(img.data);
      expect(back.affine).toEqual(img.affine);
    });
  }

  it('refuses names that are not .nii/.nii.gz/.hdr/.img', async () => {
    const img = NiftiImage.fromArray(new Uint8Array(8), [2, 2, 2], SEED_AFFINE);
    await expect(writeNifti(img, join(dir, 'x.png'))).rejects.toBeInstanceOf(NiftiError);
  });
});
