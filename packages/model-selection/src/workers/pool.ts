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
import type { Scoring } from '@voxelkit/metrics';
import {
  type CrossValEstimator,
  type FoldJob,
  type JobContext,
  type JobResult,
  runJob,
} from '../fit-and-score.js';
import { Cancellation, type CancelOptions } from './cancellation.js';
import { WorkerOutOfMemoryError } from './errors.js';
import {
  decodeEstimator,
  type EncodedEstimator,
  encodeEstimator,
  registryOfInstance,
} from './estimator-transfer.js';
import type {
  Executor,
  ExecutorRunOptions,
  ExecutorStatus,
  RunExecutor,
  RunProgress,
} from './executor.js';
import {
  deserializeError,
  type InitMessage,
  type JobMessage,
  type WorkerInit,
  type WorkerMessage,
} from './protocol.js';

/**
 * Limits of each Node worker thread (`worker_threads`' `resourceLimits`); ignored by Web Workers.
 * Typed arrays live outside the JS heap and are not counted.
 */
export interface WorkerResourceLimits {
  /** Main heap size in MB (default {@link DEFAULT_WORKER_MAX_OLD_GENERATION_MB}). */
  maxOldGenerationSizeMb?: number;
  /** Young-generation heap size in MB (default: Node's). */
  maxYoungGenerationSizeMb?: number;
  /** Stack size in MB (default: Node's, 4). */
  stackSizeMb?: number;
}

/** Default heap limit of a Node fold worker: 2048 MB. */
export const DEFAULT_WORKER_MAX_OLD_GENERATION_MB = 2048;

/** Options shared by every function that can run in parallel. */
export interface ParallelOptions extends CancelOptions {
  /**
   * Number of workers (default 1: run on the calling thread). `-1` means one per CPU, `-2` all
   * but one, … (scikit-learn's `n_jobs`). Results are identical to `nJobs: 1` and in the same
   * order. Node uses `worker_threads`, browsers Web Workers; where neither exists the work runs
   * on the calling thread.
   */
  nJobs?: number;
  /**
   * Modules each worker imports to know your own estimator classes: each exports
   * `estimatorRegistry = defineRegistry([MyClassifier, …])` (from '@voxelkit/core'), and/or the
   * handlers of custom tasks, `taskHandlers = defineTaskHandlers({ … })`. Give
   * absolute URLs (e.g. `new URL('./my-estimator.js', import.meta.url)`) or package names. The
   * estimators of `@voxelkit/estimators` are always known (the worker bundles their registry).
   */
  workerModules?: ReadonlyArray<string | URL>;
  /**
   * Heap limits of each Node worker thread (default: `maxOldGenerationSizeMb` 2048). A worker
   * past them rejects the run with a {@link WorkerOutOfMemoryError}.
   */
  workerResourceLimits?: WorkerResourceLimits;
  /**
   * Where the jobs run instead of this machine's threads, e.g. a `RedisExecutor` of
   * `@voxelkit/cluster` (a queue served by `voxelkit-worker` processes on many machines).
   * Results are identical to `nJobs: 1`; `nJobs` is then ignored. Default: local threads.
   */
  executor?: RunExecutor;
  /**
   * Called after each finished job (and when the executor has news, e.g. "0 workers") with the
   * jobs done / total, rate and ETA. An error it throws stops the run.
   */
  onProgress?(progress: RunProgress): void;
}

/**
 * Imports a Node built-in by a computed specifier, so that browser bundlers (esbuild, vite) do
 * not try to resolve `node:` modules that only the Node path of the pool loads.
 */
function importNode<M>(name: string): Promise<M> {
  return import(/* @vite-ignore */ `node:${name}`) as Promise<M>;
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
  if (platform === 'node')
    return (await importNode<typeof import('node:os')>('os')).availableParallelism();
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

function resourceLimitsOf(limits: WorkerResourceLimits | undefined): WorkerResourceLimits {
  const out: WorkerResourceLimits = {
    maxOldGenerationSizeMb: DEFAULT_WORKER_MAX_OLD_GENERATION_MB,
    ...limits,
  };
  for (const [k, v] of Object.entries(out)) {
    if (v !== undefined && (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))) {
      throw new ValidationError(
        `workerResourceLimits.${k} must be a positive number of MB; got ${String(v)}.`,
      );
    }
  }
  return out;
}

