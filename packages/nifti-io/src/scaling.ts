/**
 * nibabel's read scaling (`scl_slope`, `scl_inter`): the one home of the rule and of the loop
 * that applies it, for whole images, streamed volumes and the maskers.
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';
import type { NiftiHeader } from './header.js';

/** The scaling nibabel applies: `{ slope: 1, inter: 0 }` when `sclSlope` is 0 or not finite. */
export function scalingOf(header: NiftiHeader): { slope: number; inter: number } {
  const slope = header.sclSlope;
  const inter = header.sclInter;
  if (slope === 0 || !Number.isFinite(slope)) return { slope: 1, inter: 0 };
  if (!Number.isFinite(inter)) {
    throw new NiftiError(
      `Valid scl_slope ${slope} but invalid scl_inter ${inter} (nibabel refuses this too). ` +
        'Set sclInter to 0 or a finite offset.',
    );
  }
  return { slope, inter };
}

/**
 * Writes `src[i] · slope + inter` (computed in float64) into `out[i]` for the first
 * `out.length` values; 64-bit integers are converted with `Number` first.
 */
export function scaleInto(
  src: ArrayLike<number> | BigInt64Array | BigUint64Array,
  slope: number,
  inter: number,
  out: Float32Array | Float64Array,
): void {
  const n = out.length;
  if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
    for (let i = 0; i < n; i++) out[i] = Number(src[i]!) * slope + inter;
  } else if (slope === 1 && inter === 0) {
    const s = src as ArrayLike<number>;
    if (s.length === n && ArrayBuffer.isView(s)) out.set(s as Float64Array);
    else for (let i = 0; i < n; i++) out[i] = s[i]!;
  } else {
    const s = src as ArrayLike<number>;
    for (let i = 0; i < n; i++) out[i] = s[i]! * slope + inter;
  }
}
