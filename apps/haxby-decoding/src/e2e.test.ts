import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testData } from '@voxelkit/core/testing';
import { NiftiImage, readNifti, writeNifti } from '@voxelkit/nifti-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMirror,
  serveMirror,
  TINY,
  TINY_SCANS_PER_RUN,
  tinyMask,
  writeTinySubject,
} from '../test/mirror.js';
import { EXIT_FAILURE, EXIT_USAGE, main } from './program.js';
import type { TutorialReport } from './report.js';
import { runTutorial } from './tutorial.js';

/** A stream that keeps what is written. */
function sink(isTTY = false) {
  const chunks: string[] = [];
  return {
    isTTY,
    write(s: string) {
      chunks.push(s);
      return true;
    },
    get text() {
      return chunks.join('');
    },
  };
}

async function run(argv: string[]) {
  const stdout = sink();
  const stderr = sink();
  const code = await main(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'voxelkit-haxby-e2e-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The weight image must hold coef_ at the mask's voxels (C order over i, j, k) and 0 elsewhere. */
async function checkWeights(report: TutorialReport, mask: Uint8Array | Int16Array) {
  const img = await readNifti(report.weights.path);
  expect(img.shape).toEqual(report.weights.shape);
  expect(img.dtype).toBe('float64');
  const [nx, ny, nz] = img.shape as [number, number, number];
  const data = img.getFData();
  const coef = report.svc.coef;
  let m = 0;
  for (let i = 0; i < nx; i++)
    for (let j = 0; j < ny; j++)
      for (let k = 0; k < nz; k++) {
        const v = i + nx * (j + ny * k);
        if (mask[v]) expect(data[v]).toBe(coef[m++]);
        else expect(data[v]).toBe(0);
      }
  expect(m).toBe(coef.length);
  return img;
}

describe('voxelkit-haxby against an HTTP mirror (--url)', () => {
  it('downloads, verifies, unpacks and runs the tutorial, then reuses the cache', async () => {
    const root = join(tmp, 'mirror');
    await buildMirror(root, 3);
    const mirror = await serveMirror(join(root, 'www'));
    try {
      const dataDir = join(tmp, 'data');
      const out = join(tmp, 'out-mirror');
      const json = join(tmp, 'mirror.json');
      const args = ['--url', mirror.url, '--subject', '3', '--data-dir', dataDir, '--out', out];
      const first = await run([...args, '--json', json]);
      expect(first.stderr).not.toMatch(/error/);
      expect(first.code).toBe(0);
      expect(mirror.requests).toEqual(
        expect.arrayContaining(['mask.nii.gz', 'MD5SUMS', 'subj3-2010.01.14.tar.gz']),
      );
      const report = JSON.parse(await readFile(json, 'utf8')) as TutorialReport;
      expect(Object.keys(report)).toEqual([
        'dataset',
        'maskedShape',
        'selectedShape',
        'labelCounts',
        'classes',
        'trainingAccuracy',
        'holdoutLast30',
        'kfoldManual',
        'cvDefault',
        'cvKFold',
        'cvLogo',
        'multiclassLogo',
        'svc',
        'weights',
        'plots',
        'timingsMs',
      ]);
      expect(report.dataset.source).toBe('download');
      expect(report.dataset.func).toBe(join(dataDir, 'haxby2001', 'subj3', 'bold.nii.gz'));
      expect(report.dataset.anat).toBe(join(dataDir, 'haxby2001', 'subj3', 'anat.nii.gz'));
      const mask = tinyMask();
      const nMask = mask.reduce((a, b) => a + b, 0);
      const nScans = TINY.runs * TINY_SCANS_PER_RUN;
      expect(report.maskedShape).toEqual([nScans, nMask]);
      expect(report.selectedShape).toEqual([2 * TINY.runs * TINY.block, nMask]);
      expect(report.classes).toEqual(['cat', 'face']);
      expect(report.labelCounts.face).toBe(TINY.runs * TINY.block);
      expect(report.kfoldManual).toEqual(report.cvKFold);
      expect(report.cvDefault).toHaveLength(5);
      expect(report.cvLogo).toHaveLength(TINY.runs);
      expect(report.multiclassLogo).toHaveLength(TINY.runs);
      // The tiny subject carries a clear category pattern: decoding works well above chance.
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(report.cvLogo)).toBeGreaterThan(0.8);
      expect(mean(report.multiclassLogo)).toBeGreaterThan(0.5);
      expect(report.svc.coef).toHaveLength(nMask);
      expect(report.svc.nSupport.reduce((a, b) => a + b, 0)).toBe(report.svc.support.length);
      expect(report.weights.shape).toEqual([...TINY.shape, 1]);
      const img = await checkWeights(report, mask);
      expect(img.affine).toEqual(TINY.affine);
      for (const name of ['roi.png', 'roi.svg', 'svm_weights.png', 'svm_weights.svg']) {
        expect(report.plots).toContain(join(out, name));
        expect(existsSync(join(out, name))).toBe(true);
      }
      const png = await readFile(join(out, 'svm_weights.png'));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      // The interactive view (viewImg) beside the PNG/SVG: niivue inlined, the weights embedded.
      expect(report.plots).toContain(join(out, 'svm_weights.html'));
      const html = await readFile(join(out, 'svm_weights.html'), 'utf8');
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('<script type="application/json" id="vk-data">');
      expect(first.stdout).toContain(
        `First subject functional nifti images (4D) are at: ${report.dataset.func}`,
      );
      expect(first.stdout).toContain("SVC(kernel='linear')");

      // Second run: everything is cached, nothing is downloaded again.
      const before = mirror.requests.length;
      const second = await run([...args, '--quiet']);
      expect(second.code).toBe(0);
      expect(second.stdout).toBe('');
      expect(mirror.requests.length).toBe(before);
    } finally {
      await mirror.close();
    }
  });

  it('fails with a clear message when the mirror lacks the subject', async () => {
    const root = join(tmp, 'mirror-empty');
    await mkdir(join(root, 'www'), { recursive: true });
    await writeFile(join(root, 'www', 'MD5SUMS'), '');
    const mirror = await serveMirror(join(root, 'www'));
    try {
      const r = await run(['--url', mirror.url, '--data-dir', join(tmp, 'data-empty'), '--quiet']);
      expect(r.code).toBe(EXIT_FAILURE);
      expect(r.stderr).toMatch(/voxelkit-haxby: error: .*404/);
    } finally {
      await mirror.close();
    }
  });
});

describe('offline fallback', () => {
  it('runs on the synthetic dataset, says so in one line and labels every output', async () => {
    const stdout = sink();
    const stderr = sink();
    const report = await runTutorial({
      // A port nothing listens on: the connection is refused, as when offline.
      url: 'http://127.0.0.1:9/',
      offlineFallback: true,
      syntheticSize: 'small',
      dataDir: join(tmp, 'data-offline'),
      out: join(tmp, 'out-offline'),
      stdout,
      stderr,
    });
    expect(report.dataset.source).toBe('synthetic');
    const lines = stderr.text.split('\n').filter((l) => /network cannot be reached/.test(l));
    expect(lines).toHaveLength(1);
    expect(stdout.text).toMatch(/SYNTHETIC DATA/);
    for (const header of stdout.text.split('\n').filter((l) => l.startsWith('## '))) {
      expect(header).toMatch(/\[synthetic data\]$/);
    }
    const img = await readNifti(report.weights.path);
    expect(img.header.descrip).toMatch(/synthetic/);
    expect(report.classes).toEqual(['cat', 'face']);
    // The small synthetic grid decodes face vs cat above chance (the documented range is for the
    // full-size dataset that `npm start` uses).
    const mean = report.cvLogo.reduce((a, b) => a + b, 0) / report.cvLogo.length;
    expect(mean).toBeGreaterThan(0.55);
    expect(stdout.text).toMatch(/Expected on the full-size synthetic dataset: 0\.65–0\.95/);
  });
});

describe('--subject-dir with --mask (tiny subject)', () => {
  it('masks with the given file, prints nothing when quiet, plots over anat.nii.gz', async () => {
    const dir = join(tmp, 'tiny-with-mask');
    await writeTinySubject(dir);
    const [nx, ny, nz] = TINY.shape;
    const small = new Int16Array(nx * ny * nz);
    for (const v of [9, 10, 17, 18, 57, 58, 65, 66]) small[v] = 1;
    const maskPath = join(tmp, 'my-mask.nii.gz');
    await writeNifti(NiftiImage.fromArray(small, [nx, ny, nz], TINY.affine), maskPath);
    const stdout = sink();
    const report = await runTutorial({
      subjectDir: dir,
      mask: maskPath,
      out: join(tmp, 'out-my-mask'),
      quiet: true,
      stdout,
      stderr: sink(),
    });
    expect(stdout.text).toBe('');
    expect(report.dataset).toEqual({
      source: 'local',
      func: join(dir, 'bold.nii.gz'),
      mask: maskPath,
      labels: join(dir, 'labels.txt'),
      anat: join(dir, 'anat.nii.gz'),
    });
    expect(report.maskedShape).toEqual([TINY.runs * TINY_SCANS_PER_RUN, 8]);
    await checkWeights(report, small);
  });
});

describe('bad input exits non-zero with a clear message', () => {
  it('a --subject-dir that does not exist', async () => {
    const r = await run(['--subject-dir', join(tmp, 'nope'), '--quiet']);
    expect(r.code).toBe(EXIT_FAILURE);
    expect(r.stderr).toMatch(/--subject-dir .*nope is not a directory/);
  });

  it('a subject dir without bold.nii.gz, and a --mask that does not exist', async () => {
    const dir = join(tmp, 'no-bold');
    await mkdir(dir, { recursive: true });
    let r = await run(['--subject-dir', dir]);
    expect(r.code).toBe(EXIT_FAILURE);
    expect(r.stderr).toMatch(/bold\.nii\.gz does not exist/);
    const subj = join(tmp, 'tiny-subject');
    await writeTinySubject(subj);
    r = await run(['--subject-dir', subj, '--mask', join(tmp, 'missing-mask.nii.gz')]);
    expect(r.code).toBe(EXIT_FAILURE);
    expect(r.stderr).toMatch(/The mask .*missing-mask\.nii\.gz does not exist/);
  });

  it('a labels file whose row count differs from the scan count', async () => {
    const dir = join(tmp, 'short-labels');
    await writeTinySubject(dir);
    const text = await readFile(join(dir, 'labels.txt'), 'utf8');
    await writeFile(join(dir, 'labels.txt'), text.split('\n').slice(0, -6).join('\n'));
    const r = await run(['--subject-dir', dir, '--out', join(tmp, 'out-bad')]);
    expect(r.code).toBe(EXIT_FAILURE);
    expect(r.stderr).toMatch(/has \d+ rows but the functional image .* has \d+ scans/);
  });

  it('a mask that does not fit the image', async () => {
    const dir = join(tmp, 'tiny-for-mask');
    await writeTinySubject(dir);
    const bad = join(tmp, 'bad-mask.nii.gz');
    await writeNifti(
      NiftiImage.fromArray(new Int16Array(5 * 5 * 5).fill(1), [5, 5, 5], TINY.affine),
      bad,
    );
    let r = await run(['--subject-dir', dir, '--mask', bad]);
    expect(r.code).toBe(EXIT_FAILURE);
    expect(r.stderr).toMatch(/mask .*bad-mask\.nii\.gz \(5×5×5\) does not fit/);
    const shifted = join(tmp, 'shifted-mask.nii.gz');
    const affine = TINY.affine.map((row) => [...row]);
    (affine[0] as number[])[3] = 50;
    await writeNifti(
      NiftiImage.fromArray(Int16Array.from(tinyMask()), [...TINY.shape], affine),
      shifted,
    );
    r = await run(['--subject-dir', dir, '--mask', shifted]);
    expect(r.code).toBe(EXIT_FAILURE);
    expect(r.stderr).toMatch(/different affine/);
  });

  it('bad options', async () => {
    expect((await run(['--subject', '9'])).code).toBe(EXIT_USAGE);
    expect((await run(['--url', 'ftp://x/'])).code).toBe(EXIT_USAGE);
    expect((await run(['--bogus'])).code).toBe(EXIT_USAGE);
    expect((await run(['--synthetic', '--subject-dir', tmp])).code).toBe(EXIT_USAGE);
    expect((await run(['--n-jobs', '0'])).code).toBe(EXIT_USAGE);
    expect((await run(['--n-jobs', '1.5'])).code).toBe(EXIT_USAGE);
    const both = await run(['--subject-dir', tmp, '--subject', '3']);
    expect(both.code).toBe(EXIT_USAGE);
    expect(both.stderr).toMatch(/cannot be combined with --subject/);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const opt of [
      '--subject-dir',
      '--mask',
      '--data-dir',
      '--subject',
      '--url',
      '--synthetic',
      '--out',
      '--json',
      '--quiet',
      '--n-jobs',
    ]) {
      expect(help.stdout).toContain(opt);
    }
  });
});

