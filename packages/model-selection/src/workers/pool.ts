/**
 * Runs cross-validation jobs on the main thread (`nJobs: 1`) or on a pool of `worker_threads`
 * (Node). Results come back in job order whatever the thread that computed them, and each job
 * runs the same code either way, so the numbers are identical.
 *
 * @module
 */
import type { Worker as NodeWorker, WorkerOptions } from 'node:worker_threads';
import { ValidationError, VoxelkitError, warn } from '@voxelkit/core';
import {
  type CrossValEstimator,
  type FoldJob,
  type JobContext,
  type JobResult,
  runJob,
} from '../fit-and-score.js';
import type { Scoring } from '../scoring.js';
import { decodeEstimator, type EncodedEstimator, encodeEstimator } from './estimator-transfer.js';
import {
  deserializeError,
  type JobMessage,
  type WorkerInit,
  type WorkerMessage,
} from './protocol.js';

/** Options shared by every function that can run in parallel. */
export interface ParallelOptions {
  /**
   * Number of worker threads (default 1: run on the calling thread). `-1` means one per CPU,
   * `-2` all but one, … (scikit-learn's `n_jobs`). Results are identical to `nJobs: 1` and in
   * the same order. Needs Node's `worker_threads`; elsewhere the work runs on the calling thread.
   */
  nJobs?: number;
  /**
   * Modules each worker imports before rebuilding the estimator — those that call
   * `registerEstimator` for your own estimator classes. Give absolute `file:` URLs (e.g.
   * `new URL('./my-estimator.js', import.meta.url)`) or package names. '@voxelkit/core' and
   * '@voxelkit/estimators' are always imported.
   */
  workerModules?: ReadonlyArray<string | URL>;
}

function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

/**
 * The number of workers `nJobs` asks for, given `cpus` CPUs.
 *
 * @throws ValidationError for 0 or a non-integer.
 */
export function resolveNJobs(nJobs: number | undefined | null, cpus = 1): number {
  if (nJobs === undefined || nJobs === null) return 1;
  if (typeof nJobs !== 'number' || !Number.isInteger(nJobs) || nJobs === 0) {
    throw new ValidationError(
      `nJobs must be a positive integer, or -1 for one worker per CPU (-2 for all but one, …); got ${String(nJobs)}.`,
    );
  }
  if (nJobs > 0) return nJobs;
  return Math.max(1, cpus + 1 + nJobs);
}

function toSpecifier(m: string | URL, pathToFileURL: (p: string) => URL): string {
  if (m instanceof URL) return m.href;
  if (m.startsWith('/')) return pathToFileURL(m).href;
  return m;
}

/**
 * The parent's Node flags minus those a worker rejects (`--input-type`, `--eval`, `--print` and
 * their values), so that e.g. `node --input-type=module -e …` can still start workers.
 */
export function workerExecArgv(parent: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const a = parent[i] as string;
    if (a === '--input-type' || a === '-e' || a === '--eval' || a === '-p' || a === '--print') {
      i++;
      continue;
    }
    if (a.startsWith('--input-type=') || a.startsWith('--eval=') || a.startsWith('--print='))
      continue;
    out.push(a);
  }
  return out;
}

/** Finds the worker script: built JS beside this module, or (tests on sources) the .ts via tsx. */
async function createWorker(workerData: WorkerInit): Promise<NodeWorker> {
  const { Worker } = await import('node:worker_threads');
  const { existsSync } = await import('node:fs');
  const { fileURLToPath, pathToFileURL } = await import('node:url');
  const base: WorkerOptions = { workerData, execArgv: workerExecArgv(process.execArgv) };
  const js = new URL('./fold-worker.js', import.meta.url);
  if (js.protocol !== 'file:' || existsSync(fileURLToPath(js))) return new Worker(js, base);
  const ts = new URL('./fold-worker.ts', import.meta.url);
  if (!existsSync(fileURLToPath(ts))) {
    throw new VoxelkitError(
      `The fold worker script ${fileURLToPath(js)} is missing: rebuild @voxelkit/model-selection.`,
    );
  }
  // Running from TypeScript sources (e.g. under vitest): load the worker through tsx's ESM hooks,
  // resolving workspace packages to their sources as the tests do.
  let tsxApi: string;
  try {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    tsxApi = new URL('dist/esm/api/index.mjs', pathToFileURL(require.resolve('tsx/package.json')))
      .href;
  } catch (cause) {
    throw new VoxelkitError(
      'nJobs > 1 from TypeScript sources needs the `tsx` package (a dev dependency). Build the package and use dist, or use nJobs: 1.',
      { cause },
    );
  }
  const code =
    `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(ts.href)}); })` +
    `.catch((e) => { require('node:worker_threads').parentPort.postMessage({ type: 'error', id: null, error: { name: e && e.name || 'Error', message: String(e && e.message || e), stack: e && e.stack } }); });`;
  return new Worker(code, {
    ...base,
    eval: true,
    execArgv: [...(base.execArgv ?? []), '--conditions=@voxelkit/source'],
  });
}

