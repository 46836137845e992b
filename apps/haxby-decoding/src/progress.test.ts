import { describe, expect, it } from 'vitest';
import { StepProgress } from './progress.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, write: (s: string) => chunks.push(s), chunks };
}

describe('StepProgress', () => {
  it('on a terminal redraws one line and erases it', () => {
    const s = sink(true);
    const p = new StepProgress(s);
    p.start('Fitting');
    p.update(5, 5, 'folds');
    p.clear();
    expect(s.chunks[0]).toBe('\r\x1b[KFitting…');
    expect(s.chunks[1]).toBe('\r\x1b[KFitting [####################] 5/5 folds');
    expect(s.chunks[2]).toBe('\r\x1b[K');
    p.clear();
    expect(s.chunks).toHaveLength(3);
  });

  it('in a pipe writes one plain line per step and no bars', () => {
    const s = sink(false);
    const p = new StepProgress(s);
    p.start('Fitting');
    p.update(1, 5);
    p.clear();
    expect(s.chunks).toEqual(['[voxelkit-haxby] Fitting…\n']);
  });

  it('when quiet shows only messages', () => {
    const s = sink(true);
    const p = new StepProgress(s, false);
    p.start('Fitting');
    p.update(1, 5);
    p.message('offline');
    expect(s.chunks).toEqual(['offline\n']);
  });
});
