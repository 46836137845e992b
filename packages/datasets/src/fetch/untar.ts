/**
 * Safe extraction of (gzipped) tarballs with the `tar` package: every entry is checked first,
 * and the archive is rejected as a whole — nothing written — when one entry is absolute,
 * contains `..`, or is a link that could point outside the target.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
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

/** Options of {@link extractTarball}. */
export interface ExtractOptions {
  /** Archive URL, for error messages. */
  url?: string;
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
  try {
    await tar.t({
      file,
      strict: true,
      onReadEntry: (entry) => {
        const reason = unsafeEntryReason(entry.path, entry.type, entry.linkpath);
        if (reason) unsafe.push(`'${entry.path}' (${reason})`);
        else if (FILE_TYPES.has(entry.type)) files.push(entry.path.replace(/^\.\//, ''));
      },
    });
  } catch (error) {
    throw new FetchError(
      `The archive ${where} is truncated or corrupt (${(error as Error).message}). ` +
        'Delete it and fetch again.',
      { cause: error, url: where },
    );
  }
  if (unsafe.length > 0) {
    throw new FetchError(
      `Refusing to unpack ${where}: ${unsafe.length} unsafe entr${unsafe.length === 1 ? 'y' : 'ies'} ` +
        `${unsafe.slice(0, 3).join(', ')}${unsafe.length > 3 ? ', …' : ''}. Nothing was extracted; ` +
        'the archive may be malicious or the mirror broken.',
      { url: where },
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
      { cause: error, url: where },
    );
  }
  return files;
}
