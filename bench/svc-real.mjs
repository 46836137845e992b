#!/usr/bin/env node
/**
 * SVC / LinearSVC on the real decoding problems a user runs, against scikit-learn in the same run.
 *
 * Data: the Haxby 2001 slice set (../shared/data/haxby-slice/haxby2001-slice/subj1), masked as the
 * tutorial does (`NiftiMasker({ maskImg, standardize: true })`, 1452 × 530), optionally narrowed to
 * its first 64 or 129 mask voxels. The masked matrix is written once to a temporary file that both
 * sides read, so they fit exactly the same numbers.
 *
 * Every case is timed in fresh processes (node and python3, one process per timing): "cold" is the
 * first fit of the process (the module and data are loaded, nothing else ran — WebAssembly
 * compilation, JIT warm-up and first-touch page faults count), "warm" the best of the following
 * repetitions in the same process. Each process is started `--runs` times (default 3); the table
 * prints the median and the range over the runs, and the ratio of the medians (ours / sklearn).
 *
 * Usage: node bench/svc-real.mjs [--runs 3] [--only name,name]   (needs the built packages:
 * `node scripts/run.mjs turbo run build --filter=@voxelkit/estimators... --filter=@voxelkit/masking...`;
 * the Python side needs /usr/bin/python3 with numpy and scikit-learn 1.2)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const fromBench = createRequire(new URL('./package.json', import.meta.url));

/** Cases: what is fitted, on which rows and voxels, and how often in the warm phase. */
const CASES = [
  {
    name: 'svc-lin-fc-530',
    what: 'SVC linear fit, face vs cat 216×530',
    est: 'svc-linear',
    task: 'fc',
    d: 530,
    reps: 20,
  },
  {
    name: 'svc-lin-fc-129',
    what: 'SVC linear fit, face vs cat 216×129',
    est: 'svc-linear',
    task: 'fc',
    d: 129,
    reps: 20,
  },
  {
    name: 'svc-lin-fc-64',
    what: 'SVC linear fit, face vs cat 216×64',
    est: 'svc-linear',
    task: 'fc',
    d: 64,
    reps: 20,
  },
  {
    name: 'svc-lin-8-530',
    what: 'SVC linear, 8 cat. LOGO (12 fits+predict, 792×530)',
    est: 'svc-linear',
    task: 'logo8',
    d: 530,
    reps: 2,
  },
  {
    name: 'svc-lin-8-129',
    what: 'SVC linear, 8 cat. LOGO, 129 voxels',
    est: 'svc-linear',
    task: 'logo8',
    d: 129,
    reps: 2,
  },
  {
    name: 'svc-lin-8-64',
    what: 'SVC linear, 8 cat. LOGO, 64 voxels',
    est: 'svc-linear',
    task: 'logo8',
    d: 64,
    reps: 2,
  },
  {
    name: 'svc-rbf-fc-530',
    what: 'SVC rbf fit, face vs cat 216×530',
    est: 'svc-rbf',
    task: 'fc',
    d: 530,
    reps: 20,
  },
  {
    name: 'svc-rbf-8-530',
    what: 'SVC rbf, 8 cat. LOGO (12 fits+predict)',
    est: 'svc-rbf',
    task: 'logo8',
    d: 530,
    reps: 2,
  },
  {
    name: 'svc-rbf-8-129',
    what: 'SVC rbf, 8 cat. LOGO, 129 voxels',
    est: 'svc-rbf',
    task: 'logo8',
    d: 129,
    reps: 2,
  },
  {
    name: 'lsvc-fc-530',
    what: 'LinearSVC(maxIter 1e4) fit, face vs cat 216×530',
    est: 'linear-svc',
    task: 'fc',
    d: 530,
    reps: 10,
  },
  {
    name: 'lsvc-8-530',
    what: 'LinearSVC(maxIter 1e4) fit, 8 cat. OvR 864×530',
    est: 'linear-svc',
    task: 'all8',
    d: 530,
    reps: 2,
  },
  {
    name: 'svc-lin-fc-7',
    what: 'SVC linear per-fit overhead, 216×7 (mean of 200)',
    est: 'svc-linear',
    task: 'fc',
    d: 7,
    reps: 200,
    mean: true,
  },
  {
    name: 'svc-rbf-fc-7',
    what: 'SVC rbf per-fit overhead, 216×7 (mean of 200)',
    est: 'svc-rbf',
    task: 'fc',
    d: 7,
    reps: 200,
    mean: true,
  },
  {
    name: 'lsvc-fc-7',
    what: 'LinearSVC per-fit overhead, 216×7 (mean of 200)',
    est: 'linear-svc',
    task: 'fc',
    d: 7,
    reps: 200,
    mean: true,
  },
];