/** The error a Node worker reports, typed when it ran out of memory. */
function nodeWorkerError(error: Error, limits: WorkerResourceLimits): Error {
  if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new WorkerOutOfMemoryError(
      `A worker thread ran out of memory (heap limit ${limits.maxOldGenerationSizeMb} MB): the fold needs more memory than workerResourceLimits allow. Raise workerResourceLimits.maxOldGenerationSizeMb, use fewer features or samples, or nJobs: 1.`,
      { cause: error },
    );
  }
  return error;
}

/** A Node worker on the built script, or (tests on sources) on the .ts through tsx. */
async function createNodeWorker(
  workerData: WorkerInit,
  limits: WorkerResourceLimits,
): Promise<WorkerHandle> {
  const { Worker } = await importNode<typeof import('node:worker_threads')>('worker_threads');
  const { existsSync } = await importNode<typeof import('node:fs')>('fs');
  const { fileURLToPath, pathToFileURL } = await importNode<typeof import('node:url')>('url');
  const base: WorkerOptions = {
    workerData,
    execArgv: workerExecArgv(process.execArgv),
    resourceLimits: limits,
  };
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
      const { createRequire } = await importNode<typeof import('node:module')>('module');
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
      worker.on('error', (error) => onFailure(nodeWorkerError(error, limits)));
      worker.on('exit', (code) =>
        onFailure(new VoxelkitError(`A worker thread exited early (exit code ${code}).`)),
      );
    },
    terminate: () => worker.terminate(),
  };
}

/** True when this module was loaded from another origin than the page's (e.g. a CDN). */
function loadedCrossOrigin(): boolean {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  return typeof origin === 'string' && new URL(import.meta.url).origin !== origin;
}

/**
 * A module Web Worker (browsers) on the self-contained `fold-worker.web.js` beside this module.
 * The literal `new Worker(new URL('./fold-worker.web.js', import.meta.url), { type: 'module' })`
 * is what vite (and other bundlers) recognise and bundle. A worker script must be same-origin,
 * so when this module comes from a CDN the worker starts from a same-origin blob that imports it.
 */
function spawnWebWorker(): Worker {
  if (loadedCrossOrigin()) {
    const href = new URL('./fold-worker.web.js', import.meta.url).href;
    const blob = new Blob([`import ${JSON.stringify(href)};\n`], { type: 'text/javascript' });
    return new Worker(URL.createObjectURL(blob), { type: 'module' });
  }
  return new Worker(new URL('./fold-worker.web.js', import.meta.url), { type: 'module' });
}

