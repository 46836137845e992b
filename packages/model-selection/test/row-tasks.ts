/**
 * A task module for the tests of custom tasks: `taskHandlers` with a weighted row-sum over the
 * run's X (the weights are the run's `shared` value), and a task that warns.
 */
import { VoxelkitWarning, type VoxelkitWarning as Warning } from '@voxelkit/core';
import { defineTaskHandlers, type TaskContext } from '../src/index.js';

/** The run-wide data of the row-sum task. */
export interface RowShared {
  weights: Float64Array;
}

/** Shared values this thread has seen (a worker receives its run's once). */
const seen = new WeakSet<object>();
let distinct = 0;

/** Σ_j w_j·X[i, j] for rows from … to-1; and how many distinct shared values this thread saw. */
function weightedRowSums(
  args: { from: number; to: number },
  ctx: TaskContext<RowShared>,
): { sums: Float64Array; distinctShared: number } {
  if (!seen.has(ctx.shared)) {
    seen.add(ctx.shared);
    distinct++;
  }
  const { data, cols } = ctx.X;
  const w = ctx.shared.weights;
  const sums = new Float64Array(args.to - args.from);
  for (let i = args.from; i < args.to; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += (data[i * cols + j] as number) * (w[j] as number);
    sums[i - args.from] = s;
  }
  return { sums, distinctShared: distinct };
}

/** Emits a warning through the run (to the caller) and one it collects itself (kept back). */
function warnOnce(args: { message: string }, ctx: TaskContext): string[] {
  ctx.warn(new VoxelkitWarning(args.message));
  const { warnings } = ctx.collectWarnings(() => {
    ctx.warn(new VoxelkitWarning('collected, not emitted'));
    return 0;
  });
  return warnings.map((w: Warning) => `${w.name}: ${w.message}`);
}

export const taskHandlers = defineTaskHandlers({
  'test/weighted-row-sums': weightedRowSums,
  'test/warn': warnOnce,
});

/** URL of this module, for `workerModules`. */
export const rowTasksModule = new URL('./row-tasks.ts', import.meta.url);
