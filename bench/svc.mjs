#!/usr/bin/env node
/**
 * SVC fit time: @voxelkit/estimators vs scikit-learn's SVC(kernel='linear') on the same data,
 * measured in the same run. Data: standard normal features (numpy's RandomState stream, so both
 * sides see identical numbers) with a small class-dependent shift on the first 10 features.
 *
 * Usage: node bench/svc.mjs [--quick]   (needs `turbo run build`; the Python side needs
 * /usr/bin/python3 with numpy and scikit-learn, and is skipped with a message otherwise)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const fromEstimators = createRequire(
  new URL('../packages/estimators/package.json', import.meta.url),
);
const { SVC } = await import(fromEstimators.resolve('@voxelkit/estimators'));
const { RandomState } = await import(fromEstimators.resolve('@voxelkit/core'));

const quick = process.argv.includes('--quick');
const CASES = [
  { n: 216, d: 530, k: 2, repeats: 20 },
  { n: 216, d: 5000, k: 2, repeats: 10 },
  { n: 216, d: 40000, k: 2, repeats: 3 },
  { n: 864, d: 530, k: 8, repeats: 5 },
  ...(quick ? [] : [{ n: 1452, d: 20000, k: 2, repeats: 1 }]),
];

function makeData({ n, d, k }) {
  const rng = new RandomState(0);
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = rng.standardNormal();
  const y = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y[i] = c;
    for (let f = 0; f < Math.min(10, d); f++) data[i * d + f] += 0.5 * (c - (k - 1) / 2);
  }
  return { X: { data, rows: n, cols: d }, y };
}

const PYTHON = `
import sys, time, numpy as np
from sklearn.svm import SVC
n, d, k, repeats = map(int, sys.argv[1:5])
X = np.random.RandomState(0).standard_normal(n * d).reshape(n, d)
y = np.arange(n) % k
X[:, :min(10, d)] += 0.5 * (y - (k - 1) / 2)[:, None]
best = float('inf')
for _ in range(repeats):
    t = time.perf_counter(); m = SVC(kernel='linear').fit(X, y); best = min(best, time.perf_counter() - t)
print(best * 1e3, m.n_support_.sum(), int(np.sum(m.n_iter_)))
`;
const python = '/usr/bin/python3';
const havePython =
  existsSync(python) &&
  spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
if (!havePython) {
  console.log('(scikit-learn not available at /usr/bin/python3: printing our times only)');
}

console.log(
  'case                     | voxelkit ms | sklearn ms | ratio (ours/sklearn) | nSV ours/sk',
);
for (const c of CASES) {
  const { X, y } = makeData(c);
  let best = Number.POSITIVE_INFINITY;
  let model;
  for (let r = 0; r < c.repeats + 1; r++) {
    const t = performance.now();
    model = new SVC({ kernel: 'linear' }).fit(X, y);
    const ms = performance.now() - t;
    if (r > 0 || c.repeats === 1) best = Math.min(best, ms); // first run warms the JIT
  }
  const nSV = model.support_.length;
  let sk = '        –';
  let ratio = '                –';
  let skSV = '–';
  if (havePython) {
    const out = spawnSync(python, ['-c', PYTHON, c.n, c.d, c.k, c.repeats].map(String), {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (out.status === 0) {
      const [ms, sv] = out.stdout.trim().split(/\s+/).map(Number);
      sk = ms.toFixed(1).padStart(10);
      ratio = (best / ms).toFixed(2).padStart(20);
      skSV = String(sv);
    } else sk = ' (failed)';
  }
  const name = `${c.n}x${c.d}${c.k > 2 ? ` (${c.k} classes)` : ''}`.padEnd(24);
  console.log(`${name} | ${best.toFixed(1).padStart(11)} | ${sk} | ${ratio} | ${nSV}/${skSV}`);
}
