import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FetchError } from '@voxelkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from './lock.js';

describe('acquireLock', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vk-lock-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is exclusive: a second holder waits until the first releases', async () => {
    const path = join(dir, 'a.lock');
    const first = await acquireLock(path);
    expect(JSON.parse(await readFile(path, 'utf8')).pid).toBe(process.pid);
    const order: string[] = [];
    let waited = false;
    const second = acquireLock(path, { pollMs: 10, onWait: () => (waited = true) }).then((l) => {
      order.push('second');
      return l;
    });
    await new Promise((r) => setTimeout(r, 60));
    order.push('release first');
    await first.release();
    const lock = await second;
    expect(order).toEqual(['release first', 'second']);
    expect(waited).toBe(true);
    await lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock whose process is gone, or that is too old', async () => {
    const dead = join(dir, 'dead.lock');
    // pid 2**22 + 1 is above Linux's default pid_max, so no such process exists.
    await writeFile(dead, JSON.stringify({ pid: 4194305, host: hostname(), created: '' }));
    const lock = await acquireLock(dead, { waitMs: 1000 });
    await lock.release();

    const old = join(dir, 'old.lock');
    await writeFile(old, JSON.stringify({ pid: process.pid, host: 'elsewhere', created: '' }));
    const past = new Date(Date.now() - 120_000);
    await utimes(old, past, past);
    const lock2 = await acquireLock(old, { waitMs: 1000 });
    await lock2.release();
  });

  it('gives up after waitMs or on abort, with FetchError', async () => {
    const path = join(dir, 'busy.lock');
    const held = await acquireLock(path);
    await expect(acquireLock(path, { waitMs: 50, pollMs: 10 })).rejects.toThrow(/not released/);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(acquireLock(path, { signal: controller.signal, pollMs: 10 })).rejects.toThrow(
      FetchError,
    );
    await held.release();
  });

  it('reports a lock in a missing or unwritable place', async () => {
    await expect(acquireLock(join(dir, 'no', 'such', 'dir.lock'))).rejects.toThrow(FetchError);
  });

  it('is a proper-lockfile directory <path>.lock, named by <path>; both go on release', async () => {
    const path = join(dir, 'dir.lock');
    const lock = await acquireLock(path);
    const info = JSON.parse(await readFile(path, 'utf8'));
    expect((await stat(`${path}.lock`)).isDirectory()).toBe(true);
    expect(info).toMatchObject({
      pid: process.pid,
      host: hostname(),
      ino: (await stat(`${path}.lock`)).ino,
    });
    await lock.release();
    await lock.release(); // twice is harmless
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('takes over the directory of a dead holder, but not a live lock named by a leftover file', async () => {
    // A holder killed with the lock held: its directory and its name (a dead pid) are left.
    const dead = join(dir, 'dead-dir.lock');
    await mkdir(`${dead}.lock`);
    const { ino } = await stat(`${dead}.lock`);
    await writeFile(dead, JSON.stringify({ pid: 4194305, host: hostname(), created: '', ino }));
    const lock = await acquireLock(dead, { waitMs: 1000 });
    expect(JSON.parse(await readFile(dead, 'utf8')).pid).toBe(process.pid);
    await lock.release();

    // A fresh lock directory next to a leftover name from an earlier lock (another inode):
    // the dead pid in the leftover is not this lock's holder, so it is waited for.
    const live = join(dir, 'live-dir.lock');
    await mkdir(`${live}.lock`);
    await writeFile(live, JSON.stringify({ pid: 4194305, host: hostname(), created: '', ino: 1 }));
    await expect(acquireLock(live, { waitMs: 300, pollMs: 20 })).rejects.toThrow(
      /locked by another process .*not released within 300 ms/,
    );
    expect(existsSync(`${live}.lock`)).toBe(true);
  });
});
