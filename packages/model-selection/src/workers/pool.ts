/**
 * Runs cross-validation jobs on the calling thread (`nJobs: 1`) or on a pool of workers — Node
 * `worker_threads`, or Web Workers in browsers. Results come back in job order whatever the
 * worker that computed them, and each job runs the same code either way, so the numbers are
 * identical.
 *
 * @module
 */
import type { Worker as NodeWorker, WorkerOptions } from 'node:worker_threads';
import { ValidationError, VoxelkitError, VoxelkitWarning, warn } from '@voxelkit/core';
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
  type InitMessage,
  type JobMessage,
  type WorkerInit,
  type WorkerMessage,
} from './protocol.js';

/** Options shared by every function that can run in parallel. */
export interface ParallelOptions {
  /**
   * Number of workers (default 1: run on the calling thread). `-1` means one per CPU, `-2` all
   * but one, … (scikit-learn's `n_jobs`). Results are identical to `nJobs: 1` and in the same
   * order. Node uses `worker_threads`, browsers Web Workers; where neither exists the work runs
   * on the calling thread.
   */
  nJobs?: number;
  /**
   * Modules each worker imports before rebuilding the estimator — those that call
   * `registerEstimator` for your own estimator classes. Give absolute URLs (e.g.
   * `new URL('./my-estimator.js', import.meta.url)`) or package names. '@voxelkit/core' and
   * (when installed) '@voxelkit/estimators' are always imported.
   */
  workerModules?: ReadonlyArray<string | URL>;
}

/** Where workers come from. */
export type WorkerPlatform = 'node' | 'web' | 'none';

