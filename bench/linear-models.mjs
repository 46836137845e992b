#!/usr/bin/env node
/**
 * Fit times of the liblinear estimators against scikit-learn 1.2.1 on the same data in the same
 * run: LogisticRegression L1 and L2, LinearSVC L1, GridSearchCV(LinearSVC, C in [1, 10, 100],
 * cv 5). Each case runs in a fresh process on both sides; "fresh" is that process's first fit
 * (JIT/imports warm-up included on our side), "warm" the best of the following repeats.
 * Data: standard normal features (numpy's RandomState stream on both sides) with a
 * class-dependent shift on the first 10 features, at the slice set's shapes (216 × 530 two
 * classes, 864 × 530 eight classes) and 1452 × 5000.
 *
 * Usage: node bench/linear-models.mjs [--quick] [--only lr_l2|lr_l1|svc_l1|grid_svc]   (needs the packages built; the Python side needs
 * /usr/bin/python3 with scikit-learn, and is skipped with a message otherwise)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const quick = process.argv.includes('--quick');
const SHAPES = [
  { n: 216, d: 530, k: 2, repeats: 5 },
  { n: 864, d: 530, k: 8, repeats: 3 },
  ...(quick ? [] : [{ n: 1452, d: 5000, k: 2, repeats: 1 }]),
];
const onlyAt = process.argv.indexOf('--only');
const MODELS = ['lr_l2', 'lr_l1', 'svc_l1', 'grid_svc'].filter(
  (m) => onlyAt < 0 || m === process.argv[onlyAt + 1],
);

if (process.argv[2] === '--child') {
  const [, , , model, n, d, k, repeats] = process.argv;
  const { createRequire } = await import('node:module');
  const req = createRequire(new URL('../packages/model-selection/package.json', import.meta.url));
  const { LogisticRegression, LinearSVC } = await import(req.resolve('@voxelkit/estimators'));
  const { GridSearchCV } = await import(req.resolve('@voxelkit/model-selection'));
  const { RandomState, setWarningHandler } = await import(req.resolve('@voxelkit/core'));
  setWarningHandler(() => {});
  const [N, D, K, R] = [n, d, k, repeats].map(Number);
  const rng = new RandomState(0);
  const data = new Float64Array(N * D);
  for (let i = 0; i < data.length; i++) data[i] = rng.standardNormal();
  const y = new Array(N);
  for (let i = 0; i < N; i++) {
    y[i] = i % K;
    for (let f = 0; f < Math.min(10, D); f++) data[i * D + f] += 0.5 * ((i % K) - (K - 1) / 2);
  }
  const X = { data, rows: N, cols: D };
  const make = {
    lr_l2: () => new LogisticRegression(),
    lr_l1: () => new LogisticRegression({ penalty: 'l1' }),
    svc_l1: () => new LinearSVC({ penalty: 'l1', dual: false }),
    grid_svc: () =>
      new GridSearchCV({ estimator: new LinearSVC(), paramGrid: { C: [1, 10, 100] }, cv: 5 }),
  }[model];
  const times = [];
  for (let r = 0; r <= R; r++) {
    const t = performance.now();
    make().fit(X, y);
    times.push(performance.now() - t);
  }
  console.log(JSON.stringify(times));
  process.exit(0);
}

const PYTHON = `
import sys, time, json, warnings, numpy as np
warnings.simplefilter('ignore')
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC
from sklearn.model_selection import GridSearchCV
model = sys.argv[1]; n, d, k, repeats = map(int, sys.argv[2:6])
X = np.random.RandomState(0).standard_normal(n * d).reshape(n, d)
y = np.arange(n) % k
X[:, :min(10, d)] += 0.5 * (y - (k - 1) / 2)[:, None]
make = {'lr_l2': lambda: LogisticRegression(solver='liblinear'),
        'lr_l1': lambda: LogisticRegression(solver='liblinear', penalty='l1'),
        'svc_l1': lambda: LinearSVC(penalty='l1', dual=False),
        'grid_svc': lambda: GridSearchCV(LinearSVC(), {'C': [1, 10, 100]}, cv=5)}[model]
times = []
for _ in range(repeats + 1):
    t = time.perf_counter(); make().fit(X, y); times.append((time.perf_counter() - t) * 1e3)
print(json.dumps(times))
`;
const python = '/usr/bin/python3';
const havePython =
  existsSync(python) &&
  spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
if (!havePython) console.log('(scikit-learn not available at /usr/bin/python3: our times only)');

const self = fileURLToPath(import.meta.url);
const fmt = (v) => (v === undefined ? '   -   ' : v.toFixed(1).padStart(8));
const summary = (t) => ({ fresh: t[0], warm: t.length > 1 ? Math.min(...t.slice(1)) : t[0] });
console.log(
  'case                       ours fresh/warm ms   sklearn fresh/warm ms   ratio fresh/warm',
);
for (const s of SHAPES) {
  for (const model of MODELS) {
    const args = [model, s.n, s.d, s.k, s.repeats].map(String);
    const ours = spawnSync(process.execPath, [self, '--child', ...args], { encoding: 'utf8' });
    if (ours.status !== 0) {
      console.log(`${model} ${s.n}x${s.d}: failed\n${ours.stderr}`);
      continue;
    }
    const o = summary(JSON.parse(ours.stdout.trim().split('\n').pop()));
    let p;
    if (havePython) {
      const py = spawnSync(python, ['-c', PYTHON, ...args], { encoding: 'utf8' });
      if (py.status === 0) p = summary(JSON.parse(py.stdout.trim()));
    }
    const ratio = p ? `${(o.fresh / p.fresh).toFixed(2)} / ${(o.warm / p.warm).toFixed(2)}` : '-';
    console.log(
      `${`${model} ${s.n}x${s.d} k=${s.k}`.padEnd(26)} ${fmt(o.fresh)} ${fmt(o.warm)}      ${fmt(p?.fresh)} ${fmt(p?.warm)}      ${ratio}`,
    );
  }
}