function createWebWorker(init: WorkerInit): WorkerHandle {
  const worker = spawnWebWorker();
  const initMessage: InitMessage = { type: 'init', init };
  worker.postMessage(initMessage);
  return {
    post: (message) => worker.postMessage(message),
    listen: (onMessage, onFailure) => {
      worker.onmessage = (event) => onMessage(event.data as WorkerMessage);
      worker.onerror = (event) =>
        onFailure(
          new VoxelkitError(
            `A Web Worker failed: ${event?.message || 'unknown error (the worker script did not load: with esbuild, put fold-worker.web.js beside your bundle; see the README)'}.`,
          ),
        );
      worker.onmessageerror = () =>
        onFailure(new VoxelkitError('A Web Worker message could not be deserialized.'));
    },
    terminate: async () => worker.terminate(),
  };
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

/** X's values as a whole ArrayBuffer for an executor: the array's own buffer when it is one. */
function plainValues(data: Float64Array): ArrayBuffer {
  const whole =
    data.byteOffset === 0 &&
    data.byteLength === data.buffer.byteLength &&
    data.buffer instanceof ArrayBuffer;
  return whole ? (data.buffer as ArrayBuffer) : data.slice().buffer;
}

/** Module specifiers for the workers; in Node, absolute file paths become `file:` URLs. */
async function moduleSpecifiers(
  modules: ReadonlyArray<string | URL>,
  platform: WorkerPlatform,
): Promise<string[]> {
  const toFileUrl =
    platform === 'node'
      ? (await importNode<typeof import('node:url')>('url')).pathToFileURL
      : (p: string) => ({ href: p });
  return modules.map((m) => {
    if (m instanceof URL) return m.href;
    return m.startsWith('/') ? toFileUrl(m).href : m;
  });
}

/** Runs fold jobs one after the other on the calling thread, checking the signal between them. */
export class LocalExecutor implements Executor<FoldJob, JobResult> {
  constructor(private readonly ctx: JobContext) {}

  async run(
    jobs: readonly FoldJob[],
    options: ExecutorRunOptions<JobResult> = {},
  ): Promise<JobResult[]> {
    const { signal } = options;
    const out: JobResult[] = [];
    for (let i = 0; i < jobs.length; i++) {
      if (signal !== undefined) {
        // Let timers and UI events run, so that an abort between folds is seen.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (signal.aborted) throw signal.reason;
      }
      const result = runJob(this.ctx, jobs[i] as FoldJob);
      out.push(result);
      options.onResult?.(i, result);
    }
    return out;
  }
}

/**
 * Runs fold jobs on `nWorkers` workers (Node `worker_threads` or Web Workers) started for the
 * run and terminated when it settles. Results are the workers' raw results (fitted estimators
 * still encoded).
 */
export class WorkerPoolExecutor implements Executor<FoldJob, JobResult> {
  constructor(
    private readonly init: WorkerInit,
    private readonly nWorkers: number,
    private readonly platform: 'node' | 'web',
    private readonly limits: WorkerResourceLimits = resourceLimitsOf(undefined),
  ) {}

  async run(
    jobs: readonly FoldJob[],
    options: ExecutorRunOptions<JobResult> = {},
  ): Promise<JobResult[]> {
    const { signal } = options;
    if (signal?.aborted) throw signal.reason;
    const workers: WorkerHandle[] = [];
    const results: JobResult[] = new Array(jobs.length);
    let onAbort: (() => void) | undefined;
    try {
      for (let i = 0; i < Math.min(this.nWorkers, jobs.length); i++) {
        workers.push(
          this.platform === 'node'
            ? await createNodeWorker(this.init, this.limits)
            : createWebWorker(this.init),
        );
      }
      if (signal?.aborted) throw signal.reason;
      await new Promise<void>((resolve, reject) => {
        let next = 0;
        let done = 0;
        let settled = false;
        const fail = (error: Error) => {
          if (settled) return;
          settled = true;
          reject(error);
        };
        onAbort = () => fail(signal?.reason as Error);
        signal?.addEventListener('abort', onAbort, { once: true });
        if (jobs.length === 0) {
          settled = true;
          resolve();
          return;
        }
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
              const warning = deserializeError(message.warning);
              warn(
                warning instanceof VoxelkitWarning ? warning : new VoxelkitWarning(warning.message),
              );
            } else if (message.type === 'error') {
              const where =
                message.id === null
                  ? 'while starting a worker thread'
                  : `in a worker thread, job ${message.id}`;
              fail(deserializeError(message.error, where));
            } else {
              results[message.id] = message.result;
              done++;
              try {
                options.onResult?.(message.id, message.result);
              } catch (error) {
                fail(error as Error);
                return;
              }
              if (done === jobs.length) {
                settled = true;
                resolve();
              } else feed(w);
            }
          }, fail);
        }
      });
    } finally {
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
      await Promise.all(workers.map((w) => w.terminate()));
    }
    return results;
  }
}

/**
 * Runs `jobs` with `ctx` — on this thread, on `nJobs` workers, or on `options.executor` (one
 * code path for all: the executor of the run is chosen here, never by the callers) — and returns
 * their results in job order.
 *
 * Custom tasks (`{ kind: 'task', task, args }`) run with `ctx.tasks` on this thread and with the
 * `taskHandlers` of `options.workerModules` on workers, which also receive `ctx.shared` once:
 * give the same handlers both ways (the module's `taskHandlers` as `ctx.tasks`, its URL in
 * `workerModules`).
 *
 * @param scoring what each of `ctx.scorers` came from (names cross into workers, functions
 *   cannot)
 * @param platform where workers come from (detected; overridable for tests)
 * @throws ValidationError before any work starts when the estimator cannot cross into a worker
 *   (a class without `estimatorName`, a function parameter) or a scoring is a function with
 *   `nJobs > 1` or an `executor`; AbortError / TimeoutError when `signal` aborts or `timeout` passes;
 *   WorkerOutOfMemoryError when a worker exceeds its heap limit; otherwise the first error a job
 *   raised (with its original type).
 */
