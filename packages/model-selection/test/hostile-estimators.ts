/**
 * Estimators that misbehave in a worker thread, as a hostile or buggy user module would: one
 * whose `fit` never returns, one whose `fit` allocates without end. Pass this module's URL as
 * `workerModules`.
 */
import { defineRegistry } from '@voxelkit/core';
import { NearestCentroid } from './nearest-centroid.js';

/** `fit` spins for ever (a fold that never returns). */
export class HangingClassifier extends NearestCentroid {
  static override readonly estimatorName: string = 'test/HangingClassifier';

  override fit(): this {
    for (;;) {
      // never returns
    }
  }
}

/** `fit` keeps allocating JS objects until the heap is exhausted. */
export class HungryClassifier extends NearestCentroid {
  static override readonly estimatorName: string = 'test/HungryClassifier';

  override fit(): this {
    const hoard: number[][] = [];
    for (;;) hoard.push(Array.from({ length: 1024 }, (_, i) => i + hoard.length));
  }
}

export const estimatorRegistry = defineRegistry([HangingClassifier, HungryClassifier]);

/** URL of this module, for `workerModules`. */
export const hostileModule = new URL('./hostile-estimators.ts', import.meta.url);
