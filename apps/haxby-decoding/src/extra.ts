/**
 * The tutorial's extra (all 8 categories, leave-one-run-out) on a background worker thread.
 *
 * Measured on this data (12 folds of 864 × 464, bench/haxby-e2e.mjs): model-selection's
 * `nJobs` pool starts its workers once the data is there and each pays its start-up (modules,
 * JIT, WebAssembly compilation) on the critical path — two workers took more CPU and more wall
 * time than the main thread alone. So the app starts ONE worker before the masking (its modules
 * load while `bold.nii.gz` inflates), hands it the samples when the masking is done, and goes on
 * with the face/cat tutorial and the plots on the main thread while the worker runs the extra.
 * The worker runs the very `crossValScore` the main thread would run, so the scores are the same.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type Label, VoxelkitError, VoxelkitWarning, warn } from '@voxelkit/core';
import type { SerializedError } from '@voxelkit/model-selection';

/** Main → worker: the extra's samples (X's buffer is transferred). */
export interface ExtraRequest {
  X: { data: Float32Array | Float64Array; rows: number; cols: number };
  y: Label[];
  groups: Int32Array;
  /** `nJobs` of the worker's own `crossValScore` (1: on the worker itself). */
  nJobs: number;
}

/** Worker → main. */
export type ExtraReply =
  | { type: 'ready' }
  | { type: 'scores'; scores: number[] }
  | { type: 'warning'; warning: SerializedError }
  | { type: 'error'; error: SerializedError };

/** The background worker of the extra. */
export interface ExtraWorker {
  /**
   * Runs the extra on the worker; resolves with the scores in fold order. `decode` turns the
   * worker's errors and warnings back into their classes (model-selection's `deserializeError`).
   */
  run(
    request: ExtraRequest,
    decode: (error: SerializedError, where: string) => Error,
  ): Promise<number[]>;
  /** Terminates the worker (also when `run` never ran or has not settled). */
  close(): Promise<void>;
}

/** The built worker script (absent when the app runs from its TypeScript sources). */
const script = new URL('./extra-worker.js', import.meta.url);

/**
 * The parent's Node flags minus those a worker rejects (`--input-type`, `--eval`, `--print` and
 * their values), so that `node --input-type=module -e …` can run the tutorial too.
 */
function workerExecArgv(parent: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const a = parent[i] as string;
    if (['--input-type', '-e', '--eval', '-p', '--print'].includes(a)) i++;
    else if (!/^--(input-type|eval|print)=/.test(a)) out.push(a);
  }
  return out;
}

/**
 * The worker, with the parent's flags when Node accepts them in a worker; otherwise (V8 flags such
 * as `--max-semi-space-size`, which Node refuses in a worker's `execArgv`) with the flags the
 * worker inherits by default, which leave those out.
 */
function newWorker(): Worker {
  try {
    return new Worker(script, { execArgv: workerExecArgv(process.execArgv) });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return new Worker(script);
  }
}

/**
 * Starts the worker now, or returns undefined when there is no built worker script beside this
 * module (running from sources, e.g. under vitest): the caller then runs the extra itself.
 */
export function startExtraWorker(): ExtraWorker | undefined {
  if (script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return undefined;
  const worker = newWorker();
  let settle: { resolve(scores: number[]): void; reject(error: Error): void } | undefined;
  let failure: Error | undefined;
  let decode: ((error: SerializedError, where: string) => Error) | undefined;
  const where = 'in the worker thread of the 8-category extra';
  const fail = (error: Error) => {
    failure ??= error;
    settle?.reject(failure);
    settle = undefined;
  };
  worker.on('message', (reply: ExtraReply) => {
    if (reply.type === 'warning') {
      const w = decode?.(reply.warning, where);
      warn(w instanceof VoxelkitWarning ? w : new VoxelkitWarning(reply.warning.message));
    } else if (reply.type === 'scores') {
      settle?.resolve(reply.scores);
      settle = undefined;
    } else if (reply.type === 'error') {
      fail(decode?.(reply.error, where) ?? new VoxelkitError(reply.error.message));
    }
  });
  worker.on('error', fail);
  worker.on('exit', (code) =>
    fail(
      new VoxelkitError(`The worker thread of the 8-category extra exited early (code ${code}).`),
    ),
  );
  return {
    run(request, decodeError) {
      decode = decodeError;
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise<number[]>((resolve, reject) => {
        settle = { resolve, reject };
        const { data } = request.X;
        const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
        worker.postMessage(request, whole ? [data.buffer as ArrayBuffer] : []);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
