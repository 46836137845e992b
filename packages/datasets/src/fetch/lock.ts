/**
 * A lock file so that two processes (or two calls in one process) fetching the same dataset do
 * not write the same files at once. The holder refreshes the file's mtime; a lock whose holder
 * died (same host, process gone) or that has not been refreshed for `staleMs` is taken over.
 *
 * @module
 */
import { open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { FetchError } from '@voxelkit/core';
import { errorCode, fileSystemError } from './fetch-error.js';

/** A held lock; call {@link Lock.release} in a `finally`. */
export interface Lock {
  readonly path: string;
  release(): Promise<void>;
}

/** Options of {@link acquireLock}. */
export interface AcquireLockOptions {
  signal?: AbortSignal;
  /** A lock not refreshed for this long is stale (default 60 s; refreshed every staleMs/4). */
  staleMs?: number;
  /** Polling interval while waiting (default 200 ms). */
  pollMs?: number;
  /** Give up after waiting this long (default: wait as long as the holder is alive). */
  waitMs?: number;
  /** Called once when the lock is busy and we start waiting. */
  onWait?: (holder: string) => void;
}

interface LockInfo {
  pid: number;
  host: string;
  created: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/** Sleeps `ms`, rejecting early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolveSleep, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolveSleep();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function isStale(path: string, staleMs: number): Promise<{ stale: boolean; holder: string }> {
  let info: Partial<LockInfo> = {};
  let mtimeMs: number;
  try {
    const [text, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    mtimeMs = st.mtimeMs;
    try {
      info = JSON.parse(text) as LockInfo;
    } catch {
      // being written right now, or garbage: judge by age only
    }
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { stale: false, holder: 'nobody' };
    throw error;
  }
  const holder = info.pid ? `process ${info.pid} on ${info.host}` : 'another process';
  if (Date.now() - mtimeMs > staleMs) return { stale: true, holder };
  if (info.host === hostname() && typeof info.pid === 'number' && !processAlive(info.pid)) {
    return { stale: true, holder };
  }
  return { stale: false, holder };
}

/**
 * Creates `path` exclusively, waiting while another live holder has it. Throws
 * {@link FetchError} when the directory is not writable, when `waitMs` runs out, or when
 * `signal` aborts.
 */
export async function acquireLock(path: string, options: AcquireLockOptions = {}): Promise<Lock> {
  const staleMs = options.staleMs ?? 60_000;
  const pollMs = options.pollMs ?? 200;
  const started = Date.now();
  let waiting = false;
  for (;;) {
    if (options.signal?.aborted) {
      throw new FetchError(`Gave up waiting for the lock ${path}: aborted.`, {
        cause: options.signal.reason,
        url: path,
        code: 'ABORTED',
      });
    }
    try {
      const fh = await open(path, 'wx');
      try {
        const info: LockInfo = {
          pid: process.pid,
          host: hostname(),
          created: new Date().toISOString(),
        };
        await fh.writeFile(JSON.stringify(info));
      } finally {
        await fh.close();
      }
      return heldLock(path, staleMs);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw fileSystemError(error, path, 'create the lock file');
    }
    const { stale, holder } = await isStale(path, staleMs);
    if (stale) {
      // Move the stale lock aside atomically so only one waiter removes it.
      const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
      try {
        await rename(path, aside);
        await unlink(aside);
      } catch {
        // someone else took it over first
      }
      continue;
    }
    if (!waiting) {
      waiting = true;
      options.onWait?.(holder);
    }
    if (options.waitMs !== undefined && Date.now() - started > options.waitMs) {
      throw new FetchError(
        `The dataset is locked by ${holder} (${path}) and the lock was not released within ${options.waitMs} ms. ` +
          'Wait for the other download to finish, or delete the lock file if no download is running.',
        { url: path },
      );
    }
    try {
      await sleep(pollMs, options.signal);
    } catch (reason) {
      throw new FetchError(`Gave up waiting for the lock ${path}: aborted.`, {
        cause: reason,
        url: path,
        code: 'ABORTED',
      });
    }
  }
}

function heldLock(path: string, staleMs: number): Lock {
  const timer = setInterval(
    () => {
      const now = new Date();
      utimes(path, now, now).catch(() => {});
    },
    Math.max(staleMs / 4, 10),
  );
  timer.unref?.();
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      try {
        await unlink(path);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT')
          throw fileSystemError(error, path, 'remove the lock file');
      }
    },
  };
}
