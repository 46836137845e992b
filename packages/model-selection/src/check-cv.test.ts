import { ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { checkCv, isClassTarget } from './check-cv.js';
import { KFold } from './splitters/k-fold.js';
import { LeaveOneGroupOut } from './splitters/leave-one-group-out.js';
import { StratifiedKFold } from './splitters/stratified-k-fold.js';

describe('checkCv', () => {
  it('maps undefined and integers as scikit-learn’s check_cv', () => {
    expect(checkCv(undefined, ['a', 'b'], true)).toEqual(new StratifiedKFold({ nSplits: 5 }));
    expect(checkCv(3, [0, 1, 2], true)).toEqual(new StratifiedKFold({ nSplits: 3 }));
    expect(checkCv(3, [0.5, 1.5], true)).toEqual(new KFold({ nSplits: 3 }));
    expect(checkCv(3, ['a', 'b'], false)).toEqual(new KFold({ nSplits: 3 }));
    const logo = new LeaveOneGroupOut();
    expect(checkCv(logo, undefined, true)).toBe(logo);
  });

  it('wraps explicit splits and rejects anything else', () => {
    const cv = checkCv([{ train: [1, 2], test: [0] }], undefined, false);
    expect(cv.getNSplits()).toBe(1);
    expect([...cv.split(3)][0]?.train).toEqual(Int32Array.from([1, 2]));
    expect(() => checkCv([{ nope: 1 } as never], undefined, false)).toThrow(ValidationError);
    expect(() => checkCv('5' as never, undefined, false)).toThrow(/cv must be/);
    expect(() => checkCv(1, undefined, false)).toThrow(/nSplits/);
  });

  it('isClassTarget follows type_of_target for labels', () => {
    expect(isClassTarget(['x'])).toBe(true);
    expect(isClassTarget(Float64Array.from([1, 2, 2]))).toBe(true);
    expect(isClassTarget([1, 2.5])).toBe(false);
    expect(isClassTarget(undefined)).toBe(false);
  });
});
