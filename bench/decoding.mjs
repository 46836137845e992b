#!/usr/bin/env node
// Decoder benchmark (issue 16) on the real Haxby 2001 slice (../shared/data/haxby-slice), against
// nilearn 0.10.4 + scikit-learn 1.2.1 (bench/decoding.py) on the same files in the same run:
//
//   facecat  Decoder({ estimator: 'svc' }) face vs cat, leave-one-run-out    (goal ≤ 0.5× nilearn)
//   eight    the same on the 8 categories (one-vs-rest)                       (goal ≤ 0.25× nilearn)
//
// Each side runs as a fresh process (start-up, imports and data loading included: "fresh"), and
// inside it fits twice; the second fit is the "warm" time. Prints every run, ours, nilearn's and
// the ratios. BENCH_RUNS (default 1) repetitions; BENCH_CASES (default facecat,eight) picks cases. Needs the built packages
// (`npx turbo run build --filter=@voxelkit/decoding...`); skipped with a message when the slice,
// Python or nilearn is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const slice = process.env.VOXELKIT_TEST_DATA
  ? join(process.env.VOXELKIT_TEST_DATA, 'haxby-slice/haxby2001-slice/subj1')
  : join(here, '../../shared/data/haxby-slice/haxby2001-slice/subj1');
const nilearnPath = process.env.NILEARN_PATH ?? '/tmp/nilearn-0.10.4';
const python = process.env.PYTHON ?? '/usr/bin/python3';
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));

async function child(caseName) {
  const { Decoder } = await import('@voxelkit/decoding');
  const { indexImg } = await import('@voxelkit/image');
  const { setWarningHandler } = await import('@voxelkit/core');
  setWarningHandler(() => {});
  const rows = readFileSync(join(slice, 'labels.txt'), 'utf8').trim().split('\n').slice(1);
  const parts = rows.map((l) => l.trim().split(/\s+/));
  const keep = parts.flatMap(([label], i) =>
    (caseName === 'facecat' ? label === 'face' || label === 'cat' : label !== 'rest') ? [i] : [],
  );
  const func = await indexImg(join(slice, 'bold.nii.gz'), keep);
  const y = keep.map((i) => parts[i][0]);
  const groups = keep.map((i) => Number(parts[i][1]));
  const times = [];
  let score = 0;
  for (let k = 0; k < 2; k++) {
    const t0 = performance.now();
    const dec = new Decoder({
      estimator: 'svc',
      mask: join(slice, 'mask4_vt.nii.gz'),
      standardize: true,
    });
    await dec.fit(func, y, { groups });
    times.push((performance.now() - t0) / 1000);
    const per = Object.values(dec.cvScores_).map((v) => v.reduce((a, b) => a + b, 0) / v.length);
    score = per.reduce((a, b) => a + b, 0) / per.length;
  }
  console.log(JSON.stringify({ cold: times[0], warm: times[1], score }));
}

function fresh(cmd, args, env) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop();
  return { wall, ...JSON.parse(line) };
}

async function main() {
  if (process.argv[2] === '--child') return child(process.argv[3]);
  if (!existsSync(join(slice, 'bold.nii.gz'))) {
    console.log(`decoding: skipped, the Haxby slice is not at ${slice} (set VOXELKIT_TEST_DATA).`);
    return;
  }
  const probe = spawnSync(python, ['-c', 'import nilearn, sklearn'], {
    env: { ...process.env, PYTHONPATH: nilearnPath },
  });
  if (probe.status !== 0) {
    console.log(`decoding: skipped, ${python} cannot import nilearn (PYTHONPATH=${nilearnPath}).`);
    return;
  }
  const goals = { facecat: 0.5, eight: 0.25 };
  const cases = (process.env.BENCH_CASES ?? 'facecat,eight').split(',');
  for (const caseName of cases) {
    for (let r = 0; r < runs; r++) {
      const ours = fresh(
        process.execPath,
        [fileURLToPath(import.meta.url), '--child', caseName],
        {},
      );
      const ref = fresh(python, [join(here, 'decoding.py'), slice, caseName], {
        PYTHONPATH: nilearnPath,
      });
      const label =
        caseName === 'facecat'
          ? "Decoder('svc') face vs cat LOGO"
          : "Decoder('svc') 8 categories LOGO";
      console.log(
        `${label} [run ${r + 1}]: fresh process ours ${ours.wall.toFixed(2)} s, nilearn ${ref.wall.toFixed(2)} s, ratio ${(ours.wall / ref.wall).toFixed(3)}x (goal ≤ ${goals[caseName]}x); ` +
          `warm fit ours ${ours.warm.toFixed(2)} s, nilearn ${ref.warm.toFixed(2)} s, ratio ${(ours.warm / ref.warm).toFixed(3)}x; ` +
          `mean score ours ${ours.score.toFixed(4)}, nilearn ${ref.score.toFixed(4)}`,
      );
    }
  }
}

await main();
