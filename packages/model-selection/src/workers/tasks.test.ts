/**
 * Custom tasks through the one `runJobs` seam: the same handler on the calling thread and on
 * worker threads (TypeScript sources through tsx), with the run's `shared` value sent once per
 * worker; warnings reach the caller; every documented error.
 */
import { ValidationError, VoxelkitWarning } from '@voxelkit/core';
import { captureWarnings } from '@voxelkit/core/testing';
import { getScorer } from '@voxelkit/metrics';
import { describe, expect, it } from 'vitest';
import { NearestCentroid } from '../../test/nearest-centroid.js';
import { rowTasksModule, taskHandlers } from '../../test/row-tasks.js';
import { nearestCentroidModule } from '../../test/sklearn-cv.js';
import type { FoldJob, JobContext } from '../fit-and-score.js';
import { runJobs } from './pool.js';
import { defineTaskHandlers, mergeTaskHandlers, type TaskResult } from './tasks.js';

const rows = 50;
const cols = 7;
const X = {
  data: Float64Array.from({ length: rows * cols }, (_, k) => Math.sin(k) * 3),
  rows,
  cols,
};
const weights = Float64Array.from({ length: cols }, (_, j) => j - 2.5);
const ctx: JobContext = {
  estimator: new NearestCentroid(),
  X,
  y: undefined,
  scorers: [getScorer(undefined)],
  shared: { weights },
  tasks: taskHandlers,
};
const jobs: FoldJob[] = Array.from({ length: 10 }, (_, c) => ({
  kind: 'task',
  task: 'test/weighted-row-sums',
  args: { from: c * 5, to: c * 5 + 5 },
}));

/** The weighted row sums computed here directly. */
function expected(): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += (X.data[i * cols + j] as number) * (weights[j] as number);
    out[i] = s;
  }
  return out;
}

const values = (results: unknown[]) =>
  results.map((r) => (r as TaskResult).value as { sums: Float64Array; distinctShared: number });

describe('custom tasks ({ kind: "task" }) through runJobs', () => {
  const warnings = captureWarnings();

  it('run on the calling thread with ctx.tasks, in task order', async () => {
    const out = values(await runJobs(ctx, [undefined], jobs));
    const sums = new Float64Array(rows);
    for (const [c, v] of out.entries()) sums.set(v.sums, c * 5);
    expect(sums).toEqual(expected());
  });

  it('run on 2 worker threads with the module’s taskHandlers: bitwise the same, shared sent once per worker', async () => {
    const serial = values(await runJobs(ctx, [undefined], jobs));
    const progress: (number | undefined)[] = [];
    const parallel = values(
      await runJobs(ctx, [undefined], jobs, {
        nJobs: 2,
        workerModules: [nearestCentroidModule, rowTasksModule],
        onProgress: (p) => progress.push(p.task),
      }),
    );
    expect(parallel.map((v) => v.sums)).toEqual(serial.map((v) => v.sums));
    // Each worker saw one shared value (its run's), however many tasks it ran.
    expect(parallel.every((v) => v.distinctShared === 1)).toBe(true);
    expect([...progress].sort((a, b) => (a as number) - (b as number))).toEqual(
      Array.from({ length: 10 }, (_, i) => i),
    );
  });

  it('warnings of a worker task reach the caller; collected ones are returned, not emitted', async () => {
    const job: FoldJob = { kind: 'task', task: 'test/warn', args: { message: 'from a task' } };
    for (const nJobs of [1, 2]) {
      warnings.length = 0;
      const result = await runJobs(ctx, [undefined], [job, job], {
        nJobs,
        workerModules: [nearestCentroidModule, rowTasksModule],
      });
      expect((result[0] as TaskResult).value).toEqual(['VoxelkitWarning: collected, not emitted']);
      const messages = warnings.map((w) => w.message);
      expect(messages).toHaveLength(2);
      for (const m of messages) expect(m).toMatch(/^from a task/);
      expect(warnings.every((w) => w instanceof VoxelkitWarning)).toBe(true);
    }
  });

  it('an unknown task name is a ValidationError naming the known ones, here and on a worker', async () => {
    const bad: FoldJob[] = [{ kind: 'task', task: 'test/nope', args: null }, ...jobs];
    await expect(runJobs(ctx, [undefined], bad)).rejects.toThrow(
      /No task handler named "test\/nope" here \(known: test\/weighted-row-sums, test\/warn\)/,
    );
    const remote = await runJobs(ctx, [undefined], bad, {
      nJobs: 2,
      workerModules: [nearestCentroidModule],
    }).catch((e: unknown) => e);
    expect(remote).toBeInstanceOf(ValidationError);
    expect((remote as Error).message).toMatch(/known: none\)\. Give the module that exports it/);
  });

  it('a worker module exporting neither estimatorRegistry nor taskHandlers is a ValidationError', async () => {
    const empty = `data:text/javascript,${encodeURIComponent('export const nothing = 1;')}`;
    await expect(
      runJobs(ctx, [undefined], jobs, { nJobs: 2, workerModules: [empty] }),
    ).rejects.toThrow(/exports no estimatorRegistry and no taskHandlers/);
  });

  it('defineTaskHandlers and mergeTaskHandlers check their input', () => {
    expect(() => defineTaskHandlers({ '': () => 1 })).toThrow(ValidationError);
    expect(() => defineTaskHandlers({ a: 1 as never })).toThrow(
      /is number: a handler is a function/,
    );
    expect(() => defineTaskHandlers([] as never)).toThrow(/takes an object of handlers/);
    const h = defineTaskHandlers({ a: () => 1 });
    expect(Object.isFrozen(h)).toBe(true);
    expect(mergeTaskHandlers([h, h]).a).toBe(h.a);
    expect(() => mergeTaskHandlers([h, defineTaskHandlers({ a: () => 2 })])).toThrow(
      /Two worker modules define a task named "a"/,
    );
  });
});
