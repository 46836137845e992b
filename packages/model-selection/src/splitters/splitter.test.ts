import { RandomState, ValidationError } from '@voxelkit/core';
import { captureWarnings } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { GroupKFold } from './group-k-fold.js';
import { KFold } from './k-fold.js';
import { LeaveOneGroupOut } from './leave-one-group-out.js';
import { LeavePGroupsOut } from './leave-p-groups-out.js';
import { ShuffleSplit } from './shuffle-split.js';
import { encodeGroups, numSamples, type Splitter } from './splitter.js';
import { StratifiedKFold } from './stratified-k-fold.js';
import { StratifiedShuffleSplit } from './stratified-shuffle-split.js';
import { trainTestSplitIndices } from './train-test-split.js';

describe('splitter helpers', () => {
  it('numSamples counts every supported input', () => {
    expect(numSamples(7)).toBe(7);
    expect(numSamples([[1], [2]])).toBe(2);
    expect(numSamples({ data: new Float64Array(6), rows: 3, cols: 2 })).toBe(3);
    expect(numSamples({ data: [1, 2], shape: [1, 2] })).toBe(1);
    expect(numSamples(['a', 'b', 'c'])).toBe(3);
    expect(() => numSamples(-1)).toThrow(ValidationError);
    expect(() => numSamples(null)).toThrow(ValidationError);
  });

  it('encodeGroups orders groups as np.unique and validates them', () => {
    expect(encodeGroups(['b', 'a', 'b', 10, 9], 5, 'X')).toEqual({
      unique: [9, 10, 'a', 'b'],
      codes: Int32Array.from([3, 2, 3, 1, 0]),
    });
    expect(() => encodeGroups(undefined, 3, 'LeaveOneGroupOut')).toThrow(
      /LeaveOneGroupOut needs groups/,
    );
    expect(() => encodeGroups([{}] as never, 1, 'X')).toThrow(ValidationError);
  });
});

/** Random, often invalid, inputs: every outcome must be valid splits or a ValidationError. */
describe('fuzzed inputs raise only ValidationError', () => {
  // Many fuzzed inputs warn (e.g. classes smaller than nSplits); collect them off the console.
  captureWarnings();
  const rng = new RandomState(2024);
  const pick = <T>(values: readonly T[]): T => values[rng.randint(0, values.length)] as T;
  const labelPool = ['a', 'b', 'c', 0, 1, 2, 2.5, Number.NaN, null, undefined, {}, 'a'] as const;
  const makers: (() => Splitter)[] = [
    () => new KFold({ nSplits: pick([2, 3, 5]), shuffle: true, randomState: 1 }),
    () => new StratifiedKFold({ nSplits: pick([2, 3, 4]) }),
    () => new GroupKFold({ nSplits: pick([2, 3]) }),
    () => new LeaveOneGroupOut(),
    () => new LeavePGroupsOut({ nGroups: pick([1, 2]) }),
    () => new ShuffleSplit({ nSplits: 2, testSize: pick([0.3, 2, 5, undefined]), randomState: 0 }),
    () => new StratifiedShuffleSplit({ nSplits: 2, testSize: pick([0.3, 3, 0.9]), randomState: 0 }),
  ];

  it('2,000 random calls', () => {
    let ok = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const n = pick([0, 1, 2, 3, 5, 8, 12, -1, 2.5]);
      const len = rng.randomSample() < 0.85 ? Math.max(0, Math.floor(n)) : rng.randint(0, 10);
      const simple = rng.randomSample() < 0.7;
      const y = Array.from({ length: len }, () => (simple ? pick(['a', 'b', 1]) : pick(labelPool)));
      const groups = Array.from({ length: len }, () =>
        simple ? pick([1, 2, 3, 'g']) : pick(labelPool),
      );
      const splitter = (makers[trial % makers.length] as () => Splitter)();
      try {
        const splits = [...splitter.split(n, y as never, groups as never)];
        for (const { train, test } of splits) {
          for (const i of train) expect(i >= 0 && i < n).toBe(true);
          for (const i of test) expect(i >= 0 && i < n).toBe(true);
          const inTest = new Set(test);
          for (const i of train) expect(inTest.has(i)).toBe(false);
        }
        ok++;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
      }
      try {
        trainTestSplitIndices(n, { testSize: pick([0.25, 1, 3, 0]), randomState: 0 });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
      }
    }
    expect(ok).toBeGreaterThan(200);
  });
});
