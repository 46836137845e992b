/**
 * What images can be read from, and the platform services (file access, gzip) the Node and
 * browser entries provide to the shared reading code.
 *
 * @module
 */

/** A file path, a `URL` (file:, http:, https:, blob:), raw bytes or a `Blob`/`File`. */
export type NiftiSource = string | URL | ArrayBuffer | Uint8Array | Blob;

/** Raw bytes of a source. */
export interface LoadedBytes {
  bytes: Uint8Array;
  /** True when nobody else holds `bytes` (so views on it are safe). */
  owned: boolean;
  /** File path or URL string, when the source has one (for finding .img pairs, messages). */
  name?: string;
}

/** Services the shared code needs from the platform (Node or browser). */
export interface Platform {
  /** Reads a whole source. */
  load(source: NiftiSource): Promise<LoadedBytes>;
  /**
   * Reads a source, inflated when it is gzip up to the bytes needed: `expectedSize`, else what
   * its NIfTI header declares (`prefault`: see `ReadNiftiOptions.prefault`).
   */
  loadInflated(
    source: NiftiSource,
    options?: { prefault?: boolean; expectedSize?: number },
  ): Promise<LoadedBytes>;
  /** Reads the sibling file `name` (a path or URL string) if it exists, else undefined. */
  loadSibling(name: string): Promise<LoadedBytes | undefined>;
  /** Inflates a gzip file up to `expectedSize` bytes, or those its NIfTI header declares. */
  gunzip(bytes: Uint8Array, expectedSize?: number): Uint8Array;
  /** Deflates as gzip. */
  gzip(bytes: Uint8Array, level?: number): Uint8Array<ArrayBuffer>;
  /** Raw (still compressed, if it is) bytes of a source, in chunks. */
  chunks(source: NiftiSource, chunkSize: number): AsyncIterable<Uint8Array>;
  /** Incremental inflate: gzip chunks in, inflated chunks out. */
  inflate(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
}

/** A readable name for messages. */
export function describeSource(source: NiftiSource): string {
  if (typeof source === 'string') return source;
  if (source instanceof URL) return source.href;
  if (source instanceof Uint8Array) return `<${source.length} bytes>`;
  if (source instanceof ArrayBuffer) return `<${source.byteLength}-byte ArrayBuffer>`;
  return `<Blob of ${(source as Blob).size} bytes>`;
}

/** For a .hdr (or .hdr.gz) name, the candidate .img names (same compression first). */
export function imageNamesFor(name: string): string[] {
  const m = /^(.*)\.hdr(\.gz)?$/i.exec(name);
  if (!m) return [];
  const base = m[1]!;
  const upper = name.slice(base.length + 1, base.length + 4) === 'HDR';
  const img = upper ? 'IMG' : 'img';
  return m[2]
    ? [`${base}.${img}${m[2]}`, `${base}.${img}`]
    : [`${base}.${img}`, `${base}.${img}.gz`];
}

/** For a .img (or .img.gz) name, the candidate .hdr names. */
export function headerNamesFor(name: string): string[] {
  const m = /^(.*)\.img(\.gz)?$/i.exec(name);
  if (!m) return [];
  const base = m[1]!;
  return m[2] ? [`${base}.hdr${m[2]}`, `${base}.hdr`] : [`${base}.hdr`, `${base}.hdr.gz`];
}
