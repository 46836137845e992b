/**
 * `fetchHaxby`: nilearn's `datasets.fetch_haxby()` — the Haxby et al. (2001) face/object
 * dataset from PyMVPA's server, verified against its MD5SUMS, unpacked safely and cached.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { FetchError, ValidationError, VoxelkitWarning, warn } from '@voxelkit/core';
import { readNifti } from '@voxelkit/nifti-io';
import { getDataDir } from './data-dir.js';
import { downloadFile } from './fetch/download.js';
import { fileSystemError } from './fetch/fetch-error.js';
import { acquireLock } from './fetch/lock.js';
import { parseMd5Sums } from './fetch/md5sums.js';
import { type ProgressCallback, ProgressReporter } from './fetch/progress.js';
import { DEFAULT_MAX_ENTRY_BYTES, extractTarball } from './fetch/untar.js';

/** PyMVPA's Haxby 2001 mirror (nilearn's default). */
export const HAXBY_URL = 'http://data.pymvpa.org/datasets/haxby2001/';
/** The full-brain mask nilearn downloads with the dataset. */
export const HAXBY_MASK_URL = 'https://www.nitrc.org/frs/download.php/7868/mask.nii.gz';
/** Folder of the dataset inside the data directory. */
export const HAXBY_FOLDER = 'haxby2001';

/** Per-subject files, in nilearn's order. */
export const HAXBY_SUBJECT_FILES = [
  'bold.nii.gz',
  'labels.txt',
  'mask4_vt.nii.gz',
  'mask8b_face_vt.nii.gz',
  'mask8b_house_vt.nii.gz',
  'mask8_face_vt.nii.gz',
  'mask8_house_vt.nii.gz',
  'anat.nii.gz',
] as const;

/** Stimulus images by folder: a folder with only images maps to their paths, others nest. */
export interface StimuliTree {
  [folder: string]: string[] | StimuliTree;
}

/** The Haxby dataset on disk (paths), one entry per subject in each array. */
export interface HaxbyDataset {
  /** Anatomical T1 per subject (`null` for subject 6, which has none). */
  anat: (string | null)[];
  /** 4-D BOLD series per subject (`bold.nii.gz`, 1452 volumes). */
  func: string[];
  /** `labels.txt` per subject: header `labels chunks`, then one `label chunk` row per volume. */
  sessionTarget: string[];
  /** Ventral-temporal mask per subject (`mask4_vt.nii.gz`). */
  maskVt: string[];
  /** Face-selective mask (`mask8b_face_vt.nii.gz`). */
  maskFace: string[];
  /** House-selective mask (`mask8b_house_vt.nii.gz`). */
  maskHouse: string[];
  /** Small face-selective mask (`mask8_face_vt.nii.gz`). */
  maskFaceLittle: string[];
  /** Small house-selective mask (`mask8_house_vt.nii.gz`). */
  maskHouseLittle: string[];
  /** Full-brain mask (`mask.nii.gz`), or `null` when `maskUrl` was `null`. */
  mask: string | null;
  /** What the dataset is (plain text). */
  description: string;
  /** Repetition time in seconds. */
  tR: 2.5;
  /** Stimulus images, when `fetchStimuli` was set. */
  stimuli?: StimuliTree;
  /** True for data made by `fetchHaxbySynthetic`. */
  synthetic?: boolean;
}

/** Options of {@link fetchHaxby}. */
export interface FetchHaxbyOptions {
  /** Root data directory (see {@link getDataDir} for the default). */
  dataDir?: string;
  /** Subject ids (1–6), or a count n meaning subjects 1..n (default `[2]`). */
  subjects?: number[] | number;
  /** Also download the stimulus images (default false). */
  fetchStimuli?: boolean;
  /** Base URL of the mirror (default {@link HAXBY_URL}); must end with `/`. */
  url?: string;
  /** URL of the full-brain mask (default {@link HAXBY_MASK_URL}); `null` to skip it. */
  maskUrl?: string | null;
  /** Resume partial downloads (default true). */
  resume?: boolean;
  /** 0 silent, 1 progress (default), 2 details. */
  verbose?: number;
  /** Aborts downloads and lock waits; partial files stay as `.part` for resuming. */
  signal?: AbortSignal;
  /** Called as bytes arrive. */
  onProgress?: ProgressCallback;
  /** Idle timeout for connecting and transferring (default 20 000 ms). */
  timeoutMs?: number;
  /** Retries after transient network failures (default 3). */
  retries?: number;
  /**
   * Largest archive member accepted, in bytes (default {@link DEFAULT_MAX_ENTRY_BYTES}, 512 MiB:
   * more than a Haxby subject's largest file can be). A bigger member is refused before anything
   * is written (tar bomb).
   */
  maxEntryBytes?: number;
  /**
   * Slowest transfer accepted, bytes per second over each `timeoutMs` window (default 1024);
   * slower is a timeout, retried and resumed. 0 disables it.
   */
  minBytesPerSecond?: number;
  /**
   * Unpack a tarball that `MD5SUMS` has no checksum for (an HTML page, or its line missing)
   * with only a warning (default false: that is a `FetchError`, the archive is not unpacked).
   */
  allowUnverified?: boolean;
}

