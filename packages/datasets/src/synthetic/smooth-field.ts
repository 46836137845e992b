/**
 * Spatially smooth random fields: white noise blurred by a separable Gaussian, normalised to
 * zero mean and unit variance. Used for baselines, patterns and low-rank smooth noise.
 *
 * @module
 */
import type { RandomState } from '@voxelkit/core';

function gaussianKernel(sigma: number): Float64Array {
  if (sigma <= 0) return Float64Array.of(1);
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    k[i + radius] = Math.exp((-0.5 * i * i) / (sigma * sigma));
    sum += k[i + radius];
  }
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** The kernel centred on `line[i]`, indices clamped to the line (edges: nearest value). */
function clampedTap(line: Float64Array, n: number, kernel: Float64Array, i: number): number {
  const radius = (kernel.length - 1) / 2;
  let acc = 0;
  for (let k = -radius; k <= radius; k++) {
    let j = i + k;
    if (j < 0) j = 0;
    else if (j >= n) j = n - 1;
    acc += kernel[k + radius] * line[j];
  }
  return acc;
}

/**
 * Blurs `data` (file order: i fastest, then j, then k) in place with a Gaussian of `sigma`
 * voxels along each axis (edges: nearest value).
 */
export function gaussianBlur3d(
  data: Float32Array,
  shape: readonly [number, number, number],
  sigma: readonly [number, number, number],
): Float32Array {
  const [nx, ny, nz] = shape;
  const strides = [1, nx, nx * ny];
  const lengths = [nx, ny, nz];
  const line = new Float64Array(Math.max(nx, ny, nz));
  for (let axis = 0; axis < 3; axis++) {
    const kernel = gaussianKernel(sigma[axis]);
    const radius = (kernel.length - 1) / 2;
    if (radius === 0) continue;
    const width = kernel.length;
    const n = lengths[axis];
    const stride = strides[axis];
    const others = [0, 1, 2].filter((a) => a !== axis);
    const [a, b] = others;
    for (let ib = 0; ib < lengths[b]; ib++) {
      for (let ia = 0; ia < lengths[a]; ia++) {
        const base = ia * strides[a] + ib * strides[b];
        for (let i = 0; i < n; i++) line[i] = data[base + i * stride];
        // Where the kernel fits inside the line no index needs clamping: the same sums, in the
        // same order, as at the edges, without the two tests per tap.
        const lo = Math.min(radius, n);
        const hi = Math.max(n - radius, lo);
        for (let i = 0; i < lo; i++) data[base + i * stride] = clampedTap(line, n, kernel, i);
        for (let i = hi; i < n; i++) data[base + i * stride] = clampedTap(line, n, kernel, i);
        for (let i = lo; i < hi; i++) {
          let acc = 0;
          const from = i - radius;
          for (let k = 0; k < width; k++) acc += kernel[k] * line[from + k];
          data[base + i * stride] = acc;
        }
      }
    }
  }
  return data;
}

/**
 * A smooth random field over the grid, standardised over `within` (indices) or the whole grid.
 */
export function smoothField(
  shape: readonly [number, number, number],
  sigma: readonly [number, number, number],
  rng: RandomState,
  within?: Int32Array,
): Float32Array {
  const n = shape[0] * shape[1] * shape[2];
  const data = new Float32Array(n);
  rng.fillNormal(data);
  gaussianBlur3d(data, shape, sigma);
  const idx = within;
  const count = idx ? idx.length : n;
  let mean = 0;
  for (let i = 0; i < count; i++) mean += data[idx ? idx[i] : i];
  mean /= count;
  let ss = 0;
  for (let i = 0; i < count; i++) {
    const d = data[idx ? idx[i] : i] - mean;
    ss += d * d;
  }
  const sd = Math.sqrt(ss / count) || 1;
  for (let i = 0; i < n; i++) data[i] = (data[i] - mean) / sd;
  return data;
}
