/**
 * liblinear's generator as scikit-learn 1.2.1 seeds it. Expected numbers (Python, from numpy's
 * RandomState, whose integer seeding is std::mt19937's):
 *   np.random.RandomState(0).randint(np.iinfo('i').max)            -> 209652396 (the seed)
 *   Lemire's bounded_rand_int (sklearn/svm/src/newrand/newrand.h) over
 *   np.random.RandomState(209652396).randint(0, 2**32, dtype=np.uint64) (the raw outputs) for the
 *   ranges 530, 530, 7, 1, 2**31, 3e9, 530                           -> the list below.
 * The Haxby L1 tests (logistic-regression.haxby.test.ts) check the order end to end: scikit-learn's
 * leave-one-run-out folds, exactly.
 */
import { RandomState } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { LiblinearRandom } from './liblinear-random.js';

describe('LiblinearRandom', () => {
  it("draws scikit-learn's liblinear stream for random_state=0", () => {
    const rng = new LiblinearRandom(0);
    const ranges = [530, 530, 7, 1, 2 ** 31, 3_000_000_000, 530];
    expect(ranges.map((r) => rng.bounded(r))).toEqual([257, 210, 4, 0, 2116508448, 873038103, 103]);
  });

  it('randint(low, high) is low + bounded(high − low), and a RandomState is advanced by one draw', () => {
    const a = new LiblinearRandom(7);
    const b = new LiblinearRandom(7);
    for (let s = 0; s < 50; s++) expect(a.randint(s, 600)).toBe(s + b.bounded(600 - s));
    const state = new RandomState(0);
    const fromState = new LiblinearRandom(state);
    expect(fromState.bounded(530)).toBe(257);
    // check_random_state(rs).randint(...) took exactly one value from the caller's generator
    const ref = new RandomState(0);
    ref.randint(0, 2147483647);
    expect(state.nextUint32()).toBe(ref.nextUint32());
  });

  it('equals a 64-bit reference of Lemire’s reduction on many ranges', () => {
    const rng = new LiblinearRandom(1);
    // The same raw stream: the seed numpy draws for random_state=1, then MT19937.
    const raw = new RandomState(new RandomState(1).randint(0, 2147483647));
    const reference = (range: number): number => {
      const r = BigInt(range);
      let m = BigInt(raw.nextUint32()) * r;
      let low = m & 0xffffffffn;
      if (low < r) {
        const t = ((1n << 32n) - r) % r;
        while (low < t) {
          m = BigInt(raw.nextUint32()) * r;
          low = m & 0xffffffffn;
        }
      }
      return Number(m >> 32n);
    };
    for (let k = 0; k < 2000; k++) {
      const range = 1 + ((k * 2654435761) % 4294967295);
      expect(rng.bounded(range)).toBe(reference(range));
    }
  });
});
