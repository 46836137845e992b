#!/usr/bin/env node
/**
 * Fit times of RidgeClassifierCV (8 alphas), LassoCV (face indicator target) and
 * SelectPercentile(fClassif, 10) against scikit-learn 1.2.1 on the same data in the same run:
 * the Haxby slice set's face/cat rows (216 × 530) and 8 categories (864 × 530), and a synthetic
 * 1452 × 5000 problem. Python writes each data set once (float64, row-major) and both sides read
 * that file, so they fit identical numbers.
 *
 * "fresh" = one fit in a new process (our module load included, as a user's first call);
 * "warm"  = best of a few fits after one warm-up in the same process.
 *
 * Usage: node bench/linear-regressors.mjs [--quick] [--only <estimator>]
 * (needs `turbo run build`, /usr/bin/python3
 * with scikit-learn + nibabel via PYTHONPATH=/tmp/nilearn-0.10.4, and ../shared/data/haxby-slice)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const fromEstimators = createRequire(
  new URL('../packages/estimators/package.json', import.meta.url),
);
const est = await import(fromEstimators.resolve('@voxelkit/estimators'));
const core = await import(fromEstimators.resolve('@voxelkit/core'));
core.setWarningHandler(() => {});

const ALPHAS8 = [0.01, 0.1, 1, 10, 100, 1000, 1e4, 1e5];
const ESTIMATORS = {
  RidgeClassifierCV: (X, y) => new est.RidgeClassifierCV({ alphas: ALPHAS8 }).fit(X, y),
  LassoCV: (X, y) =>
    new est.LassoCV({ nAlphas: 10 }).fit(
      X,
      y.map((l) => (l === 'face' || l === 1 ? 1 : 0)),
    ),
  'SelectPercentile(fClassif)': (X, y) =>
    new est.SelectPercentile({ scoreFunc: est.fClassif, percentile: 10 }).fit(X, y),
};

function load(file) {
  const meta = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
  const buf = readFileSync(`${file}.f64`);
  const data = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
  return { X: { data: Float64Array.from(data), rows: meta.rows, cols: meta.cols }, y: meta.y };
}

// Child mode: one fresh fit.
if (process.argv[2] === '--child') {
  const { X, y } = load(process.argv[3]);
  const t = performance.now();
  ESTIMATORS[process.argv[4]](X, y);
  console.log(performance.now() - t);
  process.exit(0);
}

const PY = `
import sys, json, time, warnings, numpy as np
sys.path.insert(0, ${JSON.stringify(`${here}../packages/estimators/src/linear-model`)})
warnings.simplefilter('ignore')
which, out = sys.argv[1], sys.argv[2]
if which == 'synthetic':
    rng = np.random.RandomState(0); X = rng.standard_normal((1452, 5000)); y = np.array(['face' if i % 2 else 'cat' for i in range(1452)])
    X[:, :20] += 0.5 * (y == 'face')[:, None]
else:
    import haxby_slice
    X, y, _ = haxby_slice.face_cat() if which == 'facecat' else haxby_slice.eight()
X = np.ascontiguousarray(X, dtype=np.float64); X.tofile(out + '.f64')
json.dump({'rows': X.shape[0], 'cols': X.shape[1], 'y': y.tolist()}, open(out + '.json', 'w'))
`;
const PY_TIME = `
import sys, json, time, warnings, numpy as np
warnings.simplefilter('ignore')
t0 = time.perf_counter()
from sklearn.linear_model import RidgeClassifierCV, LassoCV
from sklearn.feature_selection import SelectPercentile, f_classif
file, name, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
meta = json.load(open(file + '.json')); X = np.fromfile(file + '.f64').reshape(meta['rows'], meta['cols']); y = np.array(meta['y'])
fits = {'RidgeClassifierCV': lambda: RidgeClassifierCV(alphas=[0.01, 0.1, 1, 10, 100, 1000, 1e4, 1e5]).fit(X, y),
        'LassoCV': lambda: LassoCV(n_alphas=10).fit(X, (y == 'face').astype(float)),
        'SelectPercentile(fClassif)': lambda: SelectPercentile(f_classif, percentile=10).fit(X, y)}
t = time.perf_counter(); fits[name](); fresh = time.perf_counter() - t
best = float('inf')
for _ in range(repeats):
    t = time.perf_counter(); fits[name](); best = min(best, time.perf_counter() - t)
print(json.dumps([fresh * 1e3, best * 1e3]))
`;
const python = '/usr/bin/python3';
const env = {
  ...process.env,
  PYTHONPATH: `/tmp/nilearn-0.10.4${process.env.PYTHONPATH ? `:${process.env.PYTHONPATH}` : ''}`,
};
const quick = process.argv.includes('--quick');
const SETS = [
  ['facecat', '216 × 530 face/cat'],
  ['eight', '864 × 530 8 categories'],
  ...(quick ? [] : [['synthetic', '1452 × 5000 synthetic']]),
];
console.log(
  'estimator                  | data                   | ours fresh / warm ms | sklearn fresh / warm ms | ratio fresh / warm',
);
for (const [which, label] of SETS) {
  const file = `/tmp/voxelkit-bench-linear-${which}`;
  const made = spawnSync(python, ['-c', PY, which, file], { env, encoding: 'utf8' });
  if (made.status !== 0) {
    console.log(`${label}: data could not be prepared (${made.stderr.trim().split('\n').pop()})`);
    continue;
  }
  const { X, y } = load(file);
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;
  for (const name of Object.keys(ESTIMATORS).filter((e) => only === undefined || e === only)) {
    const repeats = name === 'LassoCV' || which === 'synthetic' ? 1 : 3;
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--child', file, name],
      { encoding: 'utf8' },
    );
    const fresh = Number(child.stdout.trim());
    ESTIMATORS[name](X, y);
    let warm = Number.POSITIVE_INFINITY;
    for (let r = 0; r < repeats; r++) {
      const t = performance.now();
      ESTIMATORS[name](X, y);
      warm = Math.min(warm, performance.now() - t);
    }
    const sk = spawnSync(python, ['-c', PY_TIME, file, name, String(repeats)], {
      env,
      encoding: 'utf8',
    });
    const [skFresh, skWarm] = sk.status === 0 ? JSON.parse(sk.stdout) : [Number.NaN, Number.NaN];
    console.log(
      `${name.padEnd(26)} | ${label.padEnd(22)} | ${fresh.toFixed(0).padStart(8)} / ${warm.toFixed(0).padStart(8)} | ${skFresh.toFixed(0).padStart(10)} / ${skWarm.toFixed(0).padStart(8)} | ${(fresh / skFresh).toFixed(2).padStart(6)} / ${(warm / skWarm).toFixed(2)}`,
    );
  }
}
