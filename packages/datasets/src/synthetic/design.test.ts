import { readFileSync } from 'node:fs';
import { testData } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { HAXBY_CATEGORIES, haxbyLabels, labelsText } from './design.js';

const real = testData('haxby-slice/haxby2001-slice/subj1/labels.txt');

describe('Haxby design', () => {
  it('has 12 runs of 121 volumes, 8 categories x 12 blocks of 9, 588 rest', () => {
    const { labels, chunks } = haxbyLabels();
    expect(labels.length).toBe(1452);
    for (let r = 0; r < 12; r++) {
      const run = labels.slice(r * 121, (r + 1) * 121);
      expect(chunks[r * 121]).toBe(r);
      expect(chunks[r * 121 + 120]).toBe(r);
      expect(new Set(run.filter((l) => l !== 'rest')).size).toBe(8);
    }
    expect(labels.filter((l) => l === 'rest').length).toBe(588);
    for (const c of HAXBY_CATEGORIES) expect(labels.filter((l) => l === c).length).toBe(108);
  });

  it.skipIf(!real.available)('equals the real subject 1 labels.txt, byte for byte', () => {
    expect(labelsText(haxbyLabels())).toBe(readFileSync(real.path, 'utf8'));
  });
});
