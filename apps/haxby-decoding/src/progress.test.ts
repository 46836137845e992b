import { describe, expect, it } from 'vitest';
import { StepProgress } from './progress.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, write: (s: string) => chunks.push(s), chunks };
}

describe('StepProgress', () => {
  it('on a terminal redraws one line and erases it', async () => {
    const s = sink(true);
    const p = await StepProgress.open(s);
    p.start('Fitting');
    expect(s.chunks).toContain('Fitting…');
    p.update(5, 5, 'folds');
    // redrawn in place: back to column 1, the new text, cleared to its right
    expect(s.chunks.slice(-3)).toEqual([
      '\x1b[1G',
      'Fitting [####################] 5/5 folds',
      '\x1b[0K',
    ]);
    const drawn = s.chunks.length;
    p.clear();
    expect(s.chunks.slice(drawn).join('')).toContain('\x1b[1G\x1b[2K');
    expect(s.chunks.join('')).not.toContain('\n');
    const cleared = s.chunks.length;
    p.clear();
    expect(s.chunks).toHaveLength(cleared);
  });

  it('in a pipe writes one plain line per step and no bars', async () => {
    const s = sink(false);
    const p = await StepProgress.open(s);
    p.start('Fitting');
    p.update(1, 5);
    p.clear();
    p.message('note');
    expect(s.chunks).toEqual(['[voxelkit-haxby] Fitting…\n', 'note\n']);
  });

  it('on a terminal without a bar (the constructor alone) writes plain lines', () => {
    const s = sink(true);
    const p = new StepProgress(s);
    p.start('Fitting');
    p.update(5, 5, 'folds');
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
