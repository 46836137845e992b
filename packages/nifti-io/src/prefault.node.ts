/**
 * A large output buffer whose memory pages a worker thread touches ahead of the writer.
 *
 * Writing a freshly allocated buffer costs one page fault per 4 KiB page the first time each
 * page is touched. On bare metal that is cheap, but in virtual machines a first touch can cost
 * 10–20 µs (the guest and the host both fault), and for a 0.5 GB image the faults then take as
 * long as inflating the gzip stream itself. They are paid by whichever thread writes first, so a
 * worker that touches the pages ahead of the inflate loop lets both run on separate cores
 * (bench/nifti-io.mjs, a 476 MB read on a 2-core VM: 2.6–2.8 s → 1.8 s).
 *
 * Only a `SharedArrayBuffer` can be written by two threads, so the buffer is shared; its views
 * behave like any typed array, except that `postMessage`'s transfer list refuses them (they are
 * shared, not moved). The two threads never write the same page: the buffer is cut into
 * 1 MiB blocks, the worker touches block `b` only after announcing it in `CLAIM` and checking
 * that the writer has not reached it (`LOW`); the writer announces in `LOW` the blocks it is
 * about to write and waits while the worker touches one of them (Dekker's protocol with
 * sequentially consistent `Atomics`: at least one side sees the other's announcement).
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Buffers smaller than this are allocated plainly: the worker's start-up would cost more. */
export const PREFAULT_MIN_BYTES = 64 * 2 ** 20;

const BLOCK_SHIFT = 20;
const PAGE = 4096;
// control words
const DONE = 0; // blocks [0, DONE) have been touched (or skipped because the writer got there)
const CLAIM = 1; // the block the worker is touching now, or -1
const LOW = 2; // the writer may write blocks [0, LOW); the worker never touches them
const STOP = 3; // 1: the worker exits before its next block

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const a = new Uint8Array(workerData.buffer);
const c = new Int32Array(workerData.control);
const nBlocks = Math.ceil(a.length / ${1 << BLOCK_SHIFT});
let b = 0;
while (Atomics.load(c, ${STOP}) === 0) {
  b = Math.max(b, Atomics.load(c, ${LOW}));
  if (b >= nBlocks) break;
  Atomics.store(c, ${CLAIM}, b);
  if (Atomics.load(c, ${LOW}) > b) {
    Atomics.store(c, ${CLAIM}, -1);
    Atomics.notify(c, ${CLAIM});
    continue;
  }
  const end = Math.min(a.length, (b + 1) * ${1 << BLOCK_SHIFT});
  for (let i = b * ${1 << BLOCK_SHIFT}; i < end; i += ${PAGE}) a[i] = 0;
  b++;
  Atomics.store(c, ${DONE}, b);
  Atomics.store(c, ${CLAIM}, -1);
  Atomics.notify(c, ${CLAIM});
}
`;

// ES2024's Atomics.waitAsync (in Node since 16), not in the project's ES2022 lib
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
      timeout: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

/** An output buffer filled front to back, with a page-touching worker running ahead. */
export interface PrefaultedBuffer {
  /** The buffer (all zeros until written). */
  readonly bytes: Uint8Array;
  /**
   * Resolves when bytes `[0, end)` may be written: the worker is not touching any page there
   * and never will. Call before each write, with non-decreasing `end`.
   */
  reserve(end: number): Promise<void>;
  /** Stops the worker (idempotent; call when done or on error). */
  close(): Promise<void>;
}

/**
 * A zero-filled buffer of `size` bytes with a worker touching its pages ahead of the writer,
 * or undefined when that does not pay (small buffers, a single core) or no worker can start
 * (the caller then allocates a plain `Uint8Array`).
 */
export function prefaultedBuffer(size: number): PrefaultedBuffer | undefined {
  if (size < PREFAULT_MIN_BYTES || availableParallelism() < 2) return undefined;
  const control = new Int32Array(new SharedArrayBuffer(16));
  control[CLAIM] = -1;
  const shared = new SharedArrayBuffer(size);
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { buffer: shared, control: control.buffer },
      stdout: false,
      stderr: false,
    });
  } catch {
    return undefined;
  }
  // (kept referenced: a pending Atomics.waitAsync alone does not keep Node's event loop alive)
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      exited = true;
      resolve();
    });
    // a worker that fails to start or dies leaves the pages to the writer
    worker.once('error', () => undefined);
  });
  const nBlocks = Math.ceil(size / (1 << BLOCK_SHIFT));
  return {
    bytes: new Uint8Array(shared),
    async reserve(end: number): Promise<void> {
      const blocks = Math.min(nBlocks, Math.ceil(end / (1 << BLOCK_SHIFT)));
      if (blocks <= Atomics.load(control, DONE) || blocks <= Atomics.load(control, LOW)) return;
      Atomics.store(control, LOW, blocks);
      for (;;) {
        const claimed = Atomics.load(control, CLAIM);
        if (claimed < 0 || claimed >= blocks || exited) return;
        const waited = waitAsync(control, CLAIM, claimed, 1000);
        if (waited.async) await waited.value;
      }
    },
    async close(): Promise<void> {
      Atomics.store(control, STOP, 1);
      if (!exited) await exit;
    },
  };
}
