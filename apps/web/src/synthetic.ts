/**
 * The offline synthetic Haxby-like subject, generated in the page: the same data the CLI's
 * `--synthetic` option writes to disk (`fetchHaxbySynthetic`, subject 2, seed 0), built here with
 * `makeHaxbyLike` and held as a `Blob` (the 4-D series as an uncompressed NIfTI-1 file), so the
 * masker reads it through a `blob:` URL exactly as it reads a dropped file. After the first run the
 * series is kept in the page's cache (`cache.ts`, the origin private file system), and later
 * visits read it from there, as the CLI's second `--synthetic` run reads its data directory.
 *
 * @module
 */

import { makeHaxbyLike } from '@voxelkit/datasets';
import { encodeHeader, NiftiImage } from '@voxelkit/nifti-io';
import { readCachedSeries, writeCachedSeries } from './cache.js';
import type { Behavioral } from './labels.js';
import { behavioralFrom } from './labels.js';
import type { WebDataset } from './tutorial.js';

/** The Haxby subject the CLI uses by default. */
export const SYNTHETIC_SUBJECT = 2;

/**
 * The per-subject seed `fetchHaxbySynthetic` derives from its `seed` option (default 0), so that
 * the page draws the same subject as `voxelkit-haxby --synthetic`. The browser test compares the
 * two runs' numbers, which catches any drift between this and the datasets package.
 */
export function subjectSeed(seed: number, subject: number): number {
  return (Math.imul(seed, 7919) + subject * 104729) >>> 0;
}

/** The NIfTI-1 header (+ empty extension flag) of an int16 series, as the CLI's file has it. */
function seriesHeader(
  shape: readonly [number, number, number],
  affine: number[][],
  nVolumes: number,
  tR: number,
): Uint8Array<ArrayBuffer> {
  const [nx, ny, nz] = shape;
  const template = NiftiImage.fromArray(new Int16Array(nx * ny * nz), [nx, ny, nz, 1], affine, {
    xyztUnits: 10,
    descrip: 'voxelkit synthetic Haxby-like BOLD',
  });
  const header = { ...template.header };
  header.dim = [4, nx, ny, nz, nVolumes, 1, 1, 1];
  header.pixdim = [...header.pixdim];
  header.pixdim[4] = tR;
  header.littleEndian = true;
  header.version = 1;
  header.sizeofHdr = 348;
  header.magic = 'n+1';
  header.voxOffset = 352;
  header.sclSlope = 1;
  header.sclInter = 0;
  const bytes = new Uint8Array(352);
  bytes.set(encodeHeader(header), 0);
  return bytes;
}

/** Yields to the event loop so that the page repaints (progress bars) during long loops. */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The name of the page's cached series (see `cache.ts`): the CLI's default subject and seed. */
export const SYNTHETIC_CACHE_NAME = `haxby2001-synthetic-full-subj${SYNTHETIC_SUBJECT}-seed0.nii`;

/** What {@link syntheticDataset} gives: the dataset, and whether its series came from the cache. */
export interface SyntheticData {
  dataset: WebDataset;
  /** `true` when the 4-D series was read from the page's cache instead of generated. */
  fromCache: boolean;
}

/**
 * The synthetic subject: read from the page's cache when it holds this generator's series
 * (`cache: true`, the default), otherwise generated in the page. `onProgress(done, total)` is
 * called as volumes are generated. Little-endian hosts only (every browser in use). A generated
 * series is not written here (that would slow the run down): call {@link saveSynthetic} once the
 * run has ended.
 */
export async function syntheticDataset(
  onProgress: (done: number, total: number) => void = () => {},
  options: { cache?: boolean } = {},
): Promise<SyntheticData> {
  const model = makeHaxbyLike({ size: 'full', seed: subjectSeed(0, SYNTHETIC_SUBJECT) });
  const { shape, affine } = model;
  const header = seriesHeader(shape, affine, model.nVolumes, model.tR);
  const volumeBytes = shape[0] * shape[1] * shape[2] * 2;
  let func: Blob | undefined;
  if (options.cache !== false) {
    // The cache entry must start with what the generator makes now: header + first volume.
    const first = model.volumes().next().value as Int16Array;
    const head = new Uint8Array(header.length + volumeBytes);
    head.set(header, 0);
    head.set(new Uint8Array(first.buffer, first.byteOffset, volumeBytes), header.length);
    func = await readCachedSeries(
      SYNTHETIC_CACHE_NAME,
      header.length + model.nVolumes * volumeBytes,
      head,
    );
  }
  const fromCache = func !== undefined;
  if (!func) {
    const parts: BlobPart[] = [header];
    let t = 0;
    for (const volume of model.volumes()) {
      parts.push(volume.slice()); // the generator reuses its buffer
      t++;
      if (t % 64 === 0) {
        onProgress(t, model.nVolumes);
        await nextFrame();
      }
    }
    func = new Blob(parts, { type: 'application/octet-stream' });
  }
  onProgress(model.nVolumes, model.nVolumes);
  const image = (data: Int16Array) => NiftiImage.fromArray(data, shape, affine, { xyztUnits: 10 });
  const labels: Behavioral = behavioralFrom(model.labels, model.chunks);
  const dir = `haxby2001-synthetic/subj${SYNTHETIC_SUBJECT}`;
  const dataset: WebDataset = {
    source: 'synthetic',
    func,
    funcName: `${dir}/bold.nii`,
    mask: image(Int16Array.from(model.vt)),
    maskName: `${dir}/mask4_vt.nii.gz`,
    labels,
    labelsName: `${dir}/labels.txt`,
    anat: image(model.anat()),
    anatName: `${dir}/anat.nii.gz`,
  };
  return { dataset, fromCache };
}

/**
 * Writes a generated synthetic series to the page's cache, so that the next visit reads it.
 * Resolves `false` when the browser refused (no OPFS, quota); the page then generates next time.
 */
export function saveSynthetic(data: SyntheticData): Promise<boolean> {
  if (data.fromCache) return Promise.resolve(true);
  return writeCachedSeries(SYNTHETIC_CACHE_NAME, data.dataset.func);
}
