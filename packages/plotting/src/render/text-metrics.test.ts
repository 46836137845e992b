import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { bundledFontFiles } from './platform.node.js';
import { approxTextWidth } from './text-metrics.js';

describe('approxTextWidth', () => {
  it('matches the width resvg lays DejaVu Sans out at (ink box within a few pixels)', () => {
    for (const text of ['SVM weights', 'ROI: mask4_vt.nii.gz', 'y=-39', 'L']) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="60"><text x="10" y="40" font-family="DejaVu Sans" font-size="20">${text}</text></svg>`;
      const r = new Resvg(svg, { font: { fontFiles: bundledFontFiles(), loadSystemFonts: false } });
      const box = r.getBBox();
      if (!box) throw new Error('no bbox');
      // The ink box is the advance width minus the side bearings of the first and last glyphs.
      expect(Math.abs(box.width - approxTextWidth(text, 20))).toBeLessThan(4);
    }
  });
});
