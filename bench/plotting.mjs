#!/usr/bin/env node
// Benchmark of @voxelkit/plotting (issue 8). One line per case: the work, our time, the
// reference's time on the same data in the same run, and the ratio (reference / ours: ≥ 1.0
// means we are at least as fast).
//
// - "sample cuts": plotStatMap builds the figure by sampling only the displayed planes of a
//   91×109×91 stat map (2 mm) on the 40×64×64 background grid. Reference: nilearn's strategy,
//   resampling the whole stat map onto the background grid first (trilinear, point by point
//   through the public `sampleAt`), before any slicing.
// - "png": figure.toPNG() (resvg, text with the bundled font). Reference: pngjs encoding a raw
//   RGBA bitmap of the same size (no layout, no text: a lower bound for any PNG output).
//
// Needs the built packages: `TURBO_TELEMETRY_DISABLED=1 npx turbo run build --filter=@voxelkit/plotting...`.
import { createRequire } from 'node:module';

// pngjs is a dependency of the plotting package, not of the workspace root.
const { PNG } = createRequire(new URL('../packages/plotting/package.json', import.meta.url))(
  'pngjs',
);

async function importPackage(name, fallback) {
  try {
    return await import(name);
  } catch {
    return import(new URL(fallback, import.meta.url).href);
  }
}

const { plotStatMap, sampleAt, toVolume } = await importPackage(
  '@voxelkit/plotting',
  '../packages/plotting/dist/index.js',
);

const BG_AFFINE = [
  [-3.5, 0, 0, 68.25],
  [0, 3.75, 0, -118.125],
  [0, 0, 3.75, -118.125],
  [0, 0, 0, 1],
];
const STAT_AFFINE = [
  [2, 0, 0, -90],
  [0, 2, 0, -126],
  [0, 0, 2, -72],
  [0, 0, 0, 1],
];

function image(shape, affine, f) {
  const [nx, ny, nz] = shape;
  const data = new Float64Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const x = affine[0][0] * i + affine[0][3];
        const y = affine[1][1] * j + affine[1][3];
        const z = affine[2][2] * k + affine[2][3];
        data[i + nx * (j + ny * k)] = f(x, y, z);
      }
  return { data, shape, affine };
}

const anat = image([40, 64, 64], BG_AFFINE, (x, y, z) => {
  const r = Math.hypot(x / 62, (y + 15) / 95, z / 80);
  return r < 1 ? 100 - 30 * r : 0;
});
const stat = image([91, 109, 91], STAT_AFFINE, (x, y, z) => {
  const v = 5 * Math.exp(-((x + 30) ** 2 + (y + 40) ** 2 + (z + 10) ** 2) / 128);
  return v > 5e-3 ? v : 0;
});

function best(fn, reps) {
  let min = Number.POSITIVE_INFINITY;
  let out;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    out = fn();
    min = Math.min(min, performance.now() - t);
  }
  return [min, out];
}

function line(work, ours, ref) {
  console.log(
    `${work.padEnd(58)} ours ${ours.toFixed(1).padStart(8)} ms   reference ${ref.toFixed(1).padStart(8)} ms   ratio ${(ref / ours).toFixed(2)}`,
  );
}

const cutCoords = [-30, -40, -10];
const [tOurs, fig] = best(() => plotStatMap(stat, { bgImg: anat, cutCoords, title: 'bench' }), 5);
const [tRef] = best(() => {
  const vol = toVolume(stat, 'stat');
  const out = new Float64Array(40 * 64 * 64);
  for (let k = 0, p = 0; k < 64; k++)
    for (let j = 0; j < 64; j++)
      for (let i = 0; i < 40; i++, p++) {
        out[p] = sampleAt(vol, 68.25 - 3.5 * i, -118.125 + 3.75 * j, -118.125 + 3.75 * k, 'linear');
      }
  return out;
}, 5);
line('sample cuts: plotStatMap ortho, 91x109x91 map on 40x64x64 bg', tOurs, tRef);

const [tPng, png] = best(() => fig.toPNG(), 5);
const [tRaw] = best(() => {
  const p = new PNG({ width: fig.width, height: fig.height });
  p.data.fill(128);
  return PNG.sync.write(p);
}, 5);
line(`png: figure.toPNG() ${fig.width}x${fig.height} (${png.length} bytes)`, tPng, tRaw);
