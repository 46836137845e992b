/**
 * Voxel-to-world affines from NIfTI headers, with nibabel's rules (`get_qform`, `get_sform`,
 * `get_best_affine`, `set_qform`, `set_sform`), plus zooms and units.
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';
import type { NiftiHeader } from './header.js';

/** A 4×4 affine as rows. */
export type Affine = number[][];

const FLOAT32_EPS = 2 ** -23;

function identity(): Affine {
  return [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ];
}

/** Number of dimensions (`dim[0]`) clamped to 0..7. */
function ndim(header: NiftiHeader): number {
  const n = header.dim[0] ?? 0;
  return Math.max(0, Math.min(n, 7));
}

/** qfac as nibabel uses it after loading: pixdim[0] if it is ±1, else 1. */
function qfacOf(header: NiftiHeader): number {
  const q = header.pixdim[0];
  return q === -1 ? -1 : 1;
}

/**
 * The qform affine from the quaternion, qoffset and pixdim (nibabel `get_qform`), regardless
 * of `qformCode`.
 *
 * @throws NiftiError when the quaternion is not unit length or a voxel size is negative.
 */
export function getQform(header: NiftiHeader): Affine {
  const b = header.quaternB;
  const c = header.quaternC;
  const d = header.quaternD;
  let w2 = 1 - (b * b + c * c + d * d);
  if (!(w2 >= 0)) {
    if (w2 < -3 * FLOAT32_EPS || Number.isNaN(w2)) {
      throw new NiftiError(
        `Invalid qform quaternion (b=${b}, c=${c}, d=${d}): b²+c²+d² must not exceed 1. ` +
          'The header is corrupt; use the sform or fix quatern_b/c/d.',
      );
    }
    w2 = 0;
  }
  const a = Math.sqrt(w2);
  const n = a * a + b * b + c * c + d * d;
  const r = rotationFromQuaternion(a, b, c, d, n);
  const zooms = [header.pixdim[1] ?? 1, header.pixdim[2] ?? 1, header.pixdim[3] ?? 1];
  if (zooms.some((z) => z < 0)) {
    throw new NiftiError(
      `Negative voxel size in pixdim[1..3] (${zooms.join(', ')}): the qform is undefined. ` +
        'Fix the header (voxel sizes must be >= 0).',
    );
  }
  zooms[2]! *= qfacOf(header);
  const out = identity();
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) out[i]![j] = r[i]![j]! * zooms[j]!;
  }
  out[0]![3] = header.qoffsetX;
  out[1]![3] = header.qoffsetY;
  out[2]![3] = header.qoffsetZ;
  return out;
}

