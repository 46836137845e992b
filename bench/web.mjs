#!/usr/bin/env node
// apps/web against the CLI (issue 18), on the same machine in the same run:
//
// 1. Wall time of the whole synthetic tutorial (generate the full-size Haxby-like subject 2,
//    seed 0, mask, every cross-validation, the weights) in headless Chromium (the built app,
//    ?dataset=synthetic&run=1, folds on 2 Web Workers) against `voxelkit-haxby --synthetic`
//    (a fresh process and a fresh data directory, so it generates the same data too; --n-jobs 2).
//    "fresh": a new browser profile / a new process and data directory (both generate the data);
//    "second visit": the page loaded again in the same profile, which reads the series from its
//    cache (OPFS) / the CLI again on its now cached files; "warm": a further run in the same
//    page (button) / a second runTutorial in the same Node process on the same data directory
//    (both read their caches). Ratio browser / Node for each (goal ≤ 1.5), and a table of the
//    steps' times (the reports' timingsMs) with a ratio per step, then the load average: timings
//    under load are only indicative.
// 2. Size: the app's JavaScript, gzip, without niivue (and the codecs niivue loads on demand);
//    niivue's own chunks are printed apart (goal ≤ 300 KB).
// 3. Peak JS heap of the page's main thread (sampled every 100 ms through the DevTools
//    protocol; the fold workers have heaps of their own) and of the Node process (heapUsed).
//
// Needs the built app and CLI: `node scripts/run.mjs turbo run build --filter=@voxelkit/web...`
// and Debian's chromium (or VOXELKIT_CHROMIUM). Not run in CI: timings need a quiet machine.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const app = join(root, 'apps/web/dist');
const cli = join(root, 'apps/haxby-decoding/dist/cli.js');
const chromiumPath = process.env.VOXELKIT_CHROMIUM ?? '/usr/bin/chromium';
for (const [what, path] of [
  ['the built app (turbo run build --filter=@voxelkit/web...)', join(app, 'index.html')],
  ['the built CLI', cli],
  ['Chromium', chromiumPath],
]) {
  if (!existsSync(path)) {
    console.log(`web: needs ${what} at ${path}`);
    process.exit(1);
  }
}

// --- size -----------------------------------------------------------------------------------
const assets = join(app, 'assets');
const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
const text = (f) => readFileSync(join(assets, f), 'utf8');
const niivue = js.find((f) => f.startsWith('niivue-'));
const entry = js.find((f) => f.startsWith('index-'));
const gz = (f) => gzipSync(readFileSync(join(assets, f)), { level: 9 }).length;
// A chunk is niivue's when only niivue's chunk refers to it (the codecs it imports on demand).
const niivueChunks = js.filter(
  (f) => f === niivue || (niivue && text(niivue).includes(f) && !text(entry).includes(f)),
);
const appChunks = js.filter((f) => !niivueChunks.includes(f));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const appGz = appChunks.reduce((s, f) => s + gz(f), 0);
const niivueGz = niivueChunks.reduce((s, f) => s + gz(f), 0);
console.log(
  `app JavaScript, gzip, without niivue: ${kb(appGz)} (${appChunks.join(', ')}) — goal ≤ 300 KB: ${appGz <= 300 * 1024 ? 'met' : 'NOT met'}`,
);
console.log(`niivue and its codecs, gzip: ${kb(niivueGz)} (${niivueChunks.length} chunks)`);

// --- browser --------------------------------------------------------------------------------
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((req, res) => {
  const p = new URL(req.url ?? '/', 'http://x').pathname;
  const f = join(app, p === '/' ? 'index.html' : p);
  if (!f.startsWith(app) || !existsSync(f)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[extname(f)] ?? 'application/octet-stream' });
  res.end(readFileSync(f));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;
const requireFromWeb = (await import('node:module')).createRequire(
  join(root, 'apps/web/package.json'),
);
const playwright = await import(pathToFileURL(requireFromWeb.resolve('playwright-core')).href);
const chromium = playwright.chromium ?? playwright.default.chromium;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    '--headless=new',
    '--no-sandbox',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
  ],
});
// One context = one browser profile: the page's cache (OPFS) outlives page loads within it.
const context = await browser.newContext();
const page = await context.newPage();
const cdp = await page.context().newCDPSession(page);
let peakHeap = 0;
let sampling = true;
const sampler = (async () => {
  while (sampling) {
    try {
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      peakHeap = Math.max(peakHeap, usedSize);
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
})();
async function waitDone() {
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, {
    timeout: 600_000,
  });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'done')
    throw new Error(`the page ended in '${state}': ${await page.textContent('#error')}`);
  return Number(await page.evaluate(() => document.body.dataset.wallMs));
}
const t0 = performance.now();
await page.goto(`${base}?dataset=synthetic&run=1`);
const browserRun = await waitDone();
const browserFresh = performance.now() - t0; // page load + run
const freshReport = JSON.parse(await page.textContent('#report'));
const dataSource = () => page.evaluate(() => document.body.dataset.dataSource);
const freshSource = await dataSource();
// The page writes the generated series to its cache once the run has ended, off the run's clock.
await page.waitForFunction(
  () => ['saved', 'unavailable'].includes(document.body.dataset.cache ?? ''),
  null,
  { timeout: 600_000 },
);
const cacheState = await page.evaluate(() => document.body.dataset.cache);
const t1 = performance.now();
await page.goto(`${base}?dataset=synthetic&run=1`);
await waitDone();
const browserSecond = performance.now() - t1;
const secondReport = JSON.parse(await page.textContent('#report'));
const secondSource = await dataSource();
await page.click('#run-synthetic');
await page.waitForFunction(() => document.body.dataset.state === 'running');
const browserWarm = await waitDone();
sampling = false;
await sampler;
const report = JSON.parse(await page.textContent('#report'));
const warmSource = await dataSource();
await page.click('#forget-cache');
await page.waitForFunction(() => document.body.dataset.cache === 'forgotten');
await browser.close();
server.close();

