/**
 * A synthetic fMRI dataset shaped like Haxby (2001) subject data: the real geometry and block
 * design, a brain-shaped baseline, slow drift, temporally autocorrelated and spatially smooth
 * noise, and HRF-convolved category-selective responses inside a ventral-temporal (VT) mask
 * with planted face- and house-selective clusters.
 *
 * Volumes are produced one at a time (streaming), so the full 40×64×64×1452 series never has
 * to be held in memory. The rich signal model runs only where it matters (brain voxels; the
 * category signal only in VT); background voxels get cheap noise.
 *
 * @module
 */
import { RandomState } from '@voxelkit/core';
import { HAXBY_CATEGORIES, HAXBY_DESIGN, haxbyLabels } from './design.js';
import { convolveRuns } from './hrf.js';
import { smoothField } from './smooth-field.js';

/** `'full'`: the real 40×64×64 grid; `'small'`: a 20×32×32 grid of 2× larger voxels (tests). */
export type HaxbyLikeSize = 'full' | 'small';

/** Signal and noise amplitudes, as fractions of the voxel's baseline intensity. */
export interface HaxbyLikeTuning {
  /** Standard deviation of the AR(1) white noise. */
  noise: number;
  /** Lag-1 autocorrelation of that noise. */
  noiseRho: number;
  /** Standard deviation of each of the low-rank spatially smooth noise components. */
  smoothNoise: number;
  /** Amplitude of the slow within-run drift (linear + half cosine). */
  drift: number;
  /** Standard deviation of per-run baseline shifts. */
  runOffset: number;
  /** Response of VT to any stimulus. */
  visual: number;
  /** Amplitude of each category's distributed VT pattern. */
  category: number;
  /** Extra response to faces at the centre of the face clusters. */
  face: number;
  /** Extra response to houses at the centre of the house clusters. */
  house: number;
  /** Cluster radius / Gaussian width of the face and house responses. */
  faceWidth?: number;
}

/** The tuning used by default (face vs cat LOGO accuracy of a linear SVC in the real range). */
export const DEFAULT_TUNING: Readonly<HaxbyLikeTuning> = {
  noise: 0.02,
  noiseRho: 0.35,
  smoothNoise: 0.004,
  drift: 0.006,
  runOffset: 0.004,
  visual: 0.012,
  category: 0.002,
  face: 0.06,
  house: 0.06,
  faceWidth: 3,
};

/** Options of {@link makeHaxbyLike}. */
export interface HaxbyLikeOptions {
  size?: HaxbyLikeSize;
  /** Seed of the generator (default 0): same seed, same data. */
  seed?: number;
  tuning?: Partial<HaxbyLikeTuning>;
}

/** The real Haxby functional affine (printed by the nilearn tutorial). */
export const HAXBY_AFFINE: readonly (readonly number[])[] = [
  [-3.5, 0, 0, 68.25],
  [0, 3.75, 0, -118.125],
  [0, 0, 3.75, -118.125],
  [0, 0, 0, 1],
];

/** Grid and affine of each size. */
export function haxbyLikeGeometry(size: HaxbyLikeSize): {
  shape: [number, number, number];
  affine: number[][];
} {
  if (size === 'full') return { shape: [40, 64, 64], affine: HAXBY_AFFINE.map((r) => [...r]) };
  // Same field of view, voxels twice as large along each axis.
  return {
    shape: [20, 32, 32],
    affine: [
      [-7, 0, 0, 66.5],
      [0, 7.5, 0, -116.25],
      [0, 0, 7.5, -116.25],
      [0, 0, 0, 1],
    ],
  };
}

const BRAIN_CENTER = [0, -18, 8];
const BRAIN_AXES = [64, 84, 66];
/** Left and right VT: ellipsoids along the fusiform / parahippocampal gyri (world mm). */
const VT_CENTERS = [
  [32, -55, -12],
  [-32, -55, -12],
];
const VT_AXES = [12, 26, 9];
/** Face clusters (lateral fusiform) and house clusters (medial, parahippocampal). */
const FACE_CENTERS = [
  [41, -52, -14],
  [-41, -52, -14],
];
const HOUSE_CENTERS = [
  [23, -58, -9],
  [-23, -58, -9],
];

/** The synthetic subject: geometry, design, masks, and a streaming volume generator. */
export interface HaxbyLikeModel {
  shape: [number, number, number];
  affine: number[][];
  nVolumes: number;
  tR: number;
  labels: string[];
  chunks: Int32Array;
  /** Masks in file order (i fastest), 0/1. */
  brain: Uint8Array;
  vt: Uint8Array;
  face: Uint8Array;
  house: Uint8Array;
  faceLittle: Uint8Array;
  houseLittle: Uint8Array;
  /** A T1-like anatomical image on the same grid. */
  anat(): Int16Array;
  /**
   * Yields volumes 0..nVolumes-1 in order (file order, int16). The same buffer is reused:
   * copy it if you keep it.
   */
  volumes(): Generator<Int16Array, void, void>;
}

