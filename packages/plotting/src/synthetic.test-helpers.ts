/**
 * Synthetic images for the tests: a T1-like head in the 40×64×64 Haxby geometry and a
 * Gaussian blob stat map on the same or another grid.
 *
 * @module
 */

/** The Haxby EPI affine (40×64×64 voxels, 3.5 × 3.75 × 3.75 mm, x flipped). */
export const HAXBY_AFFINE = [
  [-3.5, 0, 0, 68.25],
  [0, 3.75, 0, -118.125],
  [0, 0, 3.75, -118.125],
  [0, 0, 0, 1],
];

/** A plain image object. */
export interface TestImage {
  data: Float64Array;
  shape: number[];
  affine: number[][];
}

function world(affine: number[][], i: number, j: number, k: number): [number, number, number] {
  return [0, 1, 2].map(
    (r) => affine[r][0] * i + affine[r][1] * j + affine[r][2] * k + affine[r][3],
  ) as [number, number, number];
}

/**
 * A T1-like head: an ellipsoid "brain" (white matter 100, gray matter 70 shell, CSF 20 at the
 * centre), a scalp shell 60, background 0. Semi-axes in mm.
 */
export function syntheticT1(shape = [40, 64, 64], affine = HAXBY_AFFINE): TestImage {
  const [nx, ny, nz] = shape;
  const data = new Float64Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const [x, y, z] = world(affine, i, j, k);
        const r = Math.sqrt((x / 62) ** 2 + ((y + 15) / 95) ** 2 + ((z + 5) / 80) ** 2);
        const ventricle = Math.sqrt((x / 12) ** 2 + ((y + 10) / 30) ** 2 + ((z - 5) / 15) ** 2);
        let v = 0;
        if (r < 0.82) v = ventricle < 1 ? 20 : 100 - 20 * r;
        else if (r < 0.92) v = 70;
        else if (r < 0.98) v = 10;
        else if (r < 1.05) v = 60;
        data[i + nx * (j + ny * k)] = v;
      }
    }
  }
  return { data, shape, affine };
}

/** A Gaussian blob of `amplitude` at world `center` (mm), σ in mm, zero below 1e-3·amplitude. */
export function blobMap(
  center: [number, number, number],
  sigma = 8,
  amplitude = 5,
  shape = [40, 64, 64],
  affine = HAXBY_AFFINE,
): TestImage {
  const [nx, ny, nz] = shape;
  const data = new Float64Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const [x, y, z] = world(affine, i, j, k);
        const d2 = (x - center[0]) ** 2 + (y - center[1]) ** 2 + (z - center[2]) ** 2;
        const v = amplitude * Math.exp(-d2 / (2 * sigma * sigma));
        data[i + nx * (j + ny * k)] = Math.abs(v) > 1e-3 * Math.abs(amplitude) ? v : 0;
      }
    }
  }
  return { data, shape, affine };
}
