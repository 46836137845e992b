/**
 * A seeded, portable random generator whose streams equal numpy's legacy `RandomState`
 * (MT19937): the same seed gives the same numbers on every platform, and — because scikit-learn
 * shuffles with `RandomState` — the same shuffled folds and permutations as scikit-learn.
 *
 * Reference values (seed 0), which the tests pin:
 * `new RandomState(0).randomSample()` → 0.5488135039273248, 0.7151893663724195, …;
 * `new RandomState(0).permutation(10)` → [2, 8, 4, 9, 1, 6, 7, 3, 0, 5].
 *
 * @module
 */
import { ValidationError } from './errors.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** A seed, an existing generator, or `undefined` for a fresh, unpredictable seed. */
export type RandomStateLike = number | RandomState | undefined | null;

/** The MT19937 generator with numpy `RandomState`'s seeding and derived distributions. */
export class RandomState {
  private readonly mt = new Uint32Array(N);
  private mti = N;
  private hasGauss = false;
  private gauss = 0;

  /**
   * @param seed an integer in [0, 2^32 - 1], seeded as `numpy.random.RandomState(seed)`; when
   *   omitted, a seed is drawn from the platform's crypto source.
   */
  constructor(seed?: number) {
    this.seed(seed ?? randomSeed());
  }

  /**
   * An independent generator in the same state (Python's `copy.deepcopy` of a `RandomState`):
   * it draws the same numbers as this one from now on, without advancing it.
   */
  copy(): RandomState {
    const out = new RandomState(0);
    out.mt.set(this.mt);
    out.mti = this.mti;
    out.hasGauss = this.hasGauss;
    out.gauss = this.gauss;
    return out;
  }

  /** Re-seeds in place exactly as `RandomState.seed(seed)`. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new ValidationError(
        `Random seed must be an integer between 0 and 2**32 - 1; got ${String(seed)}.`,
      );
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] as number;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.mti = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  private twist(): void {
    const mt = this.mt;
    for (let k = 0; k < N; k++) {
      const y = ((mt[k] as number) & UPPER_MASK) | ((mt[(k + 1) % N] as number) & LOWER_MASK);
      mt[k] = (mt[(k + M) % N] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.mti = 0;
  }

  /** The next raw 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    if (this.mti >= N) this.twist();
    let y = this.mt[this.mti++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) with 53 random bits (`random_sample`). */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** An integer uniform in [0, max] by masked rejection, as numpy's `random_interval`. */
  interval(max: number): number {
    if (max === 0) return 0;
    if (!Number.isInteger(max) || max < 0 || max > 0xffffffff) {
      throw new ValidationError(`interval() needs an integer max in [0, 2**32 - 1]; got ${max}.`);
    }
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** An integer uniform in [low, high), as `RandomState.randint(low, high)`. */
  randint(low: number, high: number): number {
    if (!(high > low))
      throw new ValidationError(`randint needs low < high; got [${low}, ${high}).`);
    return low + this.interval(high - low - 1);
  }

  /** A standard normal deviate (numpy's legacy polar Box–Muller `standard_normal`). */
  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      return this.gauss;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** A normal deviate with the given mean and standard deviation. */
  normal(loc = 0, scale = 1): number {
    return loc + scale * this.standardNormal();
  }

  /** Shuffles `array` in place, as `RandomState.shuffle` on a 1-D array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A random permutation of 0…n-1, as `RandomState.permutation(n)`. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** Fills `out` with standard normal deviates and returns it. */
  fillNormal<T extends Float32Array | Float64Array>(out: T, loc = 0, scale = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = loc + scale * this.standardNormal();
    return out;
  }
}

function randomSeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0] as number;
}

/**
 * Turns a seed, a generator or nothing into a generator, as sklearn's `check_random_state`:
 * a number seeds a new `RandomState`, a `RandomState` is returned as is.
 */
export function checkRandomState(state: RandomStateLike): RandomState {
  if (state instanceof RandomState) return state;
  if (state === undefined || state === null) return new RandomState();
  return new RandomState(state);
}
