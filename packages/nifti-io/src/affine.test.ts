import { NiftiError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import {
  getBaseAffine,
  getBestAffine,
  getQform,
  getXyztUnits,
  getZooms,
  setQform,
  setSform,
  xyztUnitsCode,
} from './affine.js';
import { defaultHeader } from './header.js';

describe('affines (nibabel rules)', () => {
  it('base affine when both codes are 0 (nibabel 5.0.0 get_best_affine)', () => {
    const h = defaultHeader();
    h.dim = [4, 5, 6, 7, 3, 1, 1, 1];
    h.pixdim = [1, 2, 3, 4, 2.5, 1, 1, 1];
    // Nifti1Header(); set_data_shape((5, 6, 7, 3)); pixdim as above; get_best_affine()
    expect(getBestAffine(h)).toEqual([
      [-2, 0, 0, 4],
      [0, 3, 0, -7.5],
      [0, 0, 4, -12],
      [0, 0, 0, 1],
    ]);
    expect(getBaseAffine(h)).toEqual(getBestAffine(h));
    expect(getZooms(h)).toEqual([2, 3, 4, 2.5]);
  });

  it('sform wins over qform, qform over base', () => {
    const h = defaultHeader();
    h.dim = [3, 2, 2, 2, 1, 1, 1, 1];
    const a = [
      [0, -2, 0, 5],
      [3, 0, 0, -6],
      [0, 0, 4, 7],
      [0, 0, 0, 1],
    ];
    setQform(h, a, 1);
    expect(getBestAffine(h)[0]![1]).toBeCloseTo(-2, 12);
    setSform(
      h,
      [
        [1, 0, 0, 1],
        [0, 1, 0, 2],
        [0, 0, 1, 3],
        [0, 0, 0, 1],
      ],
      4,
    );
    expect(getBestAffine(h)[0]).toEqual([1, 0, 0, 1]);
  });

  it('setQform → getQform reproduces rotations, flips and zooms', () => {
    let seed = 7;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32 - 0.5;
    };
    for (let trial = 0; trial < 200; trial++) {
      // random rotation from a random unit quaternion, random zooms, random z flip
      let [w, x, y, z] = [rand(), rand(), rand(), rand()];
      const n = Math.hypot(w, x, y, z);
      [w, x, y, z] = [w / n, x / n, y / n, z / n];
      const r = [
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
      ];
      const zooms = [1 + rand(), 2 + rand(), (3 + rand()) * (trial % 2 ? -1 : 1)];
      const affine = [
        [...r[0]!.map((v, j) => v * zooms[j]!), 10 * rand()],
        [...r[1]!.map((v, j) => v * zooms[j]!), 10 * rand()],
        [...r[2]!.map((v, j) => v * zooms[j]!), 10 * rand()],
        [0, 0, 0, 1],
      ];
      const h = defaultHeader(2); // float64 fields: exact up to rounding
      setQform(h, affine, 1);
      const back = getQform(h);
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 4; j++) expect(back[i]![j]).toBeCloseTo(affine[i]![j]!, 10);
      }
      expect(h.pixdim[0]).toBe(trial % 2 ? -1 : 1);
    }
  });

  it('a quaternion longer than 1 is a NiftiError; rounding slack is not', () => {
    const h = defaultHeader();
    h.quaternB = 0.8;
    h.quaternC = 0.8;
    expect(() => getQform(h)).toThrow(NiftiError);
    h.quaternB = 1 + 1e-8;
    h.quaternC = 0;
    expect(() => getQform(h)).not.toThrow();
  });

  it('xyzt units', () => {
    const h = defaultHeader();
    h.xyztUnits = 10;
    expect(getXyztUnits(h)).toEqual(['mm', 'sec']);
    expect(xyztUnitsCode('micron', 'msec')).toBe(19);
    expect(() => xyztUnitsCode('furlong', 'sec')).toThrow(NiftiError);
  });
});
