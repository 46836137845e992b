#!/usr/bin/env node
// End-to-end benchmark of the voxelkit-haxby app (issue 17), each run a fresh process:
//
// 1. Full size: a deterministic Haxby-shaped run (fetchHaxbySynthetic subject 6: 40×64×64×1452
//    int16 bold.nii.gz, the real design, its VT mask, no anat.nii.gz) generated once into
//    bench/.data/haxby-e2e/ (cached). Times `gzip -dc bold.nii.gz > /dev/null` and the whole app
//    (`--subject-dir`, every step and both plots) on the same file, interleaved; prints both,
//    the ratio (app / gzip; goal ≤ 1.25) and the app's peak RSS (goal ≤ 200 MB).
// 2. Small data: the app against the same tutorial in nilearn 0.10.4 + scikit-learn
//    (bench/haxby-e2e.py: the same steps, 8-category extra and plots) on the real Haxby slice
//    (../shared/data/haxby-slice), process start included; ratio app / nilearn (goal ≤ 0.2).
//    Skipped with a message when the slice, Python or nilearn is missing.
//
// Needs the built app: `node scripts/run.mjs turbo run build --filter=@voxelkit/haxby-decoding...`.
// BENCH_RUNS (default 3) runs of each case; prints every run, the median and the spread.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const cli = join(root, 'apps/haxby-decoding/dist/cli.js');
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const slice = join(root, '../shared/data/haxby-slice/haxby2001-slice/subj1');
const nilearnPath = process.env.NILEARN_PATH ?? '/tmp/nilearn-0.10.4';
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

if (!existsSync(cli)) {
  console.error(`haxby-e2e: ${cli} is missing; build the app first (see the header of this file).`);
  process.exit(1);
}

/** The 1-minute load average, printed with every run (other processes skew the ratios). */
const load = () => `load ${loadavg()[0].toFixed(2)}`;

/** Runs a command; returns its wall time (s) and peak RSS (MB, when /usr/bin/time exists). */
function timed(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = timeBin
    ? spawnSync(timeBin, ['-f', '@@rss %M', cmd, ...args], { encoding: 'utf8', ...opts })
    : spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  }
  const m = /@@rss (\d+)/.exec(r.stderr ?? '');
  return { wall, rssMb: m ? Number(m[1]) / 1024 : undefined };
}

/** Runs the app as its bin starts it: the Node flags of its `#!/usr/bin/env -S node …` line. */
function runApp(args) {
  const flags = readFileSync(cli, 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(3);
  return timed(process.execPath, [...flags, cli, ...args]);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

async function fullSize() {
  const { fetchHaxbySynthetic } = await import('@voxelkit/datasets');
  const dataDir = join(here, '.data', 'haxby-e2e');
  const t0 = performance.now();
  const haxby = await fetchHaxbySynthetic({ dataDir, subjects: [6] });
  const gen = (performance.now() - t0) / 1000;
  const bold = haxby.func[0];
  const subjectDir = dirname(bold);
  console.log(
    `full size: ${bold} (40×64×64×1452 int16, no anat; ${gen > 1 ? `generated in ${gen.toFixed(1)} s` : 'cached'})`,
  );
  const out = mkdtempSync(join(tmpdir(), 'vk-haxby-e2e-'));
  const gz = [];
  const app = [];
  const rss = [];
  try {
    for (let i = 0; i < runs; i++) {
      gz.push(timed('sh', ['-c', `gzip -dc '${bold}' > /dev/null`]).wall);
      const a = runApp(['--subject-dir', subjectDir, '--out', out, '-q']);
      app.push(a.wall);
      if (a.rssMb !== undefined) rss.push(a.rssMb);
      console.log(
        `  run ${i + 1}: gzip -dc ${gz[i].toFixed(2)} s, app ${a.wall.toFixed(2)} s, ratio ${(a.wall / gz[i]).toFixed(2)}x` +
          (a.rssMb !== undefined ? `, app peak RSS ${a.rssMb.toFixed(0)} MB` : '') +
          ` (${load()})`,
      );
    }
    // The same app with the 8-category extra on the main thread (no worker thread at all).
    const serial = runApp(['--subject-dir', subjectDir, '--out', out, '-q', '--n-jobs', '1']);
    console.log(
      `  --n-jobs 1: app ${serial.wall.toFixed(2)} s` +
        (serial.rssMb !== undefined ? `, peak RSS ${serial.rssMb.toFixed(0)} MB` : '') +
        ` (${load()})`,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const ratios = app.map((a, i) => a / gz[i]);
  console.log(
    `full-size tutorial: app ${median(app).toFixed(2)} s (${spread(app)}), gzip -dc ${median(gz).toFixed(2)} s (${spread(gz)}), ` +
      `ratio ${median(ratios).toFixed(2)}x (${spread(ratios)}; goal <= 1.25x)` +
      (rss.length
        ? `, peak RSS ${median(rss).toFixed(0)} MB (${spread(rss)}; goal <= 200 MB)`
        : ''),
  );
}

function pythonReady() {
  const r = spawnSync(
    '/usr/bin/python3',
    ['-c', 'import nilearn, sklearn, matplotlib, pandas; print(nilearn.__version__)'],
    { encoding: 'utf8', env: { ...process.env, PYTHONPATH: nilearnPath }, cwd: tmpdir() },
  );
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function smallData() {
  if (!existsSync(join(slice, 'bold.nii.gz'))) {
    console.log(`small data: skipped (${slice} is missing)`);
    return;
  }
  const version = pythonReady();
  if (version === undefined) {
    console.log(
      `small data: skipped (no /usr/bin/python3 with nilearn at ${nilearnPath}, scikit-learn, matplotlib, pandas; ` +
        'see ../shared/reference/setup.sh)',
    );
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'vk-haxby-e2e-'));
  const py = [];
  const app = [];
  try {
    for (let i = 0; i < runs; i++) {
      // From an empty directory: no stray .py file may shadow a module.
      py.push(
        timed('/usr/bin/python3', [join(here, 'haxby-e2e.py'), slice, join(out, 'py')], {
          cwd: out,
          env: { ...process.env, PYTHONPATH: nilearnPath },
        }).wall,
      );
      app.push(runApp(['--subject-dir', slice, '--out', join(out, 'vk'), '-q']).wall);
      console.log(
        `  run ${i + 1}: nilearn ${py[i].toFixed(2)} s, app ${app[i].toFixed(2)} s, ratio ${(app[i] / py[i]).toFixed(2)}x (${load()})`,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const ratios = app.map((a, i) => a / py[i]);
  console.log(
    `slice tutorial (1452×530, with extra and plots): app ${median(app).toFixed(2)} s (${spread(app)}), ` +
      `nilearn ${version} + sklearn ${median(py).toFixed(2)} s (${spread(py)}), ratio ${median(ratios).toFixed(2)}x ` +
      `(${spread(ratios)}; goal <= 0.2x)`,
  );
}

const which = process.argv[2];
if (which !== 'small') await fullSize();
if (which !== 'full') smallData();
