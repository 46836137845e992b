import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { checkRandomState, RandomState } from './random.js';

// Reference streams printed by numpy 1.24 (Debian python3-numpy):
//   np.random.RandomState(0).random_sample() x3, .permutation(10), randint(0, 7, size=8), ...
describe('RandomState (numpy legacy MT19937)', () => {
  it('seed 0 gives numpy random_sample stream', () => {
    const r = new RandomState(0);
    expect([r.randomSample(), r.randomSample(), r.randomSample()]).toEqual([
      0.5488135039273248, 0.7151893663724195, 0.6027633760716439,
    ]);
  });

  it('permutation equals numpy', () => {
    expect(Array.from(new RandomState(0).permutation(10))).toEqual([2, 8, 4, 9, 1, 6, 7, 3, 0, 5]);
    const r = new RandomState(0xffffffff);
    expect(r.randomSample()).toBe(0.0976320289940138);
    expect(Array.from(r.permutation(5))).toEqual([1, 2, 0, 3, 4]);
  });

  it('randint and standard_normal follow on the same stream', () => {
    const r = new RandomState(12345);
    const ints = Array.from({ length: 8 }, () => r.randint(0, 7));
    expect(ints).toEqual([2, 5, 5, 1, 4, 1, 6, 6]);
    const normals = [r.standardNormal(), r.standardNormal(), r.standardNormal()];
    expect(normals[0]).toBeCloseTo(1.9657805725027142, 14);
    expect(normals[1]).toBeCloseTo(1.3934058329729904, 14);
    expect(normals[2]).toBeCloseTo(0.09290787674371767, 14);
    const small = new RandomState(0);
    expect(Array.from({ length: 10 }, () => small.randint(0, 3))).toEqual([
      0, 1, 0, 1, 1, 2, 0, 2, 0, 0,
    ]);
  });

  it('re-seeding restarts the stream; shuffle is a permutation', () => {
    const r = new RandomState(7);
    const a = r.randomSample();
    r.randomSample();
    r.seed(7);
    expect(r.randomSample()).toBe(a);
    const arr = Array.from({ length: 100 }, (_, i) => i);
    r.shuffle(arr);
    expect([...arr].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(arr).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('rejects invalid seeds and checkRandomState passes generators through', () => {
    expect(() => new RandomState(-1)).toThrow(ValidationError);
    expect(() => new RandomState(1.5)).toThrow(ValidationError);
    expect(() => new RandomState(2 ** 32)).toThrow(ValidationError);
    const r = new RandomState(3);
    expect(checkRandomState(r)).toBe(r);
    expect(checkRandomState(3).randomSample()).toBe(new RandomState(3).randomSample());
    expect(checkRandomState(undefined)).toBeInstanceOf(RandomState);
  });
});
