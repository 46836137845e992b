/**
 * Sampling an image through its affine at world positions: the plotting pipeline samples every
 * layer (background, stat map, ROI) on the same display grid, so images on different voxel grids
 * line up in millimetres.
 *
 * @module
 */
import { applyAffine, type Volume } from './volume.js';

/** `'nearest'` for labels and masks, `'linear'` (trilinear) for continuous maps. */
export type Interpolation = 'nearest' | 'linear';

/** A regular 2-D grid of world points: `origin + u·du + v·dv` for `u < nu`, `v < nv`. */
export interface WorldPlane {
  origin: [number, number, number];
  du: [number, number, number];
  dv: [number, number, number];
  nu: number;
  nv: number;
}

/** Voxel coordinates (continuous) of a world point. */
export function worldToVoxel(
  vol: Volume,
  x: number,
  y: number,
  z: number,
): [number, number, number] {
  return applyAffine(vol.inverse, x, y, z);
}

/**
 * The value at one world point: NaN outside the image (more than half a voxel beyond its
 * outer voxel centres).
 */
export function sampleAt(
  vol: Volume,
  x: number,
  y: number,
  z: number,
  mode: Interpolation,
): number {
  const [i, j, k] = worldToVoxel(vol, x, y, z);
  return sampleVoxel(vol, i, j, k, mode);
}

/**
 * Samples `vol` on a world plane; `out[v * nu + u]` (row-major, v slowest). Points outside the
 * image are NaN.
 */
export function samplePlane(
  vol: Volume,
  plane: WorldPlane,
  mode: Interpolation,
  out: Float64Array = new Float64Array(plane.nu * plane.nv),
): Float64Array {
  const inv = vol.inverse;
  const [o0, o1, o2] = applyAffine(inv, ...plane.origin);
  // Linear parts only: steps in voxel space.
  const a0 = inv[0] * plane.du[0] + inv[1] * plane.du[1] + inv[2] * plane.du[2];
  const a1 = inv[4] * plane.du[0] + inv[5] * plane.du[1] + inv[6] * plane.du[2];
  const a2 = inv[8] * plane.du[0] + inv[9] * plane.du[1] + inv[10] * plane.du[2];
  const b0 = inv[0] * plane.dv[0] + inv[1] * plane.dv[1] + inv[2] * plane.dv[2];
  const b1 = inv[4] * plane.dv[0] + inv[5] * plane.dv[1] + inv[6] * plane.dv[2];
  const b2 = inv[8] * plane.dv[0] + inv[9] * plane.dv[1] + inv[10] * plane.dv[2];
  const { nu, nv } = plane;
  for (let v = 0; v < nv; v++) {
    const r0 = o0 + v * b0;
    const r1 = o1 + v * b1;
    const r2 = o2 + v * b2;
    const row = v * nu;
    for (let u = 0; u < nu; u++) {
      out[row + u] = sampleVoxel(vol, r0 + u * a0, r1 + u * a1, r2 + u * a2, mode);
    }
  }
  return out;
}

/** The value at continuous voxel coordinates, NaN outside the image. */
export function sampleVoxel(
  vol: Volume,
  i: number,
  j: number,
  k: number,
  mode: Interpolation,
): number {
  const [nx, ny, nz] = vol.shape;
  // Half a voxel of tolerance around the outer voxel centres (the voxels' own extent).
  if (!(i >= -0.5 && i < nx - 0.5 && j >= -0.5 && j < ny - 0.5 && k >= -0.5 && k < nz - 0.5)) {
    return Number.NaN;
  }
  const d = vol.data;
  if (mode === 'nearest') {
    const ii = Math.min(nx - 1, Math.max(0, Math.round(i)));
    const jj = Math.min(ny - 1, Math.max(0, Math.round(j)));
    const kk = Math.min(nz - 1, Math.max(0, Math.round(k)));
    return d[ii + nx * (jj + ny * kk)];
  }
  // Trilinear, clamping to the outer voxel centres (edge voxels extend half a voxel).
  const ci = Math.min(nx - 1, Math.max(0, i));
  const cj = Math.min(ny - 1, Math.max(0, j));
  const ck = Math.min(nz - 1, Math.max(0, k));
  const i0 = Math.min(nx - 2, Math.floor(ci));
  const j0 = Math.min(ny - 2, Math.floor(cj));
  const k0 = Math.min(nz - 2, Math.floor(ck));
  // Dimensions of size 1 have no neighbour: weight 0 on the (absent) second sample.
  const fi = nx > 1 ? ci - i0 : 0;
  const fj = ny > 1 ? cj - j0 : 0;
  const fk = nz > 1 ? ck - k0 : 0;
  const bi = Math.max(0, i0);
  const bj = Math.max(0, j0);
  const bk = Math.max(0, k0);
  const si = nx > 1 ? 1 : 0;
  const sj = ny > 1 ? nx : 0;
  const sk = nz > 1 ? nx * ny : 0;
  const base = bi + nx * (bj + ny * bk);
  const c000 = d[base];
  const c100 = d[base + si];
  const c010 = d[base + sj];
  const c110 = d[base + si + sj];
  const c001 = d[base + sk];
  const c101 = d[base + si + sk];
  const c011 = d[base + sj + sk];
  const c111 = d[base + si + sj + sk];
  const c00 = c000 + (c100 - c000) * fi;
  const c10 = c010 + (c110 - c010) * fi;
  const c01 = c001 + (c101 - c001) * fi;
  const c11 = c011 + (c111 - c011) * fi;
  const c0 = c00 + (c10 - c00) * fj;
  const c1 = c01 + (c11 - c01) * fj;
  return c0 + (c1 - c0) * fk;
}
