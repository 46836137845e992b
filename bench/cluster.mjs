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
// Each Redis case runs twice: "fresh" (new workers, new connection, X not yet in Redis) and
// "warm" (same workers and executor, X already stored). Also checks that the results are equal.
// SearchLight (issue 19) is not measured here yet: @voxelkit/decoding's SearchLight is in progress.
//
// Needs redis-server (Debian's) and the built packages:
//   TURBO_TELEMETRY_DISABLED=1 npx turbo run build --filter=@voxelkit/cluster...
// Usage: node bench/cluster.mjs [--permutations 200]
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

const { values } = parseArgs({ options: { permutations: { type: 'string', default: '200' } } });
const nPermutations = Number(values.permutations);

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

  // Per-task overhead: many tiny tasks.
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
  }
} finally {
  redis.stop();
}
