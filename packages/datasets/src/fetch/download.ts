/**
 * One verified, resumable HTTP(S) download: streamed to `<dest>.part`, resumed with `Range`
 * (a full download when the server ignores it), retried with backoff on transient failures,
 * checked (size, MD5) and renamed into place atomically. A file at `dest` is therefore always
 * complete and verified.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { rm as fsRm, open, rename, stat, unlink } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import type { Readable } from 'node:stream';
import { FetchError } from '@voxelkit/core';
import { Agent, type Dispatcher, EnvHttpProxyAgent, request as undiciRequest } from 'undici';
import {
  describeNetworkError,
  errorCode,
  fileSystemError,
  isTransient,
  networkErrorCode,
  TransientError,
} from './fetch-error.js';
import { sleep } from './lock.js';
import { md5File } from './md5sums.js';
import { ProgressReporter } from './progress.js';

/** Options of {@link downloadFile}. */
export interface DownloadOptions {
  /** Where the verified file ends up. */
  dest: string;
  /** Resume a previous `<dest>.part` with a `Range` request (default true). */
  resume?: boolean;
  /** Expected MD5 (hex); the file is deleted and a FetchError thrown when it differs. */
  md5?: string;
  /** Expected size in bytes. */
  size?: number;
  signal?: AbortSignal;
  /** No data for this long (connecting or transferring) is a timeout (default 20 000 ms). */
  timeoutMs?: number;
  /**
   * Slowest transfer accepted, in bytes per second, averaged over each `timeoutMs` window
   * (default 1024): a server trickling bytes is a timeout (retried and resumed like a stall).
   * 0 disables the check.
   */
  minBytesPerSecond?: number;
  /** Retries after transient failures (default 3; backoff 0.5 s, 1 s, 2 s, …). */
  retries?: number;
  /** Base backoff delay in ms (default 500). */
  backoffMs?: number;
  /** Progress output and callback. */
  reporter?: ProgressReporter;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /**
   * Checks the complete download (still at its temporary path) before it takes its final name:
   * resolves to a problem description to reject it (the file is deleted and a FetchError thrown),
   * or `undefined` to accept it.
   */
  verify?: (path: string) => Promise<string | undefined>;
}

/** What {@link downloadFile} did. */
export interface DownloadResult {
  path: string;
  /** Bytes received over the network by this call (resumed bytes not counted). */
  bytesReceived: number;
  /** Final size of the file. */
  size: number;
  /** True when a partial file was resumed. */
  resumed: boolean;
}

const MAX_REDIRECTS = 5;

function abortError(url: string, signal: AbortSignal): FetchError {
  return new FetchError(
    `Download of ${url} was aborted. The partial file is kept as .part and resumed next time.`,
    { cause: signal.reason, url, code: 'ABORTED' },
  );
}

/** An HTTP response as {@link request} gives it: status, lower-case headers, streamed body. */
interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

/** One header value (the first when repeated). */
function header(res: Response, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];

/**
 * The HTTP client of one {@link downloadFile} call: undici's `EnvHttpProxyAgent` when one of
 * `HTTPS_PROXY`/`HTTP_PROXY` (or their lower-case forms) is set — requests then go through that
 * proxy, except to the hosts listed in `NO_PROXY` — and a plain undici `Agent` otherwise.
 */
export function createDispatcher(timeoutMs: number): Dispatcher {
  const options = {
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    // the transfer has its own watchdog (stall and minimum-throughput checks)
    bodyTimeout: 0,
  };
  const proxied = PROXY_VARIABLES.some((name) => (process.env[name] ?? '') !== '');
  // http:// URLs are sent to an http proxy as plain absolute-URI requests (as curl and wget do:
  // many institutional proxies only allow CONNECT to port 443); https:// ones are tunnelled.
  // (EnvHttpProxyAgent hands its options to undici's ProxyAgent, whose option this is)
  const proxyOptions: EnvHttpProxyAgent.Options & { proxyTunnel: boolean } = {
    ...options,
    proxyTunnel: false,
  };
  return proxied ? new EnvHttpProxyAgent(proxyOptions) : new Agent(options);
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'ETIMEDOUT']);

