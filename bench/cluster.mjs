#!/usr/bin/env node
// Benchmark of @voxelkit/cluster (issue 19): the same problems on local threads (the reference,
// same run) and through Redis with `voxelkit-worker` processes on this machine.
//
// - "permutations": permutationTestScore of SVC(kernel='linear'), LeaveOneGroupOut, on the
//   face/cat rows of the real Haxby slice (216 × 530, 12 chunks; synthetic data of that shape
//   when ../shared/data is absent), 200 permutations = 201 tasks of 12 fits. Redis with 1 and
//   2 worker processes against nJobs 1 and 2 worker threads; the speed-up 1 → 2 workers.
// - "overhead": 400 tiny tasks (DummyClassifier, ShuffleSplit of 40 × 4) through 1 worker
//   process against the same tasks on the calling thread: (Redis − local) / tasks = cost per task.
// - "searchlight": SearchLight('svc', radius 5.6 mm, KFold(4)) over the VT mask of the real slice
//   (face/cat scans, raw as nilearn's example; the first --seeds spheres, default all 530), in
//   chunks of 32 spheres = tasks, through Redis with 1 and 2 worker processes against local
//   nJobs 1 and 2 in the same run; the speed-up 1 → 2 workers. Checks the maps are equal.
// - "decoder": Decoder('svc', screening 20 %, leave-one-run-out) face vs cat: 12 (class, fold)
//   tasks through Redis with 2 worker processes against local nJobs 1 and 2.
// Each permutation / overhead case runs twice: "fresh" (new workers, new connection, X not yet
// in Redis) and "warm" (same workers and executor, X already stored); the searchlight and
// decoder cases once each (their first run stores X). Also checks that the results are equal.
//
// Needs redis-server (Debian's) and the built packages:
//   TURBO_TELEMETRY_DISABLED=1 npx turbo run build --filter=@voxelkit/cluster... --filter=@voxelkit/decoding...
// Usage: node bench/cluster.mjs [--permutations 200] [--seeds 530]
//   [--only permutations,overhead,searchlight,decoder]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { findData, loadReal, synthetic } from './lib/face-cat.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, '..', 'packages', 'cluster');
const require = createRequire(join(pkgDir, 'package.json'));

async function importPackage(name) {
  try {
    return await import(pathToFileURL(require.resolve(name)).href);
  } catch (cause) {
    throw new Error(
      `Cannot load ${name}: build it first (npx turbo run build --filter=@voxelkit/cluster...).`,
      { cause },
    );
  }
}

const { values } = parseArgs({
  options: {
    permutations: { type: 'string', default: '200' },
    seeds: { type: 'string', default: '0' },
    only: { type: 'string', default: 'permutations,overhead,searchlight,decoder' },
  },
});
const nPermutations = Number(values.permutations);
const nSeeds = Number(values.seeds);
const only = new Set(values.only.split(','));

const ms = await importPackage('@voxelkit/model-selection');
const { SVC, DummyClassifier } = await importPackage('@voxelkit/estimators');
const { RandomState } = await importPackage('@voxelkit/core');
const { RedisExecutor } = await importPackage('@voxelkit/cluster');
const workerBin = join(pkgDir, 'dist', 'bin', 'voxelkit-worker.js');
if (!existsSync(workerBin)) throw new Error(`${workerBin} is missing: build @voxelkit/cluster.`);

const redisBinary = ['/usr/bin/redis-server']
  .concat(spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim())
  .find((p) => p && existsSync(p));
if (redisBinary === undefined) {
  console.log(
    'cluster bench skipped: redis-server is not installed (apt-get install redis-server).',
  );
  process.exit(0);
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'vk-bench-redis-'));
  const child = spawn(
    redisBinary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const ok = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
    if (ok.stdout?.trim() === 'PONG') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop() {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function startWorkers(url, n) {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, [workerBin, '--redis', url], {
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          child.stdout.on('data', (d) => {
            if (String(d).includes(' ready on queue')) resolve(child);
          });
          child.once('exit', (code) => reject(new Error(`voxelkit-worker exited (${code})`)));
        }),
    ),
  );
}

/** CPU seconds (user + system) a process has used so far (Linux /proc), or NaN. */
function cpuOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Wall time of `fn`, and the CPU time of this process plus `pids` meanwhile. */
async function timed(fn, pids = []) {
  const c0 = process.cpuUsage();
  const p0 = pids.map(cpuOf);
  const t0 = performance.now();
  const result = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(c0);
  const cpu = (own.user + own.system) / 1e6 + pids.reduce((s, pid, i) => s + cpuOf(pid) - p0[i], 0);
  return { result, seconds, cpu };
}

