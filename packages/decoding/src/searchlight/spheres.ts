/**
 * The searchlight's spheres as one flat CSR adjacency: for each seed (a process-mask voxel),
 * the columns (mask voxels, numpy C order) whose world coordinate lies within `radius` mm —
 * nilearn's `_apply_mask_and_get_affinity` with `allow_overlap=True`.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';

/** A sparse boolean matrix (seeds × mask voxels) in compressed-row form. */
export interface SphereAdjacency {
  /** Row `s` is `indices[indptr[s] .. indptr[s + 1])`; length `nSeeds + 1`. */
  indptr: Int32Array;
  /** Mask-column indices of every sphere, ascending within a sphere. */
  indices: Int32Array;
  /** Number of seeds (rows). */
  nSeeds: number;
  /** Number of mask voxels (columns). */
  nColumns: number;
  /** Size of the largest sphere. */
  maxSize: number;
}

/** Inputs of {@link sphereAdjacency}: both masks on one grid. */
export interface SphereGrid {
  /** `[nx, ny, nz]` of the grid. */
  shape: readonly [number, number, number];
  /** 4×4 voxel-to-world affine of the grid. */
  affine: readonly (readonly number[])[];
  /** File-order offsets (i fastest) of the mask voxels, listed in numpy C order. */
  maskIndices: Int32Array;
  /** File-order offsets of the seeds (process-mask voxels), listed in numpy C order. */
  seedIndices: Int32Array;
}

function inverse3(a: readonly (readonly number[])[]): number[] {
  const [a00, a01, a02] = a[0] as number[];
  const [a10, a11, a12] = a[1] as number[];
  const [a20, a21, a22] = a[2] as number[];
  const c00 = a11! * a22! - a12! * a21!;
  const c01 = a12! * a20! - a10! * a22!;
  const c02 = a10! * a21! - a11! * a20!;
  const det = a00! * c00 + a01! * c01 + a02! * c02;
  if (!Number.isFinite(det) || det === 0) {
    throw new ValidationError(
      'The mask affine is singular (its 3×3 part has determinant 0): voxel distances in mm are undefined. Fix the image header.',
    );
  }
  return [
    c00 / det,
    (a02! * a21! - a01! * a22!) / det,
    (a01! * a12! - a02! * a11!) / det,
    c01 / det,
    (a00! * a22! - a02! * a20!) / det,
    (a02! * a10! - a00! * a12!) / det,
    c02 / det,
    (a01! * a20! - a00! * a21!) / det,
    (a00! * a11! - a01! * a10!) / det,
  ];
}

/**
 * Builds the spheres once. A mask voxel belongs to a seed's sphere when the squared distance of
 * their world coordinates is at most `radius²` (scikit-learn's `radius_neighbors_graph`, which
 * nilearn uses; the seed's own voxel is included when it is in the mask). nilearn also adds the
 * first mask voxel whose world coordinate truncated to integers equals the seed's truncated one;
 * that quirk is reproduced (it only matters for voxels smaller than 1 mm).
 *
 * Only the voxels of a bounding box around each seed are visited, so the cost is
 * `nSeeds × box volume`, not `nSeeds × nMask`.
 *
 * @throws ValidationError for `radius ≤ 0` (or not finite), or when some sphere is empty (a
 *   seed farther than `radius` from every mask voxel: the process mask lies outside the mask).
 */