const bold = testData('haxby-slice/haxby2001-slice/subj1/bold.nii.gz');
/** nilearn 0.10.4 + scikit-learn 1.2.1 weights on the slice (test/fixtures/tutorial-weights.py). */
const golden = JSON.parse(
  readFileSync(new URL('../test/fixtures/tutorial-weights.json', import.meta.url), 'utf8'),
) as { coef: number[]; intercept: number; nSupport: number[] };

describe.skipIf(!bold.available)(
  'the real Haxby slice (--subject-dir): nilearn + sklearn numbers',
  () => {
    it('gives the tutorial numbers of nilearn + scikit-learn', async () => {
      const subjectDir = join(bold.path, '..');
      const json = join(tmp, 'slice.json');
      const out = join(tmp, 'out-slice');
      const r = await run(['--subject-dir', subjectDir, '--out', out, '--json', json]);
      expect(r.stderr).not.toMatch(/error/);
      expect(r.code).toBe(0);
      const report = JSON.parse(await readFile(json, 'utf8')) as TutorialReport;
      // Golden numbers: nilearn-equivalent masking (zscore over all scans, ddof=0) and
      // scikit-learn 1.2.1 SVC(kernel='linear'), cross_val_score, KFold(5), LeaveOneGroupOut on
      // Debian's /usr/bin/python3, data ../shared/data/haxby-slice (accuracies are k/n exactly).
      expect(report.dataset).toEqual({
        source: 'local',
        func: join(subjectDir, 'bold.nii.gz'),
        mask: join(subjectDir, 'mask4_vt.nii.gz'),
        labels: join(subjectDir, 'labels.txt'),
        anat: null,
      });
      expect(report.maskedShape).toEqual([1452, 530]);
      expect(report.selectedShape).toEqual([216, 530]);
      expect(report.classes).toEqual(['cat', 'face']);
      expect(report.labelCounts).toEqual({
        bottle: 108,
        cat: 108,
        chair: 108,
        face: 108,
        house: 108,
        rest: 588,
        scissors: 108,
        scrambledpix: 108,
        shoe: 108,
      });
      const close = (got: number[], want: number[]) => {
        expect(got).toHaveLength(want.length);
        got.forEach((g, i) => {
          expect(g).toBeCloseTo(want[i] as number, 12);
        });
      };
      expect(report.trainingAccuracy).toBe(1);
      expect(report.holdoutLast30).toBe(0.5);
      close(
        report.cvLogo,
        [16, 11, 15, 14, 10, 18, 10, 15, 10, 12, 12, 17].map((k) => k / 18),
      );
      close(report.cvDefault, [29 / 44, 34 / 43, 34 / 43, 28 / 43, 29 / 43]);
      close(report.cvKFold, [35 / 44, 19 / 43, 34 / 43, 24 / 43, 30 / 43]);
      expect(report.kfoldManual).toEqual(report.cvKFold);
      close(
        report.multiclassLogo,
        [31, 32, 38, 45, 38, 32, 25, 32, 39, 33, 18, 31].map((k) => k / 72),
      );
      expect(report.svc.nSupport).toEqual([54, 55]);
      // The masked matrix is nilearn's bit for bit (float32 standardization), so the SVC sees
      // the same numbers as scikit-learn's and the weights agree to 1e-6 relative, voxel by
      // voxel: test/fixtures/tutorial-weights.py (nilearn 0.10.4 + scikit-learn 1.2.1).
      expect(report.svc.coef).toHaveLength(golden.coef.length);
      golden.coef.forEach((want, v) => {
        const got = report.svc.coef[v] as number;
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-6 * Math.abs(want));
      });
      expect(Math.abs(report.svc.intercept - golden.intercept)).toBeLessThanOrEqual(
        1e-6 * Math.abs(golden.intercept),
      );
      expect(report.svc.nSupport).toEqual(golden.nSupport);

      const maskImg = await readNifti(join(subjectDir, 'mask4_vt.nii.gz'));
      const img = await checkWeights(report, maskImg.data as Int16Array);
      expect(img.affine).toEqual(maskImg.affine);
      expect(img.shape).toEqual([40, 20, 1, 1]);

      expect(r.stdout).toContain('(1452, 530)');
      expect(r.stdout).toContain('(216, 530)');
      expect(r.stdout).toContain('[1452 rows x 2 columns]');
      expect(r.stdout).toContain('[0.88888889 0.61111111 0.83333333 0.77777778 0.55555556 1.');
      expect(r.stdout).toContain('[0.65909091 0.79069767 0.79069767 0.65116279 0.6744186 ]');
      expect(r.stdout).toContain('mean functional image');
      // One axial slice: both plots cut across z instead of showing 'yx' strips one voxel thin.
      expect(r.stdout).toContain("The image is a single slice: plotted in display mode 'z'");
      const png = await readFile(join(out, 'svm_weights.png'));
      expect(png.readUInt32BE(16)).toBeLessThan(2000); // IHDR width
      // nibabel 5.0 (Debian) print(nib.load('haxby_svc_weights.nii.gz')) shows these lines.
      for (const line of [
        "<class 'nibabel.nifti1.Nifti1Image'>\ndata shape (40, 20, 1, 1)\naffine:",
        '[[ -3.0999999    0.           0.          60.44999695]',
        "metadata:\n<class 'nibabel.nifti1.Nifti1Header'> object, endian='<'",
        'dim             : [ 4 40 20  1  1  1  1  1]',
        'datatype        : float64',
        'pixdim          : [-1.    3.1   3.75  3.75  1.    1.    1.    1.  ]',
        'qform_code      : unknown\nsform_code      : aligned',
        'srow_x          : [-3.1       0.        0.       60.449997]',
      ]) {
        expect(r.stdout).toContain(line);
      }
      expect(r.stdout).not.toMatch(/synthetic/i);
    });
  },
);
