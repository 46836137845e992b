/**
 * A real `redis-server` for the tests (Debian's, `/usr/bin/redis-server` or on PATH), started on
 * 127.0.0.1 at a free port in a temp dir without persistence, and stopped after. When it is
 * missing, the tests that need it skip with a printed reason — except under `CI=true`, where
 * that is a failure (.ci/run installs it).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Path of redis-server, or undefined. */
export function findRedisServer(): string | undefined {
  if (existsSync('/usr/bin/redis-server')) return '/usr/bin/redis-server';
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = which.stdout.trim();
  return which.status === 0 && path !== '' ? path : undefined;
}

/** redis-server's path, or undefined after printing why the tests skip (throws under CI). */
export function redisServerOrSkip(): string | undefined {
  const path = findRedisServer();
  if (path !== undefined) return path;
  const reason = 'redis-server is not installed (apt-get install redis-server)';
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`Required under CI: ${reason}.`);
  }
  console.warn(`[voxelkit] skipping the cluster tests that need Redis: ${reason}.`);
  return undefined;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A running redis-server. */
export interface RedisServer {
  url: string;
  port: number;
  /** Stops it (SIGKILL after 3 s) and removes its directory. */
  stop(): Promise<void>;
  /** Stops and starts it again on the same port, empty (no persistence). */
  restart(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, deadline: number): Promise<void> {
  const { connect } = await import('node:net');
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (code ${child.exitCode}).`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port} in time.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts redis-server at `binary` on a free port (no RDB/AOF persistence). */
export async function startRedisServer(binary: string): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'voxelkit-redis-'));
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: 'ignore' },
    );
    await waitForPort(port, child, Date.now() + 10_000);
  };
  const halt = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await halt();
      await launch();
    },
  };
}
