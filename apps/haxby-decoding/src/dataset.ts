/**
 * Which files the tutorial runs on: a subject folder already on disk (`--subject-dir`), the
 * real dataset (`fetchHaxby`), or the offline synthetic one — with the fallback from the second
 * to the third when the network cannot be reached.
 *
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FetchError, ValidationError } from '@voxelkit/core';
import type { HaxbyDataset } from '@voxelkit/datasets';
import type { StepProgress } from './progress.js';
import type { DatasetInfo } from './report.js';

/** How to find the data (the CLI's data options). */
export interface DatasetOptions {
  /** A folder holding bold.nii.gz, labels.txt, mask4_vt.nii.gz and optionally anat.nii.gz. */
  subjectDir?: string;
  /** A mask to use instead of mask4_vt.nii.gz. */
  mask?: string;
  /** Data directory for fetchHaxby / fetchHaxbySynthetic. */
  dataDir?: string;
  /** Haxby subject 1–6 (default 2). */
  subject?: number;
  /** Mirror holding MD5SUMS, the subject tarballs and mask.nii.gz. */
  url?: string;
  /** Use the offline synthetic dataset. */
  synthetic?: boolean;
  /** Size of the synthetic dataset (default 'full': Haxby's 40×64×64×1452 grid). */
  syntheticSize?: 'full' | 'small';
  /**
   * Run on the synthetic dataset when the network cannot be reached (default: true unless `url`
   * is given — an explicit mirror that cannot be reached is an error).
   */
  offlineFallback?: boolean;
  /** Aborts a download. */
  signal?: AbortSignal;
}

const NETWORK_DOWN = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
]);

/**
 * True when `error` (or one of its causes) says the network cannot be reached at all: no DNS,
 * no route, connection refused, connect timeout. A checksum mismatch or an HTTP 404 is not.
 */
export function isNetworkUnreachable(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_DOWN.has(code)) return true;
    if (e instanceof FetchError && e.code === 'ETIMEDOUT') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function checkFile(path: string, what: string, hint: string): string {
  const full = resolve(path);
  if (!existsSync(full)) throw new ValidationError(`${what} ${full} does not exist. ${hint}`);
  if (!statSync(full).isFile()) throw new ValidationError(`${what} ${full} is not a file. ${hint}`);
  return full;
}

function fromSubjectDir(dir: string, mask: string | undefined): DatasetInfo {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new ValidationError(
      `--subject-dir ${root} is not a directory. Give the folder that holds bold.nii.gz, ` +
        'labels.txt and mask4_vt.nii.gz (e.g. ~/voxelkit_data/haxby2001/subj2).',
    );
  }
  const hint = `--subject-dir must hold bold.nii.gz, labels.txt and mask4_vt.nii.gz (anat.nii.gz is optional).`;
  const anat = join(root, 'anat.nii.gz');
  return {
    source: 'local',
    func: checkFile(join(root, 'bold.nii.gz'), 'The functional image', hint),
    labels: checkFile(join(root, 'labels.txt'), 'The labels file', hint),
    mask: mask
      ? checkFile(mask, 'The mask', 'Check the --mask path.')
      : checkFile(join(root, 'mask4_vt.nii.gz'), 'The mask', `${hint} Or pass --mask FILE.`),
    anat: existsSync(anat) ? anat : null,
  };
}

function fromHaxby(
  haxby: HaxbyDataset,
  source: DatasetInfo['source'],
  mask: string | undefined,
): DatasetInfo {
  return {
    source,
    func: haxby.func[0] as string,
    labels: haxby.sessionTarget[0] as string,
    mask: mask
      ? checkFile(mask, 'The mask', 'Check the --mask path.')
      : (haxby.maskVt[0] as string),
    anat: haxby.anat[0] ?? null,
  };
}

/**
 * Finds (downloading or generating as needed) the files of one subject.
 *
 * - `subjectDir`: those files, no network.
 * - `synthetic`: `fetchHaxbySynthetic` (no network).
 * - otherwise `fetchHaxby`; when the network cannot be reached, one line says so and the
 *   synthetic dataset is used instead (`source: 'synthetic'`), unless `offlineFallback` is false
 *   (the default when `url` is given: the user asked for that mirror).
 *
 * @throws ValidationError for missing files or folders.
 * @throws FetchError when a download fails (other than the offline fallback).
 */
export async function resolveDataset(
  options: DatasetOptions,
  progress: StepProgress,
  verbose: boolean,
): Promise<DatasetInfo> {
  if (options.subjectDir !== undefined) return fromSubjectDir(options.subjectDir, options.mask);
  // Loaded only to fetch or generate (undici, tar, proper-lockfile): a run on files already
  // on disk never pays for it.
  const { fetchHaxby, fetchHaxbySynthetic } = await import('@voxelkit/datasets');
  const subject = options.subject ?? 2;
  const synthetic = async (): Promise<DatasetInfo> => {
    progress.start(`Generating the synthetic Haxby-like dataset (subject ${subject})`);
    const haxby = await fetchHaxbySynthetic({
      dataDir: options.dataDir,
      subjects: [subject],
      size: options.syntheticSize ?? 'full',
    });
    progress.clear();
    return fromHaxby(haxby, 'synthetic', options.mask);
  };
  if (options.synthetic) return synthetic();
  const url = options.url === undefined ? undefined : options.url.replace(/\/?$/, '/');
  progress.start(`Fetching the Haxby dataset (subject ${subject})`);
  try {
    const haxby = await fetchHaxby({
      dataDir: options.dataDir,
      subjects: [subject],
      ...(url ? { url, maskUrl: `${url}mask.nii.gz` } : {}),
      verbose: verbose ? 1 : 0,
      signal: options.signal,
    });
    progress.clear();
    return fromHaxby(haxby, 'download', options.mask);
  } catch (error) {
    progress.clear();
    const fallback = options.offlineFallback ?? url === undefined;
    if (fallback && isNetworkUnreachable(error)) {
      progress.message(
        'voxelkit-haxby: the network cannot be reached, so the Haxby dataset cannot be downloaded; ' +
          "running on the SYNTHETIC Haxby-like dataset instead (results are not Haxby's).",
      );
      return synthetic();
    }
    throw error;
  }
}