/** Plain-text description of the dataset (nilearn's `DESCR`, rewritten). */
export const HAXBY_DESCRIPTION = `Haxby et al. (2001): faces and objects in ventral temporal cortex

Six subjects viewed gray-scale images of 8 categories (faces, cats, houses, shoes, scissors,
scrambled pictures, bottles, chairs) in 12 runs of 121 volumes (TR = 2.5 s). In each run every
category is shown once as a 24 s block (9 volumes), blocks separated by rest.

Files per subject (haxby2001/subjN/): bold.nii.gz (4-D BOLD, 40x64x64x1452, int16),
labels.txt (one "label chunk" row per volume), anat.nii.gz (T1; none for subject 6),
mask4_vt.nii.gz (ventral temporal mask), mask8b_face_vt / mask8b_house_vt (face and house
selective masks) and mask8_face_vt / mask8_house_vt (their small versions). mask.nii.gz is a
full-brain mask.

Source: PyMVPA (http://data.pymvpa.org/datasets/haxby2001/), license CC BY-SA 3.0.
Reference: Haxby, J. V., Gobbini, M. I., Furey, M. L., Ishai, A., Schouten, J. L., & Pietrini,
P. (2001). Distributed and overlapping representations of faces and objects in ventral
temporal cortex. Science, 293(5539), 2425-2430.
`;

/** Normalises `subjects` like nilearn: a count n → 1..min(n, 6); a list → validated ids. */
export function resolveSubjects(subjects: number[] | number | undefined): number[] {
  if (subjects === undefined) return [2];
  if (typeof subjects === 'number') {
    if (!Number.isInteger(subjects) || subjects < 0) {
      throw new ValidationError(
        `subjects must be a count (a non-negative integer) or a list of ids 1-6, got ${subjects}.`,
      );
    }
    const n = Math.min(subjects, 6);
    return Array.from({ length: n }, (_, i) => i + 1);
  }
  if (!Array.isArray(subjects)) {
    throw new ValidationError('subjects must be a number or an array of subject ids 1-6.');
  }
  for (const id of subjects) {
    if (!Number.isInteger(id) || id < 1 || id > 6) {
      throw new ValidationError(
        `Haxby subject ids are 1 to 6, got ${String(id)}. Pass e.g. subjects: [2] or subjects: 6.`,
      );
    }
  }
  return [...subjects];
}

/** Files expected for subject `id` (relative to the dataset folder). */
export function subjectFiles(id: number): string[] {
  return HAXBY_SUBJECT_FILES.filter((f) => !(f === 'anat.nii.gz' && id === 6)).map((f) =>
    join(`subj${id}`, f),
  );
}

/** Assembles the result arrays from the dataset folder. */
export function haxbyResult(
  datasetDir: string,
  subjects: number[],
  mask: string | null,
  description: string,
): HaxbyDataset {
  const path = (id: number, f: string) => join(datasetDir, `subj${id}`, f);
  return {
    anat: subjects.map((id) => (id === 6 ? null : path(id, 'anat.nii.gz'))),
    func: subjects.map((id) => path(id, 'bold.nii.gz')),
    sessionTarget: subjects.map((id) => path(id, 'labels.txt')),
    maskVt: subjects.map((id) => path(id, 'mask4_vt.nii.gz')),
    maskFace: subjects.map((id) => path(id, 'mask8b_face_vt.nii.gz')),
    maskHouse: subjects.map((id) => path(id, 'mask8b_house_vt.nii.gz')),
    maskFaceLittle: subjects.map((id) => path(id, 'mask8_face_vt.nii.gz')),
    maskHouseLittle: subjects.map((id) => path(id, 'mask8_house_vt.nii.gz')),
    mask,
    description,
    tR: 2.5,
  };
}

