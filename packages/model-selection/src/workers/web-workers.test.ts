/**
 * The browser path of the pool (module Web Workers running fold-worker.web), exercised in Node
 * with a minimal Web Worker stand-in built on worker_threads: `postMessage`, `onmessage`,
 * `onerror`, `terminate` on the page side; `postMessage` / `addEventListener('message')` on the
 * worker side. X is copied (no cross-origin isolation), as in a browser without COOP/COEP.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker as NodeWorker } from 'node:worker_threads';
import { getScorer } from '@voxelkit/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NearestCentroid } from '../../test/nearest-centroid.js';
import { rowTasksModule, taskHandlers } from '../../test/row-tasks.js';
import { nearestCentroidModule, sklearnCv } from '../../test/sklearn-cv.js';
import type { FoldJob, JobContext, ScoreResult } from '../fit-and-score.js';
import { LeaveOneGroupOut } from '../splitters/leave-one-group-out.js';
import { runJobs } from './pool.js';
import type { TaskResult } from './tasks.js';

const tsxApi = new URL(
  'dist/esm/api/index.mjs',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')),
).href;
const created: string[] = [];

class FakeWebWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  onmessageerror: ((event: unknown) => void) | null = null;
  private readonly worker: NodeWorker;

  constructor(url: URL, options: { type: string }) {
    created.push(`${url.pathname.split('/').pop()} ${options.type}`);
    const script = url.href.replace(/\.js$/, '.ts');
    const code = `
      const { parentPort } = require('node:worker_threads');
      const wrapped = new Map();
      globalThis.postMessage = (m) => parentPort.postMessage(m);
      globalThis.addEventListener = (type, cb) => {
        const f = (data) => cb({ data });
        wrapped.set(cb, f);
        parentPort.on('message', f);
      };
      globalThis.removeEventListener = (type, cb) => {
        const f = wrapped.get(cb);
        if (f) parentPort.off('message', f);
      };
      import(${JSON.stringify(tsxApi)})
        .then(({ register }) => { register(); return import(${JSON.stringify(script)}); })
        .catch((e) => parentPort.postMessage({ type: 'error', id: null, error: { name: 'Error', message: String(e) } }));
    `;
    this.worker = new NodeWorker(code, { eval: true, execArgv: ['--conditions=@voxelkit/source'] });
    this.worker.on('message', (data) => this.onmessage?.({ data }));
    this.worker.on('error', (e) => this.onerror?.({ message: e.message }));
  }

  postMessage(message: unknown): void {
    this.worker.postMessage(message);
  }

  terminate(): void {
    void this.worker.terminate();
  }
}

describe('nJobs with Web Workers (browser path)', () => {
  const g = globalThis as { Worker?: unknown };
  const previous = g.Worker;
  beforeAll(() => {
    g.Worker = FakeWebWorker;
  });
  afterAll(() => {
    g.Worker = previous;
  });

  const { X, y, groups } = sklearnCv;
  const Xm = { data: Float64Array.from(X.flat()), rows: X.length, cols: 4 };
  const ctx: JobContext = {
    estimator: new NearestCentroid(),
    X: Xm,
    y,
    scorers: [getScorer('accuracy'), getScorer('balanced_accuracy')],
  };
  const jobs: FoldJob[] = [...new LeaveOneGroupOut().split(Xm, y, groups)].map(
    ({ train, test }) => ({
      kind: 'score',
      train,
      test,
      returnTrainScore: true,
      returnEstimator: false,
    }),
  );

  it('gives the same results, in order, as the calling thread', async () => {
    const serial = (await runJobs(
      ctx,
      ['accuracy', 'balanced_accuracy'],
      jobs,
      {},
      'web',
    )) as ScoreResult[];
    const web = (await runJobs(
      ctx,
      ['accuracy', 'balanced_accuracy'],
      jobs,
      { nJobs: 2, workerModules: [nearestCentroidModule] },
      'web',
    )) as ScoreResult[];
    expect(created).toEqual(['fold-worker.web.js module', 'fold-worker.web.js module']);
    expect(web.map((r) => r.testScores)).toEqual(serial.map((r) => r.testScores));
    expect(web.map((r) => r.trainScores)).toEqual(serial.map((r) => r.trainScores));
    expect(web[0]?.testScores[0]).toBeCloseTo(sklearnCv.crossValScore.logo?.[0] as number, 12);
  });

  it('reports worker-side errors with their type', async () => {
    await expect(runJobs(ctx, ['accuracy'], jobs, { nJobs: 2 }, 'web')).rejects.toThrow(
      /No estimator class named "test\/NearestCentroid" is known/,
    );
  });

  it('runs custom tasks with the module’s taskHandlers and the run’s shared value', async () => {
    const weights = Float64Array.from({ length: 4 }, (_, j) => j + 0.5);
    const taskCtx: JobContext = { ...ctx, shared: { weights }, tasks: taskHandlers };
    const taskJobs: FoldJob[] = [0, 1, 2].map((c) => ({
      kind: 'task',
      task: 'test/weighted-row-sums',
      args: { from: c * 4, to: c * 4 + 4 },
    }));
    const serial = await runJobs(taskCtx, [undefined], taskJobs, {}, 'web');
    const web = await runJobs(
      taskCtx,
      [undefined],
      taskJobs,
      { nJobs: 2, workerModules: [nearestCentroidModule, rowTasksModule] },
      'web',
    );
    const sums = (r: unknown) => ((r as TaskResult).value as { sums: Float64Array }).sums;
    expect(web.map(sums)).toEqual(serial.map(sums));
    const row0 = X[0] as number[];
    expect(sums(web[0])[0]).toBe(row0.reduce((a, v, j) => a + v * (weights[j] as number), 0));
  });

  it('runs on the calling thread where no workers exist', async () => {
    const r = (await runJobs(ctx, ['accuracy'], jobs, { nJobs: 4 }, 'none')) as ScoreResult[];
    expect(r).toHaveLength(jobs.length);
  });
});
