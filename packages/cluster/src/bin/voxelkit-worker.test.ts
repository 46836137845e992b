/**
 * The `voxelkit-worker` command line: flags, errors, `--concurrency N` (N processes that exit
 * with their parent).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  type RedisServer,
  redisServerOrSkip,
  startRedisServer,
} from '../../test/redis-server.js';
import { startWorkerProcess } from '../../test/workers.js';
import { RedisExecutor } from '../redis-executor.js';

const bin = fileURLToPath(new URL('./voxelkit-worker.ts', import.meta.url));
const binary = redisServerOrSkip();

function cli(args: string[]) {
  return spawnSync(
    process.execPath,
    ['--conditions=@voxelkit/source', '--import', 'tsx', bin, ...args],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
}

describe('voxelkit-worker flags', () => {
  it('--help prints the usage; a missing --redis or a bad flag exits 2 with it', () => {
    expect(cli(['--help']).stdout).toMatch(/^usage: voxelkit-worker --redis redis:\/\/host:port/);
    const missing = cli([]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--redis is required\.\nusage:/);
    const bad = cli(['--redis', 'redis://127.0.0.1:1', '--concurrency', 'two']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--concurrency must be a positive integer; got "two"/);
    expect(cli(['--redis', 'redis://h', '--bogus']).status).toBe(2);
  });

  it('an unreachable Redis exits 1 with the reason, a bad URL too', async () => {
    const port = await freePort();
    const r = cli(['--redis', `redis://127.0.0.1:${port}`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(`Cannot reach Redis at redis://127.0.0.1:${port} (ECONNREFUSED)`);
    const url = cli(['--redis', 'localhost:6379']);
    expect(url.status).toBe(1);
    expect(url.stderr).toMatch(/is not a Redis URL/);
  });
});

describe.skipIf(binary === undefined)('voxelkit-worker --concurrency', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer(binary as string);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('starts N worker processes that leave with their parent', async () => {
    const parent = await startWorkerProcess(server.url, ['--concurrency', '2', '--queue', 'multi']);
    const executor = new RedisExecutor({ connection: server.url, queue: 'multi' });
    try {
      const deadline = Date.now() + 30_000;
      let n = await executor.workerCount();
      while (n < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        n = await executor.workerCount();
      }
      expect(n).toBe(2);
      expect(await parent.kill('SIGTERM')).toBe(0);
      const gone = Date.now() + 15_000;
      while ((await executor.workerCount()) > 0 && Date.now() < gone) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await executor.workerCount()).toBe(0);
    } finally {
      await executor.close();
      await parent.kill('SIGKILL');
    }
  });
});
