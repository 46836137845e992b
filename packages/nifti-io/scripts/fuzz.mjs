#!/usr/bin/env node
/**
 * The full seeded NIfTI fuzz run (issue 20): `pnpm fuzz [--count 10000] [--seed 20261201]`
 * (builds first); `pnpm test` ends with a 300-case run of the same seed (CI's share, after
 * the build: turbo.json). Mutates the sample images in ../shared/data/nifti (or $VOXELKIT_TEST_DATA/nifti)
 * and runs every case (readNifti + getFData, readHeader, streamVolumes) in a child process, and
 * fails unless every case
 *   - gives only typed errors (NiftiError),
 *   - takes at most 20 s,
 *   - peaks at most min(512 MiB, 64 MiB + 12 x declared) of RSS above the child's baseline,
 *     `declared` = the header's vox_offset + data size (0 when the header does not parse).
 * RSS is the child's high-water mark (ru_maxrss) after the case, an upper bound of the case's
 * own peak; a case over its bound is re-run alone in a fresh child to tell it from earlier cases.
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const lib = join(here, '..', 'dist', 'fuzz-cases.js');
const MiB = 1 << 20;
const CASE_TIMEOUT_MS = 20_000;
const RSS_CAP = 512 * MiB;
const RSS_BASE = 64 * MiB;
const RSS_PER_DECLARED = 12;
const allowed = (declared) => Math.min(RSS_CAP, RSS_BASE + RSS_PER_DECLARED * declared);

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function seedFiles() {
  const root = process.env.VOXELKIT_TEST_DATA ?? resolve(here, '../../../../shared/data');
  const dir = join(root, 'nifti');
  const singles = [
    '5D_small.nii',
    '5D_zeros.nii.gz',
    'avg152T1_LR_nifti.nii',
    'avg152T1_LR_nifti.nii.gz',
    'avg152T1_LR_nifti2.nii.gz',
    'big.nii.gz',
    'little.nii.gz',
    'with_extension.nii.gz',
  ];
  const out = [];
  for (const name of singles) {
    if (existsSync(join(dir, name))) out.push({ name, path: join(dir, name) });
  }
  for (const base of ['air', 'air2']) {
    const hdr = join(dir, `${base}.hdr.gz`);
    if (existsSync(hdr))
      out.push({ name: `${base}.hdr.gz`, path: hdr, image: join(dir, `${base}.img.gz`) });
  }
  if (out.length === 0) {
    // like the tests: outside CI a missing data directory skips with the reason, under CI it fails
    if (process.env.CI !== 'true') {
      console.log(`fuzz: skipped, no sample images in ${dir} (set VOXELKIT_TEST_DATA).`);
      process.exit(0);
    }
    throw new Error(`No sample images in ${dir}: set VOXELKIT_TEST_DATA.`);
  }
  return out;
}

// ---- child: runs cases [from, to) and reports one line per case ----
if (process.argv[2] === '--child') {
  const { declaredBytes, mutate, rng, runCase } = await import(lib);
  const [, , , seedArg, fromArg, toArg] = process.argv;
  const seeds = seedFiles().map((s) => ({
    ...s,
    bytes: new Uint8Array(readFileSync(s.path)),
    image: s.image ? new Uint8Array(readFileSync(s.image)) : undefined,
  }));
  const r = rng(Number(seedArg));
  // every child replays the generator from the start so case c is the same in any child
  const from = Number(fromArg);
  const to = Number(toArg);
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  process.send({ type: 'ready', baseline });
  for (let c = 0; c < to; c++) {
    const seed = seeds[c % seeds.length];
    const bytes = mutate(seed.bytes, r);
    if (c < from) continue;
    const declared = declaredBytes(bytes);
    const t0 = performance.now();
    process.send({ type: 'start', c });
    const result = await runCase(bytes, seed.image);
    const ms = performance.now() - t0;
    const peak = process.resourceUsage().maxRSS * 1024 - baseline;
    process.send({ type: 'case', c, file: seed.name, declared, ms, peak, ...result });
    // a scavenge frees the buffers of the case (a full collection every case was the main cost)
    globalThis.gc?.({ type: 'minor' });
  }
  process.exit(0);
}

// ---- parent ----
seedFiles(); // no sample images: skips (outside CI) or fails before any child starts
const count = arg('count', 10_000);
const seed = arg('seed', 20261201);

function runChild(from, to, onCase) {
  return new Promise((resolvePromise) => {
    const child = fork(
      fileURLToPath(import.meta.url),
      ['--child', String(seed), String(from), String(to)],
      {
        execArgv: ['--expose-gc'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    let current = -1;
    let timer;
    let restartAt;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        onCase({ c: current, outcome: 'timeout', ms: CASE_TIMEOUT_MS });
        restartAt = current + 1;
        child.kill('SIGKILL');
      }, CASE_TIMEOUT_MS);
    };
    child.on('message', (m) => {
      if (m.type === 'start') {
        current = m.c;
        arm();
      } else if (m.type === 'case') {
        clearTimeout(timer);
        if (onCase(m) === 'restart') {
          restartAt = m.c + 1;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (restartAt === undefined && code !== 0) {
        onCase({ c: current, outcome: 'crash', message: `child exited with ${code}` });
        restartAt = current + 1;
      }
      resolvePromise(restartAt);
    });
  });
}

const t0 = performance.now();
const failures = [];
const stats = { ok: 0, NiftiError: 0, maxMs: 0, maxPeak: 0, maxRatioCase: undefined, done: 0 };
const pending = [];
let from = 0;
while (from < count) {
  const next = await runChild(from, count, (m) => {
    if (m.outcome === 'timeout' || m.outcome === 'crash' || m.outcome === 'untyped') {
      failures.push(m);
      stats.done++;
      return 'restart';
    }
    stats.done++;
    stats[m.outcome]++;
    stats.maxMs = Math.max(stats.maxMs, m.ms);
    if (m.ms > CASE_TIMEOUT_MS) failures.push({ ...m, outcome: 'slow' });
    if (m.peak > allowed(m.declared)) {
      // maybe an earlier case's peak: re-run alone later, and start a fresh child now
      pending.push(m.c);
      return 'restart';
    }
    stats.maxPeak = Math.max(stats.maxPeak, m.peak);
    return undefined;
  });
  from = next ?? count;
  if (stats.done % 1000 < 50) process.stderr.write(`  ${stats.done} cases…\n`);
}
for (const c of pending) {
  await runChild(c, c + 1, (m) => {
    if (m.peak > allowed(m.declared)) failures.push({ ...m, outcome: 'rss' });
    else stats.maxPeak = Math.max(stats.maxPeak, m.peak);
  });
}
const secs = ((performance.now() - t0) / 1000).toFixed(0);
console.log(
  `fuzz: ${count} cases (seed ${seed}) in ${secs} s: ${stats.ok} read, ${stats.NiftiError} NiftiError, ` +
    `${failures.length} failures; slowest case ${stats.maxMs.toFixed(0)} ms; ` +
    `largest RSS peak over baseline ${(stats.maxPeak / MiB).toFixed(1)} MiB ` +
    `(bound: min(512 MiB, 64 MiB + ${RSS_PER_DECLARED} x declared)); ${pending.length} re-run alone`,
);
for (const f of failures.slice(0, 20)) console.log('  FAIL', JSON.stringify(f));
process.exit(failures.length === 0 ? 0 : 1);
