/**
 * Safe extraction of (gzipped) tarballs with the `tar` package: every entry is checked first,
 * and the archive is rejected as a whole — nothing written — when one entry is absolute,
 * contains `..`, or is a link that could point outside the target.
 *
 * @module
 */
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { posix } from 'node:path';
import { FetchError } from '@voxelkit/core';
import * as tar from 'tar';
import { fileSystemError } from './fetch-error.js';

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const LINK_TYPES = new Set(['SymbolicLink', 'Link']);

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p);
}

function hasDotDot(p: string): boolean {
  return p.split(/[/\\]+/).some((part) => part === '..');
}

/** Why an entry is unsafe, or undefined when it is fine. */
export function unsafeEntryReason(
  path: string,
  type: string,
  linkpath: string | undefined,
): string | undefined {
  if (path.includes('\0')) return 'its name contains a NUL byte';
  if (isAbsolutePath(path)) return 'its path is absolute';
  if (hasDotDot(path)) return "its path contains '..'";
  if (LINK_TYPES.has(type)) {
    const target = linkpath ?? '';
    if (target === '' || isAbsolutePath(target))
      return `it is a link to an absolute path (${target})`;
    if (hasDotDot(target)) return `it is a link that points outside the archive (${target})`;
  }
  return undefined;
}

/**
 * Largest archive entry accepted by default: 512 MiB. The biggest file of a Haxby subject is
 * `bold.nii.gz`, at most its uncompressed size (40x64x64x1452 int16 = 476 MB); anything larger
 * cannot be genuine and is refused before a byte is written (tar bomb).
 */
export const DEFAULT_MAX_ENTRY_BYTES = 512 * 1024 * 1024;

/** Options of {@link extractTarball}. */
export interface ExtractOptions {
  /** Archive URL, for error messages. */
  url?: string;
  /**
   * Keep only the regular files for which this returns true (path relative, `/`-separated,
   * without `./`); nothing else — other files, directories, links — is written. Default: all.
   * A kept path that is a link in the archive is refused.
   */
  keep?: (path: string) => boolean;
  /** Largest entry size accepted, in bytes (default {@link DEFAULT_MAX_ENTRY_BYTES}). */
  maxEntryBytes?: number;
}

function clean(p: string): string {
  const n = posix.normalize(p.replace(/\\/g, '/')).replace(/\/+$/, '');
  return n === '' ? '.' : n;
}

class ListingStop extends Error {}

/** Streams the archive's headers to `onEntry` (bounded memory, bodies skipped). */
function listStreaming(file: string, onEntry: (entry: tar.ReadEntry) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const input = createReadStream(file);
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      input.destroy();
      reject(error);
    };
    const parser = new tar.Parser({
      strict: true,
      onReadEntry: (entry) => {
        if (settled) return void entry.resume();
        try {
          onEntry(entry);
        } catch (error) {
          fail(error);
        }
        entry.resume();
      },
    });
    parser.on('error', fail);
    parser.on('end', () => {
      if (!settled) {
        settled = true;
        resolve();
      }
    });
    input.on('error', fail);
    input.pipe(parser as unknown as NodeJS.WritableStream);
  });
}

/**
 * Lists `file`, rejects it when any entry is unsafe or the archive is truncated/corrupt, then
 * extracts regular files, directories and in-archive links into `targetDir` (which should be a
 * fresh, empty directory). Returns the archive's file paths (relative, `/`-separated).
 *
 * Throws {@link FetchError} (with the archive URL or path) for an unsafe entry, a truncated or
 * corrupt archive, a full disk or an unwritable target.
 */
export async function extractTarball(
  file: string,
  targetDir: string,
  options: ExtractOptions = {},
): Promise<string[]> {
  const where = options.url ?? file;
  const files: string[] = [];
  const unsafe: string[] = [];
  const maxEntryBytes = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  const keep = options.keep;
  const dirs = new Set<string>(['.']);
  const seenFiles = new Set<string>();
  try {
    await listStreaming(file, (entry) => {
      const path = clean(entry.path);
      let reason = unsafeEntryReason(entry.path, entry.type, entry.linkpath);
      if (!reason && (entry.size ?? 0) > maxEntryBytes) {
        reason =
          `it is ${entry.size} bytes, more than the ${maxEntryBytes} bytes a genuine entry can ` +
          'be (raise maxEntryBytes if this archive is trusted)';
      }
      if (!reason && entry.type === 'Link') {
        const target = clean(entry.linkpath ?? '');
        if (dirs.has(target)) reason = `it is a hard link to a directory (${entry.linkpath})`;
        else if (!seenFiles.has(target))
          reason = `it is a hard link to no earlier file of the archive (${entry.linkpath})`;
      }
      if (!reason && keep?.(path) && entry.type !== 'Directory' && !FILE_TYPES.has(entry.type)) {
        reason = `it is an expected file but a ${entry.type} entry, not a regular file`;
      }
      if (reason) {
        unsafe.push(`'${entry.path}' (${reason})`);
        // An oversized entry is refused at once: nothing of its body is read.
        if (/bytes, more than/.test(reason)) throw new ListingStop();
        return;
      }
      if (entry.type === 'Directory') dirs.add(path);
      else if (FILE_TYPES.has(entry.type)) {
        seenFiles.add(path);
        if (!keep || keep(path)) files.push(entry.path.replace(/^\.\//, ''));
      }
    });
  } catch (error) {
    if (!(error instanceof ListingStop)) {
      throw new FetchError(
        `The archive ${where} is truncated or corrupt (${(error as Error).message}). ` +
          'Delete it and fetch again.',
        { cause: error, url: where, code: 'CORRUPT_ARCHIVE' },
      );
    }
  }
  if (unsafe.length > 0) {
    throw new FetchError(
      `Refusing to unpack ${where}: ${unsafe.length} unsafe entr${unsafe.length === 1 ? 'y' : 'ies'} ` +
        `${unsafe.slice(0, 3).join(', ')}${unsafe.length > 3 ? ', …' : ''}. Nothing was extracted; ` +
        'the archive may be malicious or the mirror broken.',
      { url: where, code: 'UNSAFE_ARCHIVE' },
    );
  }
  try {
    await mkdir(targetDir, { recursive: true });
  } catch (error) {
    throw fileSystemError(error, targetDir, 'create the directory', options.url);
  }
  try {
    await tar.x({
      file,
      cwd: targetDir,
      strict: true,
      preservePaths: false,
      preserveOwner: false,
      filter: (path, entry) => {
        const type = (entry as { type?: string }).type ?? 'File';
        if (keep) return FILE_TYPES.has(type) && keep(clean(path));
        if (!FILE_TYPES.has(type) && type !== 'Directory' && !LINK_TYPES.has(type)) return false;
        const linkpath = (entry as { linkpath?: string }).linkpath;
        return unsafeEntryReason(path, type, linkpath) === undefined;
      },
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOSPC' || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
      throw fileSystemError(error, targetDir, 'unpack into', options.url);
    }
    throw new FetchError(
      `Could not unpack ${where}: ${(error as Error).message}. Delete it and fetch again.`,
      { cause: error, url: where, code: 'CORRUPT_ARCHIVE' },
    );
  }
  return files;
}
