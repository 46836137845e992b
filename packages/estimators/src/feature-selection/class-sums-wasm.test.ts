import { RandomState } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { classSums } from './class-sums-wasm.js';

describe('classSums', () => {
  // the kernel promises the JavaScript loop's values bitwise: sums += v, ss += v·v, row by row
  // 29 × 4001 goes through the module in blocks of 8 rows (256 KiB), the others in one block
  for (const [rows, cols] of [
    [29, 1],
    [29, 2],
    [29, 3],
    [29, 8],
    [29, 37],
    [29, 4001],
  ] as const) {
    it(`equals the JavaScript loop bitwise (${rows} × ${cols}), on a reused memory too`, () => {
      const rng = new RandomState(cols);
      const k = 3;
      const data = Float64Array.from({ length: rows * cols }, () => rng.standardNormal() * 1e3);
      const codes = Int32Array.from({ length: rows }, (_, r) => (r * 7) % k);
      const sums = new Float64Array(k * cols);
      const ss = new Float64Array(k * cols);
      for (let r = 0; r < rows; r++) {
        const oc = (codes[r] as number) * cols;
        for (let j = 0; j < cols; j++) {
          const v = data[r * cols + j] as number;
          sums[oc + j] = (sums[oc + j] as number) + v;
          ss[oc + j] = (ss[oc + j] as number) + v * v;
        }
      }
      for (let call = 0; call < 2; call++) {
        const got = classSums(data, codes, rows, cols, k);
        // Node 20 has WebAssembly SIMD: the kernel must be there
        if (got === undefined) throw new Error('no WebAssembly SIMD');
        expect(Array.from(got.sums)).toEqual(Array.from(sums));
        expect(Array.from(got.ss)).toEqual(Array.from(ss));
      }
    });
  }
});
