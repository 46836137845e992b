import { describe, expect, it } from 'vitest';
import { sampleAt, samplePlane, sampleVoxel, worldToVoxel } from './resample.js';
import { blobMap, HAXBY_AFFINE } from './synthetic.test-helpers.js';
import { toVolume } from './volume.js';

/** A 40×64×64 image whose value is its own flat index (file order). */
function indexImage() {
  const n = 40 * 64 * 64;
  return toVolume(
    {
      data: Float64Array.from({ length: n }, (_, i) => i),
      shape: [40, 64, 64],
      affine: HAXBY_AFFINE,
    },
    'idx',
  );
}
const flat = (i: number, j: number, k: number) => i + 40 * (j + 64 * k);

describe('worldToVoxel / sampleAt', () => {
  const vol = indexImage();
  it('maps known world points to their voxels through the affine', () => {
    expect(worldToVoxel(vol, 68.25, -118.125, -118.125)).toEqual([0, 0, 0]);
    const [i, j, k] = worldToVoxel(vol, -68.25, 118.125, 118.125);
    expect(i).toBeCloseTo(39, 12);
    expect(j).toBeCloseTo(63, 12);
    expect(k).toBeCloseTo(63, 12);
    // world x = 68.25 - 3.5 i, so x = 0 is voxel i = 19.5; y = 0 is j = 31.5.
    const c = worldToVoxel(vol, 0, 0, 0);
    expect(c[0]).toBeCloseTo(19.5, 12);
    expect(c[1]).toBeCloseTo(31.5, 12);
    expect(c[2]).toBeCloseTo(31.5, 12);
  });

  it('nearest picks the voxel containing the point; outside is NaN', () => {
    // Voxel (10, 20, 30) is centred at (33.25, -43.125, -5.625); 1 mm away stays inside it.
    expect(sampleAt(vol, 33.25 + 1, -43.125 - 1, -5.625 + 1, 'nearest')).toBe(flat(10, 20, 30));
    expect(sampleAt(vol, 68.25 + 1.7, -118.125, -118.125, 'nearest')).toBe(0); // within half a voxel
    expect(sampleAt(vol, 68.25 + 1.8, -118.125, -118.125, 'nearest')).toBeNaN(); // beyond it
    expect(sampleAt(vol, 0, 500, 0, 'linear')).toBeNaN();
  });

  it('linear interpolates between voxel centres (index image is linear in i, j, k)', () => {
    // Halfway between voxels 10 and 11 along i, a quarter of the way from j=20 to 21.
    const v = sampleVoxel(vol, 10.5, 20.25, 30, 'linear');
    expect(v).toBeCloseTo(flat(10, 20, 30) + 0.5 + 0.25 * 40, 9);
    const w = sampleAt(vol, 33.25 - 1.75, -43.125, -5.625, 'linear');
    expect(w).toBeCloseTo(flat(10, 20, 30) + 0.5, 9);
  });

  it('handles a one-voxel-thick dimension (single-slice images)', () => {
    const slice = toVolume(
      { data: Float64Array.from([1, 2, 3, 4]), shape: [2, 2, 1], affine: HAXBY_AFFINE },
      's',
    );
    expect(sampleVoxel(slice, 0.5, 0, 0, 'linear')).toBeCloseTo(1.5, 12);
    expect(sampleVoxel(slice, 1, 1, 0.3, 'linear')).toBeCloseTo(4, 12);
    expect(sampleVoxel(slice, 1, 1, 0.6, 'nearest')).toBeNaN();
  });
});

describe('samplePlane', () => {
  it('fills a world plane row by row with the voxels under each point', () => {
    const vol = indexImage();
    // 3 × 2 points on the axial plane k = 30, stepping -i along u and +j along v.
    const out = samplePlane(
      vol,
      { origin: [33.25, -43.125, -5.625], du: [-3.5, 0, 0], dv: [0, 3.75, 0], nu: 3, nv: 2 },
      'nearest',
    );
    expect(Array.from(out)).toEqual([
      flat(10, 20, 30),
      flat(11, 20, 30),
      flat(12, 20, 30),
      flat(10, 21, 30),
      flat(11, 21, 30),
      flat(12, 21, 30),
    ]);
  });

  it('resamples a map on another grid onto the same world positions', () => {
    // The same blob on the Haxby grid and on a 2 mm isotropic grid with another origin.
    const coarse = blobMap([-30, -40, -10], 10, 5);
    const fineAffine = [
      [2, 0, 0, -90],
      [0, 2, 0, -126],
      [0, 0, 2, -72],
      [0, 0, 0, 1],
    ];
    const fine = toVolume(blobMap([-30, -40, -10], 10, 5, [91, 109, 91], fineAffine), 'fine');
    const a = toVolume(coarse, 'coarse');
    for (const p of [
      [-30, -40, -10],
      [-22, -36, -4],
      [-38, -47, -12],
    ] as const) {
      const exact = 5 * Math.exp(-((p[0] + 30) ** 2 + (p[1] + 40) ** 2 + (p[2] + 10) ** 2) / 200);
      expect(Math.abs(sampleAt(a, p[0], p[1], p[2], 'linear') - exact)).toBeLessThan(0.06 * 5);
      expect(Math.abs(sampleAt(fine, p[0], p[1], p[2], 'linear') - exact)).toBeLessThan(0.02 * 5);
    }
  });
});