function decodeResult(result: JobResult): JobResult {
  if (result.kind === 'score' && result.estimator !== undefined) {
    result.estimator = decodeEstimator<CrossValEstimator>(
      result.estimator as unknown as EncodedEstimator,
    );
  }
  return result;
}

/**
 * Runs `jobs` with `ctx` — on this thread, or on `nJobs` worker threads — and returns their
 * results in job order.
 *
 * @throws ValidationError before any work starts when the estimator cannot cross into a worker
 *   (unregistered class, function parameter) or a scoring is a function with `nJobs > 1`;
 *   otherwise the first error a job raised (with its original type).
 */
export async function runJobs(
  ctx: JobContext,
  scoring: readonly (Scoring | undefined)[],
  jobs: readonly FoldJob[],
  options: ParallelOptions = {},
): Promise<JobResult[]> {
  let cpus = 1;
  if (isNode() && typeof options.nJobs === 'number' && options.nJobs < 0) {
    cpus = (await import('node:os')).availableParallelism();
  }
  const nWorkers = Math.min(resolveNJobs(options.nJobs, cpus), jobs.length);
  if (nWorkers <= 1 || !isNode()) return jobs.map((job) => runJob(ctx, job));
  if (scoring.some((spec) => typeof spec === 'function')) {
    throw new ValidationError(
      'A scoring function cannot be sent to worker threads: use a scoring name (e.g. "accuracy"), or nJobs: 1.',
    );
  }
  const estimator = encodeEstimator(ctx.estimator);
  const { pathToFileURL } = await import('node:url');
  const buffer = new SharedArrayBuffer(ctx.X.data.byteLength);
  new Float64Array(buffer).set(ctx.X.data);
  const init: WorkerInit = {
    estimator,
    X: { buffer, rows: ctx.X.rows, cols: ctx.X.cols },
    y: ctx.y,
    scoring: scoring as (string | undefined)[],
    modules: (options.workerModules ?? []).map((m) => toSpecifier(m, pathToFileURL)),
  };
  const workers: NodeWorker[] = [];
  try {
    for (let i = 0; i < nWorkers; i++) workers.push(await createWorker(init));
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
  const results: JobResult[] = new Array(jobs.length);
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const feed = (w: NodeWorker) => {
        if (next >= jobs.length) return;
        const id = next++;
        const message: JobMessage = { type: 'job', id, job: jobs[id] as FoldJob };
        w.postMessage(message);
      };
      for (const w of workers) {
        w.on('message', (message: WorkerMessage) => {
          if (settled) return;
          if (message.type === 'ready') feed(w);
          else if (message.type === 'warning')
            warn(deserializeError(message.warning) as VoxelkitError);
          else if (message.type === 'error') {
            const where =
              message.id === null
                ? 'while starting a worker thread'
                : `in a worker thread, job ${message.id}`;
            fail(deserializeError(message.error, where));
          } else {
            try {
              results[message.id] = decodeResult(message.result);
            } catch (error) {
              fail(error as Error);
              return;
            }
            done++;
            if (done === jobs.length) {
              settled = true;
              resolve();
            } else feed(w);
          }
        });
        w.on('error', (error) => fail(error));
        w.on('exit', (code) => {
          if (!settled)
            fail(new VoxelkitError(`A worker thread exited early (exit code ${code}).`));
        });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
