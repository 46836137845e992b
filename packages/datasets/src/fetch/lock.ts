/**
 * A lock so that two processes (or two calls in one process) fetching the same dataset do not
 * write the same files at once, on [proper-lockfile](https://www.npmjs.com/package/proper-lockfile):
 * the mutex is the directory `<path>.lock`, created atomically (`mkdir`), whose mtime the holder
 * refreshes; `<path>` itself names the holder (pid, host, and the lock directory's inode, so
 * that a leftover file is never taken for a newer lock's holder). A lock whose holder died (same
 * host, process gone) or that has not been refreshed for `staleMs` is taken over. A `<path>`
 * without its directory (a lock of an older voxelkit, or a holder that died between the two) is
 * judged by its own age and pid the same way.
 *
 * @module
 */
import type { Stats } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { FetchError } from '@voxelkit/core';
import lockfile from 'proper-lockfile';
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
  /** Inode of the lock directory this holder created (absent in a legacy plain-file lock). */
  ino?: number;
}

/** How long a waiter waits for the holder's name before it reports "another process". */
const NAME_WAIT_MS = 1000;

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

async function readInfo(path: string): Promise<Partial<LockInfo>> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Partial<LockInfo>;
  } catch {
    return {}; // missing, being written, or garbage: judged by age only
  }
}

/** What holds the lock now, and whether it may be taken over. */
async function inspect(
  path: string,
  staleMs: number,
): Promise<{ free: boolean; stale: boolean; holder: string; known: boolean }> {
  const mutex = `${path}.lock`;
  let st: Stats | undefined;
  for (const candidate of [mutex, path]) {
    try {
      st = await stat(candidate);
      break;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }
  if (!st) return { free: true, stale: false, holder: '', known: true };
  let info = await readInfo(path);
  // the holder file of an earlier lock is not this lock's holder
  if (st.isDirectory() && info.ino !== st.ino) info = {};
  const known = typeof info.pid === 'number';
  const holder = known ? `process ${info.pid} on ${info.host}` : 'another process';
  const dead = known && info.host === hostname() && !processAlive(info.pid as number);
  return { free: false, stale: dead || Date.now() - st.mtimeMs > staleMs, holder, known };
}

/** Moves a stale lock aside atomically (so only one waiter removes it), then deletes it. */
async function takeOver(path: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else took it over first
  }
  await rm(aside, { recursive: true, force: true }).catch(() => {});
}

function aborted(path: string, reason: unknown): FetchError {
  return new FetchError(`Gave up waiting for the lock ${path}: aborted.`, {
    cause: reason,
    url: path,
    code: 'ABORTED',
  });
}

/**
 * Takes the lock `path` (see the module doc), waiting while another live holder has it. Throws
 * {@link FetchError} when the directory is not writable, when `waitMs` runs out, or when
 * `signal` aborts.
 */
export async function acquireLock(path: string, options: AcquireLockOptions = {}): Promise<Lock> {
  const staleMs = options.staleMs ?? 60_000;
  const pollMs = options.pollMs ?? 200;
  const started = Date.now();
  let waiting = false;
  for (;;) {
    if (options.signal?.aborted) throw aborted(path, options.signal.reason);
    let state: Awaited<ReturnType<typeof inspect>>;
    try {
      state = await inspect(path, staleMs);
    } catch (error) {
      throw fileSystemError(error, path, 'read the lock');
    }
    if (state.stale) {
      await takeOver(`${path}.lock`);
      await takeOver(path);
      continue;
    }
    if (state.free) {
      const held = await tryLock(path, staleMs);
      if (held) return held;
      continue; // taken meanwhile: look again
    }
    if (!waiting && (state.known || Date.now() - started >= NAME_WAIT_MS)) {
      waiting = true;
      options.onWait?.(state.holder);
    }
    if (options.waitMs !== undefined && Date.now() - started > options.waitMs) {
      throw new FetchError(
        `The dataset is locked by ${state.holder} (${path}) and the lock was not released within ${options.waitMs} ms. ` +
          'Wait for the other download to finish, or delete the lock (rm -r) if no download is running.',
        { url: path },
      );
    }
    try {
      await sleep(pollMs, options.signal);
    } catch (reason) {
      throw aborted(path, reason);
    }
  }
}

/** One attempt to create the lock; undefined when someone else has it. */
async function tryLock(path: string, staleMs: number): Promise<Lock | undefined> {
  let compromised = false;
  let unlock: () => Promise<void>;
  try {
    unlock = await lockfile.lock(path, {
      lockfilePath: `${path}.lock`,
      realpath: false,
      retries: 0,
      // staleness is judged above (age and dead holder); proper-lockfile refreshes the mtime
      stale: Math.max(staleMs, 2000),
      update: Math.max(staleMs / 4, 1000),
      // taken over by a waiter that judged us stale (a long-blocked event loop): let go quietly
      onCompromised: () => {
        compromised = true;
      },
    });
  } catch (error) {
    const code = errorCode(error);
    // ELOCKED: created meanwhile (proper-lockfile's own stale removal raced us): look again
    if (code === 'ELOCKED' || code === 'EEXIST' || code === 'ENOTEMPTY') return undefined;
    throw fileSystemError(error, path, 'create the lock');
  }
  const holderPath = path;
  try {
    const { ino } = await stat(`${path}.lock`);
    const info: LockInfo = {
      pid: process.pid,
      host: hostname(),
      created: new Date().toISOString(),
      ino,
    };
    const tmp = `${holderPath}.${process.pid}-${Math.random().toString(36).slice(2)}`;
    await writeFile(tmp, JSON.stringify(info));
    await rename(tmp, holderPath);
  } catch (error) {
    await unlock().catch(() => {});
    throw fileSystemError(error, holderPath, 'write the lock holder');
  }
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      if (compromised) return; // someone else holds it now: leave theirs alone
      await rm(holderPath, { force: true }).catch(() => {});
      try {
        await unlock();
      } catch (error) {
        const code = errorCode(error);
        if (code !== 'ENOENT' && code !== 'ERELEASED' && code !== 'ENOTACQUIRED')
          throw fileSystemError(error, path, 'remove the lock');
      }
    },
  };
}
