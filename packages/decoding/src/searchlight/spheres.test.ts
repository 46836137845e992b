import { ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { sphereAdjacency } from './spheres.js';

const eye = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];

/** Every voxel of an nx × ny × nz grid, in numpy C order (file offsets). */
function allVoxels(nx: number, ny: number, nz: number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < nx; i++)
    for (let j = 0; j < ny; j++) for (let k = 0; k < nz; k++) out.push(i + nx * (j + ny * k));
  return Int32Array.from(out);
}

function row(a: ReturnType<typeof sphereAdjacency>, s: number): number[] {
  return [...a.indices.subarray(a.indptr[s]!, a.indptr[s + 1]!)];
}

describe('sphereAdjacency', () => {
  it('a radius of exactly one voxel takes the 6 face neighbours and the centre (distance ≤ radius)', () => {
    const all = allVoxels(3, 3, 3);
    const centre = 1 + 3 * (1 + 3 * 1);
    const a = sphereAdjacency(
      { shape: [3, 3, 3], affine: eye, maskIndices: all, seedIndices: Int32Array.of(centre) },
      1,
    );
    // C-order columns of (0,1,1) (1,0,1) (1,1,0) (1,1,1) (1,1,2) (1,2,1) (2,1,1).
    expect(row(a, 0)).toEqual([4, 10, 12, 13, 14, 16, 22]);
    expect(a.maxSize).toBe(7);
  });

  it('uses world distances: anisotropic voxels, radius between the two spacings', () => {
    const affine = [
      [2, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ];
    const all = allVoxels(3, 3, 1);
    const centre = 1 + 3 * 1;
    const a = sphereAdjacency(
      { shape: [3, 3, 1], affine, maskIndices: all, seedIndices: Int32Array.of(centre) },
      1.5,
    );
    // Along j (1 mm) the neighbours are in, along i (2 mm) they are out.
    expect(row(a, 0)).toEqual([3, 4, 5]);
  });

  it('is symmetric when the process mask is the mask, and every row holds its centre', () => {
    const all = allVoxels(5, 4, 3);
    const affine = [
      [-3, 0, 0, 90],
      [0, 2.5, 0.5, -20],
      [0, 0.2, 3, 7],
      [0, 0, 0, 1],
    ];
    const a = sphereAdjacency(
      { shape: [5, 4, 3], affine, maskIndices: all, seedIndices: all },
      4.2,
    );
    const set = new Set<string>();
    for (let s = 0; s < a.nSeeds; s++) for (const c of row(a, s)) set.add(`${s},${c}`);
    for (let s = 0; s < a.nSeeds; s++) {
      const r = row(a, s);
      expect(r).toContain(s);
      expect([...r].sort((x, y) => x - y)).toEqual(r);
      for (const c of r) expect(set.has(`${c},${s}`)).toBe(true);
    }
    // Brute force over all pairs gives the same count.
    let count = 0;
    const world = (f: number) => {
      const i = f % 5;
      const j = Math.floor(f / 5) % 4;
      const k = Math.floor(f / 20);
      return affine.slice(0, 3).map((r) => r[0]! * i + r[1]! * j + r[2]! * k + r[3]!);
    };
    for (const f of all)
      for (const g of all) {
        const [x, y, z] = world(f);
        const [u, v, w] = world(g);
        if ((x! - u!) ** 2 + (y! - v!) ** 2 + (z! - w!) ** 2 <= 4.2 * 4.2) count++;
      }
    expect(a.indices.length).toBe(count);
  });

  it('rejects radius ≤ 0 or not finite', () => {
    const all = allVoxels(2, 2, 2);
    for (const radius of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() =>
        sphereAdjacency(
          { shape: [2, 2, 2], affine: eye, maskIndices: all, seedIndices: all },
          radius,
        ),
      ).toThrow(ValidationError);
    }
  });

  it('rejects seeds whose sphere holds no mask voxel, naming how many', () => {
    const mask = Int32Array.of(0); // voxel (0,0,0)
    const seed = Int32Array.of(3 + 4 * (3 + 4 * 3)); // (3,3,3), 5.2 mm away
    expect(() =>
      sphereAdjacency({ shape: [4, 4, 4], affine: eye, maskIndices: mask, seedIndices: seed }, 2),
    ).toThrow(/1 of 1 searchlight spheres are empty/);
  });

  it('takes a seed outside the mask when mask voxels are within reach', () => {
    const mask = Int32Array.of(0, 1);
    const seed = Int32Array.of(2);
    const a = sphereAdjacency(
      { shape: [3, 1, 1], affine: eye, maskIndices: mask, seedIndices: seed },
      1,
    );
    expect(row(a, 0)).toEqual([1]);
  });
});
