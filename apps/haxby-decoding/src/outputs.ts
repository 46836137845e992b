/**
 * Checks, before any computation, that the CLI's outputs can be written: `--out` must be a
 * directory (or creatable as one) and `--json` a file (or creatable as one).
 *
 * @module
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** The first problem with an output path, said so that a user knows what to do; else undefined. */
export async function checkOutputs(
  out: string,
  json: string | undefined,
): Promise<string | undefined> {
  const outProblem = await checkPath(out, 'directory', '--out');
  if (outProblem !== undefined) return outProblem;
  return json === undefined ? undefined : checkPath(json, 'file', '--json');
}

async function checkPath(
  path: string,
  kind: 'directory' | 'file',
  flag: string,
): Promise<string | undefined> {
  const full = resolve(path);
  const own = await statOrUndefined(full);
  if (own !== undefined) {
    if (kind === 'directory' && !own.isDirectory())
      return `${flag} ${path} is a file, not a directory: give a directory (it is created if missing).`;
    if (kind === 'file' && own.isDirectory())
      return `${flag} ${path} is a directory: give the path of the JSON file to write, e.g. ${path}/report.json.`;
    return writable(kind === 'directory' ? full : dirname(full), flag, path);
  }
  // Walk up to the nearest existing ancestor: it must be a writable directory.
  let ancestor = dirname(full);
  for (;;) {
    const s = await statOrUndefined(ancestor);
    if (s !== undefined) {
      if (!s.isDirectory())
        return `${flag} ${path} lies below ${ancestor}, which is a file: choose a path inside a directory.`;
      return writable(ancestor, flag, path);
    }
    const parent = dirname(ancestor);
    if (parent === ancestor) return undefined;
    ancestor = parent;
  }
}

async function writable(dir: string, flag: string, path: string): Promise<string | undefined> {
  try {
    await access(dir, constants.W_OK);
    return undefined;
  } catch {
    return `${flag} ${path}: the directory ${dir} is not writable; choose another path.`;
  }
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}