function line(work, ours, ref) {
  console.log(
    `${work.padEnd(44)} ours ${ours.seconds.toFixed(2)} s (CPU ${ours.cpu.toFixed(2)} s)   reference ${ref.seconds.toFixed(2)} s (CPU ${ref.cpu.toFixed(2)} s)   ratio ${(ref.seconds / ours.seconds).toFixed(2)}`,
  );
}

const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

const dataDir = findData();
const { X, y, groups, source } = dataDir ? await loadReal(dataDir) : await synthetic();
const perm = { cv: new ms.LeaveOneGroupOut(), groups, nPermutations, randomState: 0 };
const svc = new SVC({ kernel: 'linear' });
console.log(
  `cluster: ${source} (${X.rows} × ${X.cols}); ${availableParallelism()} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; reference = local worker threads (nJobs) in the same run`,
);

const redis = await startRedis();
try {
  if (only.has('permutations')) await permutationCases();
  if (only.has('overhead')) await overheadCase();
  if (only.has('searchlight') || only.has('decoder')) {
    if (dataDir === undefined) {
      console.log('searchlight / decoder cases skipped: the Haxby slice set is not present.');
    } else {
      const images = await loadImages(dataDir);
      if (only.has('searchlight')) await searchLightCase(images);
      if (only.has('decoder')) await decoderCase(images);
    }
  }
} finally {
  redis.stop();
}