function rotationFromQuaternion(w: number, x: number, y: number, z: number, n: number): number[][] {
  if (n < Number.EPSILON) {
    return [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
  }
  const s = 2 / n;
  const X = x * s;
  const Y = y * s;
  const Z = z * s;
  const wX = w * X;
  const wY = w * Y;
  const wZ = w * Z;
  const xX = x * X;
  const xY = x * Y;
  const xZ = x * Z;
  const yY = y * Y;
  const yZ = y * Z;
  const zZ = z * Z;
  return [
    [1 - (yY + zZ), xY - wZ, xZ + wY],
    [xY + wZ, 1 - (xX + zZ), yZ - wX],
    [xZ - wY, yZ + wX, 1 - (xX + yY)],
  ];
}

/** The sform affine from `srow_x/y/z` (nibabel `get_sform`), regardless of `sformCode`. */
export function getSform(header: NiftiHeader): Affine {
  return [
    header.srowX.slice(0, 4),
    header.srowY.slice(0, 4),
    header.srowZ.slice(0, 4),
    [0, 0, 0, 1],
  ];
}

/**
 * The pixdim-based affine nibabel falls back to (`get_base_affine`): voxel sizes on the
 * diagonal, x flipped, origin at the volume centre.
 */
export function getBaseAffine(header: NiftiHeader): Affine {
  const n = ndim(header);
  const shape = [1, 1, 1];
  const zooms = [1, 1, 1];
  for (let i = 0; i < Math.min(n, 3); i++) {
    shape[i] = header.dim[i + 1] ?? 1;
    zooms[i] = header.pixdim[i + 1] ?? 1;
  }
  zooms[0] = -zooms[0]!;
  const out = identity();
  for (let i = 0; i < 3; i++) {
    out[i]![i] = zooms[i]!;
    out[i]![3] = (-(shape[i]! - 1) / 2) * zooms[i]!;
  }
  return out;
}

/**
 * nibabel's `get_best_affine`: the sform when `sformCode ≠ 0`, else the qform when
 * `qformCode ≠ 0`, else {@link getBaseAffine}.
 */
export function getBestAffine(header: NiftiHeader): Affine {
  if (header.sformCode !== 0) return getSform(header);
  if (header.qformCode !== 0) return getQform(header);
  return getBaseAffine(header);
}

/** Voxel sizes `pixdim[1..dim[0]]` (nibabel `get_zooms`). */
export function getZooms(header: NiftiHeader): number[] {
  return header.pixdim.slice(1, ndim(header) + 1);
}

const SPACE_UNITS: Record<number, string> = { 0: 'unknown', 1: 'meter', 2: 'mm', 3: 'micron' };
const TIME_UNITS: Record<number, string> = {
  0: 'unknown',
  8: 'sec',
  16: 'msec',
  24: 'usec',
  32: 'hz',
  40: 'ppm',
  48: 'rads',
};

/** Spatial and temporal units as nibabel names them, e.g. `['mm', 'sec']`. */
export function getXyztUnits(header: NiftiHeader): [string, string] {
  const u = header.xyztUnits;
  return [SPACE_UNITS[u & 0x07] ?? 'unknown', TIME_UNITS[u & 0x38] ?? 'unknown'];
}

/** Code for a nibabel unit name (inverse of {@link getXyztUnits}). */
export function xyztUnitsCode(space: string, time: string): number {
  const s = Object.entries(SPACE_UNITS).find(([, v]) => v === space);
  const t = Object.entries(TIME_UNITS).find(([, v]) => v === time);
  if (!s || !t) {
    throw new NiftiError(
      `Unknown units '${space}', '${time}'; expected space in ${Object.values(SPACE_UNITS).join('/')} ` +
        `and time in ${Object.values(TIME_UNITS).join('/')}.`,
    );
  }
  return Number(s[0]) | Number(t[0]);
}

/** Sets `srow_x/y/z` from `affine` and `sformCode` to `code` (nibabel `set_sform`). */
export function setSform(header: NiftiHeader, affine: Affine, code: number): void {
  checkAffine(affine);
  header.srowX = affine[0]!.slice(0, 4);
  header.srowY = affine[1]!.slice(0, 4);
  header.srowZ = affine[2]!.slice(0, 4);
  header.sformCode = code;
}

/**
 * Sets the quaternion, qoffset, qfac (`pixdim[0]`) and voxel sizes (`pixdim[1..3]`) from
 * `affine` and `qformCode` to `code`, like nibabel `set_qform` (shears are stripped with the
 * polar decomposition).
 */
export function setQform(header: NiftiHeader, affine: Affine, code: number): void {
  checkAffine(affine);
  const zooms = [0, 0, 0];
  const r: number[][] = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let j = 0; j < 3; j++) {
    let s = 0;
    for (let i = 0; i < 3; i++) s += affine[i]![j]! ** 2;
    zooms[j] = Math.sqrt(s);
    for (let i = 0; i < 3; i++) r[i]![j] = zooms[j]! === 0 ? 0 : affine[i]![j]! / zooms[j]!;
  }
  let qfac = 1;
  if (!(det3(r) > 0)) {
    qfac = -1;
    for (let i = 0; i < 3; i++) r[i]![2] = -r[i]![2]!;
  }
  const pr = nearestRotation(r);
  const [, x, y, z] = quaternionFromRotation(pr);
  header.qoffsetX = affine[0]![3]!;
  header.qoffsetY = affine[1]![3]!;
  header.qoffsetZ = affine[2]![3]!;
  header.pixdim[0] = qfac;
  header.pixdim[1] = zooms[0]!;
  header.pixdim[2] = zooms[1]!;
  header.pixdim[3] = zooms[2]!;
  header.quaternB = x;
  header.quaternC = y;
  header.quaternD = z;
  header.qformCode = code;
}

