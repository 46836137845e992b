#!/usr/bin/env node
// Benchmark of @voxelkit/nifti-io (issue 3). On a generated 40×64×64×1452 int16 .nii.gz
// (≈0.48 GB raw), times
//   1. readNifti(path)            — the whole file into one typed array,
//   2. the same with { prefault: false } (no page-touching worker; plain ArrayBuffer), no target,
//   3. streamVolumes(path)        — all 1452 volumes one by one (incremental inflate),
// against `gzip -dc file > /dev/null` on the same file in the same run. Each case runs in its
// own process (best of 2) so its peak RSS is its own. Ratio = gzip time / our time (≥ 1.0 means
// at least as fast). Targets: readNifti ≥ 1.1×, streamVolumes ≥ 1.0× with peak RSS < 150 MB.
//
// Needs the built package: `TURBO_TELEMETRY_DISABLED=1 npx turbo run build --filter=@voxelkit/nifti-io...`.
// The data are generated once into bench/.data/ (git-ignored).
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, '.data');
const boldPath = join(dataDir, 'nifti-io-bold-40x64x64x1452.nii.gz');
const [NX, NY, NZ, NT] = [40, 64, 64, 1452];

async function importNiftiIo() {
  try {
    return await import('@voxelkit/nifti-io');
  } catch {
    return import(new URL('../packages/nifti-io/dist/index.js', import.meta.url).href);
  }
}

/** Writes the synthetic BOLD run with nifti-io's own header for a new image. */
async function generate() {
  const { NiftiImage, toBytes } = await importNiftiIo();
  mkdirSync(dataDir, { recursive: true });
  const affine = [
    [-3.5, 0, 0, 68.25],
    [0, 3.75, 0, -118.125],
    [0, 0, 3.75, -118.125],
    [0, 0, 0, 1],
  ];
  // header only: a 1-voxel image of the right type, then patch dims
  const header = toBytes(NiftiImage.fromArray(new Int16Array(1), [1, 1, 1, 1], affine)).slice(
    0,
    352,
  );
  const view = new DataView(header.buffer);
  const dims = [4, NX, NY, NZ, NT];
  for (let i = 0; i < dims.length; i++) view.setInt16(40 + 2 * i, dims[i], true);
  const tmp = `${boldPath}.tmp`;
  const gz = createGzip({ level: 6 });
  const out = createWriteStream(tmp);
  const done = new Promise((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gz.on('error', reject);
  });
  gz.pipe(out);
  gz.write(header);
  let seed = 2026;
  const vol = new Int16Array(NX * NY * NZ);
  for (let t = 0; t < NT; t++) {
    for (let k = 0; k < NZ; k++) {
      for (let j = 0; j < NY; j++) {
        for (let i = 0; i < NX; i++) {
          const r = ((i - 19.5) / 18) ** 2 + ((j - 31.5) / 28) ** 2 + ((k - 31.5) / 26) ** 2;
          seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
          vol[i + NX * (j + NY * k)] = r < 1 ? 500 + 300 * (1 - r) + (seed >>> 25) : seed >>> 30;
        }
      }
    }
    if (!gz.write(Buffer.from(vol.buffer.slice(0)))) await new Promise((r) => gz.once('drain', r));
  }
  gz.end();
  await done;
  renameSync(tmp, boldPath);
}

async function child(mode) {
  const { readNifti, streamVolumes } = await importNiftiIo();
  const t0 = performance.now();
  let checksum = 0;
  let count = 0;
  if (mode === 'read' || mode === 'read-plain') {
    const img = await readNifti(boldPath, { prefault: mode === 'read' });
    count = img.data.length;
    for (let i = 0; i < count; i += 4099) checksum += img.data[i];
  } else {
    for await (const v of streamVolumes(boldPath)) {
      count += v.data.length;
      checksum += v.data[v.data.length >> 1];
    }
  }
  const ms = performance.now() - t0;
  process.stdout.write(
    JSON.stringify({ ms, count, checksum, maxRssKb: process.resourceUsage().maxRSS }),
  );
}

function runChild(mode) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`${mode} run failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

function gzipMs() {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', `gzip -dc '${boldPath}' > /dev/null`]);
  if (r.status !== 0) throw new Error(`gzip -dc failed: ${r.stderr}`);
  return performance.now() - t0;
}

async function main() {
  if (process.argv[2] === '--child') return child(process.argv[3]);
  if (!existsSync(boldPath)) {
    process.stderr.write(`generating ${boldPath} …\n`);
    await generate();
  }
  const mib = (statSync(boldPath).size / 2 ** 20).toFixed(0);
  const rawMb = ((NX * NY * NZ * NT * 2) / 1e6).toFixed(0);
  const work = `${NX}x${NY}x${NZ}x${NT} int16 .nii.gz (${mib} MiB, ${rawMb} MB raw)`;
  for (const [mode, label, target] of [
    ['read', 'readNifti (whole file -> Int16Array)', 1.1],
    ['read-plain', 'readNifti with { prefault: false }', undefined],
    ['stream', 'streamVolumes (1452 volumes)', 1.0],
  ]) {
    const ref = Math.min(gzipMs(), gzipMs());
    const runs = [runChild(mode), runChild(mode)];
    const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    const rss = Math.max(...runs.map((r) => r.maxRssKb)) / 1024;
    if (best.count !== NX * NY * NZ * NT) throw new Error(`${mode}: read ${best.count} values`);
    console.log(
      `${label} of ${work}: ours ${(best.ms / 1000).toFixed(2)} s, gzip -dc ${(ref / 1000).toFixed(2)} s, ` +
        `ratio ${(ref / best.ms).toFixed(2)}x${target ? ` (target >= ${target}x)` : ''}, peak RSS ${rss.toFixed(0)} MB` +
        (mode === 'stream' ? ' (target < 150 MB)' : ''),
    );
  }
}

await main();
