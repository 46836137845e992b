/**
 * A small deterministic classification problem (two classes, 6 groups of 10 samples, 30
 * features; class 'b' shifted by 0.8 on the first 5 features) for comparing cluster runs with
 * `nJobs: 1`.
 */
import { RandomState } from '@voxelkit/core';

export function problem(rows = 60, cols = 30) {
  const rng = new RandomState(42);
  const data = new Float64Array(rows * cols);
  const y: string[] = [];
  const groups: number[] = [];
  for (let i = 0; i < rows; i++) {
    const label = i % 2 === 0 ? 'a' : 'b';
    y.push(label);
    groups.push(Math.floor(i / 10));
    for (let j = 0; j < cols; j++) {
      data[i * cols + j] = rng.normal() + (label === 'b' && j < 5 ? 0.8 : 0);
    }
  }
  return { X: { data, rows, cols }, y, groups };
}
