/**
 * Where datasets live on disk: the `dataDir` option, the voxelkit environment variables, a
 * nilearn data directory that already holds the dataset (so a nilearn user reuses what is on
 * disk), or `~/voxelkit_data`.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** Options of {@link getDataDir}. */
export interface GetDataDirOptions {
  /** An explicit data directory; when given it always wins. */
  dataDir?: string;
  /** The dataset's folder name, used to find a directory that already holds it (default `'haxby2001'`). */
  dataset?: string;
  /** Environment to read (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Home directory (default `os.homedir()`). */
  home?: string;
}

function splitPaths(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(delimiter)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => (isAbsolute(p) ? p : resolve(p)));
}

function expandHome(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return join(home, p.slice(2));
  return isAbsolute(p) ? p : resolve(p);
}

/**
 * Resolves the root data directory (the folder that contains `haxby2001/`, …).
 *
 * Order: `options.dataDir`; else the first of `VOXELKIT_SHARED_DATA`, `VOXELKIT_DATA` (each may
 * list several paths separated by the platform's path delimiter), `NILEARN_SHARED_DATA`,
 * `NILEARN_DATA` and `~/nilearn_data` that already holds `<dataset>/`; else the first path of
 * `VOXELKIT_SHARED_DATA` / `VOXELKIT_DATA` that is set; else `~/voxelkit_data`.
 * Nothing is created here.
 *
 * @example
 * ```ts
 * getDataDir();                        // e.g. '/home/me/nilearn_data' when it holds haxby2001/
 * getDataDir({ dataDir: './data' });   // '/abs/path/data'
 * ```
 */
export function getDataDir(options: GetDataDirOptions = {}): string {
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  if (options.dataDir !== undefined && options.dataDir !== '') {
    return expandHome(options.dataDir, home);
  }
  const dataset = options.dataset ?? 'haxby2001';
  const voxelkit = [...splitPaths(env.VOXELKIT_SHARED_DATA), ...splitPaths(env.VOXELKIT_DATA)];
  const nilearn = [
    ...splitPaths(env.NILEARN_SHARED_DATA),
    ...splitPaths(env.NILEARN_DATA),
    join(home, 'nilearn_data'),
  ];
  for (const dir of [...voxelkit, ...nilearn]) {
    if (existsSync(join(dir, dataset))) return dir;
  }
  if (voxelkit.length > 0) return voxelkit[0];
  return join(home, 'voxelkit_data');
}