export async function runJobs(
  ctx: JobContext,
  scoring: readonly (Scoring | undefined)[],
  jobs: readonly FoldJob[],
  options: ParallelOptions = {},
  platform: WorkerPlatform = detectWorkerPlatform(),
): Promise<JobResult[]> {
  const cancellation = new Cancellation(options);
  try {
    if (options.executor !== undefined && typeof options.executor?.forRun !== 'function') {
      throw new ValidationError(
        'executor must be a run executor with forRun(init), e.g. new RedisExecutor({ connection: "redis://127.0.0.1:6379" }) from @voxelkit/cluster.',
      );
    }
    const remote = options.executor !== undefined;
    let cpus = 1;
    if (!remote && platform !== 'none' && typeof options.nJobs === 'number' && options.nJobs < 0) {
      cpus = await cpuCount(platform);
    }
    const nWorkers = remote ? 0 : Math.min(resolveNJobs(options.nJobs, cpus), jobs.length);
    const runOptions = progressOptions(jobs.length, cancellation.signal, options.onProgress);
    if (!remote && (nWorkers <= 1 || platform === 'none')) {
      return await new LocalExecutor(ctx).run(jobs, runOptions);
    }
    if (scoring.some((spec) => typeof spec === 'function')) {
      throw new ValidationError(
        remote
          ? 'A scoring function cannot be sent to remote workers: use a scoring name (e.g. "accuracy"), or run locally.'
          : 'A scoring function cannot be sent to worker threads: use a scoring name (e.g. "accuracy"), or nJobs: 1.',
      );
    }
    const init: WorkerInit = {
      estimator: encodeEstimator(ctx.estimator),
      X: {
        buffer: remote ? plainValues(ctx.X.data) : shareValues(ctx.X.data, platform),
        rows: ctx.X.rows,
        cols: ctx.X.cols,
      },
      y: ctx.y,
      scoring: scoring as (string | undefined)[],
      modules: await moduleSpecifiers(
        options.workerModules ?? [],
        remote ? detectWorkerPlatform() : platform,
      ),
    };
    if (ctx.shared !== undefined) init.shared = ctx.shared;
    cancellation.throwIfAborted();
    const executor: Executor<FoldJob, JobResult> = remote
      ? (options.executor as RunExecutor).forRun(init)
      : new WorkerPoolExecutor(
          init,
          nWorkers,
          platform as 'node' | 'web',
          resourceLimitsOf(options.workerResourceLimits),
        );
    const raw = await executor.run(jobs, runOptions);
    // Fitted estimators come back encoded; they are rebuilt from the classes of the caller's own
    // estimator (and those nested in it), so this thread needs no registry either.
    const registry = registryOfInstance(ctx.estimator);
    for (const result of raw) {
      if (result.kind === 'score' && result.estimator !== undefined) {
        result.estimator = decodeEstimator<CrossValEstimator>(
          result.estimator as unknown as EncodedEstimator,
          registry,
        );
      }
    }
    return raw;
  } finally {
    cancellation.dispose();
  }
}

/**
 * The run options of an executor: the signal, and — with `onProgress` — the callbacks that turn
 * finished jobs and executor news into {@link RunProgress} reports (each job counted once).
 */
function progressOptions(
  total: number,
  signal: AbortSignal | undefined,
  onProgress: ParallelOptions['onProgress'],
): ExecutorRunOptions<JobResult> {
  if (onProgress === undefined) return { signal };
  if (typeof onProgress !== 'function') {
    throw new ValidationError('onProgress must be a function (progress) => void.');
  }
  const start = performance.now();
  const seen = new Uint8Array(total);
  let done = 0;
  let status: ExecutorStatus | undefined;
  const report = (task?: number) => {
    const elapsed = (performance.now() - start) / 1000;
    const rate = done > 0 && elapsed > 0 ? done / elapsed : 0;
    const progress: RunProgress = {
      done,
      total,
      elapsed,
      rate,
      eta: rate > 0 ? (total - done) / rate : done === total ? 0 : Number.POSITIVE_INFINITY,
    };
    if (task !== undefined) progress.task = task;
    if (status !== undefined) {
      progress.workers = status.workers;
      progress.message = status.message;
    }
    onProgress(progress);
  };
  return {
    signal,
    onResult: (index) => {
      if (index < 0 || index >= total || seen[index] === 1) return;
      seen[index] = 1;
      done++;
      report(index);
    },
    onStatus: (next) => {
      status = next;
      report();
    },
  };
}
