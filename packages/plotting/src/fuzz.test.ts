import { RandomState, VoxelkitError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { plotAnat } from './plot-anat.js';
import { plotImg } from './plot-img.js';
import { plotRoi } from './plot-roi.js';
import { plotStatMap } from './plot-stat-map.js';

const rng = new RandomState(0);
const pick = <T>(xs: readonly T[]): T => xs[rng.randint(0, xs.length) as number];

const VALUES: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1,
  2.5,
  1e9,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  'ortho',
  'z',
  'nope',
  true,
  false,
  [],
  [1],
  [1, 2],
  [1, 2, 3],
  [Number.NaN, 0, 0],
  {},
  'cold_hot',
  'gray_r',
  'auto',
];
const KEYS = [
  'displayMode',
  'cutCoords',
  'threshold',
  'vmax',
  'vmin',
  'cmap',
  'alpha',
  'width',
  'height',
  'dim',
  'symmetricCbar',
  'colorbar',
  'annotate',
  'blackBg',
  'title',
  'radiological',
  'drawCross',
];

function randomImage(): unknown {
  const shape = pick([
    [3, 4, 5],
    [3, 4, 5, 1],
    [3, 4, 5, 2],
    [3, 4],
    [0, 4, 5],
    [3, 4, 5, 1, 1],
    [1, 1, 1],
  ]);
  const n = shape.reduce((a, b) => a * b, 1);
  const len = pick([n, n, n, n + 1, 0]);
  const data = Float64Array.from({ length: len }, () =>
    pick([0, 0, 1, -2, 3.5, Number.NaN, 1e300]),
  );
  const affine = pick([
    [
      [2, 0, 0, -3],
      [0, 2, 0, -4],
      [0, 0, 2, -5],
      [0, 0, 0, 1],
    ],
    [
      [0, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ],
    [
      [1, 0, 0],
      [0, 1, 0],
    ],
    [
      [-1, 0.2, 0, 3],
      [0.1, 1, 0, 0],
      [0, 0, 3, 0],
      [0, 0, 0, 1],
    ],
  ]);
  return { data, shape, affine };
}

describe('fuzzed inputs', () => {
  it('either plot or throw a VoxelkitError, never anything else', () => {
    const fns = [plotStatMap, plotRoi, plotAnat, plotImg] as const;
    let plotted = 0;
    for (let trial = 0; trial < 400; trial++) {
      const options: Record<string, unknown> = {};
      const nKeys = rng.randint(0, 3) as number;
      for (let k = 0; k < nKeys; k++) options[pick(KEYS)] = pick(VALUES);
      const fn = pick(fns) as (img: unknown, o: unknown) => { toSVG(): string };
      try {
        const fig = fn(randomImage(), options);
        expect(fig.toSVG().startsWith('<svg')).toBe(true);
        plotted++;
      } catch (e) {
        if (!(e instanceof VoxelkitError)) {
          throw new Error(`untyped error for ${JSON.stringify(options)}: ${(e as Error).stack}`);
        }
      }
    }
    expect(plotted).toBeGreaterThan(20);
  });
});
