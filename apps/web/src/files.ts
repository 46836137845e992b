/**
 * The user's own files: which dropped file is which (by name, as the Haxby layout names them),
 * checked as soon as they arrive so that a wrong file is reported before any run.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import { type NiftiImage, readHeader, readNifti } from '@voxelkit/nifti-io';
import { type Behavioral, parseLabels } from './labels.js';
import type { WebDataset } from './tutorial.js';

/** The four inputs of a run. */
export type Slot = 'bold' | 'mask' | 'labels' | 'anat';

/** Which input a file name is: `*.txt` the labels, `*mask*` the mask, `*anat*` the anatomy. */
export function slotOf(name: string): Slot {
  const lower = name.toLowerCase();
  if (lower.endsWith('.txt') || lower.endsWith('.csv')) return 'labels';
  if (lower.includes('mask')) return 'mask';
  if (lower.includes('anat') || lower.includes('t1')) return 'anat';
  return 'bold';
}

/** The files chosen so far, each checked. */
export interface ChosenFiles {
  bold?: File;
  mask?: { file: File; image: NiftiImage };
  labels?: { file: File; behavioral: Behavioral };
  anat?: { file: File; image: NiftiImage };
}

async function niftiOrExplain<T>(file: File, what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new ValidationError(
      `${file.name} is not a NIfTI image the ${what} can be read from: ` +
        `${(error as Error).message} Choose a .nii or .nii.gz file.`,
      { cause: error },
    );
  }
}

/**
 * Checks `file` and puts it in its slot of `chosen` (replacing an earlier one).
 *
 * @throws ValidationError saying which file is wrong and what is expected.
 */
export async function addFile(chosen: ChosenFiles, file: File): Promise<Slot> {
  const slot = slotOf(file.name);
  if (slot === 'labels') {
    chosen.labels = { file, behavioral: parseLabels(await file.text(), file.name) };
  } else if (slot === 'bold') {
    const header = await niftiOrExplain(file, 'functional series', () => readHeader(file));
    if ((header.dim[0] ?? 0) < 4 || (header.dim[4] ?? 1) < 2) {
      throw new ValidationError(
        `${file.name} is a ${header.dim[0]}-D image but the functional series must be 4-D ` +
          '(one volume per scan). Name a mask "…mask…" and an anatomical image "…anat…".',
      );
    }
    chosen.bold = file;
  } else {
    const image = await niftiOrExplain(file, slot === 'mask' ? 'mask' : 'background', () =>
      readNifti(file),
    );
    chosen[slot] = { file, image };
  }
  return slot;
}

/** The dataset of the chosen files, or a message saying which are missing. */
export function datasetOf(chosen: ChosenFiles): WebDataset | string {
  const missing = (['bold', 'mask', 'labels'] as const).filter((s) => !chosen[s]);
  if (missing.length > 0) return `Still needed: ${missing.join(', ')}.`;
  const bold = chosen.bold as File;
  const mask = chosen.mask as { file: File; image: NiftiImage };
  const labels = chosen.labels as { file: File; behavioral: Behavioral };
  return {
    source: 'local',
    func: bold,
    funcName: bold.name,
    mask: mask.image,
    maskName: mask.file.name,
    labels: labels.behavioral,
    labelsName: labels.file.name,
    ...(chosen.anat ? { anat: chosen.anat.image, anatName: chosen.anat.file.name } : {}),
  };
}