function checkAffine(affine: Affine): void {
  if (
    !Array.isArray(affine) ||
    affine.length < 3 ||
    affine.slice(0, 3).some((row) => !Array.isArray(row) || row.length < 4) ||
    affine
      .slice(0, 3)
      .some((row) => row.slice(0, 4).some((v) => typeof v !== 'number' || !Number.isFinite(v)))
  ) {
    throw new NiftiError(
      'The affine must be a 4×4 array of rows of finite numbers (e.g. [[-3.5,0,0,68.25], …, [0,0,0,1]]).',
    );
  }
}

function det3(m: number[][]): number {
  return (
    m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) -
    m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) +
    m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!)
  );
}

/** The orthogonal polar factor of `m` (closest rotation), by Newton iteration. */
function nearestRotation(m: number[][]): number[][] {
  let x = m.map((row) => row.slice());
  for (let iter = 0; iter < 100; iter++) {
    const d = det3(x);
    if (!(Math.abs(d) > 1e-300)) break;
    // inverse transpose = cofactor matrix / det
    const c = [
      [
        x[1]![1]! * x[2]![2]! - x[1]![2]! * x[2]![1]!,
        x[1]![2]! * x[2]![0]! - x[1]![0]! * x[2]![2]!,
        x[1]![0]! * x[2]![1]! - x[1]![1]! * x[2]![0]!,
      ],
      [
        x[0]![2]! * x[2]![1]! - x[0]![1]! * x[2]![2]!,
        x[0]![0]! * x[2]![2]! - x[0]![2]! * x[2]![0]!,
        x[0]![1]! * x[2]![0]! - x[0]![0]! * x[2]![1]!,
      ],
      [
        x[0]![1]! * x[1]![2]! - x[0]![2]! * x[1]![1]!,
        x[0]![2]! * x[1]![0]! - x[0]![0]! * x[1]![2]!,
        x[0]![0]! * x[1]![1]! - x[0]![1]! * x[1]![0]!,
      ],
    ];
    let delta = 0;
    const next = x.map((row, i) =>
      row.map((v, j) => {
        const nv = 0.5 * (v + c[i]![j]! / d);
        delta = Math.max(delta, Math.abs(nv - v));
        return nv;
      }),
    );
    x = next;
    if (delta < 1e-15) break;
  }
  return x;
}

/** Unit quaternion [w, x, y, z] with w >= 0 for a rotation matrix. */
function quaternionFromRotation(r: number[][]): [number, number, number, number] {
  const m00 = r[0]![0]!;
  const m11 = r[1]![1]!;
  const m22 = r[2]![2]!;
  const trace = m00 + m11 + m22;
  let w: number;
  let x: number;
  let y: number;
  let z: number;
  if (trace > 0) {
    const s = 0.5 / Math.sqrt(trace + 1);
    w = 0.25 / s;
    x = (r[2]![1]! - r[1]![2]!) * s;
    y = (r[0]![2]! - r[2]![0]!) * s;
    z = (r[1]![0]! - r[0]![1]!) * s;
  } else if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
    w = (r[2]![1]! - r[1]![2]!) / s;
    x = 0.25 * s;
    y = (r[0]![1]! + r[1]![0]!) / s;
    z = (r[0]![2]! + r[2]![0]!) / s;
  } else if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
    w = (r[0]![2]! - r[2]![0]!) / s;
    x = (r[0]![1]! + r[1]![0]!) / s;
    y = 0.25 * s;
    z = (r[1]![2]! + r[2]![1]!) / s;
  } else {
    const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
    w = (r[1]![0]! - r[0]![1]!) / s;
    x = (r[0]![2]! + r[2]![0]!) / s;
    y = (r[1]![2]! + r[2]![1]!) / s;
    z = 0.25 * s;
  }
  if (w < 0) {
    w = -w;
    x = -x;
    y = -y;
    z = -z;
  }
  // avoid -0 in the header
  return [w + 0, x + 0, y + 0, z + 0];
}
