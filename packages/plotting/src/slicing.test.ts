import { describe, expect, it } from 'vitest';
import { displayGrid, gridCenter, makeCut } from './slicing.js';
import { HAXBY_AFFINE } from './synthetic.test-helpers.js';
import { toVolume } from './volume.js';

describe('displayGrid / makeCut', () => {
  const vol = toVolume(
    { data: new Float64Array(40 * 64 * 64), shape: [40, 64, 64], affine: HAXBY_AFFINE },
    'v',
  );
  const grid = displayGrid(vol);

  it('covers the voxels (±½ voxel) at the voxel size, whatever the axis flips', () => {
    expect(grid.min).toEqual([-70, -120, -120]);
    expect(grid.max).toEqual([70, 120, 120]);
    expect(grid.step).toEqual([3.5, 3.75, 3.75]);
    expect(grid.count).toEqual([40, 64, 64]);
    expect(gridCenter(grid)).toEqual([0, 0, 0]);
  });

  it('orients cuts like nilearn: left→right in x, top = superior / anterior', () => {
    const z = makeCut(grid, 'z', -10);
    expect(z.plane.origin).toEqual([-68.25, 118.125, -10]); // top-left sample: left, anterior
    expect(z.plane.du).toEqual([3.5, 0, 0]);
    expect(z.plane.dv).toEqual([0, -3.75, 0]);
    expect([z.plane.nu, z.plane.nv]).toEqual([40, 64]);
    const x = makeCut(grid, 'x', 5);
    expect(x.plane.origin).toEqual([5, -118.125, 118.125]); // posterior on the left, superior on top
    expect(x.uExtent).toEqual([-120, 120]);
    const yRadio = makeCut(grid, 'y', 0, true);
    expect(yRadio.plane.origin[0]).toBe(68.25); // radiological: right hemisphere on the left
    expect(yRadio.uExtent).toEqual([70, -70]);
  });
});
