/**
 * Issue 18: the app in real headless Chromium, built with vite and served on 127.0.0.1.
 * - `?dataset=synthetic&run=1` runs the tutorial on the synthetic subject generated in the page:
 *   every number of the report equals the CLI's `voxelkit-haxby --synthetic --json` (same seed),
 *   the folds ran on real Web Workers, the downloaded weights are the CLI's weight image (a NIfTI
 *   with the mask's affine), and the niivue canvas shows the background and the weights.
 * - a second visit (same profile) reads the synthetic series from the page's cache (OPFS) with the
 *   same numbers; a corrupt entry is regenerated and overwritten; "Forget" deletes it.
 * - a dropped non-NIfTI file, a mask that does not fit and labels with the wrong row count each
 *   show their message, and a following good run still works.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NiftiImage, readNifti, toBytes } from '@voxelkit/nifti-io';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDir, buildApp, chromiumAvailable, close, launchChromium, serve } from './browser.js';

const available = chromiumAvailable('the web app in Chromium');
const cli = join(appDir, '../haxby-decoding/dist/cli.js');
// The synthetic dataset the CLI writes is cached here between runs (93 MB).
const dataDir = join(tmpdir(), 'voxelkit-web-test-data');
const root = mkdtempSync(join(tmpdir(), 'voxelkit-web-'));

interface Report {
  dataset: { source: string };
  maskedShape: number[];
  selectedShape: number[];
  labelCounts: Record<string, number>;
  classes: string[];
  trainingAccuracy: number;
  holdoutLast30: number;
  kfoldManual: number[];
  cvDefault: number[];
  cvKFold: number[];
  cvLogo: number[];
  multiclassLogo: number[];
  svc: { coef: number[]; intercept: number; nSupport: number[]; support: number[] };
  weights: { shape: number[] };
}

let browser: Browser;
let server: Server;
let base: string;
let cliReport: Report;

async function waitForRun(page: Page): Promise<string> {
  await page.waitForFunction(
    () => ['done', 'error'].includes(document.body.dataset.state ?? ''),
    undefined,
    { timeout: 150_000 },
  );
  return page.evaluate(() => document.body.dataset.state ?? '');
}

describe.skipIf(!available)('apps/web in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(cli)) {
      throw new Error(
        `The CLI is not built (${cli}): run npx turbo run build --filter=@voxelkit/web... first.`,
      );
    }
    mkdirSync(dataDir, { recursive: true });
    const out = join(root, 'cli');
    const json = join(out, 'report.json');
    const [, built] = await Promise.all([
      promisify(execFile)(process.execPath, [
        cli,
        '--synthetic',
        '--quiet',
        '--data-dir',
        dataDir,
        '--out',
        out,
        '--json',
        json,
        '--n-jobs',
        '1',
      ]),
      buildApp(join(root, 'dist')).then(() => serve(join(root, 'dist'))),
    ]);
    cliReport = JSON.parse(readFileSync(json, 'utf8'));
    server = built.server;
    base = built.url;
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await close(server);
    rmSync(root, { recursive: true, force: true });
  });

  it('?dataset=synthetic&run=1: the CLI numbers, real Web Workers, the weights download, niivue drawn', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    const logs: string[] = [];
    page.on('pageerror', (e) => logs.push(String(e)));
    // The data never leaves the page: every request is for the app's own files (or blob:/data:).
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${base}?dataset=synthetic&run=1`, { timeout: 120_000 });
    const state = await waitForRun(page);
    if (state !== 'done') console.log(logs.join('\n'), await page.textContent('#error'));
    expect(state).toBe('done');
    const report = JSON.parse((await page.textContent('#report')) ?? '{}') as Report;

    // Same data, same numbers as voxelkit-haxby --synthetic --json.
    expect(report.dataset.source).toBe('synthetic');
    expect(cliReport.dataset.source).toBe('synthetic');
    expect(report.maskedShape).toEqual(cliReport.maskedShape);
    expect(report.selectedShape).toEqual(cliReport.selectedShape);
    expect(report.labelCounts).toEqual(cliReport.labelCounts);
    expect(report.classes).toEqual(cliReport.classes);
    for (const key of [
      'trainingAccuracy',
      'holdoutLast30',
      'kfoldManual',
      'cvDefault',
      'cvKFold',
      'cvLogo',
      'multiclassLogo',
    ] as const) {
      expect(report[key], key).toEqual(cliReport[key]);
    }
    expect(report.cvLogo).toHaveLength(12);
    expect(report.svc.support).toEqual(cliReport.svc.support);
    expect(report.svc.coef).toEqual(cliReport.svc.coef);
    expect(report.svc.intercept).toBe(cliReport.svc.intercept);

    expect(requests.filter((u) => !/^(blob:|data:)/.test(u) && !u.startsWith(base))).toEqual([]);
    expect(
      requests.filter((u) => u.startsWith(base) && !/\.(html|js|css)$|\/(\?.*)?$/.test(u)),
    ).toEqual([]);

    // The folds (nJobs: 2) ran on real Web Workers, started from emitted script files.
    expect(workers.length).toBeGreaterThanOrEqual(1);
    for (const url of workers) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/assets\/.+\.js$/);

    // The download is the CLI's weight image: a NIfTI on the mask's grid and affine.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#download-weights'),
    ]);
    expect(download.suggestedFilename()).toBe('haxby_svc_weights.nii.gz');
    const bytes = readFileSync((await download.path()) as string);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]); // gzip
    const weights = await readNifti(new Uint8Array(bytes));
    const mask = await readNifti(join(dataDir, 'haxby2001-synthetic/subj2/mask4_vt.nii.gz'));
    const cliWeights = await readNifti(join(root, 'cli/haxby_svc_weights.nii.gz'));
    expect(weights.shape).toEqual([40, 64, 64, 1]);
    expect(weights.affine).toEqual(mask.affine);
    expect(Array.from(weights.getFData())).toEqual(Array.from(cliWeights.getFData()));

    // The JSON report download is the page's report.
    const [reportDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#download-report'),
    ]);
    expect(JSON.parse(readFileSync((await reportDownload.path()) as string, 'utf8'))).toEqual(
      report,
    );

    // niivue drew the grey background and the coloured weights (WebGL2 canvas, read back).
    const png = PNG.sync.read(await page.locator('#niivue').screenshot());
    let grey = 0;
    let colour = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [
        png.data[i] as number,
        png.data[i + 1] as number,
        png.data[i + 2] as number,
      ];
      if (r + g + b < 30) continue;
      if (Math.abs(r - g) < 8 && Math.abs(g - b) < 8) grey++;
      else colour++;
    }
    const pixels = png.width * png.height;
    expect(grey / pixels).toBeGreaterThan(0.05); // the brain
    expect(colour / pixels).toBeGreaterThan(0.002); // weights, colour bars, cross-hair

    // The threshold slider hides weights: at the maximum fewer coloured pixels remain.
    await page
      .locator('#threshold')
      .fill((await page.locator('#threshold').getAttribute('max')) ?? '1');
    await page.waitForTimeout(300);
    const after = PNG.sync.read(await page.locator('#niivue').screenshot());
    expect(after.data.equals(png.data)).toBe(false);
    await page.close();
  }, 240_000);

  it('bad files show what is wrong, and a following good run works', async () => {
    const page = await browser.newPage();
    await page.goto(base, { timeout: 120_000 });
    // A tiny dataset made here: 4×4×2 voxels, 60 scans in 4 runs of face/cat blocks.
    const affine = [
      [-3, 0, 0, 6],
      [0, 3, 0, -6],
      [0, 0, 3, -3],
      [0, 0, 0, 1],
    ];
    const nScans = 60;
    const series = new Float32Array(32 * nScans);
    const labels: string[] = [];
    for (let t = 0; t < nScans; t++) {
      const face = Math.floor(t / 5) % 2 === 0;
      labels.push(face ? 'face' : 'cat');
      for (let v = 0; v < 32; v++) {
        series[t * 32 + v] = 100 + Math.sin(t * 7.1 + v * 3.3) * 3 + (face && v < 6 ? 2 : 0);
      }
    }
    const file = (img: NiftiImage) => Array.from(toBytes(img, { gzip: true }));
    const bold = file(NiftiImage.fromArray(series, [4, 4, 2, nScans], affine));
    const goodMask = file(NiftiImage.fromArray(new Int16Array(32).fill(1), [4, 4, 2], affine));
    const badMask = file(NiftiImage.fromArray(new Int16Array(40).fill(1), [5, 4, 2], affine));
    const labelsText = (n: number) =>
      `labels chunks\n${labels
        .slice(0, n)
        .map((l, t) => `${l} ${Math.floor(t / 15)}`)
        .join('\n')}\n`;

    const dropFiles = (files: { name: string; bytes?: number[]; text?: string }[]) =>
      page.evaluate((list) => {
        const dt = new DataTransfer();
        for (const f of list) {
          const body = f.text ?? new Uint8Array(f.bytes ?? []);
          dt.items.add(new File([body], f.name));
        }
        const drop = document.getElementById('drop') as HTMLElement;
        drop.dispatchEvent(
          new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
        );
      }, files);
    const errorText = async () => {
      await page.waitForFunction(() => !(document.getElementById('error') as HTMLElement).hidden);
      return page.textContent('#error');
    };

    // 1. Not a NIfTI file.
    await dropFiles([{ name: 'bold.nii.gz', text: 'this is not an image\n' }]);
    expect(await errorText()).toMatch(/bold\.nii\.gz is not a NIfTI image .*\.nii or \.nii\.gz/s);
    expect(await page.isDisabled('#run-files')).toBe(true);

    // 2. A mask on another grid: the run stops with the mask message.
    await dropFiles([
      { name: 'bold.nii.gz', bytes: bold },
      { name: 'mask4_vt.nii.gz', bytes: badMask },
      { name: 'labels.txt', text: labelsText(nScans) },
    ]);
    await page.waitForFunction(
      () => !(document.getElementById('run-files') as HTMLButtonElement).disabled,
    );
    await page.click('#run-files');
    expect(await waitForRun(page)).toBe('error');
    expect(await page.textContent('#error')).toMatch(
      /The mask mask4_vt\.nii\.gz \(5×4×2\) does not fit the functional image bold\.nii\.gz/,
    );

    // 3. Labels with one row too few.
    await dropFiles([
      { name: 'mask4_vt.nii.gz', bytes: goodMask },
      { name: 'labels.txt', text: labelsText(nScans - 1) },
    ]);
    await page.click('#run-files');
    expect(await waitForRun(page)).toBe('error');
    expect(await page.textContent('#error')).toMatch(
      /labels\.txt has 59 rows but the functional image bold\.nii\.gz has 60 scans/,
    );

    // 4. The right labels: the page is still usable and the run completes.
    await dropFiles([{ name: 'labels.txt', text: labelsText(nScans) }]);
    await page.click('#run-files');
    expect(await waitForRun(page)).toBe('done');
    expect(await page.isHidden('#error')).toBe(true);
    const report = JSON.parse((await page.textContent('#report')) ?? '{}') as Report;
    expect(report.dataset.source).toBe('local');
    expect(report.maskedShape).toEqual([60, 32]);
    expect(report.cvLogo).toHaveLength(4);
    // face carries a signal in 6 voxels: leave-one-run-out is well above chance
    expect(report.cvLogo.reduce((a, b) => a + b, 0) / 4).toBeGreaterThan(0.75);
    await page.close();
  }, 120_000);
  it('a second visit reads the synthetic data from the cache; a corrupt entry is regenerated; the cache can be forgotten', async () => {
    // One browser context = one profile: its origin private file system outlives page loads.
    const context = await browser.newContext();
    const page = await context.newPage();
    const visit = async () => {
      await page.goto(`${base}?dataset=synthetic&run=1`, { timeout: 120_000 });
      expect(await waitForRun(page)).toBe('done');
      await page.waitForFunction(
        () => ['saved', 'unavailable'].includes(document.body.dataset.cache ?? ''),
        undefined,
        { timeout: 120_000 },
      );
      const report = JSON.parse((await page.textContent('#report')) ?? '{}') as Report;
      return {
        source: await page.evaluate(() => document.body.dataset.dataSource),
        cache: await page.evaluate(() => document.body.dataset.cache),
        report,
      };
    };
    const NAME = 'haxby2001-synthetic-full-subj2-seed0.nii';
    // the full-size series: a 352-byte header and 1452 volumes of 40 × 64 × 64 int16
    const SIZE = 352 + 1452 * 40 * 64 * 64 * 2;
    /** The cached file's size; 'no file' without it; null when the page's directory is gone. */
    const cached = () =>
      page.evaluate(async (name) => {
        const root = await navigator.storage.getDirectory();
        let dir: FileSystemDirectoryHandle;
        try {
          dir = await root.getDirectoryHandle('voxelkit-synthetic');
        } catch {
          return null;
        }
        try {
          return (await (await dir.getFileHandle(name)).getFile()).size;
        } catch {
          return 'no file';
        }
      }, NAME);

    const first = await visit();
    expect(first.source).toBe('generated');
    expect(first.cache).toBe('saved');
    expect(await cached()).toBe(SIZE);

    const second = await visit();
    expect(second.source).toBe('cached');
    expect(await page.textContent('li[data-step="data"] span')).toContain('cached');
    for (const key of ['maskedShape', 'cvLogo', 'cvDefault', 'multiclassLogo'] as const) {
      expect(second.report[key], key).toEqual(cliReport[key]);
    }
    expect(second.report.svc.coef).toEqual(cliReport.svc.coef);

    // A foreign / truncated entry is never read: the page generates and overwrites it.
    await page.evaluate(async (name) => {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle('voxelkit-synthetic');
      const w = await (await dir.getFileHandle(name)).createWritable();
      await w.write('not a NIfTI file');
      await w.close();
    }, NAME);
    expect(await cached()).toBe(16);
    const third = await visit();
    expect(third.source).toBe('generated');
    expect(third.report.cvLogo).toEqual(cliReport.cvLogo);
    expect(await cached()).toBe(SIZE);

    await page.click('#forget-cache');
    await page.waitForFunction(() => document.body.dataset.cache === 'forgotten');
    expect(await cached()).toBeNull();
    await context.close();
  }, 300_000);
});