async function permutationCases() {
  const local1 = await timed(() => ms.permutationTestScore(svc, X, y, { ...perm, nJobs: 1 }));
  const local2 = await timed(() => ms.permutationTestScore(svc, X, y, { ...perm, nJobs: 2 }));
  const times = {};
  for (const n of [1, 2]) {
    const workers = await startWorkers(redis.url, n);
    const executor = new RedisExecutor({ connection: redis.url, queue: 'voxelkit' });
    try {
      for (const phase of ['fresh', 'warm']) {
        const r = await timed(
          () => ms.permutationTestScore(svc, X, y, { ...perm, executor }),
          workers.map((w) => w.pid),
        );
        if (!same(r.result.permutationScores, local1.result.permutationScores)) {
          throw new Error('Redis permutation scores differ from nJobs: 1');
        }
        times[`${n}-${phase}`] = r.seconds;
        line(
          `permutations ${nPermutations}, ${n} worker process${n > 1 ? 'es' : ''}, ${phase}`,
          r,
          n === 1 ? local1 : local2,
        );
      }
    } finally {
      await executor.close();
      for (const w of workers) w.kill('SIGTERM');
      // A new queue state for the next case: wait until the workers have left.
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  console.log(
    `  speed-up 1 → 2 worker processes: fresh ${(times['1-fresh'] / times['2-fresh']).toFixed(2)}×, warm ${(times['1-warm'] / times['2-warm']).toFixed(2)}× (local threads: ${(local1.seconds / local2.seconds).toFixed(2)}×)`,
  );
}

/** Per-task overhead: many tiny tasks. */
async function overheadCase() {
  const rng = new RandomState(1);
  const tiny = {
    data: Float64Array.from({ length: 160 }, () => rng.standardNormal()),
    rows: 40,
    cols: 4,
  };
  const ty = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'a' : 'b'));
  const nTasks = 400;
  const cv = new ms.ShuffleSplit({ nSplits: nTasks, testSize: 0.25, randomState: 0 });
  const dummy = new DummyClassifier();
  const local = await timed(() => ms.crossValScore(dummy, tiny, ty, { cv }));
  const workers = await startWorkers(redis.url, 1);
  const executor = new RedisExecutor({ connection: redis.url });
  try {
    for (const phase of ['fresh', 'warm']) {
      const r = await timed(
        () => ms.crossValScore(dummy, tiny, ty, { cv, executor }),
        workers.map((w) => w.pid),
      );
      if (!same(r.result, local.result)) throw new Error('Redis scores differ from local');
      line(`overhead: ${nTasks} tiny tasks, 1 worker, ${phase}`, r, local);
      console.log(
        `  overhead per task: ${(((r.seconds - local.seconds) / nTasks) * 1000).toFixed(2)} ms wall, ${(((r.cpu - local.cpu) / nTasks) * 1000).toFixed(2)} ms CPU (caller + worker; Redis not counted)`,
      );
    }
  } finally {
    await executor.close();
    for (const w of workers) w.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The face/cat scans (raw, as nilearn's searchlight example), labels, runs, the VT mask. */
async function loadImages(dir) {
  const { indexImg } = await import('@voxelkit/image');
  const { readNifti } = await import('@voxelkit/nifti-io');
  const rows = readFileSync(join(dir, 'labels.txt'), 'utf8').trim().split('\n').slice(1);
  const keep = rows.map((r) => /^(face|cat)\s/.test(r.trim()));
  const kept = rows.filter((_, i) => keep[i]).map((r) => r.trim().split(/\s+/));
  return {
    func: await indexImg(join(dir, 'bold.nii.gz'), keep),
    mask: await readNifti(join(dir, 'mask4_vt.nii.gz')),
    maskPath: join(dir, 'mask4_vt.nii.gz'),
    labels: kept.map((r) => r[0]),
    runs: kept.map((r) => Number(r[1])),
  };
}

/** SearchLight through Redis with 1 and 2 worker processes against local nJobs 1 and 2. */
async function searchLightCase({ func, mask, labels }) {
  const { SearchLight } = await import('@voxelkit/decoding');
  const { NiftiImage } = await import('@voxelkit/nifti-io');
  const { maskIndices } = await import('@voxelkit/masking');
  const { setWarningHandler } = await import('@voxelkit/core');
  const previous = setWarningHandler(() => {}); // nilearn silences ConvergenceWarning too
  const shape = mask.shape.slice(0, 3);
  const idx = maskIndices(mask.getFData(), shape);
  const n = nSeeds > 0 ? Math.min(nSeeds, idx.length) : idx.length;
  const process_ = new Uint8Array(mask.getFData().length);
  for (let s = 0; s < n; s++) process_[idx[s]] = 1;
  const processMaskImg = NiftiImage.fromArray(process_, shape, mask.affine);
  const fit = (options) =>
    new SearchLight({
      maskImg: mask,
      processMaskImg,
      radius: 5.6,
      cv: new ms.KFold({ nSplits: 4 }),
      ...options,
    })
      .fit(func, labels)
      .then((sl) => sl.scores_);
  const work = `SearchLight 'svc', ${n} spheres (${Math.ceil(n / 32)} tasks)`;
  const local1 = await timed(() => fit({ nJobs: 1 }));
  const local2 = await timed(() => fit({ nJobs: 2 }));
  if (!same(local2.result, local1.result)) throw new Error('SearchLight nJobs 2 differs from 1');
  line(`${work}, local nJobs 2`, local2, local1);
  const times = {};
  for (const nw of [1, 2]) {
    const workers = await startWorkers(redis.url, nw);
    const executor = new RedisExecutor({ connection: redis.url });
    try {
      const r = await timed(
        () => fit({ executor }),
        workers.map((w) => w.pid),
      );
      if (!same(r.result, local1.result)) throw new Error('SearchLight through Redis differs');
      times[nw] = r.seconds;
      line(`${work}, ${nw} worker process${nw > 1 ? 'es' : ''}`, r, nw === 1 ? local1 : local2);
    } finally {
      await executor.close();
      for (const w of workers) w.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  console.log(
    `  speed-up 1 → 2 worker processes: ${(times[1] / times[2]).toFixed(2)}× (local threads nJobs 1 → 2: ${(local1.seconds / local2.seconds).toFixed(2)}×); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  setWarningHandler(previous);
}

/** Decoder('svc') face vs cat, leave-one-run-out: 12 fold tasks through Redis (2 workers). */
async function decoderCase({ func, maskPath, labels, runs }) {
  const { Decoder } = await import('@voxelkit/decoding');
  const { setWarningHandler } = await import('@voxelkit/core');
  const previous = setWarningHandler(() => {});
  const fit = (options) =>
    new Decoder({ estimator: 'svc', mask: maskPath, cv: new ms.LeaveOneGroupOut(), ...options })
      .fit(func, labels, { groups: runs })
      .then((d) => d.cvScores_.face);
  const local1 = await timed(() => fit({ nJobs: 1 }));
  const local2 = await timed(() => fit({ nJobs: 2 }));
  if (!same(local2.result, local1.result)) throw new Error('Decoder nJobs 2 differs from 1');
  line("Decoder 'svc' LOGO (12 tasks), local nJobs 2", local2, local1);
  const workers = await startWorkers(redis.url, 2);
  const executor = new RedisExecutor({ connection: redis.url });
  try {
    const r = await timed(
      () => fit({ executor }),
      workers.map((w) => w.pid),
    );
    if (!same(r.result, local1.result)) throw new Error('Decoder through Redis differs');
    line("Decoder 'svc' LOGO (12 tasks), 2 worker processes", r, local2);
  } finally {
    await executor.close();
    for (const w of workers) w.kill('SIGTERM');
  }
  setWarningHandler(previous);
}
