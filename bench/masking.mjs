#!/usr/bin/env node
// Benchmark of @voxelkit/masking (issue 6): NiftiMasker({ maskImg, standardize: true })
// .fitTransform() of a 40×64×64×1452 int16 .nii.gz with a ~464-voxel mask, against
// `gzip -dc file > /dev/null` on the same file in the same run (the time it takes just to
// inflate it). Prints the work, both wall times, the ratio (reference / ours: ≥ 1.0 means at
// least as fast) and the peak RSS of the process that did the masking (target < 200 MB).
//
// Needs the built packages: `TURBO_TELEMETRY_DISABLED=1 npx turbo run build --filter=@voxelkit/masking...`.
// The data are generated once into bench/.data/ (git-ignored).
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, '.data');
const boldPath = join(dataDir, 'masking-bold-40x64x64x1452.nii.gz');
const [NX, NY, NZ, NT] = [40, 64, 64, 1452];

async function importPackage(name, fallback) {
  try {
    return await import(name);
  } catch {
    return import(new URL(fallback, import.meta.url).href);
  }
}

/** A NIfTI-1 header (+ 4 empty extension bytes) for int16 data of the given shape, 3 mm voxels. */
function niftiHeader(shape, datatype = 4, bitpix = 16) {
  const buf = Buffer.alloc(352);
  buf.writeInt32LE(348, 0);
  buf.writeInt16LE(shape.length, 40);
  for (let i = 0; i < shape.length; i++) buf.writeInt16LE(shape[i], 42 + 2 * i);
  for (let i = shape.length + 1; i < 8; i++) buf.writeInt16LE(1, 40 + 2 * i);
  buf.writeInt16LE(datatype, 70);
  buf.writeInt16LE(bitpix, 72);
  const pixdim = [1, 3, 3, 3, 2.5, 1, 1, 1];
  for (let i = 0; i < 8; i++) buf.writeFloatLE(pixdim[i], 76 + 4 * i);
  buf.writeFloatLE(352, 108); // vox_offset
  buf.writeFloatLE(1, 112); // scl_slope
  buf.writeUInt8(10, 123); // xyzt_units: mm, s
  buf.writeInt16LE(0, 252); // qform_code
  buf.writeInt16LE(1, 254); // sform_code
  const srow = [
    [3, 0, 0, -60],
    [0, 3, 0, -96],
    [0, 0, 3, -96],
  ];
  const flat = srow.flat();
  for (let i = 0; i < 12; i++) buf.writeFloatLE(flat[i], 280 + 4 * i);
  buf.write('n+1\0', 344, 'latin1');
  return buf;
}

/** Streams a synthetic int16 4-D series (an ellipsoidal "brain" with noise, zeros outside). */
async function generateBold() {
  mkdirSync(dataDir, { recursive: true });
  const gz = createGzip({ level: 6 });
  const out = createWriteStream(boldPath);
  const done = new Promise((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gz.on('error', reject);
  });
  gz.pipe(out);
  gz.write(niftiHeader([NX, NY, NZ, NT]));
  let seed = 12345;
  const vol = new Int16Array(NX * NY * NZ);
  for (let t = 0; t < NT; t++) {
    for (let k = 0; k < NZ; k++) {
      for (let j = 0; j < NY; j++) {
        for (let i = 0; i < NX; i++) {
          const r = ((i - 19.5) / 18) ** 2 + ((j - 31.5) / 28) ** 2 + ((k - 31.5) / 26) ** 2;
          seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
          vol[i + NX * (j + NY * k)] = r < 1 ? 600 + 200 * (1 - r) + (seed >>> 26) : 0;
        }
      }
    }
    const bytes = Buffer.from(vol.buffer, vol.byteOffset, vol.byteLength);
    if (!gz.write(bytes)) await new Promise((r) => gz.once('drain', r));
  }
  gz.end();
  await done;
}

/** The ~464-voxel mask: a small box in the middle of the brain. */
function maskData() {
  const m = new Uint8Array(NX * NY * NZ);
  let n = 0;
  for (let k = 28; k < 36; k++) {
    for (let j = 26; j < 34; j++) {
      for (let i = 16; i < 24; i++) {
        if (n < 464 && (i + j + k) % 11 !== 0) {
          m[i + NX * (j + NY * k)] = 1;
          n++;
        }
      }
    }
  }
  return m;
}

async function runMasker() {
  const { NiftiMasker } = await importPackage(
    '@voxelkit/masking',
    '../packages/masking/dist/index.js',
  );
  const { NiftiImage } = await importPackage(
    '@voxelkit/nifti-io',
    '../packages/masking/node_modules/@voxelkit/nifti-io/dist/index.js',
  );
  const affine = [
    [3, 0, 0, -60],
    [0, 3, 0, -96],
    [0, 0, 3, -96],
    [0, 0, 0, 1],
  ];
  const maskImg = NiftiImage.fromArray(maskData(), [NX, NY, NZ], affine);
  const t0 = performance.now();
  const X = await new NiftiMasker({ maskImg, standardize: true }).fitTransform(boldPath);
  const ms = performance.now() - t0;
  process.stdout.write(
    JSON.stringify({ ms, rows: X.rows, cols: X.cols, maxRssKb: process.resourceUsage().maxRSS }),
  );
}

async function main() {
  if (process.argv[2] === '--child') return runMasker();
  if (!existsSync(boldPath)) {
    process.stderr.write(`generating ${boldPath} …\n`);
    await generateBold();
  }
  const size = (statSync(boldPath).size / 2 ** 20).toFixed(0);
  const t0 = performance.now();
  const ref = spawnSync('sh', ['-c', `gzip -dc '${boldPath}' > /dev/null`]);
  const refMs = performance.now() - t0;
  if (ref.status !== 0) throw new Error(`gzip -dc failed: ${ref.stderr}`);
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`masker run failed:\n${child.stderr}`);
  const r = JSON.parse(child.stdout);
  const ratio = refMs / r.ms;
  console.log(
    `NiftiMasker standardize fitTransform ${NX}x${NY}x${NZ}x${NT} int16 .nii.gz (${size} MiB) -> ${r.rows}x${r.cols}: ` +
      `ours ${(r.ms / 1000).toFixed(2)} s, gzip -dc ${(refMs / 1000).toFixed(2)} s, ratio ${ratio.toFixed(2)}x ` +
      `(>= 1.0 is the target), peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MB (target < 200 MB)`,
  );
}

await main();
