/**
 * `voxelkit-worker` processes for the tests, started from the TypeScript sources (through tsx,
 * workspace packages resolved to their sources, as the tests are), each resolved once it prints
 * that it is ready.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../src/bin/voxelkit-worker.ts', import.meta.url));

/** A started worker process. */
export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Everything it printed. */
  output(): string;
  /** Resolves with its exit code or signal. */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Starts `voxelkit-worker --redis url …args`; resolves when it is ready (or rejects). */
export async function startWorkerProcess(
  url: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@voxelkit/source', '--import', 'tsx', bin, '--redis', url, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let out = '';
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready in 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(' ready on queue')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before it was ready:\n${out}`));
    });
  });
  return {
    child,
    pid: child.pid as number,
    output: () => out,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
