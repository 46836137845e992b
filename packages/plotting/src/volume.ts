/**
 * The images the plotting functions accept, normalised once into a 3-D {@link Volume}: flat
 * data in NIfTI file order (i fastest), shape, affine and its inverse.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';

/**
 * Anything shaped like `@voxelkit/nifti-io`'s `NiftiImage` (a `getFData()` method returning the
 * scaled data in file order, i fastest), or a plain `{ data, shape, affine }` object.
 */
export type ImageLike =
  | {
      shape: readonly number[];
      affine: ArrayLike<ArrayLike<number>>;
      getFData(): ArrayLike<number>;
    }
  | {
      data: ArrayLike<number>;
      shape: readonly number[];
      affine: ArrayLike<ArrayLike<number>>;
    };

/** A 3-D image ready for sampling. */
export interface Volume {
  /** Values in file order: index `i + nx * (j + ny * k)`. */
  data: ArrayLike<number>;
  /** Shape `[nx, ny, nz]`. */
  shape: [number, number, number];
  /** Voxel → world (mm), 4×4 row-major (12 first entries used). */
  affine: Float64Array;
  /** World (mm) → voxel, 4×4 row-major. */
  inverse: Float64Array;
}

/** Normalises an image argument to a {@link Volume}; `what` names it in error messages. */
export function toVolume(img: ImageLike, what: string): Volume {
  if (img === null || typeof img !== 'object') {
    throw new ValidationError(
      `${what} must be a NiftiImage or { data, shape, affine }, got ${img}.`,
    );
  }
  const shape = Array.from(img.shape ?? []);
  // Trailing singleton dimensions beyond the third (X×Y×Z×1, X×Y×Z×1×1) are dropped.
  while (shape.length > 3 && shape[shape.length - 1] === 1) shape.pop();
  if (shape.length < 2 || shape.length > 4 || shape.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new ValidationError(
      `${what} has shape [${shape}]; expected a 3-D image (or 4-D with one volume). ` +
        'Pick one volume first (e.g. the mean image) before plotting.',
    );
  }
  if (shape.length === 4 && shape[3] !== 1) {
    throw new ValidationError(
      `${what} is 4-D with ${shape[3]} volumes; plotting needs a 3-D image or X×Y×Z×1. ` +
        'Pick one volume (or average them) first.',
    );
  }
  while (shape.length < 3) shape.push(1);
  const [nx, ny, nz] = shape as [number, number, number];
  const data = 'getFData' in img ? img.getFData() : img.data;
  if (!data || data.length !== nx * ny * nz) {
    throw new ValidationError(
      `${what} has ${data?.length ?? 0} values but shape [${img.shape}] needs ${nx * ny * nz}.`,
    );
  }
  const affine = toAffine(img.affine, what);
  return { data, shape: [nx, ny, nz], affine, inverse: invertAffine(affine, what) };
}

/** Validates a 4×4 (or 3×4) affine given as rows and returns it flat, row-major. */
export function toAffine(rows: ArrayLike<ArrayLike<number>>, what = 'affine'): Float64Array {
  const out = new Float64Array(16);
  if (!rows || rows.length < 3) {
    throw new ValidationError(`${what}: the affine must be 4×4 rows (world = A · [i, j, k, 1]).`);
  }
  for (let r = 0; r < 3; r++) {
    const row = rows[r];
    if (!row || row.length < 4) {
      throw new ValidationError(`${what}: affine row ${r} must have 4 numbers.`);
    }
    for (let c = 0; c < 4; c++) {
      const v = Number(row[c]);
      if (!Number.isFinite(v)) {
        throw new ValidationError(`${what}: affine[${r}][${c}] is ${row[c]}; it must be finite.`);
      }
      out[r * 4 + c] = v;
    }
  }
  out[15] = 1;
  return out;
}

/** Inverts an affine (3×3 linear part + translation). Throws when it is singular. */
export function invertAffine(a: Float64Array, what = 'affine'): Float64Array {
  const [m00, m01, m02, t0, m10, m11, m12, t1, m20, m21, m22, t2] = a;
  const c00 = m11 * m22 - m12 * m21;
  const c01 = m02 * m21 - m01 * m22;
  const c02 = m01 * m12 - m02 * m11;
  const det = m00 * c00 + m10 * c01 + m20 * c02;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) {
    throw new ValidationError(`${what}: the affine is singular (determinant ${det}).`);
  }
  const inv = new Float64Array(16);
  inv[0] = c00 / det;
  inv[1] = c01 / det;
  inv[2] = c02 / det;
  inv[4] = (m12 * m20 - m10 * m22) / det;
  inv[5] = (m00 * m22 - m02 * m20) / det;
  inv[6] = (m02 * m10 - m00 * m12) / det;
  inv[8] = (m10 * m21 - m11 * m20) / det;
  inv[9] = (m01 * m20 - m00 * m21) / det;
  inv[10] = (m00 * m11 - m01 * m10) / det;
  for (let r = 0; r < 3; r++) {
    inv[r * 4 + 3] = -(inv[r * 4] * t0 + inv[r * 4 + 1] * t1 + inv[r * 4 + 2] * t2);
  }
  inv[15] = 1;
  return inv;
}

/** Applies a flat 4×4 affine to a point. */
export function applyAffine(
  a: Float64Array,
  x: number,
  y: number,
  z: number,
): [number, number, number] {
  return [
    a[0] * x + a[1] * y + a[2] * z + a[3],
    a[4] * x + a[5] * y + a[6] * z + a[7],
    a[8] * x + a[9] * y + a[10] * z + a[11],
  ];
}

/** Smallest and largest finite values of the data (NaN when there are none; ±Infinity ignored). */
export function dataRange(data: ArrayLike<number>): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [Number.NaN, Number.NaN];
}
