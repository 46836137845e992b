/**
 * viewImg (issue 18): the standalone HTML renders in real headless Chromium (WebGL2 on
 * SwiftShader): opened from a file, the niivue canvas shows the background and the weights;
 * the same document as an iframe (getIframe) renders too. Plus the embedding (base64, the
 * images inside) and each documented error.
 *
 * Needs Debian's chromium at /usr/bin/chromium (or VOXELKIT_CHROMIUM): outside CI the browser
 * cases skip with a printed reason; under CI=true a missing Chromium fails.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ValidationError } from '@voxelkit/core';
import { readNifti } from '@voxelkit/nifti-io';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { base64, viewImg } from './view-img.js';

const chromium = process.env.VOXELKIT_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(chromium);
if (!available) {
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(
      `Chromium is missing at ${chromium}: under CI the browser tests must run (apt-get install -y chromium).`,
    );
  }
  console.log(
    `[skip] viewImg in Chromium: no Chromium at ${chromium} (apt-get install -y chromium).`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'voxelkit-view-img-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A 30×36×30 head (3 mm voxels) and a positive and a negative blob.
const shape = [30, 36, 30];
const affine = [
  [-3, 0, 0, 45],
  [0, 3, 0, -54],
  [0, 0, 3, -45],
  [0, 0, 0, 1],
];
const n = 30 * 36 * 30;
const anat = { data: new Float32Array(n), shape, affine };
const stat = { data: new Float32Array(n), shape: [...shape, 1], affine };
for (let k = 0; k < 30; k++)
  for (let j = 0; j < 36; j++)
    for (let i = 0; i < 30; i++) {
      const v = i + 30 * (j + 36 * k);
      const r = Math.hypot((i - 15) / 13, (j - 18) / 16, (k - 15) / 13);
      anat.data[v] = r < 1 ? 100 - 40 * r : 0;
      stat.data[v] =
        3 * Math.exp(-((i - 10) ** 2 + (j - 18) ** 2 + (k - 15) ** 2) / 8) -
        2 * Math.exp(-((i - 20) ** 2 + (j - 18) ** 2 + (k - 15) ** 2) / 8);
    }

function decodeData(html: string): { stat: string; bg: string | null; threshold: number } {
  const m = /<script type="application\/json" id="vk-data">(.*?)<\/script>/s.exec(html);
  return JSON.parse(m?.[1] ?? 'null');
}

describe('viewImg: the document', () => {
  it('base64 equals Node’s Buffer encoding (every padding case)', () => {
    for (const len of [0, 1, 2, 3, 4, 5, 1000, 10_001]) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 37 + 11) & 255);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('embeds both images as NIfTI (round trip) and inlines niivue', async () => {
    const view = await viewImg(stat, { bgImg: anat, threshold: 0.5, title: 'SVM <weights>' });
    const data = decodeData(view.html);
    expect(data.threshold).toBe(0.5);
    const statBack = await readNifti(Buffer.from(data.stat, 'base64'));
    expect(statBack.shape).toEqual([30, 36, 30]);
    expect(statBack.affine).toEqual(affine);
    expect(Array.from(statBack.getFData())).toEqual(Array.from(stat.data));
    const bgBack = await readNifti(Buffer.from(data.bg as string, 'base64'));
    expect(Array.from(bgBack.getFData())).toEqual(Array.from(anat.data));
    expect(view.html).toContain('<title>SVM &#60;weights&#62;</title>'); // escaped
    expect(view.html.length).toBeGreaterThan(1_000_000); // niivue itself is in the file
    expect(view.html).not.toMatch(/<script[^>]+src=/); // nothing fetched from elsewhere
  });

  it('rejects a negative threshold, a bad vmax and a non-image', async () => {
    await expect(viewImg(stat, { threshold: -1 })).rejects.toThrow(ValidationError);
    await expect(viewImg(stat, { threshold: -1 })).rejects.toThrow(
      /threshold must be a number ≥ 0/,
    );
    await expect(viewImg(stat, { vmax: 0 })).rejects.toThrow(/vmax must be a positive number/);
    await expect(viewImg(null as never)).rejects.toThrow(ValidationError);
  });
});

describe.skipIf(!available)('viewImg in Chromium', () => {
  async function withPage<T>(fn: (page: import('playwright-core').Page) => Promise<T>): Promise<T> {
    const { chromium: browserType } = await import('playwright-core');
    const browser = await browserType.launch({
      executablePath: chromium,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
      ],
    });
    try {
      return await fn(await browser.newPage({ viewport: { width: 900, height: 600 } }));
    } finally {
      await browser.close();
    }
  }

  function countPixels(png: PNG): { grey: number; colour: number; total: number } {
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
    return { grey, colour, total: png.width * png.height };
  }

  it('renders the saved HTML file: background and weights on the niivue canvas', async () => {
    const view = await viewImg(stat, { bgImg: anat, threshold: 0.3, title: 'weights' });
    const file = join(dir, 'view.html');
    writeFileSync(file, view.html);
    await withPage(async (page) => {
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => document.body.dataset.state !== 'loading', undefined, {
        timeout: 60_000,
      });
      expect(await page.evaluate(() => document.body.dataset.error)).toBeUndefined();
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('done');
      await page.waitForTimeout(300);
      const { grey, colour, total } = countPixels(
        PNG.sync.read(await page.locator('#vk-canvas').screenshot()),
      );
      expect(grey / total).toBeGreaterThan(0.05);
      expect(colour / total).toBeGreaterThan(0.002);
      // The slider at its maximum hides the weights: the coloured pixels left are the colour
      // bars and the cross-hair only, so the weights were most of them.
      await page.locator('#vk-threshold').fill(String(3));
      await page.waitForTimeout(300);
      const hidden = countPixels(PNG.sync.read(await page.locator('#vk-canvas').screenshot()));
      expect(hidden.colour).toBeLessThan(colour * 0.8);
      expect(hidden.grey).toBeGreaterThan(grey * 0.9); // the background stays
    });
  });

  it('renders as an iframe (getIframe) inside another page', async () => {
    const view = await viewImg(stat, { threshold: 0.3, height: 300 });
    await withPage(async (page) => {
      await page.setContent(`<!doctype html><body>${view.getIframe('800', 340)}</body>`);
      const frame = page.frames()[1];
      expect(frame).toBeDefined();
      await frame?.waitForFunction(() => document.body?.dataset.state === 'done', undefined, {
        timeout: 60_000,
      });
      await page.waitForTimeout(300);
      const { colour, total } = countPixels(
        PNG.sync.read(await page.locator('iframe').screenshot()),
      );
      expect(colour / total).toBeGreaterThan(0.002);
    });
  });

  it('mounts into an element of a page bundled with vite (mountTo)', async () => {
    const { build } = await import('vite');
    const out = join(dir, 'mount');
    await build({
      root: fileURLToPath(new URL('../test/browser', import.meta.url)),
      logLevel: 'error',
      configFile: false,
      build: { outDir: out, emptyOutDir: true },
    });
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const file = join(out, path === '/' ? 'index.html' : path);
      if (!file.startsWith(out) || !existsSync(file)) return void res.writeHead(404).end();
      const type = file.endsWith('.html') ? 'text/html' : 'text/javascript';
      res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await withPage(async (page) => {
        await page.goto(`http://127.0.0.1:${port}/`);
        await page.waitForFunction(() => document.body.dataset.state !== 'running', undefined, {
          timeout: 60_000,
        });
        expect(await page.evaluate(() => document.body.dataset.error)).toBeUndefined();
        expect(await page.locator('#mount iframe').count()).toBe(1);
        await page.waitForTimeout(300);
        const { grey, colour, total } = countPixels(
          PNG.sync.read(await page.locator('#mount iframe').screenshot()),
        );
        expect(grey / total).toBeGreaterThan(0.02);
        expect(colour / total).toBeGreaterThan(0.002);
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