/** Node `worker_threads`, else Web Workers, else none. */
export function detectWorkerPlatform(): WorkerPlatform {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (typeof proc?.versions?.node === 'string') return 'node';
  if (typeof (globalThis as { Worker?: unknown }).Worker === 'function') return 'web';
  return 'none';
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

async function cpuCount(platform: WorkerPlatform): Promise<number> {
  if (platform === 'node') return (await import('node:os')).availableParallelism();
  const hc = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  return typeof hc === 'number' && hc > 0 ? hc : 1;
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

/** What the pool needs of a worker, whatever its kind. */
interface WorkerHandle {
  post(message: JobMessage): void;
  /** Registers the listener of worker messages and of failures (errors, early exits). */
  listen(onMessage: (message: WorkerMessage) => void, onFailure: (error: Error) => void): void;
  terminate(): Promise<unknown>;
}

/** A Node worker on the built script, or (tests on sources) on the .ts through tsx. */
async function createNodeWorker(workerData: WorkerInit): Promise<WorkerHandle> {
  const { Worker } = await import('node:worker_threads');
  const { existsSync } = await import('node:fs');
  const { fileURLToPath, pathToFileURL } = await import('node:url');
  const base: WorkerOptions = { workerData, execArgv: workerExecArgv(process.execArgv) };
  let worker: NodeWorker;
  const js = new URL('./fold-worker.js', import.meta.url);
  if (js.protocol !== 'file:' || existsSync(fileURLToPath(js))) worker = new Worker(js, base);
  else {
    const ts = new URL('./fold-worker.ts', import.meta.url);
    if (!existsSync(fileURLToPath(ts))) {
      throw new VoxelkitError(
        `The fold worker script ${fileURLToPath(js)} is missing: rebuild @voxelkit/model-selection.`,
      );
    }
    // Running from TypeScript sources (e.g. under vitest): load the worker through tsx's ESM
    // hooks, resolving workspace packages to their sources as the tests do.
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
    worker = new Worker(code, {
      ...base,
      eval: true,
      execArgv: [...(base.execArgv ?? []), '--conditions=@voxelkit/source'],
    });
  }
  return {
    post: (message) => worker.postMessage(message),
    listen: (onMessage, onFailure) => {
      worker.on('message', onMessage);
      worker.on('error', onFailure);
      worker.on('exit', (code) =>
        onFailure(new VoxelkitError(`A worker thread exited early (exit code ${code}).`)),
      );
    },
    terminate: () => worker.terminate(),
  };
}

interface WebWorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  onmessageerror: ((event: unknown) => void) | null;
}

/** A module Web Worker (browsers); bundlers recognise `new Worker(new URL(…), …)`. */
function createWebWorker(init: WorkerInit): WorkerHandle {
  const WebWorker = (
    globalThis as unknown as {
      Worker: new (url: URL, options: { type: 'module' }) => WebWorkerLike;
    }
  ).Worker;
  const worker = new WebWorker(new URL('./fold-worker.web.js', import.meta.url), {
    type: 'module',
  });
  const initMessage: InitMessage = { type: 'init', init };
  worker.postMessage(initMessage);
  return {
    post: (message) => worker.postMessage(message),
    listen: (onMessage, onFailure) => {
      worker.onmessage = (event) => onMessage(event.data as WorkerMessage);
      worker.onerror = (event) =>
        onFailure(new VoxelkitError(`A Web Worker failed: ${event?.message ?? 'unknown error'}.`));
      worker.onmessageerror = () =>
        onFailure(new VoxelkitError('A Web Worker message could not be deserialized.'));
    },
    terminate: async () => worker.terminate(),
  };
}

function decodeResult(result: JobResult): JobResult {
  if (result.kind === 'score' && result.estimator !== undefined) {
    result.estimator = decodeEstimator<CrossValEstimator>(
      result.estimator as unknown as EncodedEstimator,
    );
  }
  return result;
}

/** X's values for the workers: shared memory where possible, else a copy each worker receives. */
function shareValues(
  data: Float64Array,
  platform: WorkerPlatform,
): SharedArrayBuffer | ArrayBuffer {
  const canShare =
    typeof SharedArrayBuffer === 'function' &&
    (platform === 'node' ||
      (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true);
  const buffer = canShare
    ? new SharedArrayBuffer(data.byteLength)
    : new ArrayBuffer(data.byteLength);
  new Float64Array(buffer).set(data);
  return buffer;
}

/** Module specifiers for the workers; in Node, absolute file paths become `file:` URLs. */
async function moduleSpecifiers(
  modules: ReadonlyArray<string | URL>,
  platform: WorkerPlatform,
): Promise<string[]> {
  const toFileUrl =
    platform === 'node' ? (await import('node:url')).pathToFileURL : (p: string) => ({ href: p });
  return modules.map((m) => {
    if (m instanceof URL) return m.href;
    return m.startsWith('/') ? toFileUrl(m).href : m;
  });
}

/**
 * Runs `jobs` with `ctx` — on this thread, or on `nJobs` workers — and returns their results in
 * job order.
 *
 * @param scoring what each of `ctx.scorers` came from (names cross into workers, functions
 *   cannot)
 * @param platform where workers come from (detected; overridable for tests)
 * @throws ValidationError before any work starts when the estimator cannot cross into a worker
 *   (unregistered class, function parameter) or a scoring is a function with `nJobs > 1`;
 *   otherwise the first error a job raised (with its original type).
 */
export async function runJobs(
  ctx: JobContext,
  scoring: readonly (Scoring | undefined)[],
  jobs: readonly FoldJob[],
  options: ParallelOptions = {},
  platform: WorkerPlatform = detectWorkerPlatform(),
): Promise<JobResult[]> {
  let cpus = 1;
  if (platform !== 'none' && typeof options.nJobs === 'number' && options.nJobs < 0) {
    cpus = await cpuCount(platform);
  }
  const nWorkers = Math.min(resolveNJobs(options.nJobs, cpus), jobs.length);
  if (nWorkers <= 1 || platform === 'none') return jobs.map((job) => runJob(ctx, job));
  if (scoring.some((spec) => typeof spec === 'function')) {
    throw new ValidationError(
      'A scoring function cannot be sent to worker threads: use a scoring name (e.g. "accuracy"), or nJobs: 1.',
    );
  }
  const init: WorkerInit = {
    estimator: encodeEstimator(ctx.estimator),
    X: { buffer: shareValues(ctx.X.data, platform), rows: ctx.X.rows, cols: ctx.X.cols },
    y: ctx.y,
    scoring: scoring as (string | undefined)[],
    modules: await moduleSpecifiers(options.workerModules ?? [], platform),
  };
  const workers: WorkerHandle[] = [];
  try {
    for (let i = 0; i < nWorkers; i++) {
      workers.push(platform === 'node' ? await createNodeWorker(init) : createWebWorker(init));
    }
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
      const feed = (w: WorkerHandle) => {
        if (next >= jobs.length) return;
        const id = next++;
        w.post({ type: 'job', id, job: jobs[id] as FoldJob });
      };
      for (const w of workers) {
        w.listen((message) => {
          if (settled) return;
          if (message.type === 'ready') feed(w);
          else if (message.type === 'warning') {
            const w = deserializeError(message.warning);
            warn(w instanceof VoxelkitWarning ? w : new VoxelkitWarning(w.message));
          } else if (message.type === 'error') {
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
        }, fail);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