export function sphereAdjacency(grid: SphereGrid, radius: number): SphereAdjacency {
  if (typeof radius !== 'number' || !(radius > 0) || !Number.isFinite(radius)) {
    throw new ValidationError(
      `radius must be a positive finite number of millimetres; got ${String(radius)}. nilearn's default is 2, the Haxby example uses 5.6.`,
    );
  }
  const [nx, ny, nz] = grid.shape;
  const a = grid.affine;
  const r0 = a[0] as number[];
  const r1 = a[1] as number[];
  const r2 = a[2] as number[];
  const nMask = grid.maskIndices.length;
  // File offset → mask column, -1 outside.
  const column = new Int32Array(nx * ny * nz).fill(-1);
  for (let c = 0; c < nMask; c++) column[grid.maskIndices[c]!] = c;
  // Bounding box of the sphere in voxels: |Δi| ≤ radius · ‖row i of A⁻¹‖.
  const inv = inverse3(a);
  const box = [0, 1, 2].map((r) =>
    Math.ceil(radius * Math.hypot(inv[3 * r]!, inv[3 * r + 1]!, inv[3 * r + 2]!) + 1e-9),
  );
  const [bi, bj, bk] = box as [number, number, number];
  const r2max = radius * radius;
  // nilearn's truncated-coordinate lookup: first mask voxel (C order) per truncated world point.
  const truncated = new Map<string, number>();
  for (let c = 0; c < nMask; c++) {
    const f = grid.maskIndices[c]!;
    const i = f % nx;
    const j = ((f - i) / nx) % ny;
    const k = (f - i - nx * j) / (nx * ny);
    const key = `${Math.trunc(r0[0]! * i + r0[1]! * j + r0[2]! * k + r0[3]!)},${Math.trunc(
      r1[0]! * i + r1[1]! * j + r1[2]! * k + r1[3]!,
    )},${Math.trunc(r2[0]! * i + r2[1]! * j + r2[2]! * k + r2[3]!)}`;
    if (!truncated.has(key)) truncated.set(key, c);
  }
  const nSeeds = grid.seedIndices.length;
  const indptr = new Int32Array(nSeeds + 1);
  let indices = new Int32Array(Math.max(16, nSeeds * 8));
  let nnz = 0;
  let maxSize = 0;
  const empty: number[] = [];
  for (let s = 0; s < nSeeds; s++) {
    const f = grid.seedIndices[s]!;
    const si = f % nx;
    const sj = ((f - si) / nx) % ny;
    const sk = (f - si - nx * sj) / (nx * ny);
    const wx = r0[0]! * si + r0[1]! * sj + r0[2]! * sk + r0[3]!;
    const wy = r1[0]! * si + r1[1]! * sj + r1[2]! * sk + r1[3]!;
    const wz = r2[0]! * si + r2[1]! * sj + r2[2]! * sk + r2[3]!;
    const start = nnz;
    if (indices.length < nnz + (2 * bi + 1) * (2 * bj + 1) * (2 * bk + 1) + 1) {
      const grown = new Int32Array(
        Math.max(indices.length * 2, nnz + (2 * bi + 1) * (2 * bj + 1) * (2 * bk + 1) + 1),
      );
      grown.set(indices.subarray(0, nnz));
      indices = grown;
    }
    // C order over (i, j, k) gives ascending mask columns.
    for (let i = Math.max(0, si - bi); i <= Math.min(nx - 1, si + bi); i++) {
      for (let j = Math.max(0, sj - bj); j <= Math.min(ny - 1, sj + bj); j++) {
        for (let k = Math.max(0, sk - bk); k <= Math.min(nz - 1, sk + bk); k++) {
          const c = column[i + nx * (j + ny * k)]!;
          if (c < 0) continue;
          const dx = r0[0]! * i + r0[1]! * j + r0[2]! * k + r0[3]! - wx;
          const dy = r1[0]! * i + r1[1]! * j + r1[2]! * k + r1[3]! - wy;
          const dz = r2[0]! * i + r2[1]! * j + r2[2]! * k + r2[3]! - wz;
          if (dx * dx + dy * dy + dz * dz <= r2max) indices[nnz++] = c;
        }
      }
    }
    const extra = truncated.get(`${Math.trunc(wx)},${Math.trunc(wy)},${Math.trunc(wz)}`);
    if (extra !== undefined) {
      let p = start;
      while (p < nnz && indices[p]! < extra) p++;
      if (p === nnz || indices[p] !== extra) {
        indices.copyWithin(p + 1, p, nnz);
        indices[p] = extra;
        nnz++;
      }
    }
    if (nnz === start) empty.push(s);
    maxSize = Math.max(maxSize, nnz - start);
    indptr[s + 1] = nnz;
  }
  if (empty.length > 0) {
    throw new ValidationError(
      `${empty.length} of ${nSeeds} searchlight spheres are empty (seeds ${empty.slice(0, 5).join(', ')}${
        empty.length > 5 ? ', …' : ''
      }, C order): those process-mask voxels are farther than radius ${radius} mm from every mask voxel. ` +
        'Use a processMaskImg inside maskImg, or a larger radius.',
    );
  }
  return { indptr, indices: indices.slice(0, nnz), nSeeds, nColumns: nMask, maxSize };
}
