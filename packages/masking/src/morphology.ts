/**
 * Binary morphology on 3-D masks in file order (i fastest), with scipy.ndimage's defaults:
 * the 6-neighbour cross as structuring element and a border of zeros.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';

type Shape3 = readonly [number, number, number];

function checkMask(mask: Uint8Array, shape: Shape3): void {
  if (mask.length !== shape[0] * shape[1] * shape[2]) {
    throw new ValidationError(
      `The mask has ${mask.length} voxels but the shape [${shape.join(', ')}] needs ${shape[0] * shape[1] * shape[2]}.`,
    );
  }
}

function step(src: Uint8Array, dst: Uint8Array, shape: Shape3, erode: boolean): void {
  const [nx, ny, nz] = shape;
  const sy = nx;
  const sz = nx * ny;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const f = i + sy * j + sz * k;
        if (erode) {
          dst[f] =
            src[f] &&
            i > 0 &&
            src[f - 1] &&
            i < nx - 1 &&
            src[f + 1] &&
            j > 0 &&
            src[f - sy] &&
            j < ny - 1 &&
            src[f + sy] &&
            k > 0 &&
            src[f - sz] &&
            k < nz - 1 &&
            src[f + sz]
              ? 1
              : 0;
        } else {
          dst[f] =
            src[f] ||
            (i > 0 && src[f - 1]) ||
            (i < nx - 1 && src[f + 1]) ||
            (j > 0 && src[f - sy]) ||
            (j < ny - 1 && src[f + sy]) ||
            (k > 0 && src[f - sz]) ||
            (k < nz - 1 && src[f + sz])
              ? 1
              : 0;
        }
      }
    }
  }
}

function iterate(mask: Uint8Array, shape: Shape3, iterations: number, erode: boolean): Uint8Array {
  checkMask(mask, shape);
  let src = Uint8Array.from(mask, (v) => (v ? 1 : 0));
  let dst = new Uint8Array(mask.length);
  for (let it = 0; it < iterations; it++) {
    step(src, dst, shape, erode);
    [src, dst] = [dst, src];
  }
  return src;
}

/** scipy's `ndimage.binary_erosion(mask, iterations)`: a voxel survives when it and its 6 neighbours are set. */
export function binaryErosion(mask: Uint8Array, shape: Shape3, iterations = 1): Uint8Array {
  return iterate(mask, shape, iterations, true);
}

/** scipy's `ndimage.binary_dilation(mask, iterations)`: a voxel is set when it or one of its 6 neighbours is. */
export function binaryDilation(mask: Uint8Array, shape: Shape3, iterations = 1): Uint8Array {
  return iterate(mask, shape, iterations, false);
}

/**
 * The largest 6-connected component of a mask, as nilearn's `largest_connected_component`
 * (ties go to the component met first in numpy C order).
 *
 * @throws ValidationError when the mask is empty.
 */
export function largestConnectedComponent(mask: Uint8Array, shape: Shape3): Uint8Array {
  checkMask(mask, shape);
  const [nx, ny, nz] = shape;
  const labels = new Int32Array(mask.length);
  const sizes: number[] = [0];
  const stack = new Int32Array(mask.length);
  const sy = nx;
  const sz = nx * ny;
  // Scan in C order (i slowest) so that labels are numbered as scipy.ndimage.label numbers them.
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      for (let k = 0; k < nz; k++) {
        const start = i + sy * j + sz * k;
        if (!mask[start] || labels[start]) continue;
        const label = sizes.length;
        let size = 0;
        let top = 0;
        stack[top++] = start;
        labels[start] = label;
        while (top > 0) {
          const f = stack[--top]!;
          size++;
          const fi = f % nx;
          const fj = Math.floor(f / sy) % ny;
          const fk = Math.floor(f / sz);
          const push = (g: number): void => {
            if (mask[g] && !labels[g]) {
              labels[g] = label;
              stack[top++] = g;
            }
          };
          if (fi > 0) push(f - 1);
          if (fi < nx - 1) push(f + 1);
          if (fj > 0) push(f - sy);
          if (fj < ny - 1) push(f + sy);
          if (fk > 0) push(f - sz);
          if (fk < nz - 1) push(f + sz);
        }
        sizes.push(size);
      }
    }
  }
  if (sizes.length === 1) {
    throw new ValidationError('The mask has no nonzero voxel: it has no connected component.');
  }
  let best = 1;
  for (let l = 2; l < sizes.length; l++) if (sizes[l]! > sizes[best]!) best = l;
  const out = new Uint8Array(mask.length);
  for (let f = 0; f < out.length; f++) out[f] = labels[f] === best ? 1 : 0;
  return out;
}
