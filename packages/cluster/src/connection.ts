/**
 * Connection strings and the first contact with Redis: a bad string fails at once, an
 * unreachable or too old Redis within `connectTimeout` (default 8 s), with the address named.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { Redis, type RedisOptions } from 'ioredis';
import { ClusterError } from './errors.js';

/** Default time allowed to reach Redis: 8 s. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 8000;

/** Lowest Redis version BullMQ 5 supports. */
const MIN_REDIS = [6, 2, 0] as const;

/**
 * Checks a `redis://host:port[/db]` (or `rediss://`) connection string and returns it
 * normalised, for messages.
 *
 * @throws ValidationError for anything else.
 */
export function parseConnection(connection: unknown): URL {
  if (typeof connection !== 'string' || connection.trim() === '') {
    throw new ValidationError(
      `connection must be a Redis URL such as "redis://127.0.0.1:6379"; got ${JSON.stringify(connection) ?? String(connection)}.`,
    );
  }
  let url: URL;
  try {
    url = new URL(connection);
  } catch {
    throw new ValidationError(
      `"${connection}" is not a Redis URL: write it as redis://host:port (e.g. redis://127.0.0.1:6379).`,
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ValidationError(
      `"${connection}" is not a Redis URL (protocol ${url.protocol}): write it as redis://host:port.`,
    );
  }
  if (url.hostname === '') {
    throw new ValidationError(`"${connection}" has no host: write it as redis://host:port.`);
  }
  const port = url.port === '' ? 6379 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ValidationError(`"${connection}" has an invalid port: use 1 to 65535.`);
  }
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    throw new ValidationError(
      `"${connection}" has "${db}" as database: give a number (redis://host:port/0) or none.`,
    );
  }
  return url;
}

/** The address of a connection string without its password, for messages. */
export function describeConnection(url: URL): string {
  return `${url.protocol}//${url.hostname}:${url.port || 6379}${url.pathname === '/' ? '' : url.pathname}`;
}

/**
 * ioredis options for long-lived BullMQ connections: commands wait while reconnecting (BullMQ
 * requires `maxRetriesPerRequest: null`), reconnect attempts back off up to 2 s.
 */
export function bullConnectionOptions(connectTimeout: number): RedisOptions {
  return {
    maxRetriesPerRequest: null,
    connectTimeout,
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}

/**
 * Connects once, pings, and checks the server version; resolves when Redis answers.
 *
 * @throws ClusterError naming the address when Redis cannot be reached within `timeoutMs` or is
 *   older than 6.2.
 */
export async function probeRedis(url: URL, timeoutMs: number): Promise<void> {
  const where = describeConnection(url);
  const client = new Redis(url.href, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: (Error & { code?: string }) | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const info = await Promise.race([
      client.connect().then(() => client.info('server')),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const version = /redis_version:(\d+)\.(\d+)\.(\d+)/.exec(info);
    if (version !== null) {
      const v = [Number(version[1]), Number(version[2]), Number(version[3])];
      const old = v[0] < MIN_REDIS[0] || (v[0] === MIN_REDIS[0] && (v[1] as number) < MIN_REDIS[1]);
      if (old) {
        throw new ClusterError(
          `Redis at ${where} is version ${v.join('.')}; BullMQ needs Redis 6.2 or later (7 recommended). Upgrade redis-server.`,
        );
      }
    }
  } catch (cause) {
    if (cause instanceof ClusterError) throw cause;
    const first = lastError ?? (cause as Error & { code?: string });
    const detail = first.code ?? first.message;
    throw new ClusterError(
      `Cannot reach Redis at ${where} (${detail}). Start redis-server there (e.g. redis-server --port ${url.port || 6379}), or check the connection string and the firewall.`,
      { cause },
    );
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
