/**
 * Loads test/fixtures/sklearn-cv.json: scikit-learn 1.2.1 results of NearestCentroid on small
 * synthetic data (test/fixtures/make-sklearn-cv.py).
 */
import { readFileSync } from 'node:fs';

export interface SklearnCv {
  generator: string;
  X: number[][];
  y: string[];
  groups: number[];
  crossValScore: Record<string, number[]>;
  crossValPredict: Record<string, string[]>;
  permutationTestScore: Record<
    string,
    { score: number; permutationScores: number[]; pvalue: number }
  >;
}

export const sklearnCv: SklearnCv = JSON.parse(
  readFileSync(new URL('./fixtures/sklearn-cv.json', import.meta.url), 'utf8'),
);

/** URL of the module registering the test estimators, for `workerModules`. */
export const nearestCentroidModule = new URL('./nearest-centroid.ts', import.meta.url);
