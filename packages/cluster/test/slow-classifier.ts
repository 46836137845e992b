/**
 * A test estimator that a worker only knows through `workerModules`: a DummyClassifier whose
 * `fit` first notes that it started (a file `<markerDir>/<pid>-<n>`) and then busy-waits
 * `delayMs`, so that a test can kill the worker in the middle of a task.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineRegistry, type Label, type MatrixLike } from '@voxelkit/core';
import { DummyClassifier } from '@voxelkit/estimators';

let started = 0;

/** `fit` = marker file + `delayMs` of busy work + DummyClassifier's fit. */
export class SlowClassifier extends DummyClassifier {
  static override readonly estimatorName: string = 'test/SlowClassifier';

  constructor(params: { delayMs?: number; markerDir?: string } = {}) {
    super(params as never);
  }

  override fit(X: MatrixLike, y: ArrayLike<Label>): this {
    const { delayMs = 0, markerDir } = this.params as unknown as {
      delayMs?: number;
      markerDir?: string;
    };
    if (markerDir !== undefined) writeFileSync(join(markerDir, `${process.pid}-${started++}`), '');
    const end = Date.now() + delayMs;
    while (Date.now() < end) {
      // busy: a CPU-bound fold
    }
    return super.fit(X, y);
  }
}

export const estimatorRegistry = defineRegistry([SlowClassifier]);

/** URL of this module, for `workerModules`. */
export const slowModule = new URL('./slow-classifier.ts', import.meta.url);
