import { describe, expect, it } from 'vitest';
import {
  findCutSlices,
  findXyzCutCoords,
  imageCenter,
  largestConnectedComponent,
  selectKth,
} from './cut-coords.js';
import { blobMap, HAXBY_AFFINE } from './synthetic.test-helpers.js';
import { toVolume } from './volume.js';

/** Big positive blob + smaller negative blob + weak ripple everywhere (no exact zeros). */
function rippledMap() {
  const pos = blobMap([-30, -40, -10], 8, 5);
  const neg = blobMap([30, 20, 20], 6, -3);
  const [nx, ny] = [40, 64];
  for (let idx = 0; idx < pos.data.length; idx++) {
    const i = idx % nx;
    const j = Math.floor(idx / nx) % ny;
    const k = Math.floor(idx / (nx * ny));
    pos.data[idx] +=
      neg.data[idx] + 0.05 * Math.sin(i * 0.7) * Math.cos(j * 0.3) * Math.sin(k * 0.5 + 1);
  }
  return pos;
}

describe('findXyzCutCoords', () => {
  it('returns the centre of a planted blob (world mm)', () => {
    const c = findXyzCutCoords(toVolume(blobMap([-30, -40, -10], 8, 5), 'blob'));
    expect(c[0]).toBeCloseTo(-30, 0);
    expect(c[1]).toBeCloseTo(-40, 0);
    expect(c[2]).toBeCloseTo(-10, 0);
  });

  // Golden numbers: nilearn's find_xyz_cut_coords steps (fast_abs_percentile 80, largest
  // connected component, second threshold at the mean, centre of mass) run with scipy.ndimage
  // 1.10 / numpy 1.24 on the same map, /usr/bin/python3.
  it('matches the scipy reference on a map with two blobs and noise', () => {
    const vol = toVolume(rippledMap(), 'map');
    const auto = findXyzCutCoords(vol);
    [-29.984275490528645, -39.97499517252659, -9.996820358903804].forEach((v, d) => {
      expect(auto[d]).toBeCloseTo(v, 6);
    });
    const low = findXyzCutCoords(vol, { activationThreshold: 1e-6 });
    [-29.859942733669726, -37.44617424151323, -8.207954575696505].forEach((v, d) => {
      expect(low[d]).toBeCloseTo(v, 6);
    });
    const two = findXyzCutCoords(vol, { activationThreshold: 2 });
    [-30.15296285916682, -40.02729981378786, -10.048146034601572].forEach((v, d) => {
      expect(two[d]).toBeCloseTo(v, 6);
    });
  });

  it('picks the larger of two activations, whatever its sign', () => {
    const small = blobMap([30, 20, 20], 4, 9);
    const big = blobMap([-20, -60, 0], 10, -4);
    for (let i = 0; i < small.data.length; i++) small.data[i] += big.data[i];
    const c = findXyzCutCoords(toVolume(small, 'map'), { activationThreshold: 1 });
    expect(c[0]).toBeCloseTo(-20, 0);
    expect(c[1]).toBeCloseTo(-60, 0);
    expect(c[2]).toBeCloseTo(0, 0);
  });

  it('returns the image centre for an all-zero map', () => {
    const vol = toVolume(
      { data: new Float64Array(40 * 64 * 64), shape: [40, 64, 64], affine: HAXBY_AFFINE },
      'z',
    );
    const c = findXyzCutCoords(vol);
    expect(c).toEqual(imageCenter(vol));
    expect(c[0]).toBeCloseTo(0, 9);
    expect(c[1]).toBeCloseTo(0, 9);
  });
});

describe('largestConnectedComponent', () => {
  it('uses face (6-) connectivity and keeps only the biggest component', () => {
    const shape: [number, number, number] = [4, 4, 1];
    // prettier-ignore
    const mask = Uint8Array.from([1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0]);
    const out = largestConnectedComponent(mask, shape);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0]);
  });
});

describe('findCutSlices', () => {
  it('puts the first cut on the peak slice and returns sorted, distinct cuts', () => {
    const vol = toVolume(blobMap([-30, -40, -10], 8, 5), 'blob');
    const cuts = findCutSlices(vol, 'z', 7);
    expect(cuts).toHaveLength(7);
    expect([...cuts].sort((a, b) => a - b)).toEqual(cuts);
    expect(new Set(cuts).size).toBe(7);
    // z voxel centres are -118.125 + 3.75 k; the blob (z = -10) peaks on k = 29, z = -9.375.
    expect(cuts).toContain(-9.375);
  });

  it('returns one cut for a single-slice image', () => {
    const vol = toVolume(
      { data: Float64Array.from([0, 1, 2, 3]), shape: [2, 2, 1], affine: HAXBY_AFFINE },
      's',
    );
    expect(findCutSlices(vol, 'z', 7)).toEqual([-118.125]);
  });
});

describe('selectKth', () => {
  it('equals the sorted array at every rank, with duplicates', () => {
    const values = Float64Array.from({ length: 501 }, (_, i) => ((i * 7919) % 103) / 7);
    const sorted = Float64Array.from(values).sort();
    for (const k of [0, 1, 100, 250, 400, 499, 500]) {
      expect(selectKth(Float64Array.from(values), k)).toBe(sorted[k]);
    }
  });
});

describe('largestConnectedComponent ties', () => {
  it('keeps the component that comes first in C order (i slowest), like scipy', () => {
    // Two 1-voxel components in a 2×1×2 grid: (i=0, k=1) and (i=1, k=0). In memory order
    // (i fastest) (1,0,0) comes first; in C order (0,0,1) does.
    const mask = Uint8Array.from([0, 1, 1, 0]); // idx = i + 2·k
    expect(Array.from(largestConnectedComponent(mask, [2, 1, 2]))).toEqual([0, 0, 1, 0]);
  });
});
