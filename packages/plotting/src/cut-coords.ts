/**
 * Choosing where to cut, like nilearn: `findXyzCutCoords` (the centre of mass of the largest
 * connected activation) for ortho-like displays, and `findCutSlices` (well-spaced activation
 * peaks) for single-direction displays.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import type { CutAxis } from './slicing.js';
import { applyAffine, type Volume } from './volume.js';

/** Options of {@link findXyzCutCoords}. */
export interface FindXyzCutCoordsOptions {
  /**
   * Lower bound on |value| for a voxel to count as active. Default: the 80th percentile of the
   * absolute non-zero values (nilearn's `fast_abs_percentile(..., 80)`).
   */
  activationThreshold?: number;
}

/**
 * The world coordinates (mm) of the centre of the largest activation, nilearn's
 * `find_xyz_cut_coords`: threshold |map| at the 80th percentile of its non-zero absolute values,
 * keep the largest 6-connected component, refine it with a second threshold at the mean of the
 * kept values (when more than 50 voxels pass), and return the centre of mass of |map| over what
 * is left. An all-zero map gives the centre of the image.
 */
export function findXyzCutCoords(
  vol: Volume,
  options: FindXyzCutCoordsOptions = {},
): [number, number, number] {
  const [nx, ny, nz] = vol.shape;
  const n = nx * ny * nz;
  const map = new Float64Array(n);
  let nonZero = 0;
  for (let i = 0; i < n; i++) {
    const v = vol.data[i];
    map[i] = Number.isFinite(v) ? v : 0;
    if (map[i] !== 0) nonZero++;
  }
  const center = imageCenter(vol);
  if (nonZero === 0) return center;
  let threshold = options.activationThreshold;
  if (threshold === undefined) {
    const abs = new Float64Array(nonZero);
    let m = 0;
    for (let i = 0; i < n; i++) if (map[i] !== 0) abs[m++] = Math.abs(map[i]);
    threshold = selectKth(abs, Math.min(nonZero - 1, Math.floor(0.8 * nonZero)));
  } else if (!Number.isFinite(threshold)) {
    throw new ValidationError(`activationThreshold must be a finite number, got ${threshold}.`);
  }
  const mask = new Uint8Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    if (Math.abs(map[i]) > threshold - 1e-15) {
      mask[i] = 1;
      any = true;
    }
  }
  if (!any) return center;
  const largest = largestConnectedComponent(mask, vol.shape);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (largest[i]) {
      sum += map[i];
      count++;
    } else map[i] = 0;
  }
  const second = Math.abs(sum / count);
  const secondMask = new Uint8Array(n);
  let secondCount = 0;
  for (let i = 0; i < n; i++) {
    if (Math.abs(map[i]) > second) {
      secondMask[i] = 1;
      secondCount++;
    }
  }
  if (secondCount > 50) {
    const keep = largestConnectedComponent(secondMask, vol.shape);
    for (let i = 0; i < n; i++) if (!keep[i]) map[i] = 0;
  }
  let w = 0;
  let ci = 0;
  let cj = 0;
  let ck = 0;
  for (let k = 0, idx = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        const a = Math.abs(map[idx]);
        if (a === 0) continue;
        w += a;
        ci += a * i;
        cj += a * j;
        ck += a * k;
      }
    }
  }
  if (w === 0) return center;
  return applyAffine(vol.affine, ci / w, cj / w, ck / w);
}

/**
 * The largest 6-connected component of a binary mask (file order, i fastest). Ties go to the
 * component met first in C order (i slowest), as `scipy.ndimage.label` numbers them.
 */
export function largestConnectedComponent(
  mask: Uint8Array,
  shape: readonly [number, number, number],
): Uint8Array {
  const [nx, ny, nz] = shape;
  const n = nx * ny * nz;
  const labels = new Int32Array(n);
  const queue = new Int32Array(n);
  let bestLabel = 0;
  let bestSize = 0;
  let bestFirst = Number.POSITIVE_INFINITY;
  let label = 0;
  const sy = nx;
  const sz = nx * ny;
  // Flood fill in memory order (fast); each component remembers its first voxel in C order
  // (i slowest) to break ties like scipy.
  for (let seed = 0; seed < n; seed++) {
    if (!mask[seed] || labels[seed]) continue;
    label++;
    let head = 0;
    let tail = 0;
    let first = Number.POSITIVE_INFINITY;
    queue[tail++] = seed;
    labels[seed] = label;
    while (head < tail) {
      const p = queue[head++];
      const pk = (p / sz) | 0;
      const rem = p - pk * sz;
      const pj = (rem / sy) | 0;
      const pi = rem - pj * sy;
      const cOrder = (pi * ny + pj) * nz + pk;
      if (cOrder < first) first = cOrder;
      if (pi > 0 && mask[p - 1] && !labels[p - 1]) {
        labels[p - 1] = label;
        queue[tail++] = p - 1;
      }
      if (pi < nx - 1 && mask[p + 1] && !labels[p + 1]) {
        labels[p + 1] = label;
        queue[tail++] = p + 1;
      }
      if (pj > 0 && mask[p - sy] && !labels[p - sy]) {
        labels[p - sy] = label;
        queue[tail++] = p - sy;
      }
      if (pj < ny - 1 && mask[p + sy] && !labels[p + sy]) {
        labels[p + sy] = label;
        queue[tail++] = p + sy;
      }
      if (pk > 0 && mask[p - sz] && !labels[p - sz]) {
        labels[p - sz] = label;
        queue[tail++] = p - sz;
      }
      if (pk < nz - 1 && mask[p + sz] && !labels[p + sz]) {
        labels[p + sz] = label;
        queue[tail++] = p + sz;
      }
    }
    if (tail > bestSize || (tail === bestSize && first < bestFirst)) {
      bestSize = tail;
      bestLabel = label;
      bestFirst = first;
    }
  }
  const out = new Uint8Array(n);
  if (bestLabel > 0) for (let p = 0; p < n; p++) out[p] = labels[p] === bestLabel ? 1 : 0;
  return out;
}