async function stimuliTree(dir: string): Promise<StimuliTree | string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const images = entries
    .filter((e) => e.isFile() && /\.jpe?g$/i.test(e.name))
    .map((e) => join(dir, e.name));
  const folders = entries.filter((e) => e.isDirectory());
  if (folders.length === 0) return images;
  const tree: StimuliTree = {};
  for (const folder of folders) tree[folder.name] = await stimuliTree(join(dir, folder.name));
  if (images.length > 0) tree['.'] = images;
  return tree;
}

/**
 * Moves every file extracted under `tmp/<prefix>` into `datasetDir/<prefix>`, keeping files
 * already in place.
 */
async function moveInto(tmp: string, datasetDir: string, files: string[], url: string) {
  for (const rel of files) {
    const from = join(tmp, rel);
    const to = join(datasetDir, rel);
    if (existsSync(to) || !existsSync(from)) continue;
    try {
      await mkdir(dirname(to), { recursive: true });
      await rename(from, to);
    } catch (error) {
      throw fileSystemError(error, to, 'move into place', url);
    }
  }
}

interface TarballJob {
  name: string;
  /** Files (relative to the dataset folder) that must exist after unpacking. */
  expect: string[];
  /** Archive members (relative, `/`-separated) to keep; nothing else reaches the cache. */
  keep: (path: string) => boolean;
}

/**
 * Downloads the Haxby (2001) dataset like nilearn's `fetch_haxby` and returns the paths of its
 * files. Files already on disk are not downloaded again (and then no network is needed).
 *
 * Behaviour: the full-brain mask is fetched from `maskUrl`; then, when a subject's files are
 * missing, `MD5SUMS` is fetched from `url`, `subj{N}-2010.01.14.tar.gz` is downloaded
 * (resumable, retried, MD5-checked), unpacked safely to `haxby2001/subj{N}/` and deleted. A lock
 * file (`haxby2001/.voxelkit.lock`) keeps concurrent fetches from clashing. It never falls back
 * to synthetic data: on failure it throws and the caller decides (see `fetchHaxbySynthetic`).
 *
 * @throws {ValidationError} for bad `subjects`.
 * @throws {FetchError} with the URL and the reason: no network (at once on DNS failure), HTTP
 *   error, timeout, checksum mismatch (the bad file is deleted), truncated or unsafe tarball,
 *   full disk, unwritable data directory, abort.
 *
 * @example
 * ```ts
 * const haxby = await fetchHaxby({ subjects: [2] });
 * console.log(haxby.func[0]); // ~/voxelkit_data/haxby2001/subj2/bold.nii.gz
 * ```
 */
export async function fetchHaxby(options: FetchHaxbyOptions = {}): Promise<HaxbyDataset> {
  const subjects = resolveSubjects(options.subjects);
  const baseUrl = (options.url ?? HAXBY_URL).replace(/\/?$/, '/');
  const maskUrl = options.maskUrl === undefined ? HAXBY_MASK_URL : options.maskUrl;
  const root = getDataDir({ dataDir: options.dataDir, dataset: HAXBY_FOLDER });
  const datasetDir = join(root, HAXBY_FOLDER);
  const reporter = new ProgressReporter({
    verbose: options.verbose ?? 1,
    onProgress: options.onProgress,
  });
  const maskPath = maskUrl === null ? null : join(datasetDir, 'mask.nii.gz');

  const missing = (): { mask: boolean; tarballs: TarballJob[] } => {
    const tarballs: TarballJob[] = [];
    for (const id of subjects) {
      const expect = subjectFiles(id);
      if (expect.some((f) => !existsSync(join(datasetDir, f)))) {
        const wanted = new Set(expect.map((f) => f.split(sep).join('/')));
        tarballs.push({
          name: `subj${id}-2010.01.14.tar.gz`,
          expect,
          keep: (p) => wanted.has(p),
        });
      }
    }
    if (options.fetchStimuli && !existsSync(join(datasetDir, 'stimuli', 'README'))) {
      tarballs.push({
        name: 'stimuli-2010.01.14.tar.gz',
        expect: [join('stimuli', 'README')],
        keep: (p) => p.startsWith('stimuli/'),
      });
    }
    return { mask: maskPath !== null && !existsSync(maskPath), tarballs };
  };

  let todo = missing();
  if (todo.mask || todo.tarballs.length > 0) {
    try {
      await mkdir(datasetDir, { recursive: true });
    } catch (error) {
      throw fileSystemError(error, datasetDir, 'create the data directory');
    }
    const lock = await acquireLock(join(datasetDir, '.voxelkit.lock'), {
      signal: options.signal,
      onWait: (holder) => reporter.log(`Waiting for ${holder}, which is fetching ${datasetDir}`),
    });
    try {
      todo = missing(); // the previous holder may have fetched what we need
      await removeLeftovers(datasetDir);
      const common = {
        resume: options.resume ?? true,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        minBytesPerSecond: options.minBytesPerSecond,
        retries: options.retries,
        reporter,
      };
      if (todo.mask && maskPath !== null && maskUrl !== null) {
        await downloadFile(maskUrl, { ...common, dest: maskPath, verify: verifyNifti });
      }
      if (todo.tarballs.length > 0) {
        const md5Path = join(datasetDir, 'MD5SUMS');
        await rm(md5Path, { force: true }).catch(() => {});
        await downloadFile(`${baseUrl}MD5SUMS`, { ...common, dest: md5Path });
        let sums: Map<string, string>;
        try {
          sums = parseMd5Sums(await readFile(md5Path, 'utf8'));
        } catch (error) {
          throw fileSystemError(error, md5Path, 'read');
        }
        for (const job of todo.tarballs) {
          await fetchTarball(
            job,
            baseUrl,
            datasetDir,
            sums,
            common,
            reporter,
            options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES,
            options.allowUnverified ?? false,
          );
        }
      }
    } finally {
      await lock.release();
    }
  }

  const result = haxbyResult(datasetDir, subjects, maskPath, HAXBY_DESCRIPTION);
  if (options.fetchStimuli) {
    const tree = await stimuliTree(join(datasetDir, 'stimuli'));
    result.stimuli = Array.isArray(tree) ? { '.': tree } : tree;
  }
  return result;
}