function distanceToNearest(w: number[], centers: number[][]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const c of centers) {
    const dx = w[0] - c[0];
    const dy = w[1] - c[1];
    const dz = w[2] - c[2];
    const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (d < best) best = d;
  }
  return best;
}

function ellipsoidR2(w: number[], center: number[], axes: number[]): number {
  let r2 = 0;
  for (let a = 0; a < 3; a++) {
    const d = (w[a] - center[a]) / axes[a];
    r2 += d * d;
  }
  return r2;
}

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(Math.max((x - edge0) / (edge1 - edge0), 0), 1);
  return t * t * (3 - 2 * t);
}

/**
 * Builds the synthetic subject for `size` and `seed` (deterministic: the same options give
 * the same masks, labels and volumes).
 */
export function makeHaxbyLike(options: HaxbyLikeOptions = {}): HaxbyLikeModel {
  const size = options.size ?? 'full';
  const tune: HaxbyLikeTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const rng = new RandomState(options.seed ?? 0);
  const { shape, affine } = haxbyLikeGeometry(size);
  const [nx, ny, nz] = shape;
  const n = nx * ny * nz;
  const voxelMm = [Math.abs(affine[0][0]), Math.abs(affine[1][1]), Math.abs(affine[2][2])];
  const clusterRadius = size === 'full' ? 8 : 11;

  // Geometry: masks and distances, in file order.
  const brain = new Uint8Array(n);
  const vt = new Uint8Array(n);
  const face = new Uint8Array(n);
  const house = new Uint8Array(n);
  const faceLittle = new Uint8Array(n);
  const houseLittle = new Uint8Array(n);
  const radius = new Float32Array(n); // normalised brain radius
  const faceDist = new Float32Array(n);
  const houseDist = new Float32Array(n);
  const w = [0, 0, 0];
  for (let k = 0, v = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        w[0] = affine[0][0] * i + affine[0][3];
        w[1] = affine[1][1] * j + affine[1][3];
        w[2] = affine[2][2] * k + affine[2][3];
        const r2 = ellipsoidR2(w, BRAIN_CENTER, BRAIN_AXES);
        radius[v] = Math.sqrt(r2);
        if (r2 <= 1) brain[v] = 1;
        if (VT_CENTERS.some((c) => ellipsoidR2(w, c, VT_AXES) <= 1)) vt[v] = 1;
        faceDist[v] = distanceToNearest(w, FACE_CENTERS);
        houseDist[v] = distanceToNearest(w, HOUSE_CENTERS);
        // Clusters are disjoint: a voxel belongs to the nearer centre.
        const nearerFace = faceDist[v] < houseDist[v];
        if (vt[v] && nearerFace && faceDist[v] <= clusterRadius) face[v] = 1;
        if (vt[v] && !nearerFace && houseDist[v] <= clusterRadius) house[v] = 1;
        if (face[v] && faceDist[v] <= 0.6 * clusterRadius) faceLittle[v] = 1;
        if (house[v] && houseDist[v] <= 0.6 * clusterRadius) houseLittle[v] = 1;
      }
    }
  }

  const brainIdx: number[] = [];
  const shellIdx: number[] = [];
  for (let v = 0; v < n; v++) {
    if (brain[v]) brainIdx.push(v);
    else if (radius[v] < 1.15) shellIdx.push(v);
  }
  const shellIndex = Int32Array.from(shellIdx);
  const nShell = shellIndex.length;
  const brainIndex = Int32Array.from(brainIdx);
  const nb = brainIndex.length;
  const vtIdx: number[] = [];
  for (let b = 0; b < nb; b++) if (vt[brainIndex[b]]) vtIdx.push(b);
  const vtB = Int32Array.from(vtIdx); // positions in the brain arrays
  const nv = vtB.length;

  const sigma: [number, number, number] = [6 / voxelMm[0], 6 / voxelMm[1], 6 / voxelMm[2]];
  const coarse: [number, number, number] = [12 / voxelMm[0], 12 / voxelMm[1], 12 / voxelMm[2]];

  // Baseline intensity: brighter in the centre, smooth texture.
  const texture = smoothField(shape, sigma, rng, brainIndex);
  const base = new Float32Array(nb);
  for (let b = 0; b < nb; b++) {
    const v = brainIndex[b];
    const r = radius[v];
    base[b] = 900 * (0.8 + 0.2 * (1 - r * r)) * (1 + 0.08 * texture[v]);
  }

  // Drift and per-run offsets (per voxel).
  const drift = smoothField(shape, coarse, rng, brainIndex);
  const drift2 = smoothField(shape, coarse, rng, brainIndex);
  const driftA = new Float32Array(nb);
  const driftB = new Float32Array(nb);
  for (let b = 0; b < nb; b++) {
    driftA[b] = tune.drift * drift[brainIndex[b]] * base[b];
    driftB[b] = tune.drift * drift2[brainIndex[b]] * base[b];
  }
  const { runs, volumesPerRun, tR } = HAXBY_DESIGN;
  // Per-run baseline shifts: a random mix of two smooth maps per run.
  const shiftA = smoothField(shape, coarse, rng, brainIndex);
  const shiftB = smoothField(shape, coarse, rng, brainIndex);
  const runOffset = new Float32Array(runs * nb);
  for (let r = 0; r < runs; r++) {
    const a = rng.standardNormal() * Math.SQRT1_2;
    const c = rng.standardNormal() * Math.SQRT1_2;
    for (let b = 0; b < nb; b++) {
      const v = brainIndex[b];
      runOffset[r * nb + b] = tune.runOffset * (a * shiftA[v] + c * shiftB[v]) * base[b];
    }
  }

  // Low-rank spatially smooth noise.
  const nSmooth = 4;
  const smoothNoise = new Float32Array(nSmooth * nb);
  for (let c = 0; c < nSmooth; c++) {
    const f = smoothField(shape, sigma, rng, brainIndex);
    for (let b = 0; b < nb; b++)
      smoothNoise[c * nb + b] = tune.smoothNoise * f[brainIndex[b]] * base[b];
  }

  // Category responses in VT: shared visual response, distributed patterns, planted clusters.
  const nCat = HAXBY_CATEGORIES.length;
  const visual = smoothField(shape, sigma, rng, brainIndex);
  const response = new Float32Array(nCat * nv);
  const fine: [number, number, number] = [4 / voxelMm[0], 4 / voxelMm[1], 4 / voxelMm[2]];
  const faceWidth = clusterRadius / (tune.faceWidth ?? 1.5);
  for (let c = 0; c < nCat; c++) {
    const pattern = smoothField(shape, fine, rng, brainIndex);
    const category = HAXBY_CATEGORIES[c];
    for (let q = 0; q < nv; q++) {
      const b = vtB[q];
      const v = brainIndex[b];
      let amp = tune.visual * (1 + 0.3 * visual[v]) + tune.category * pattern[v];
      if (category === 'face') {
        amp += tune.face * Math.exp((-0.5 * faceDist[v] ** 2) / faceWidth ** 2);
      } else if (category === 'house') {
        amp += tune.house * Math.exp((-0.5 * houseDist[v] ** 2) / faceWidth ** 2);
      }
      response[c * nv + q] = amp * base[b];
    }
  }

  const { labels, chunks } = haxbyLabels();
  const nVolumes = labels.length;
  const regressors = new Float64Array(nCat * nVolumes);
  for (let c = 0; c < nCat; c++) {
    const box = new Float64Array(nVolumes);
    for (let t = 0; t < nVolumes; t++) box[t] = labels[t] === HAXBY_CATEGORIES[c] ? 1 : 0;
    regressors.set(convolveRuns(box, volumesPerRun, tR), c * nVolumes);
  }

  // Fast Gaussian noise: a table of numpy-identical normals indexed by xorshift32.
  const table = new Float32Array(1 << 16);
  rng.fillNormal(table);
  const xsSeed = rng.randint(1, 0x7fffffff) | 0;
  const noiseSeedAr = new Float32Array(nb);
  rng.fillNormal(noiseSeedAr);
  const smoothSeed = new Float64Array(nSmooth);
  rng.fillNormal(smoothSeed);
  const anatTexture = smoothField(shape, sigma, rng, brainIndex);

  // The noise state carried from one volume to the next (AR(1) noise, the smooth components'
  // AR(1) weights, the xorshift32 state) and the buffers of one volume.
  interface VolumeState {
    out: Int16Array;
    values: Float32Array;
    ar: Float32Array;
    z: Float64Array;
    active: Int32Array;
    noiseAmp: Float32Array;
    pool: Int16Array;
    xs: number;
  }
  const rho = tune.noiseRho;
  const innovation = Math.sqrt(1 - rho * rho);
  const zRho = 0.7;
  const zInnovation = Math.sqrt(1 - zRho * zRho);
  const poolExtra = 4099;

  // Volume t into state.out. A plain function rather than the body of the generator below:
  // V8 optimises its loops better there (measured on a loaded machine: ~10% less CPU time for
  // the full series, best of 4).
  function fillVolume(t: number, state: VolumeState): void {
    const { out, values, ar, z, active, noiseAmp, pool } = state;
    let xs = state.xs;
    const r = Math.floor(t / volumesPerRun);
    const tr = t % volumesPerRun;
    const d1 = tr / (volumesPerRun - 1) - 0.5;
    const d2 = Math.cos((Math.PI * tr) / (volumesPerRun - 1));
    for (let c = 0; c < nSmooth; c++) {
      xs ^= xs << 13;
      xs ^= xs >>> 17;
      xs ^= xs << 5;
      z[c] = zRho * z[c] + zInnovation * table[xs >>> 16];
    }
    const z0 = z[0];
    const z1 = z[1];
    const z2 = z[2];
    const z3 = z[3];
    const offset = r * nb;
    for (let b = 0; b < nb; b++) {
      xs ^= xs << 13;
      xs ^= xs >>> 17;
      xs ^= xs << 5;
      const e = rho * ar[b] + innovation * table[xs >>> 16];
      ar[b] = e;
      values[b] =
        base[b] +
        runOffset[offset + b] +
        driftA[b] * d1 +
        driftB[b] * d2 +
        noiseAmp[b] * e +
        smoothNoise[b] * z0 +
        smoothNoise[nb + b] * z1 +
        smoothNoise[2 * nb + b] * z2 +
        smoothNoise[3 * nb + b] * z3;
    }
    let nActive = 0;
    for (let c = 0; c < nCat; c++) if (regressors[c * nVolumes + t] > 1e-4) active[nActive++] = c;
    for (let a = 0; a < nActive; a++) {
      const c = active[a];
      const x = regressors[c * nVolumes + t];
      const row = c * nv;
      for (let q = 0; q < nv; q++) values[vtB[q]] += response[row + q] * x;
    }
    // Head outside the brain: low-level noise, a window of a pre-drawn pool (cheap); the air
    // stays 0 (which also keeps the .nii.gz small and fast to write). Then the brain.
    xs ^= xs << 13;
    xs ^= xs >>> 17;
    xs ^= xs << 5;
    const start = (xs >>> 0) % poolExtra;
    for (let s = 0; s < nShell; s++) out[shellIndex[s]] = pool[start + s];
    for (let b = 0; b < nb; b++) out[brainIndex[b]] = Math.round(values[b]);
    state.xs = xs;
  }

  function* volumes(): Generator<Int16Array, void, void> {
    const noiseAmp = new Float32Array(nb);
    for (let b = 0; b < nb; b++) noiseAmp[b] = tune.noise * base[b];
    let xs = xsSeed;
    const pool = new Int16Array(nShell + poolExtra);
    for (let v = 0; v < pool.length; v++) {
      xs ^= xs << 13;
      xs ^= xs >>> 17;
      xs ^= xs << 5;
      const g = table[xs >>> 16];
      pool[v] = Math.round(12 + 5 * (g < 0 ? -g : g));
    }
    const state: VolumeState = {
      out: new Int16Array(n),
      values: new Float32Array(nb),
      ar: Float32Array.from(noiseSeedAr),
      z: Float64Array.from(smoothSeed),
      active: new Int32Array(nCat),
      noiseAmp,
      pool,
      xs,
    };
    for (let t = 0; t < nVolumes; t++) {
      fillVolume(t, state);
      yield state.out;
    }
  }

  function anat(): Int16Array {
    const img = new Int16Array(n);
    for (let v = 0; v < n; v++) {
      const r = radius[v];
      const tex = anatTexture[v];
      const wmEdge = 0.68 + 0.06 * tex;
      // white matter -> grey matter -> CSF -> skull (dark) -> scalp (bright) -> air
      let value = 1000 + 40 * tex;
      value += (650 - value) * smoothstep(wmEdge - 0.03, wmEdge + 0.03, r);
      value += (220 - value) * smoothstep(0.9, 0.97, r);
      value += (120 - value) * smoothstep(0.99, 1.02, r);
      value += (800 - value) * smoothstep(1.05, 1.08, r);
      value *= 1 - smoothstep(1.12, 1.16, r);
      img[v] = Math.round(value);
    }
    return img;
  }

  return {
    shape,
    affine,
    nVolumes,
    tR,
    labels,
    chunks,
    brain,
    vt,
    face,
    house,
    faceLittle,
    houseLittle,
    anat,
    volumes,
  };
}
