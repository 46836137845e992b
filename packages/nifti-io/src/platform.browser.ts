/**
 * Browser services: everything through `fetch`, `Blob` and fflate (no Node built-ins).
 *
 * @module
 */
import { NiftiError } from '@voxelkit/core';
import { Gunzip } from 'fflate';
import { gunzip, gzip } from './gzip.browser.js';
import { inflateLoaded } from './gzip.js';
import type { LoadedBytes, NiftiSource, Platform } from './source.js';

async function fetchResponse(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new NiftiError(`Cannot fetch ${url}: ${(e as Error).message}`, { cause: e });
  }
  if (!res.ok) throw new NiftiError(`Cannot fetch ${url}: HTTP ${res.status} ${res.statusText}.`);
  return res;
}

async function load(source: NiftiSource): Promise<LoadedBytes> {
  if (typeof source === 'string' || source instanceof URL) {
    const url = String(source);
    const res = await fetchResponse(url);
    return { bytes: new Uint8Array(await res.arrayBuffer()), owned: true, name: url };
  }
  if (source instanceof Uint8Array) return { bytes: source, owned: false };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), owned: false };
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    return { bytes: new Uint8Array(await source.arrayBuffer()), owned: true };
  }
  throw new NiftiError(
    `Unsupported NIfTI source ${Object.prototype.toString.call(source)}: pass a URL, ` +
      'Uint8Array, ArrayBuffer or Blob.',
  );
}

async function loadSibling(name: string): Promise<LoadedBytes | undefined> {
  try {
    const res = await fetch(name);
    if (!res.ok) return undefined;
    return { bytes: new Uint8Array(await res.arrayBuffer()), owned: true, name };
  } catch {
    return undefined;
  }
}

async function* readStream(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

async function* chunks(source: NiftiSource, chunkSize: number): AsyncIterable<Uint8Array> {
  if (typeof source === 'string' || source instanceof URL) {
    const res = await fetchResponse(String(source));
    if (!res.body) {
      yield new Uint8Array(await res.arrayBuffer());
      return;
    }
    yield* readStream(res.body);
    return;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    yield* readStream(source.stream() as ReadableStream<Uint8Array>);
    return;
  }
  const { bytes } = await load(source);
  for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
}

async function* inflate(input: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  let out: Uint8Array[] = [];
  const g = new Gunzip((chunk) => {
    out.push(chunk);
  });
  for await (const chunk of input) {
    try {
      g.push(chunk, false);
    } catch (e) {
      throw new NiftiError(
        `Corrupt gzip data (${(e as Error).message}). Download or copy the file again.`,
        { cause: e },
      );
    }
    if (out.length > 0) {
      const ready = out;
      out = [];
      yield* ready;
    }
  }
  try {
    g.push(new Uint8Array(0), true);
  } catch (e) {
    throw new NiftiError(
      `Corrupt or truncated gzip data (${(e as Error).message}). Download or copy the file again.`,
      { cause: e },
    );
  }
  yield* out;
}

async function loadInflated(
  source: NiftiSource,
  options: { expectedSize?: number } = {},
): Promise<LoadedBytes> {
  return inflateLoaded(await load(source), gunzip, options.expectedSize);
}

/** The browser platform. */
export const browserPlatform: Platform = {
  load,
  loadInflated,
  loadSibling,
  gunzip,
  gzip,
  chunks,
  inflate,
};
