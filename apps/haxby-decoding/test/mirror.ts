/**
 * Test fixtures for the end-to-end tests: a tiny Haxby-shaped subject written with nifti-io, and
 * a PyMVPA-like HTTP mirror of it on 127.0.0.1 (MD5SUMS, `subjN-2010.01.14.tar.gz` made with the
 * `tar` package, `mask.nii.gz`).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RandomState } from '@voxelkit/core';
import { NiftiImage, writeNifti } from '@voxelkit/nifti-io';
import { create as createTar } from 'tar';

/** The categories of the Haxby design, in presentation order. */
export const CATEGORIES = [
  'scissors',
  'face',
  'cat',
  'shoe',
  'house',
  'scrambledpix',
  'bottle',
  'chair',
] as const;

/** Shape and design of the tiny subject. */
export const TINY = {
  shape: [8, 6, 4] as const,
  runs: 12,
  /** Scans per category block. */
  block: 3,
  /** Rest scans before the first block and after each block. */
  rest: 1,
  affine: [
    [-3.5, 0, 0, 14],
    [0, 3.75, 0, -10],
    [0, 0, 3.75, -6],
    [0, 0, 0, 1],
  ],
};

/** Scans per run of the tiny design. */
export const TINY_SCANS_PER_RUN = TINY.rest + CATEGORIES.length * (TINY.block + TINY.rest);

/** The ventral-temporal-like mask of the tiny subject: a box inside the grid. */
export function tinyMask(): Uint8Array {
  const [nx, ny, nz] = TINY.shape;
  const mask = new Uint8Array(nx * ny * nz);
  for (let k = 1; k < nz - 1; k++)
    for (let j = 1; j < ny - 1; j++)
      for (let i = 1; i < nx - 1; i++) mask[i + nx * (j + ny * k)] = 1;
  return mask;
}

/**
 * Writes a tiny subject (all eight files nilearn's layout has) into `dir`: int16 BOLD whose
 * voxels carry a category pattern plus noise, the labels file, masks and an anatomical image.
 * Returns the labels, one per scan.
 */
export async function writeTinySubject(dir: string, seed = 0): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const [nx, ny, nz] = TINY.shape;
  const nVox = nx * ny * nz;
  const labels: string[] = [];
  const chunks: number[] = [];
  for (let run = 0; run < TINY.runs; run++) {
    const push = (label: string, count: number) => {
      for (let i = 0; i < count; i++) {
        labels.push(label);
        chunks.push(run);
      }
    };
    push('rest', TINY.rest);
    for (const c of CATEGORIES) {
      push(c, TINY.block);
      push('rest', TINY.rest);
    }
  }
  const nt = labels.length;
  const rng = new RandomState(seed);
  const patterns = CATEGORIES.map(() => Float64Array.from({ length: nVox }, () => rng.normal()));
  const bold = new Int16Array(nVox * nt);
  for (let t = 0; t < nt; t++) {
    const c = CATEGORIES.indexOf(labels[t] as (typeof CATEGORIES)[number]);
    for (let v = 0; v < nVox; v++) {
      const signal = c >= 0 ? 6 * (patterns[c]?.[v] as number) : 0;
      bold[t * nVox + v] = Math.round(800 + signal + 10 * rng.normal());
    }
  }
  const header = { xyztUnits: 10, pixdim: [1, 3.5, 3.75, 3.75, 2.5, 1, 1, 1] };
  await writeNifti(
    NiftiImage.fromArray(bold, [nx, ny, nz, nt], TINY.affine, header),
    join(dir, 'bold.nii.gz'),
  );
  await writeFile(
    join(dir, 'labels.txt'),
    `labels chunks\n${labels.map((l, i) => `${l} ${chunks[i]}`).join('\n')}\n`,
  );
  const mask = Int16Array.from(tinyMask());
  for (const name of [
    'mask4_vt.nii.gz',
    'mask8b_face_vt.nii.gz',
    'mask8b_house_vt.nii.gz',
    'mask8_face_vt.nii.gz',
    'mask8_house_vt.nii.gz',
  ]) {
    await writeNifti(NiftiImage.fromArray(mask, [nx, ny, nz], TINY.affine), join(dir, name));
  }
  // A finer anatomical grid (2x), as real anatomies are finer than the EPI.
  const anatAffine = TINY.affine.map((row, r) => row.map((v, c) => (r < 3 && c < 3 ? v / 2 : v)));
  const anat = new Int16Array(nVox * 8);
  for (let i = 0; i < anat.length; i++) anat[i] = 100 + (i % 97);
  await writeNifti(
    NiftiImage.fromArray(anat, [nx * 2, ny * 2, nz * 2], anatAffine),
    join(dir, 'anat.nii.gz'),
  );
  return labels;
}

async function md5(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Builds a mirror folder for `subject`: `subj{N}-2010.01.14.tar.gz` holding `subj{N}/…`,
 * `MD5SUMS` and `mask.nii.gz` (the full-brain mask).
 */
export async function buildMirror(root: string, subject: number): Promise<void> {
  const staging = join(root, 'staging');
  await writeTinySubject(join(staging, `subj${subject}`));
  const served = join(root, 'www');
  await mkdir(served, { recursive: true });
  const tarball = `subj${subject}-2010.01.14.tar.gz`;
  await createTar({ gzip: true, cwd: staging, file: join(served, tarball), portable: true }, [
    `subj${subject}`,
  ]);
  await writeFile(join(served, 'MD5SUMS'), `${await md5(join(served, tarball))}  ${tarball}\n`);
  const [nx, ny, nz] = TINY.shape;
  await writeNifti(
    NiftiImage.fromArray(new Int16Array(nx * ny * nz).fill(1), [nx, ny, nz], TINY.affine),
    join(served, 'mask.nii.gz'),
  );
}

/** A running mirror: its base URL, the paths requested so far, and a way to stop it. */
export interface Mirror {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** Serves the files of `dir` over HTTP on 127.0.0.1 (random port). */
export async function serveMirror(dir: string): Promise<Mirror> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').split('?')[0] as string).replace(/^\/+/, '');
    requests.push(name);
    if (name.includes('..') || name.includes('/')) {
      res.writeHead(404).end();
      return;
    }
    const path = join(dir, name);
    stat(path)
      .then(async (s) => {
        res.writeHead(200, { 'Content-Length': s.size });
        res.end(await readFile(path));
      })
      .catch(() => res.writeHead(404).end('not found'));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
