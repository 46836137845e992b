import { describe, expect, it } from 'vitest';
import { CachedQ, DenseQ } from './kernel-cache.js';

describe('kernel cache', () => {
  const K = Float64Array.of(4, 1, 2, 1, 9, 3, 2, 3, 16);
  const y = Int8Array.of(1, -1, 1);

  it('DenseQ signs rows with y and keeps the diagonal in double precision', () => {
    const Q = new DenseQ(K, 3, Int32Array.of(0, 1, 2), y);
    expect(Array.from(Q.row(0))).toEqual([4, -1, 2]);
    expect(Array.from(Q.row(1))).toEqual([-1, 9, -3]);
    expect(Array.from(Q.diag)).toEqual([4, 9, 16]);
    const sub = new DenseQ(K, 3, Int32Array.of(2, 0), Int8Array.of(1, -1));
    expect(Array.from(sub.row(0))).toEqual([16, -2]);
  });

  it('CachedQ computes rows on demand and evicts the least recently used', () => {
    const computed: number[] = [];
    const rowFn = (a: number, out: Float64Array) => {
      computed.push(a);
      for (let b = 0; b < 3; b++) out[b] = K[a * 3 + b]!;
    };
    // Room for two rows of three float32 values.
    const Q = new CachedQ(rowFn, Float64Array.of(4, 9, 16), y, 2 * 3 * 4);
    expect(Array.from(Q.row(0))).toEqual([4, -1, 2]);
    Q.row(1);
    Q.row(0); // hit: 0 becomes the most recent
    Q.row(2); // evicts 1
    Q.row(0); // hit
    Q.row(1); // recomputed
    expect(computed).toEqual([0, 1, 2, 1]);
    expect(Array.from(Q.row(1))).toEqual([-1, 9, -3]);
  });
});