async function request(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  dispatcher: Dispatcher,
  redirects = 0,
): Promise<{ res: Response; url: string }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new FetchError(`Invalid URL ${url}.`, { cause: error, url, code: 'INVALID_URL' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new FetchError(
      `Unsupported URL protocol ${parsed.protocol} in ${url}; use http or https.`,
      {
        url,
        code: 'INVALID_URL',
      },
    );
  }
  let answer: Awaited<ReturnType<typeof undiciRequest>>;
  try {
    answer = await undiciRequest(parsed, {
      method: 'GET',
      headers: { 'user-agent': 'voxelkit-datasets', 'accept-encoding': 'identity', ...headers },
      dispatcher,
      maxRedirections: 0,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    // A server (or proxy) that does not even answer is most likely unreachable: fail at once.
    if (TIMEOUT_CODES.has(errorCode(error) ?? '')) {
      throw new FetchError(`No answer from ${url} within ${timeoutMs} ms (timeout).`, {
        cause: error,
        url,
        code: 'ETIMEDOUT',
      });
    }
    throw error;
  }
  const res: Response = { status: answer.statusCode, headers: answer.headers, body: answer.body };
  const location = header(res, 'location');
  if (res.status >= 300 && res.status < 400 && location) {
    res.body.resume();
    if (redirects >= MAX_REDIRECTS) {
      throw new FetchError(`Too many redirects from ${url}.`, { url, code: 'HTTP_STATUS' });
    }
    const next = new URL(location, parsed).toString();
    return request(next, headers, timeoutMs, signal, dispatcher, redirects + 1);
  }
  return { res, url };
}

function parseContentRange(value: string | undefined): { start: number; total?: number } | null {
  if (!value) return null;
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value.trim());
  if (!m) return null;
  return { start: Number(m[1]), ...(m[3] !== '*' ? { total: Number(m[3]) } : {}) };
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return -1;
    throw error;
  }
}

