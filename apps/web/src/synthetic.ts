/**
 * The offline synthetic Haxby-like subject, generated in the page: the same data the CLI's
 * `--synthetic` option writes to disk (`fetchHaxbySynthetic`, subject 2, seed 0), built with
 * `makeHaxbyLike` on a Web Worker and held as a `Blob` (the 4-D series as an uncompressed NIfTI-1
 * file, no gzip round trip), so the masker reads it through a `blob:` URL exactly as it reads a
 * dropped file.
 *
 * @module
 */

import { makeHaxbyLike } from '@voxelkit/datasets';
import { encodeHeader, NiftiImage } from '@voxelkit/nifti-io';
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

/** The generated subject in transferable form (what the generator worker posts back). */
export interface SyntheticSubject {
  /** The 4-D int16 series as an uncompressed NIfTI-1 file. */
  func: Blob;
  shape: [number, number, number];
  affine: number[][];
  /** The VT mask (0/1) and the T1-like background, file order. */
  vt: Int16Array;
  anat: Int16Array;
  labels: string[];
  chunks: Int32Array;
}

/** A message of the generator worker: progress, the subject, or the error it hit. */
export type SyntheticMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; subject: SyntheticSubject }
  | { type: 'error'; message: string };

/**
 * Generates the synthetic subject where it is called (the generator worker, or the page when
 * Web Workers are missing). Runs of 121 volumes are copied into one buffer each, which
 * becomes a `Blob` at once (12 parts instead of 1452 volume copies held in the JS heap). `onProgress(done, total)` is called once per run;
 * `pause` (the page's {@link nextFrame}) lets the page repaint between runs.
 */
export async function generateSynthetic(
  onProgress: (done: number, total: number) => void = () => {},
  pause?: () => Promise<void>,
): Promise<SyntheticSubject> {
  const model = makeHaxbyLike({ size: 'full', seed: subjectSeed(0, SYNTHETIC_SUBJECT) });
  const { shape, affine, nVolumes } = model;
  const n = shape[0] * shape[1] * shape[2];
  const parts: BlobPart[] = [seriesHeader(shape, affine, nVolumes, model.tR)];
  const perPart = model.chunks.length > 0 ? countFirstRun(model.chunks) : nVolumes;
  let buffer = new Int16Array(Math.min(perPart, nVolumes) * n);
  let filled = 0;
  let t = 0;
  for (const volume of model.volumes()) {
    buffer.set(volume, filled * n); // the generator reuses its buffer
    filled++;
    t++;
    if (filled * n === buffer.length) {
      // A Blob per run: its bytes move to the browser's blob store and the buffer can go.
      parts.push(new Blob([buffer]));
      onProgress(t, nVolumes);
      if (pause) await pause();
      buffer = new Int16Array(Math.min(perPart, nVolumes - t) * n);
      filled = 0;
    }
  }
  return {
    func: new Blob(parts, { type: 'application/octet-stream' }),
    shape,
    affine,
    vt: Int16Array.from(model.vt),
    anat: model.anat(),
    labels: model.labels,
    chunks: model.chunks,
  };
}

/** The number of leading volumes of the first run (the runs are equally long in Haxby). */
function countFirstRun(chunks: Int32Array): number {
  let k = 1;
  while (k < chunks.length && chunks[k] === chunks[0]) k++;
  return k;
}

/**
 * The subject on a dedicated Web Worker (`synthetic-worker.ts`), so that the page's thread stays
 * free (niivue gets ready meanwhile); in the page itself where Web Workers are missing.
 */
function generateOffThread(
  onProgress: (done: number, total: number) => void,
): Promise<SyntheticSubject> {
  if (typeof Worker === 'undefined') return generateSynthetic(onProgress, nextFrame);
  const worker = new Worker(new URL('./synthetic-worker.ts', import.meta.url), {
    type: 'module',
  });
  return new Promise<SyntheticSubject>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<SyntheticMessage>) => {
      const message = event.data;
      if (message.type === 'progress') {
        onProgress(message.done, message.total);
        return;
      }
      worker.terminate();
      if (message.type === 'done') resolve(message.subject);
      else reject(new Error(`Generating the synthetic dataset failed: ${message.message}`));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(
        new Error(
          `Generating the synthetic dataset failed: ${event.message || 'the worker did not start'}.`,
        ),
      );
    };
  });
}

/**
 * Generates the synthetic subject (on a Web Worker when there are Web Workers) and returns it as
 * the tutorial's dataset. `onProgress(done, total)` is called as volumes are generated.
 * Little-endian hosts only (every browser in use).
 */
export async function syntheticDataset(
  onProgress: (done: number, total: number) => void = () => {},
): Promise<WebDataset> {
  const subject = await generateOffThread(onProgress);
  const { shape, affine } = subject;
  const image = (data: Int16Array) => NiftiImage.fromArray(data, shape, affine, { xyztUnits: 10 });
  const labels: Behavioral = behavioralFrom(subject.labels, subject.chunks);
  const dir = `haxby2001-synthetic/subj${SYNTHETIC_SUBJECT}`;
  return {
    source: 'synthetic',
    func: subject.func,
    funcName: `${dir}/bold.nii`,
    mask: image(subject.vt),
    maskName: `${dir}/mask4_vt.nii.gz`,
    labels,
    labelsName: `${dir}/labels.txt`,
    anat: image(subject.anat),
    anatName: `${dir}/anat.nii.gz`,
  };
}
