#!/usr/bin/env node
/**
 * `voxelkit-worker --redis redis://host:port [--concurrency N] [--queue NAME]
 * [--lock-duration MS] [--stalled-interval MS]`: a long-running process that takes the tasks of
 * `RedisExecutor` runs from the queue and runs them with the same code as a local worker thread.
 * With `--concurrency N` it starts N worker processes (one task at a time each: tasks are
 * CPU-bound). Stops on SIGINT / SIGTERM after the running task.
 *
 * @module
 */
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startWorker } from '../worker.js';

const USAGE =
  'usage: voxelkit-worker --redis redis://host:port [--concurrency N] [--queue NAME] [--lock-duration MS] [--stalled-interval MS]';

function die(message: string): never {
  process.stderr.write(`voxelkit-worker: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) die(`${flag} must be a positive integer; got "${value}".`);
  return n;
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options }>>;
  const options = {
    redis: { type: 'string' },
    concurrency: { type: 'string' },
    queue: { type: 'string' },
    'lock-duration': { type: 'string' },
    'stalled-interval': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  try {
    parsed = parseArgs({ options, strict: true });
  } catch (error) {
    die((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (v.redis === undefined) die('--redis is required.');
  const concurrency = integer(v.concurrency, '--concurrency') ?? 1;
  if (concurrency > 1) {
    // N processes, one task each at a time; they exit with this one.
    const args = process.argv.slice(2).filter((a, i, all) => {
      return (
        a !== '--concurrency' && all[i - 1] !== '--concurrency' && !a.startsWith('--concurrency=')
      );
    });
    const children = Array.from({ length: concurrency }, () =>
      fork(process.argv[1] as string, args, { execArgv: process.execArgv, stdio: 'inherit' }),
    );
    const stop = (signal: NodeJS.Signals) => {
      for (const child of children) child.kill(signal);
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    let failed = false;
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) =>
            child.on('exit', (code) => {
              if (code !== 0) failed = true;
              resolve();
            }),
          ),
      ),
    );
    process.exitCode = failed ? 1 : 0;
    return;
  }
  // Signals are handled from the start: one that comes while connecting stops cleanly too.
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void (worker?.close() ?? Promise.resolve()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A child of `--concurrency N` exits with its parent.
  process.on('disconnect', stop);
  try {
    worker = await startWorker({
      redis: v.redis,
      queue: v.queue,
      lockDuration: integer(v['lock-duration'], '--lock-duration'),
      stalledInterval: integer(v['stalled-interval'], '--stalled-interval'),
    });
  } catch (error) {
    process.stderr.write(`voxelkit-worker: ${(error as Error).message}\n`);
    process.exit(1);
  }
  if (stopping) {
    await worker.close();
    process.exit(0);
  }
  process.stdout.write(
    `voxelkit-worker ${worker.name} ready on queue "${v.queue ?? 'voxelkit'}" at ${v.redis}\n`,
  );
}

void main();
