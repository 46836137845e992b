import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FetchError } from '@voxelkit/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { downloadFile } from './download.js';

// Issue 20 item 15: HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured (undici's EnvHttpProxyAgent).
// A tiny forward proxy on 127.0.0.1 records what goes through it: absolute-URI requests (http://
// URLs) and CONNECT tunnels (https:// URLs).

const PROXY_VARS = [
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

function listen(server: Server): Promise<number> {
  return new Promise((resolveListen) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolveListen(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

describe('downloadFile through a proxy', () => {
  const payload = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251));
  const md5 = createHash('md5').update(payload).digest('hex');
  const origin = createServer((req, res) => {
    originHits.push(req.url ?? '');
    res.writeHead(200, { 'content-length': payload.length });
    res.end(payload);
  });
  const proxy = createServer((req, res) => {
    // absolute-form request: GET http://host:port/path
    proxied.push(`GET ${req.url}`);
    const upstream = httpRequest(
      req.url ?? '',
      { method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const sockets = new Set<Socket>();
  proxy.on('connect', (req, client: Socket, head) => {
    proxied.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(client).add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const originHits: string[] = [];
  const proxied: string[] = [];
  let originPort = 0;
  let proxyPort = 0;
  let dir: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    originPort = await listen(origin);
    proxyPort = await listen(proxy);
    dir = await mkdtemp(join(tmpdir(), 'vk-proxy-'));
    for (const name of PROXY_VARS) saved[name] = process.env[name];
  });
  afterEach(() => {
    for (const name of PROXY_VARS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    originHits.length = 0;
    proxied.length = 0;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => origin.close(r));
    await new Promise((r) => proxy.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  function clearProxyEnv(): void {
    for (const name of PROXY_VARS) delete process.env[name];
  }

  it('goes through HTTP_PROXY, and the file arrives intact', async () => {
    clearProxyEnv();
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxyPort}`;
    const dest = join(dir, 'via-proxy.bin');
    const result = await downloadFile(`http://127.0.0.1:${originPort}/file.bin`, { dest, md5 });
    expect(result.size).toBe(payload.length);
    expect((await readFile(dest)).equals(payload)).toBe(true);
    expect(proxied).toEqual([`GET http://127.0.0.1:${originPort}/file.bin`]);
    expect(originHits).toEqual(['/file.bin']);
  });

  it('lower-case http_proxy works too', async () => {
    clearProxyEnv();
    process.env.http_proxy = `http://127.0.0.1:${proxyPort}`;
    await downloadFile(`http://127.0.0.1:${originPort}/lower.bin`, {
      dest: join(dir, 'lower.bin'),
      md5,
    });
    expect(proxied).toEqual([`GET http://127.0.0.1:${originPort}/lower.bin`]);
  });

  it('an https:// URL is tunnelled through HTTPS_PROXY (CONNECT)', async () => {
    clearProxyEnv();
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxyPort}`;
    // the origin speaks plain HTTP, so the TLS handshake through the tunnel fails: what matters
    // is that the connection was asked of the proxy
    const err = await downloadFile(`https://127.0.0.1:${originPort}/secure.bin`, {
      dest: join(dir, 'secure.bin'),
      retries: 0,
      timeoutMs: 2000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(proxied).toEqual([`CONNECT 127.0.0.1:${originPort}`]);
  });

  it('NO_PROXY bypasses the proxy for the hosts it lists', async () => {
    clearProxyEnv();
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxyPort}`;
    process.env.NO_PROXY = 'example.org,127.0.0.1';
    const dest = join(dir, 'direct.bin');
    await downloadFile(`http://127.0.0.1:${originPort}/direct.bin`, { dest, md5 });
    expect(proxied).toEqual([]);
    expect(originHits).toEqual(['/direct.bin']);
    expect((await readFile(dest)).equals(payload)).toBe(true);
  });

  it('without proxy variables the request goes direct', async () => {
    clearProxyEnv();
    await downloadFile(`http://127.0.0.1:${originPort}/plain.bin`, {
      dest: join(dir, 'plain.bin'),
      md5,
    });
    expect(proxied).toEqual([]);
    expect(originHits).toEqual(['/plain.bin']);
  });

  it('a proxy that is down is a FetchError naming the failure, not a hang', async () => {
    clearProxyEnv();
    const dead = createServer();
    const deadPort = await listen(dead);
    await new Promise((r) => dead.close(r));
    process.env.HTTP_PROXY = `http://127.0.0.1:${deadPort}`;
    const err = await downloadFile(`http://127.0.0.1:${originPort}/x.bin`, {
      dest: join(dir, 'x.bin'),
      retries: 0,
      timeoutMs: 2000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).code).toBe('ECONNREFUSED');
    expect(originHits).toEqual([]);
  });
});