// ---------------------------------------------------------------- child: one timing process (node)
async function nodeChild(caseName, dir) {
  const c = CASES.find((x) => x.name === caseName);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  const buf = readFileSync(join(dir, 'X.bin'));
  const full = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
  const { rows: n, cols: p, labels, chunks } = meta;
  const keep =
    c.task === 'fc'
      ? labels.flatMap((l, i) => (l === 'face' || l === 'cat' ? [i] : []))
      : labels.flatMap((l, i) => (l !== 'rest' ? [i] : []));
  const d = c.d;
  const data = new Float64Array(keep.length * d);
  keep.forEach((r, i) => {
    data.set(full.subarray(r * p, r * p + d), i * d);
  });
  if (n * p !== full.length) throw new Error('bad data file');
  const X = { data, rows: keep.length, cols: d };
  const y = keep.map((i) => labels[i]);
  const g = keep.map((i) => chunks[i]);
  const est = await import(fromBench.resolve('@voxelkit/estimators'));
  const make = () =>
    c.est === 'svc-linear'
      ? new est.SVC({ kernel: 'linear' })
      : c.est === 'svc-rbf'
        ? new est.SVC({ kernel: 'rbf' })
        : new est.LinearSVC({ C: 1, maxIter: 10000 });
  const take = (idx) => {
    const out = new Float64Array(idx.length * d);
    idx.forEach((r, i) => {
      out.set(data.subarray(r * d, (r + 1) * d), i * d);
    });
    return { data: out, rows: idx.length, cols: d };
  };
  let work;
  if (c.task === 'logo8') {
    const folds = [];
    for (let run = 0; run < 12; run++) {
      const tr = g.flatMap((v, i) => (v !== run ? [i] : []));
      const te = g.flatMap((v, i) => (v === run ? [i] : []));
      folds.push({ Xtr: take(tr), ytr: tr.map((i) => y[i]), Xte: take(te) });
    }
    work = () => {
      let s = 0;
      for (const f of folds) s += make().fit(f.Xtr, f.ytr).predict(f.Xte).length;
      return s;
    };
  } else work = () => make().fit(X, y);
  let t = performance.now();
  work();
  const cold = performance.now() - t;
  let warm = Number.POSITIVE_INFINITY;
  if (c.mean) {
    t = performance.now();
    for (let r = 0; r < c.reps; r++) work();
    warm = (performance.now() - t) / c.reps;
  } else {
    for (let r = 0; r < c.reps; r++) {
      t = performance.now();
      work();
      warm = Math.min(warm, performance.now() - t);
    }
  }
  process.stdout.write(`${cold} ${warm}\n`);
}

// -------------------------------------------------------------- child: one timing process (python)
const PYTHON = `
import sys, json, time, numpy as np
case, dir_, d, reps, mean = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == '1'
est, task = sys.argv[6], sys.argv[7]
meta = json.load(open(dir_ + '/meta.json'))
full = np.fromfile(dir_ + '/X.bin', dtype=np.float64).reshape(meta['rows'], meta['cols'])
labels = np.array(meta['labels']); chunks = np.array(meta['chunks'])
keep = np.isin(labels, ['face', 'cat']) if task == 'fc' else labels != 'rest'
X = np.ascontiguousarray(full[keep][:, :d]); y = labels[keep]; g = chunks[keep]
from sklearn.svm import SVC, LinearSVC
make = (lambda: SVC(kernel='linear')) if est == 'svc-linear' else (lambda: SVC(kernel='rbf')) if est == 'svc-rbf' else (lambda: LinearSVC(C=1, max_iter=10000))
if task == 'logo8':
    folds = [(np.ascontiguousarray(X[g != r]), y[g != r], np.ascontiguousarray(X[g == r])) for r in range(12)]
    def work():
        for Xtr, ytr, Xte in folds: make().fit(Xtr, ytr).predict(Xte)
else:
    def work(): make().fit(X, y)
t = time.perf_counter(); work(); cold = (time.perf_counter() - t) * 1e3
if mean:
    t = time.perf_counter()
    for _ in range(reps): work()
    warm = (time.perf_counter() - t) * 1e3 / reps
else:
    warm = float('inf')
    for _ in range(reps):
        t = time.perf_counter(); work(); warm = min(warm, (time.perf_counter() - t) * 1e3)
print(cold, warm)
`;

