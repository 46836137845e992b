/**
 * Issue 13: a browser bundle of the worker entry built with esbuild runs nJobs: 2 folds. The
 * page (test/browser/main.ts) and `fold-worker.web.ts` are bundled for the browser with esbuild
 * (the worker beside the page bundle, as the README tells esbuild users), then run in Node with
 * browser globals only: no `process` on the page side (so the pool takes the Web Worker path),
 * `Worker` a module-worker stand-in on worker_threads that loads the bundled file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'voxelkit-esbuild-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// Runs in a worker thread: hides `process`, installs a Web Worker stand-in, imports the page.
const pageRunner = `
const { Worker: NodeWorker, parentPort, workerData } = require('node:worker_threads');
const workerShim = \`
  const { parentPort } = require('node:worker_threads');
  const wrapped = new Map();
  globalThis.postMessage = (m) => parentPort.postMessage(m);
  globalThis.addEventListener = (t, cb) => { const f = (data) => cb({ data }); wrapped.set(cb, f); parentPort.on('message', f); };
  globalThis.removeEventListener = (t, cb) => { const f = wrapped.get(cb); if (f) parentPort.off('message', f); };
\`;
const created = [];
class ModuleWorker {
  constructor(url, options) {
    created.push(String(url).split('/').pop() + ' ' + options.type);
    this.onmessage = null; this.onerror = null; this.onmessageerror = null;
    this.w = new NodeWorker(workerShim + 'import(' + JSON.stringify(String(url)) + ').catch((e) => parentPort.postMessage({ type: "error", id: null, error: { name: "Error", message: String(e) } }));', { eval: true });
    this.w.on('message', (data) => this.onmessage && this.onmessage({ data }));
    this.w.on('error', (e) => this.onerror && this.onerror({ message: e.message }));
  }
  postMessage(m) { this.w.postMessage(m); }
  terminate() { void this.w.terminate(); }
}
globalThis.Worker = ModuleWorker;
Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true });
import(workerData.app).then((m) => m.run()).then(
  (result) => parentPort.postMessage({ result, created }),
  (e) => parentPort.postMessage({ error: String(e && e.stack || e) }),
);
`;

describe('an esbuild browser bundle of the fold worker', () => {
  it('runs crossValScore({ nJobs: 2 }) on its Web Workers with the scores of nJobs 1', async () => {
    await build({
      absWorkingDir: pkg,
      entryPoints: [
        { in: 'test/browser/main.ts', out: 'app' },
        { in: 'src/workers/fold-worker.web.ts', out: 'fold-worker.web' },
      ],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outdir: out,
      conditions: ['@voxelkit/source'],
      logLevel: 'error',
    });
    const worker = readFileSync(join(out, 'fold-worker.web.js'), 'utf8');
    // Self-contained: no bare or node: imports left for a browser to fail on.
    expect(worker).not.toMatch(/^\s*(import|export)\b[^\n]*from\s*["'](@voxelkit|node:)/m);
    expect(worker).not.toMatch(/\bimport\s*\(\s*["']@voxelkit/);
    const app = pathToFileURL(join(out, 'app.js')).href;
    const message = await new Promise<{
      result?: { serial: number[]; parallel: number[] };
      created?: string[];
      error?: string;
    }>((resolve, reject) => {
      const w = new Worker(pageRunner, { eval: true, workerData: { app } });
      w.once('message', (m) => {
        resolve(m);
        void w.terminate();
      });
      w.once('error', reject);
    });
    expect(message.error).toBeUndefined();
    expect(message.created).toEqual(['fold-worker.web.js module', 'fold-worker.web.js module']);
    expect(message.result?.serial).toHaveLength(6);
    expect(message.result?.parallel).toEqual(message.result?.serial);
    expect(Math.min(...(message.result?.serial ?? []))).toBeGreaterThanOrEqual(0);
  });
});