/**
 * The mirror publishes no size or MD5 for the mask, so the mask is checked by reading it whole
 * as NIfTI: an HTML page, a body cut short (truncated gzip) or a wrong size is refused.
 */
async function verifyNifti(path: string): Promise<string | undefined> {
  const bytes = await readFile(path);
  try {
    await readNifti(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return undefined;
  } catch (error) {
    return `it does not read as a NIfTI image (${(error as Error).message})`;
  }
}

/** Removes unpack directories left by a crashed run (only called while holding the lock). */
async function removeLeftovers(datasetDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(datasetDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith('.unpack-')) {
      await rm(join(datasetDir, name), { recursive: true, force: true }).catch(() => {});
    }
  }
}

async function fetchTarball(
  job: TarballJob,
  baseUrl: string,
  datasetDir: string,
  sums: Map<string, string>,
  common: Omit<Parameters<typeof downloadFile>[1], 'dest'>,
  reporter: ProgressReporter,
  maxEntryBytes: number | undefined,
  allowUnverified: boolean,
): Promise<void> {
  const url = `${baseUrl}${job.name}`;
  const archive = join(datasetDir, job.name);
  const md5 = sums.get(job.name);
  if (!md5) {
    const what = `${baseUrl}MD5SUMS has no checksum line for ${job.name}, so it cannot be verified`;
    if (!allowUnverified) {
      throw new FetchError(
        `${what}. The mirror may be broken or a proxy answered instead (an HTML page?); check ` +
          'the url option, or pass allowUnverified: true to unpack it unverified.',
        { url: `${baseUrl}MD5SUMS`, code: 'CHECKSUM' },
      );
    }
    warn(new VoxelkitWarning(`${what}; unpacking it unverified (allowUnverified: true).`));
  }
  if (!existsSync(archive)) await downloadFile(url, { ...common, dest: archive, md5 });
  if (common.signal?.aborted) {
    throw new FetchError(
      `Fetching ${url} was aborted before unpacking; the verified archive is kept.`,
      {
        cause: common.signal.reason,
        url,
        code: 'ABORTED',
      },
    );
  }
  const tmp = join(datasetDir, `.unpack-${job.name}-${process.pid}-${Date.now()}`);
  try {
    reporter.log(`Unpacking ${job.name}`);
    let files: string[];
    try {
      files = await extractTarball(archive, tmp, { url, keep: job.keep, maxEntryBytes });
    } catch (error) {
      // A corrupt or unsafe archive must not stay in the cache.
      await rm(archive, { force: true }).catch(() => {});
      throw error;
    }
    const absent = job.expect.filter(
      (f) => !existsSync(join(tmp, f)) && !existsSync(join(datasetDir, f)),
    );
    if (absent.length > 0) {
      await rm(archive, { force: true }).catch(() => {});
      throw new FetchError(
        `The archive ${url} does not contain ${absent.map((f) => f.split(sep).join('/')).join(', ')}. ` +
          'The mirror may be broken; check the url option.',
        { url, code: 'CORRUPT_ARCHIVE' },
      );
    }
    await moveInto(tmp, datasetDir, files.map(normalize), url);
    await rm(archive, { force: true });
  } finally {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
  }
}