// ------------------------------------------------------------------------------------- parent
async function prepare() {
  const dir = mkdtempSync(join(tmpdir(), 'svc-real-'));
  if (process.argv.includes('--prepare-only')) console.log(dir);
  const subj = new URL('../../shared/data/haxby-slice/haxby2001-slice/subj1/', import.meta.url);
  const bold = fileURLToPath(new URL('bold.nii.gz', subj));
  if (!existsSync(bold)) return undefined;
  const { NiftiMasker } = await import(fromBench.resolve('@voxelkit/masking'));
  const masker = new NiftiMasker({
    maskImg: fileURLToPath(new URL('mask4_vt.nii.gz', subj)),
    standardize: true,
  });
  const m = await masker.fitTransform(bold);
  const X = m.data instanceof Float64Array ? m.data : Float64Array.from(m.data);
  const lines = readFileSync(new URL('labels.txt', subj), 'utf8').trim().split('\n').slice(1);
  const labels = lines.map((l) => l.split(/\s+/)[0]);
  const chunks = lines.map((l) => Number(l.split(/\s+/)[1]));
  writeFileSync(join(dir, 'X.bin'), Buffer.from(X.buffer, X.byteOffset, X.byteLength));
  writeFileSync(
    join(dir, 'meta.json'),
    JSON.stringify({ rows: m.rows, cols: m.cols, labels, chunks }),
  );
  return dir;
}

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function fmt(v) {
  if (v.length === 0) return '–';
  const f = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return v.length === 1 ? f(v[0]) : `${f(median(v))} (${f(lo)}–${f(hi)})`;
}

async function main() {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? dflt : process.argv[i + 1];
  };
  if (process.argv[2] === '--child') return nodeChild(process.argv[3], process.argv[4]);
  const runs = Number(arg('--runs', '3'));
  const only = arg('--only', undefined)?.split(',');
  const dir = await prepare();
  if (dir === undefined) {
    console.log('(the Haxby slice set is not in ../shared/data: nothing to measure)');
    return;
  }
  if (process.argv.includes('--prepare-only')) return; // for profiling a --child by hand
  const python = '/usr/bin/python3';
  const havePython =
    existsSync(python) &&
    spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
  if (!havePython) console.log('(scikit-learn not available at /usr/bin/python3: our times only)');
  const load = () =>
    loadavg()
      .map((v) => v.toFixed(1))
      .join(' ');
  console.log(
    `${runs} fresh processes per cell; median (min–max) in ms; ratio = ours / sklearn medians; load average ${load()}`,
  );
  console.log(
    '| work | voxelkit cold | sklearn cold | ratio | voxelkit warm | sklearn warm | ratio |\n| --- | --- | --- | --- | --- | --- | --- |',
  );
  try {
    for (const c of CASES) {
      if (only && !only.includes(c.name)) continue;
      const ours = { cold: [], warm: [] };
      const sk = { cold: [], warm: [] };
      for (let r = 0; r < runs; r++) {
        const a = spawnSync(process.execPath, [here, '--child', c.name, dir], { encoding: 'utf8' });
        if (a.status !== 0) throw new Error(`node child failed: ${a.stderr}`);
        const [oc, ow] = a.stdout.trim().split(/\s+/).map(Number);
        ours.cold.push(oc);
        ours.warm.push(ow);
        if (!havePython) continue;
        const args = [c.name, dir, c.d, c.reps, c.mean ? 1 : 0, c.est, c.task].map(String);
        const b = spawnSync(python, ['-c', PYTHON, ...args], { encoding: 'utf8' });
        if (b.status !== 0) throw new Error(`python child failed: ${b.stderr}`);
        const [sc, sw] = b.stdout.trim().split(/\s+/).map(Number);
        sk.cold.push(sc);
        sk.warm.push(sw);
      }
      const ratio = (a, b) => (b.length ? (median(a) / median(b)).toFixed(2) : '–');
      console.log(
        `| ${c.what} | ${fmt(ours.cold)} | ${fmt(sk.cold)} | ${ratio(ours.cold, sk.cold)} | ${fmt(ours.warm)} | ${fmt(sk.warm)} | ${ratio(ours.warm, sk.warm)} |`,
      );
    }
    console.log(`load average at the end: ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
