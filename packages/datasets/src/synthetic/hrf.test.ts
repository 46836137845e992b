import { describe, expect, it } from 'vitest';
import { convolveRuns, hrf } from './hrf.js';

describe('HRF', () => {
  it('peaks near 5 s and undershoots near 15 s', () => {
    let peak = 0;
    let trough = 0;
    for (let t = 0; t <= 30; t += 0.1) {
      if (hrf(t) > hrf(peak)) peak = t;
      if (hrf(t) < hrf(trough)) trough = t;
    }
    expect(peak).toBeCloseTo(5, 0);
    expect(trough).toBeGreaterThan(13);
    expect(trough).toBeLessThan(17);
    expect(hrf(0)).toBe(0);
    expect(hrf(-1)).toBe(0);
  });

  it('convolves each run separately: a long block plateaus at 1, nothing leaks across runs', () => {
    const box = new Float64Array(40);
    for (let t = 2; t < 20; t++) box[t] = 1; // run 0: a 45 s block ending at the end of the run
    const x = convolveRuns(box, 20, 2.5);
    expect(x[0]).toBe(0);
    expect(x[2]).toBeLessThan(0.05);
    expect(x[19]).toBeCloseTo(1, 1);
    for (let t = 20; t < 40; t++) expect(x[t]).toBe(0);
  });
});