/** One attempt: returns the final size of `part`. */
async function attempt(
  url: string,
  part: string,
  offset: number,
  options: DownloadOptions,
  counters: { received: number },
  reporter: ProgressReporter,
  dispatcher: Dispatcher,
): Promise<{ size: number; resumed: boolean; md5?: string }> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const headers: Record<string, string> = { ...options.headers };
  if (offset > 0) headers.range = `bytes=${offset}-`;
  const { res } = await request(url, headers, timeoutMs, options.signal, dispatcher);
  const { status, body } = res;
  let start = 0;
  let total: number | undefined;
  if (status === 206) {
    const range = parseContentRange(header(res, 'content-range'));
    if (!range || range.start !== offset) {
      body.destroy();
      throw new TransientError(
        `server answered Range bytes=${offset}- with a different range`,
        'HTTP_STATUS',
      );
    }
    start = offset;
    total = range.total;
  } else if (status === 200) {
    const lengthHeader = header(res, 'content-length');
    const length = Number(lengthHeader);
    total = Number.isFinite(length) && lengthHeader !== undefined ? length : undefined;
  } else if (status === 416 && offset > 0) {
    body.resume();
    const range = /\/(\d+)/.exec(header(res, 'content-range') ?? '');
    if (range && Number(range[1]) === offset) return { size: offset, resumed: true };
    await unlink(part).catch(() => {});
    throw new TransientError(
      'the partial file is larger than the remote file; starting over',
      'HTTP_STATUS',
    );
  } else {
    body.resume();
    const message = `HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trim();
    if (status >= 500 || status === 429 || status === 408)
      throw new TransientError(message, 'HTTP_STATUS');
    throw new FetchError(
      `Download of ${url} failed: ${message}. Check the URL (options url/maskUrl) or try later.`,
      { url, code: 'HTTP_STATUS' },
    );
  }
  if (options.size !== undefined && total !== undefined && total !== options.size) {
    body.destroy();
    throw new FetchError(
      `The server says ${url} has ${total} bytes, but ${options.size} were expected.`,
      { url, code: 'CHECKSUM' },
    );
  }
  reporter.start(reporterName(options.dest), url, total, start);
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(part, start > 0 ? 'a' : 'w');
  } catch (error) {
    body.destroy();
    throw fileSystemError(error, part, 'write', url);
  }
  let written = start;
  // Our own watchdog from here on (the dispatcher has no body timeout), so that a stall or a
  // trickle after the headers is reported as a timeout, retried and resumed.
  const minRate = options.minBytesPerSecond ?? 1024;
  let windowStart = written;
  let lastData = Date.now();
  const watchdog = setInterval(
    () => {
      const idle = Date.now() - lastData;
      if (idle >= timeoutMs) {
        body.destroy(
          new TransientError(`no data from ${url} for ${idle} ms (timeout)`, 'ESTALLED'),
        );
      } else if (minRate > 0 && written - windowStart < (minRate * timeoutMs) / 1000) {
        body.destroy(
          new TransientError(
            `only ${written - windowStart} bytes from ${url} in ${timeoutMs} ms, slower than ` +
              `minBytesPerSecond = ${minRate} (timeout)`,
            'ESTALLED',
          ),
        );
      }
      windowStart = written;
    },
    Math.max(1, timeoutMs),
  );
  watchdog.unref();
  // Hash while writing when the file is downloaded from its start (saves re-reading it).
  const hash = start === 0 && options.md5 ? createHash('md5') : undefined;
  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      hash?.update(buf);
      try {
        await fh.write(buf);
      } catch (error) {
        body.destroy();
        throw fileSystemError(error, part, 'write', url);
      }
      written += buf.length;
      lastData = Date.now();
      counters.received += buf.length;
      reporter.update(written);
    }
  } finally {
    clearInterval(watchdog);
    await fh.close().catch(() => {});
  }
  if (total !== undefined && written < total) {
    throw new TransientError(`connection closed after ${written} of ${total} bytes`);
  }
  reporter.done(written);
  return { size: written, resumed: start > 0, ...(hash ? { md5: hash.digest('hex') } : {}) };
}

function reporterName(dest: string): string {
  return dest.slice(Math.max(dest.lastIndexOf('/'), dest.lastIndexOf('\\')) + 1);
}

/**
 * Downloads `url` to `options.dest` (see the module doc). Throws {@link FetchError} with the
 * URL and reason on: no network (at once on DNS failure), HTTP errors, timeout, checksum or
 * size mismatch (the bad file is deleted), a full disk or unwritable directory, and abort.
 *
 * Requests go through the proxy in `HTTPS_PROXY` / `HTTP_PROXY` (or `https_proxy` /
 * `http_proxy`), except to the hosts in `NO_PROXY` (see {@link createDispatcher}).
 */
export async function downloadFile(url: string, options: DownloadOptions): Promise<DownloadResult> {
  const dispatcher = createDispatcher(options.timeoutMs ?? 20_000);
  try {
    return await download(url, options, dispatcher);
  } finally {
    // no pooled socket outlives the call (it would keep a CLI alive)
    await dispatcher.destroy().catch(() => {});
  }
}

async function download(
  url: string,
  options: DownloadOptions,
  dispatcher: Dispatcher,
): Promise<DownloadResult> {
  const { dest, signal } = options;
  const part = `${dest}.part`;
  const reporter = options.reporter ?? new ProgressReporter({ verbose: 0 });
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  const counters = { received: 0 };
  let resumedAny = false;
  let restartedAfterMismatch = false;
  let failures = 0;
  if (options.resume === false) await fsRm(part, { force: true }).catch(() => {});
  for (;;) {
    if (signal?.aborted) throw abortError(url, signal);
    let offset = 0;
    try {
      offset = Math.max(await fileSize(part), 0);
    } catch (error) {
      throw fileSystemError(error, part, 'read', url);
    }
    if (options.size !== undefined && offset > options.size) {
      await unlink(part).catch(() => {});
      offset = 0;
    }
    let size: number;
    let streamedMd5: string | undefined;
    try {
      if (offset > 0) reporter.log(`Resuming ${url} at byte ${offset}`, 2);
      const result = await attempt(url, part, offset, options, counters, reporter, dispatcher);
      size = result.size;
      streamedMd5 = result.md5;
      resumedAny ||= result.resumed;
    } catch (error) {
      reporter.clearBar();
      if (signal?.aborted) throw abortError(url, signal);
      if (error instanceof FetchError) throw error;
      if (isTransient(error) && failures < retries) {
        failures++;
        const delay = backoffMs * 2 ** (failures - 1);
        reporter.log(
          `${describeNetworkError(error, url)}; retrying in ${(delay / 1000).toFixed(1)} s (${failures}/${retries})`,
        );
        try {
          await sleep(delay, signal);
        } catch {
          throw abortError(url, signal!);
        }
        continue;
      }
      const tried = failures > 0 ? ` after ${failures + 1} attempts` : '';
      throw new FetchError(
        `Download of ${url} failed${tried}: ${describeNetworkError(error, url)}.`,
        {
          cause: error,
          url,
          code: networkErrorCode(error),
        },
      );
    }
    // Verify before the file takes its final name.
    let problem: string | undefined;
    if (options.size !== undefined && size !== options.size) {
      problem = `size ${size} bytes, expected ${options.size}`;
    } else if (options.md5) {
      let digest: string;
      try {
        digest = streamedMd5 ?? (await md5File(part, signal));
      } catch (error) {
        if (signal?.aborted) throw abortError(url, signal);
        throw fileSystemError(error, part, 'read', url);
      }
      if (digest !== options.md5.toLowerCase()) {
        problem = `MD5 ${digest}, expected ${options.md5.toLowerCase()}`;
      }
    }
    if (!problem && options.verify) {
      try {
        const bad = await options.verify(part);
        if (bad !== undefined) {
          await unlink(part).catch(() => {});
          throw new FetchError(
            `The download of ${url} is not valid: ${bad}. It was deleted, nothing was cached; ` +
              'check the URL (a proxy or captive portal may have answered instead of the server).',
            { url, code: 'CHECKSUM' },
          );
        }
      } catch (error) {
        await unlink(part).catch(() => {});
        if (error instanceof FetchError) throw error;
        throw fileSystemError(error, part, 'verify', url);
      }
    }
    if (problem) {
      await unlink(part).catch(() => {});
      if (resumedAny && !restartedAfterMismatch) {
        // The kept part may come from an older version of the file: try once from scratch.
        restartedAfterMismatch = true;
        resumedAny = false;
        reporter.log(`${problem} after resuming ${url}; downloading it again from the start`);
        continue;
      }
      throw new FetchError(
        `Checksum mismatch for ${url}: ${problem}. The corrupt file was deleted; fetch again, ` +
          'and if this persists the mirror is broken.',
        { url, code: 'CHECKSUM' },
      );
    }
    try {
      await rename(part, dest);
    } catch (error) {
      throw fileSystemError(error, dest, 'move into place', url);
    }
    return { path: dest, bytesReceived: counters.received, size, resumed: resumedAny };
  }
}
