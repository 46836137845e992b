/**
 * The display grid and the cuts: an axis-aligned world box (from the background image) sampled
 * at the background's voxel size, and the 2-D planes through it that nilearn shows — sagittal
 * (`x`), coronal (`y`) and axial (`z`) — oriented like nilearn's neurological default: left on
 * the left, anterior on the right of sagittal cuts, superior / anterior at the top.
 *
 * @module
 */
import type { WorldPlane } from './resample.js';
import { applyAffine, type Volume } from './volume.js';

/** A cut direction: sagittal `x`, coronal `y`, axial `z`. */
export type CutAxis = 'x' | 'y' | 'z';

/** An axis-aligned world box with a sampling step per world axis. */
export interface DisplayGrid {
  /** Lower world bound (mm) per axis (outer edge, not voxel centre). */
  min: [number, number, number];
  /** Upper world bound (mm) per axis. */
  max: [number, number, number];
  /** Sampling step (mm) per axis. */
  step: [number, number, number];
  /** Number of samples per axis. */
  count: [number, number, number];
}

/** One cut ready to sample: its plane and the world extents of its horizontal / vertical axes. */
export interface Cut {
  axis: CutAxis;
  /** The cut's world coordinate along `axis`, mm. */
  coord: number;
  plane: WorldPlane;
  /** World extent (mm) of the raster's horizontal axis: [left edge, right edge]. */
  uExtent: [number, number];
  /** World extent (mm) of the raster's vertical axis: [bottom edge, top edge]. */
  vExtent: [number, number];
}

const AXIS_INDEX: Record<CutAxis, number> = { x: 0, y: 1, z: 2 };

/**
 * The display grid of a reference image: the world bounding box of its voxels (corners at ±½
 * voxel), sampled at its voxel size along each world axis.
 */
export function displayGrid(vol: Volume): DisplayGrid {
  const [nx, ny, nz] = vol.shape;
  const a = vol.affine;
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (const ci of [-0.5, nx - 0.5]) {
    for (const cj of [-0.5, ny - 0.5]) {
      for (const ck of [-0.5, nz - 0.5]) {
        const p = applyAffine(a, ci, cj, ck);
        for (let d = 0; d < 3; d++) {
          if (p[d] < min[d]) min[d] = p[d];
          if (p[d] > max[d]) max[d] = p[d];
        }
      }
    }
  }
  const step: [number, number, number] = [1, 1, 1];
  const count: [number, number, number] = [1, 1, 1];
  for (let d = 0; d < 3; d++) {
    // The voxel axis that moves most along world axis d gives that axis's step.
    let best = 0;
    for (let c = 0; c < 3; c++) best = Math.max(best, Math.abs(a[d * 4 + c]));
    const extent = max[d] - min[d];
    step[d] = best > 0 ? best : extent || 1;
    count[d] = Math.max(1, Math.round(extent / step[d]));
    step[d] = extent / count[d] || step[d];
  }
  return { min, max, step, count };
}

/** The world position of the grid's centre. */
export function gridCenter(grid: DisplayGrid): [number, number, number] {
  return [0, 1, 2].map((d) => 0.5 * (grid.min[d] + grid.max[d])) as [number, number, number];
}

/**
 * The cut through `grid` at world coordinate `coord` along `axis`. Raster rows go from the top
 * (superior for x/y cuts, anterior for z cuts) down; columns go left → right in world x (x/z cuts:
 * neurological, or reversed when `radiological`) or posterior → anterior (x cuts).
 */
export function makeCut(
  grid: DisplayGrid,
  axis: CutAxis,
  coord: number,
  radiological = false,
): Cut {
  const [uAxis, vAxis] = axis === 'x' ? [1, 2] : axis === 'y' ? [0, 2] : [0, 1];
  const flipU = radiological && uAxis === 0;
  const origin: [number, number, number] = [0, 0, 0];
  const du: [number, number, number] = [0, 0, 0];
  const dv: [number, number, number] = [0, 0, 0];
  origin[AXIS_INDEX[axis]] = coord;
  origin[uAxis] = flipU
    ? grid.max[uAxis] - 0.5 * grid.step[uAxis]
    : grid.min[uAxis] + 0.5 * grid.step[uAxis];
  du[uAxis] = flipU ? -grid.step[uAxis] : grid.step[uAxis];
  origin[vAxis] = grid.max[vAxis] - 0.5 * grid.step[vAxis];
  dv[vAxis] = -grid.step[vAxis];
  return {
    axis,
    coord,
    plane: { origin, du, dv, nu: grid.count[uAxis], nv: grid.count[vAxis] },
    uExtent: flipU ? [grid.max[uAxis], grid.min[uAxis]] : [grid.min[uAxis], grid.max[uAxis]],
    vExtent: [grid.min[vAxis], grid.max[vAxis]],
  };
}
