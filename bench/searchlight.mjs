#!/usr/bin/env node
/**
 * SearchLight (`@voxelkit/decoding`) against nilearn 0.10.4's on the same data in the same run:
 * the Haxby 2001 slice set (../shared/data/haxby-slice/haxby2001-slice/subj1), face vs cat (216
 * scans, raw int16 as nilearn's example uses them), the VT mask (530 voxels), radius 5.6 mm,
 * KFold(4). Each side runs in a fresh process and fits twice: "fresh" is process start to the end
 * of the first fit (imports, reading the image, masking included), "warm" the second fit.
 *
 * Cases (one line each: work, ours, nilearn's, ratio):
 *   - DummyClassifier on every sphere: the per-fit overhead of the searchlight itself;
 *   - nJobs 1 vs nilearn n_jobs=1, estimator 'svc' (LinearSVC, nilearn's default) and
 *     SVC(kernel='linear');
 *   - nJobs 2 vs our nJobs 1 (the speed-up);
 *   - peak RSS of a searchlight over the full-size synthetic run (1452 scans, 464-voxel mask).
 *
 * Usage: node bench/searchlight.mjs [--seeds N] [--only overhead,svc,svc-linear,jobs,rss]
 *   --seeds N scores only the first N mask voxels (C order) on both sides (default: all 530;
 *   nilearn's LinearSVC and libsvm on unscaled data take tens of ms to seconds per fit).
 * Needs the built packages (`npx turbo run build --filter=@voxelkit/decoding... --filter=@voxelkit/datasets...`)
 * and /usr/bin/python3 with nilearn 0.10.4 (PYTHONPATH=/tmp/nilearn-0.10.4 or installed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const root = process.env.VOXELKIT_TEST_DATA ?? join(here, '..', '..', '..', 'shared', 'data');
const subj = join(root, 'haxby-slice', 'haxby2001-slice', 'subj1');

/** Child mode: one SearchLight run in this fresh process, timed twice; prints JSON. */
async function child(estName, nJobs, nSeeds) {
  const t0 = performance.now();
  const { SearchLight } = await import('@voxelkit/decoding');
  const { DummyClassifier, SVC } = await import('@voxelkit/estimators');
  const { indexImg } = await import('@voxelkit/image');
  const { KFold } = await import('@voxelkit/model-selection');
  const { NiftiImage, readNifti } = await import('@voxelkit/nifti-io');
  const { maskIndices } = await import('@voxelkit/masking');
  const { setWarningHandler } = await import('@voxelkit/core');
  setWarningHandler(() => {}); // nilearn silences ConvergenceWarning too
  const run = async () => {
    const rows = readFileSync(join(subj, 'labels.txt'), 'utf8').trim().split('\n').slice(1);
    const labels = rows.map((r) => r.split(/\s+/)[0]);
    const keep = labels.map((l) => l === 'face' || l === 'cat');
    const func = await indexImg(join(subj, 'bold.nii.gz'), keep);
    const mask = await readNifti(join(subj, 'mask4_vt.nii.gz'));
    const idx = maskIndices(mask.getFData(), mask.shape.slice(0, 3));
    const n = nSeeds <= 0 ? idx.length : Math.min(nSeeds, idx.length);
    const process_ = new Uint8Array(mask.getFData().length);
    for (let s = 0; s < n; s++) process_[idx[s]] = 1;
    const sl = new SearchLight({
      maskImg: mask,
      processMaskImg: NiftiImage.fromArray(process_, mask.shape.slice(0, 3), mask.affine),
      radius: 5.6,
      estimator:
        estName === 'svc-linear'
          ? new SVC({ kernel: 'linear' })
          : estName === 'dummy'
            ? new DummyClassifier()
            : estName,
      cv: new KFold({ nSplits: 4 }),
      nJobs,
    });
    await sl.fit(
      func,
      labels.filter((_, i) => keep[i]),
    );
    let sum = 0;
    for (let s = 0; s < n; s++) sum += sl.scores_[idx[s]];
    return sum / n;
  };
  const mean = await run();
  const fresh = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await run();
  const warm = (performance.now() - t1) / 1000;
  console.log(JSON.stringify({ fresh, warm, mean }));
}

