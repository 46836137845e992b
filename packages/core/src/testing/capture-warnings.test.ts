import { describe, expect, it } from 'vitest';
import { ConvergenceWarning, warn } from '../errors.js';
import { captureWarnings } from './capture-warnings.js';

describe('captureWarnings', () => {
  const warnings = captureWarnings();
  it('collects the warnings emitted during a test', () => {
    warn(new ConvergenceWarning('first'));
    warn(new ConvergenceWarning('second'));
    expect(warnings.map((w) => w.message)).toEqual(['first', 'second']);
  });
  it('starts empty in the next test', () => {
    expect(warnings).toEqual([]);
  });
});