// --- Node CLI -------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'voxelkit-bench-web-'));
let nodeFresh;
let nodeReport;
let nodeCached;
let cachedReport;
/** One `voxelkit-haxby --synthetic` process on `work`'s data directory: its wall and report. */
function runCli(reportName) {
  const s = performance.now();
  execFileSync(process.execPath, [
    cli,
    '--synthetic',
    '--quiet',
    '--n-jobs',
    '2',
    '--data-dir',
    join(work, 'data'),
    '--out',
    join(work, 'out'),
    '--json',
    join(work, reportName),
  ]);
  const wall = performance.now() - s;
  return { wall, report: JSON.parse(readFileSync(join(work, reportName), 'utf8')) };
}
try {
  ({ wall: nodeFresh, report: nodeReport } = runCli('report.json'));
  // The same command again: the synthetic files are now cached in the data directory, so this
  // process reads them instead of generating them (what a user's second `--synthetic` does).
  ({ wall: nodeCached, report: cachedReport } = runCli('report-cached.json'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
const { runTutorial } = await import(
  pathToFileURL(join(root, 'apps/haxby-decoding/dist/index.js')).href
);
const warmDir = mkdtempSync(join(tmpdir(), 'voxelkit-bench-web-'));
let nodeWarm;
let warmReport;
let nodePeak = 0;
const heapTimer = setInterval(() => {
  nodePeak = Math.max(nodePeak, process.memoryUsage().heapUsed);
}, 100);
try {
  const opts = (i) => ({
    synthetic: true,
    quiet: true,
    nJobs: 2,
    dataDir: join(warmDir, 'data'), // the second call reads what the first one generated
    out: join(warmDir, `o${i}`),
  });
  await runTutorial(opts(0));
  const s = performance.now();
  warmReport = await runTutorial(opts(1));
  nodeWarm = performance.now() - s;
} finally {
  clearInterval(heapTimer);
  rmSync(warmDir, { recursive: true, force: true });
}

const same = [freshReport, secondReport, report].every(
  (r) => JSON.stringify(r.cvLogo) === JSON.stringify(nodeReport.cvLogo),
);
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`same LOGO fold scores in the page (3 runs) and the CLI: ${same}`);
console.log(
  `page data: fresh ${freshSource}, second visit ${secondSource}, warm ${warmSource}; cache write: ${cacheState}`,
);
console.log(
  `synthetic tutorial, fresh:        browser ${s(browserFresh)} (run ${s(browserRun)}, page load included) vs CLI process ${s(nodeFresh)}; ratio ${(browserFresh / nodeFresh).toFixed(2)} (goal ≤ 1.5)`,
);
console.log(
  `synthetic tutorial, second visit: browser ${s(browserSecond)} (page load included, cached data) vs CLI process on its cached files ${s(nodeCached)}; ratio ${(browserSecond / nodeCached).toFixed(2)} (goal ≤ 1.5)`,
);
console.log(
  `synthetic tutorial, warm:         browser ${s(browserWarm)} vs Node runTutorial ${s(nodeWarm)} (both cached); ratio ${(browserWarm / nodeWarm).toFixed(2)} (goal ≤ 1.5)`,
);

// Per phase, from the reports' timingsMs. 'data': the page generates the subject in memory;
// the CLI generates it and writes the .nii.gz files (cached: finds them), then reads the mask and
// labels ('load'). 'mask': reading the 4-D series and NiftiMasker. 'other': the rest of the wall
// (page: loading, figures, niivue; CLI: process start, printing, figures, viewImg, files).
const PHASES = [
  'data',
  'mask',
  'fit',
  'holdout',
  'kfoldManual',
  'cvDefault',
  'cvKFold',
  'cvLogo',
  'weights',
  'multiclassLogo',
  'other',
];
function phases(timings, wall) {
  const t = { ...timings, data: (timings.dataset ?? 0) + (timings.load ?? 0) };
  const known = PHASES.slice(0, -1).reduce((sum, p) => sum + (t[p] ?? 0), 0);
  t.other = wall - known;
  return t;
}
const columns = [
  ['browser fresh', phases(freshReport.timingsMs, browserFresh)],
  ['CLI fresh', phases(nodeReport.timingsMs, nodeFresh)],
  ['CLI cached', phases(cachedReport.timingsMs, nodeCached)],
  ['browser 2nd', phases(secondReport.timingsMs, browserSecond)],
  ['browser warm', phases(report.timingsMs, browserWarm)],
  ['Node warm', phases(warmReport.timingsMs, nodeWarm)],
];
const cell = (v) => `${Math.round(v)}`.padStart(13);
console.log(
  `\nphase (ms)     ${columns.map(([n]) => n.padStart(13)).join('')}   fresh ratio 2nd ratio  warm ratio`,
);
for (const p of PHASES) {
  const v = columns.map(([, t]) => t[p] ?? 0);
  const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : '—').padStart(12);
  console.log(
    `${p.padEnd(15)}${v.map(cell).join('')}${ratio(v[0], v[1])}${ratio(v[3], v[2])}${ratio(v[4], v[5])}`,
  );
}
const load = loadavg().map((l) => l.toFixed(2));
console.log(`load average: ${load.join(' ')}`);
console.log(
  `peak JS heap: page main thread ${(peakHeap / 2 ** 20).toFixed(0)} MB; Node heapUsed ${(nodePeak / 2 ** 20).toFixed(0)} MB`,
);
process.exit(0);