/** Child mode: peak RSS of a searchlight over the full-size synthetic run. */
async function childRss(nSeeds) {
  const { fetchHaxbySynthetic } = await import('@voxelkit/datasets');
  const { SearchLight } = await import('@voxelkit/decoding');
  const { NiftiImage, readNifti } = await import('@voxelkit/nifti-io');
  const { maskIndices } = await import('@voxelkit/masking');
  const { setWarningHandler } = await import('@voxelkit/core');
  setWarningHandler(() => {});
  const haxby = await fetchHaxbySynthetic({ size: 'full', dataDir: join(here, '..', '.data') });
  const labels = readFileSync(haxby.sessionTarget[0], 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((r) => r.trim().split(/\s+/)[0]);
  const mask = await readNifti(haxby.maskVt[0]);
  const idx = maskIndices(mask.getFData(), mask.shape.slice(0, 3));
  const process_ = new Uint8Array(mask.getFData().length);
  const n = nSeeds <= 0 ? idx.length : Math.min(nSeeds, idx.length);
  for (let s = 0; s < n; s++) process_[idx[s]] = 1;
  const t0 = performance.now();
  // All 1452 scans, 9 classes (rest included): X is 1452 × 464, masked once.
  const sl = new SearchLight({
    maskImg: mask,
    processMaskImg: NiftiImage.fromArray(process_, mask.shape.slice(0, 3), mask.affine),
    radius: 5.6,
    cv: 4,
  });
  await sl.fit(haxby.func[0], labels);
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    JSON.stringify({
      seconds,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      voxels: idx.length,
      seeds: n,
    }),
  );
}

function spawnJson(cmd, argv, env = {}) {
  const r = spawnSync(cmd, argv, {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

const ours = (est, nJobs, seeds) =>
  spawnJson(process.execPath, [here, '--child', est, String(nJobs), String(seeds)]);
const nilearn = (est, seeds) =>
  spawnJson(
    '/usr/bin/python3',
    [join(here, '..', 'searchlight.py'), subj, est, '5.6', String(seeds), '1'],
    {
      PYTHONPATH: process.env.PYTHONPATH ?? '/tmp/nilearn-0.10.4',
    },
  );

const fmt = (s) => `${s.toFixed(2)} s`;
const line = (what, a, b, label) =>
  console.log(
    `${what.padEnd(58)} ours ${fmt(a.fresh)} fresh / ${fmt(a.warm)} warm   ${label} ${fmt(b.fresh)} / ${fmt(b.warm)}   ratio ${(a.fresh / b.fresh).toFixed(3)} / ${(a.warm / b.warm).toFixed(3)}`,
  );

if (args[0] === '--child') {
  await child(args[1], Number(args[2]), Number(args[3]));
} else if (args[0] === '--child-rss') {
  await childRss(Number(args[1]));
} else {
  if (!existsSync(join(subj, 'bold.nii.gz'))) {
    console.error(
      `bench/searchlight.mjs: the Haxby slice set is missing (${subj}); set VOXELKIT_TEST_DATA.`,
    );
    process.exit(1);
  }
  const seeds = Number(opt('seeds', '0'));
  const only = opt('only', 'overhead,svc,svc-linear,jobs,rss').split(',');
  const spheres = seeds > 0 ? `${seeds} of 530 spheres` : '530 spheres';
  if (only.includes('overhead')) {
    // DummyClassifier: what is left is the searchlight's own cost per fit (gather, clone, score).
    const a = ours('dummy', 1, 0);
    const b = nilearn('dummy', 0);
    line('SearchLight DummyClassifier, 530 spheres × 4 folds (overhead)', a, b, 'nilearn');
    console.log(
      `${''.padEnd(58)} per fit (warm): ours ${((a.warm / 2120) * 1e6).toFixed(0)} µs, nilearn ${((b.warm / 2120) * 1e6).toFixed(0)} µs (reading + masking included)`,
    );
  }
  for (const est of ['svc', 'svc-linear']) {
    if (!only.includes(est)) continue;
    const a = ours(est, 1, seeds);
    const b = nilearn(est, seeds);
    const name = est === 'svc' ? "'svc' (LinearSVC)" : 'SVC linear';
    line(`SearchLight ${name}, ${spheres}, KFold(4), nJobs 1`, a, b, 'nilearn');
    console.log(
      `${''.padEnd(58)} mean score ours ${a.mean.toFixed(4)}, nilearn ${b.mean.toFixed(4)}`,
    );
  }
  if (only.includes('jobs')) {
    const one = ours('svc', 1, seeds);
    const two = ours('svc', 2, seeds);
    line(`SearchLight 'svc', ${spheres}, nJobs 2 vs nJobs 1`, two, one, 'nJobs 1');
  }
  if (only.includes('rss')) {
    const r = spawnJson(process.execPath, [here, '--child-rss', String(Math.max(seeds, 0))]);
    console.log(
      `SearchLight 'svc', full synthetic run (1452 scans, ${r.voxels}-voxel mask, ${r.seeds} spheres)   ${fmt(r.seconds)}   peak RSS ${r.maxRssMb.toFixed(0)} MB (target < 300 MB)`,
    );
  }
}