/** The k-th smallest value (0-based) of `a`, reordering `a` in place (quickselect). */
export function selectKth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // Median of three as pivot.
    const mid = (lo + hi) >>> 1;
    if (a[mid] < a[lo]) [a[mid], a[lo]] = [a[lo], a[mid]];
    if (a[hi] < a[lo]) [a[hi], a[lo]] = [a[lo], a[hi]];
    if (a[hi] < a[mid]) [a[hi], a[mid]] = [a[mid], a[hi]];
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * `nCuts` world coordinates along `axis` at well-separated activation peaks, nilearn's
 * `find_cut_slices`: repeatedly take the slice of the largest |value|, damp its neighbourhood
 * (± `0.5 / nCuts` of the axis length, at least one slice), and fill duplicates with slices
 * beside or between the chosen ones. Capped at the number of slices along the axis.
 */
export function findCutSlices(vol: Volume, axis: CutAxis, nCuts = 7): number[] {
  if (!Number.isInteger(nCuts) || nCuts < 1) {
    throw new ValidationError(`nCuts must be a positive integer, got ${nCuts}.`);
  }
  const [nx, ny, nz] = vol.shape;
  const ax = axis === 'x' ? 0 : axis === 'y' ? 1 : 2;
  const len = vol.shape[ax];
  const n = Math.min(nCuts, len);
  const total = nx * ny * nz;
  const data = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    const v = Math.abs(vol.data[i]);
    data[i] = Number.isFinite(v) ? v : 0;
  }
  const sliceOf = (idx: number): number =>
    ax === 0 ? idx % nx : ax === 1 ? Math.floor(idx / nx) % ny : Math.floor(idx / (nx * ny));
  const sliceWeight = new Float64Array(len);
  for (let i = 0; i < total; i++) sliceWeight[sliceOf(i)] += data[i];
  const spacing = Math.max(Math.floor((0.5 / n) * len), 1);
  const chosen: number[] = [];
  for (let c = 0; c < n; c++) {
    let best = 0;
    for (let i = 1; i < total; i++) if (data[i] > data[best]) best = i;
    const peak = sliceOf(best);
    const lo = Math.max(0, peak - spacing);
    const hi = peak + spacing;
    for (let i = 0; i < total; i++) {
      const s = sliceOf(i);
      if (s >= lo && s < hi) data[i] *= 1e-3;
    }
    chosen.push(peak);
  }
  let cuts = [...new Set(chosen)].sort((a, b) => a - b);
  while (cuts.length < n) {
    const candidates = [cuts[cuts.length - 1] + 2];
    if (cuts.length > 1) {
      let gap = 0;
      for (let i = 1; i < cuts.length; i++)
        if (cuts[i] - cuts[i - 1] > cuts[gap + 1] - cuts[gap]) gap = i - 1;
      const middle = Math.floor(0.5 * (cuts[gap] + cuts[gap + 1]));
      if (!cuts.includes(middle)) candidates.push(middle);
    }
    if (cuts[0] - 2 >= 0) candidates.push(cuts[0] - 2);
    let bestCandidate = candidates[0];
    let bestWeight = -10;
    for (const cand of candidates) {
      const weight = cand >= len ? 0 : sliceWeight[cand];
      if (weight > bestWeight) {
        bestCandidate = cand;
        bestWeight = weight;
      }
    }
    // Guard against the (degenerate) case where no candidate is new.
    if (cuts.includes(bestCandidate)) {
      const free = Array.from({ length: len }, (_, i) => i).find((i) => !cuts.includes(i));
      if (free === undefined) break;
      bestCandidate = free;
    }
    cuts = [...new Set([...cuts, bestCandidate])].sort((a, b) => a - b);
  }
  return cuts
    .map((s) => {
      const ijk: [number, number, number] = [0, 0, 0];
      ijk[ax] = s;
      return applyAffine(vol.affine, ...ijk)[ax];
    })
    .sort((a, b) => a - b);
}

/** World position of the centre of an image's voxel grid. */
export function imageCenter(vol: Volume): [number, number, number] {
  const [nx, ny, nz] = vol.shape;
  return applyAffine(vol.affine, (nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2);
}
