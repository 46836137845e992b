import { describe, expect, it } from 'vitest';
import { numpyMean, pairwiseSum } from './numpy-sum.js';

describe('numpyMean / pairwiseSum', () => {
  // Golden: np.mean (numpy 1.24.2) of the same values; a left-to-right sum differs in the last bits.
  it('equals np.mean to the last bit (pairwise summation)', () => {
    const twelve = [
      0.017714285714285714, 0.09957142857142856, 0.08285714285714285, 0.062142857142857146,
      0.13614285714285715, 0.015571428571428571, 0.09014285714285715, 0.04171428571428571, 0.071,
      0.05257142857142857, 0.098, 0.12728571428571428,
    ];
    expect(numpyMean(twelve)).toBe(0.0745595238095238);
    const seq = (n: number) => Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 7000);
    expect(numpyMean(seq(150))).toBe(0.07030952380952381);
    expect(numpyMean(seq(300))).toBe(0.07150000000000001);
    expect(numpyMean(seq(1000))).toBe(0.07135714285714286);
    expect(numpyMean([0.25, 0.5])).toBe(0.375);
  });
  it('sums a sub-range and defaults to the whole array', () => {
    const a = Float64Array.from({ length: 300 }, (_, i) => i);
    expect(pairwiseSum(a)).toBe(44850);
    expect(pairwiseSum(a, 100, 50)).toBe(6225);
    expect(pairwiseSum([], 0, 0)).toBe(0);
  });
});
