/**
 * The random source of scikit-learn's liblinear: `fit` draws a seed with
 * `check_random_state(random_state).randint(INT_MAX)`, seeds a Mersenne Twister with it
 * (`std::mt19937`, the same initialisation as `numpy.random.RandomState(seed)`), and every
 * coordinate shuffle draws `bounded_rand_int(range)`: Lemire's multiply-and-reject reduction of
 * one 32-bit output. With the same `randomState` seed, a voxelkit fit visits coordinates in
 * scikit-learn's order, so even a fit stopped by `maxIter` takes scikit-learn's iterates.
 *
 * @module
 */
import { checkRandomState, RandomState, type RandomStateLike } from '@voxelkit/core';
import type { IntSource } from './problem.js';

/** `np.iinfo('i').max`: the exclusive bound of the seed scikit-learn passes to liblinear. */
const INT_MAX = 2147483647;

/** The high 32 bits of the 64-bit product `x · range` (both below 2³²), exactly. */
function high32(x: number, range: number): number {
  const a = (x >>> 16) * range; // < 2^48
  const b = (x & 0xffff) * range; // < 2^48
  return Math.floor((a + Math.floor(b / 65536)) / 65536);
}

/** liblinear's generator as scikit-learn seeds it (see the module comment). */
export class LiblinearRandom implements IntSource {
  private readonly mt: RandomState;

  /**
   * @param randomState a seed or a `RandomState` (advanced by one draw, as scikit-learn's
   *   `check_random_state(random_state).randint(...)`)
   */
  constructor(randomState: RandomStateLike) {
    this.mt = new RandomState(checkRandomState(randomState).randint(0, INT_MAX));
  }

  /** `bounded_rand_int(range)`: uniform in `[0, range)` for `1 ≤ range < 2³²`. */
  bounded(range: number): number {
    let x = this.mt.nextUint32();
    let low = Math.imul(x, range) >>> 0;
    if (low < range) {
      let t = (0x100000000 - range) >>> 0;
      if (t >= range) {
        t -= range;
        if (t >= range) t %= range;
      }
      while (low < t) {
        x = this.mt.nextUint32();
        low = Math.imul(x, range) >>> 0;
      }
    }
    return high32(x, range);
  }

  /** Uniform in `[low, high)`: `low + bounded_rand_int(high - low)`. */
  randint(low: number, high: number): number {
    return low + this.bounded(high - low);
  }
}
