/**
 * Loads test/fixtures/sklearn-splits.json: split indices produced by scikit-learn 1.2.1 / numpy
 * 1.24.2 (Debian) with test/fixtures/make-sklearn-splits.py.
 */
import { readFileSync } from 'node:fs';
import type { Label } from '@voxelkit/core';
import { expect } from 'vitest';
import type { Split } from '../src/splitters/splitter.js';

export interface SplitCase {
  name: string;
  splitter: string;
  params: Record<string, unknown>;
  n: number;
  y: Label[] | null;
  groups: Label[] | null;
  folds: { train: number[]; test: number[] }[];
}

export interface SklearnSplits {
  generator: string;
  cases: SplitCase[];
  trainTestSplit: {
    name: string;
    n: number;
    options: Record<string, unknown>;
    train: number[];
    test: number[];
  }[];
  permutationShuffles: {
    name: string;
    n: number;
    groups: Label[] | null;
    seed: number;
    draws: number[][];
  }[];
}

export const sklearnSplits: SklearnSplits = JSON.parse(
  readFileSync(new URL('./fixtures/sklearn-splits.json', import.meta.url), 'utf8'),
);

/** The cases of one splitter class. */
export function casesFor(splitter: string): SplitCase[] {
  const out = sklearnSplits.cases.filter((c) => c.splitter === splitter);
  if (out.length === 0) throw new Error(`no fixture cases for ${splitter}`);
  return out;
}

/** Asserts that `splits` equal scikit-learn's folds exactly (values and order). */
export function expectSameFolds(splits: Iterable<Split>, expected: SplitCase['folds']): void {
  const got = [...splits].map((s) => {
    expect(s.train).toBeInstanceOf(Int32Array);
    expect(s.test).toBeInstanceOf(Int32Array);
    return { train: Array.from(s.train), test: Array.from(s.test) };
  });
  expect(got).toEqual(expected);
}
