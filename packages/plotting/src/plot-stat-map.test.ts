import { Resvg } from '@resvg/resvg-js';
import { ValidationError } from '@voxelkit/core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { Figure, PanelInfo } from './figure.js';
import { plotStatMap } from './plot-stat-map.js';
import { blobMap, syntheticT1 } from './synthetic.test-helpers.js';

/** Figure pixel of a world point on a panel. */
function toPixel(panel: PanelInfo, world: [number, number, number]): [number, number] {
  const [ua, va] = panel.axis === 'x' ? [1, 2] : panel.axis === 'y' ? [0, 2] : [0, 1];
  const fu = (world[ua] - panel.uExtent[0]) / (panel.uExtent[1] - panel.uExtent[0]);
  const fv = (panel.vExtent[1] - world[va]) / (panel.vExtent[1] - panel.vExtent[0]);
  return [Math.floor(panel.x + fu * panel.width), Math.floor(panel.y + fv * panel.height)];
}

function pixel(png: PNG, [x, y]: [number, number]): [number, number, number] {
  const o = (y * png.width + x) * 4;
  return [png.data[o], png.data[o + 1], png.data[o + 2]];
}

const CENTER: [number, number, number] = [-30, -40, -10];
const t1 = syntheticT1();
// The stat map on a 2 mm grid different from the background's 3.5 × 3.75 × 3.75 mm grid.
const statAffine = [
  [2, 0, 0, -90],
  [0, 2, 0, -126],
  [0, 0, 2, -72],
  [0, 0, 0, 1],
];
const stat = blobMap(CENTER, 8, 5, [91, 109, 91], statAffine);

describe('plotStatMap', () => {
  const fig: Figure = plotStatMap(stat, { bgImg: t1, title: 'SVM weights' });

  it('cuts through the activation centre by default (ortho x, y, z)', () => {
    expect(fig.panels.map((p) => p.axis)).toEqual(['x', 'y', 'z']);
    fig.panels.forEach((p, d) => {
      expect(p.coord).toBeCloseTo(CENTER[d], 0);
    });
  });

  it('renders a PNG of the figure size with hot colours on the blob and gray anatomy elsewhere', () => {
    const png = PNG.sync.read(Buffer.from(fig.toPNG()));
    expect(png.width).toBe(fig.width);
    expect(png.height).toBe(fig.height);
    for (const panel of fig.panels) {
      const [r, g, b] = pixel(png, toPixel(panel, CENTER));
      // Peak of a positive map = top of cold_hot: bright yellow-white, red channel saturated.
      expect(r).toBeGreaterThan(240);
      expect(g).toBeGreaterThan(200);
      expect(r).toBeGreaterThanOrEqual(b);
      // 40 mm to the right of the blob (x + 40), inside the brain: gray (r = g = b), not black.
      if (panel.axis !== 'x') {
        const [gr, gg, gb] = pixel(png, toPixel(panel, [CENTER[0] + 40, CENTER[1], CENTER[2]]));
        expect(gr).toBe(gg);
        expect(gg).toBe(gb);
        expect(gr).toBeGreaterThan(60);
      }
    }
    // Black figure background in the corner below the colorbar.
    expect(pixel(png, [png.width - 2, png.height - 2])).toEqual([0, 0, 0]);
  });

  it('puts the blob (x = -30, a left hemisphere point) on the left half: neurological', () => {
    const z = fig.panels[2];
    const [px] = toPixel(z, CENTER);
    expect(px).toBeLessThan(z.x + z.width / 2);
    const radio = plotStatMap(stat, {
      bgImg: t1,
      radiological: true,
      displayMode: 'z',
      cutCoords: [-10],
    });
    const [rx] = toPixel(radio.panels[0], CENTER);
    expect(rx).toBeGreaterThan(radio.panels[0].x + radio.panels[0].width / 2);
  });

  it('draws the title, cut positions and L/R letters as text, and text reaches the PNG', () => {
    const texts = fig.items
      .filter((i) => i.kind === 'text')
      .map((i) => (i.kind === 'text' ? i.text : ''));
    expect(texts).toContain('SVM weights');
    expect(texts).toContain('x=-30');
    expect(texts.filter((t) => t === 'L')).toHaveLength(2);
    const withTitle = PNG.sync.read(Buffer.from(fig.toPNG()));
    const noTitle = PNG.sync.read(Buffer.from(plotStatMap(stat, { bgImg: t1 }).toPNG()));
    let lit = 0;
    for (let y = 4; y < 28; y++) {
      for (let x = 4; x < 140; x++) {
        const o = (y * withTitle.width + x) * 4;
        if (withTitle.data[o] > 128 && noTitle.data[o] < 128) lit++;
      }
    }
    expect(lit).toBeGreaterThan(100); // white glyph pixels of "SVM weights"
  });

  it('writes a well-formed SVG with the title', () => {
    const svg = fig.toSVG();
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>SVM weights</text>');
    expect(svg).toContain('<title>SVM weights</title>');
    expect((svg.match(/<image /g) ?? []).length).toBe(4); // 3 cuts + colorbar
    // resvg parses it (throws on malformed XML) and sees the same size.
    const r = new Resvg(svg, { font: { loadSystemFonts: false } });
    expect(r.width).toBe(fig.width);
    expect(r.height).toBe(fig.height);
    expect(plotStatMap(stat, { title: 'a < b & "c"' }).toSVG()).toContain(
      'a &lt; b &amp; &quot;c&quot;',
    );
  });

  it('has a symmetric colorbar for two-signed maps and [0, vmax] for positive maps', () => {
    expect(fig.colorbar?.vmin).toBe(0);
    expect(fig.colorbar?.vmax).toBeCloseTo(5, 1);
    const two = { ...stat, data: stat.data.map((v, i) => (i % 2 ? -v : v)) };
    const f2 = plotStatMap(two, { vmax: 4 });
    expect(f2.colorbar?.vmin).toBe(-4);
    expect(f2.colorbar?.vmax).toBe(4);
    expect(f2.colorbar?.ticks).toEqual([-4, -2, 0, 2, 4]);
    expect(plotStatMap(stat, { symmetricCbar: true }).colorbar?.vmin).toBeCloseTo(-5, 1);
    expect(plotStatMap(stat, { colorbar: false }).colorbar).toBeUndefined();
  });

  it('hides values within ±threshold', () => {
    const f = plotStatMap(stat, {
      bgImg: t1,
      threshold: 4.9,
      displayMode: 'z',
      cutCoords: [-10],
      annotate: false,
    });
    const png = PNG.sync.read(Buffer.from(f.toPNG()));
    // 6 mm from the centre the blob is 5·exp(-36/128) ≈ 3.8 < 4.9: anatomy shows through (gray).
    const [r, g, b] = pixel(png, toPixel(f.panels[0], [CENTER[0] + 6, CENTER[1], CENTER[2]]));
    expect(r).toBe(g);
    expect(g).toBe(b);
  });

  it('supports every display mode and explicit cuts', () => {
    expect(plotStatMap(stat, { displayMode: 'yx' }).panels.map((p) => p.axis)).toEqual(['y', 'x']);
    expect(plotStatMap(stat, { displayMode: 'xz' }).panels.map((p) => p.axis)).toEqual(['x', 'z']);
    expect(
      plotStatMap(stat, { displayMode: 'yz', cutCoords: [5, 6] }).panels.map((p) => p.coord),
    ).toEqual([5, 6]);
    expect(
      plotStatMap(stat, { displayMode: 'z', cutCoords: [-20, 0, 20] }).panels.map((p) => p.coord),
    ).toEqual([-20, 0, 20]);
    expect(plotStatMap(stat, { displayMode: 'x', cutCoords: 3 }).panels).toHaveLength(3);
    expect(plotStatMap(stat, { displayMode: 'z' }).panels).toHaveLength(7);
    const mosaic = plotStatMap(stat, { displayMode: 'mosaic', cutCoords: 4 });
    expect(mosaic.panels.map((p) => p.axis).join('')).toBe('xxxxyyyyzzzz');
    expect(plotStatMap(stat, { cutCoords: [1, 2, 3] }).panels.map((p) => p.coord)).toEqual([
      1, 2, 3,
    ]);
  });

  it('honours width / height', () => {
    const f = plotStatMap(stat, { bgImg: t1, width: 600 });
    expect(f.width).toBe(600);
    const g = plotStatMap(stat, { bgImg: t1, width: 900, height: 300 });
    expect([g.width, g.height]).toEqual([900, 300]);
    const png = PNG.sync.read(Buffer.from(g.toPNG({ scale: 2 })));
    expect([png.width, png.height]).toEqual([1800, 600]);
  });

  it('rejects bad options with ValidationError', () => {
    expect(() => plotStatMap(stat, { displayMode: 'diagonal' as never })).toThrow(ValidationError);
    expect(() => plotStatMap(stat, { cutCoords: [1, 2] })).toThrow(/cutCoords/);
    expect(() => plotStatMap(stat, { displayMode: 'z', cutCoords: 2.5 })).toThrow(/how many cuts/);
    expect(() => plotStatMap(stat, { threshold: -1 })).toThrow(ValidationError);
    expect(() => plotStatMap(stat, { alpha: 2 })).toThrow(ValidationError);
    expect(() => plotStatMap(stat, { cmap: 'nope' })).toThrow(ValidationError);
    expect(() => plotStatMap(stat, { width: -5 })).toThrow(ValidationError);
    expect(() => plotStatMap({ ...stat, shape: [91, 109, 91, 2] })).toThrow(ValidationError);
  });
});

describe('plotStatMap on odd data', () => {
  it('ignores NaN and ±Infinity when scaling and never throws untyped errors', () => {
    const odd = blobMap(CENTER, 8, 5);
    odd.data[0] = Number.NaN;
    odd.data[1] = Number.POSITIVE_INFINITY;
    odd.data[2] = Number.NEGATIVE_INFINITY;
    const fig = plotStatMap(odd, { bgImg: t1 });
    expect(fig.colorbar?.vmax).toBeCloseTo(5, 0);
    expect(fig.colorbar?.vmin).toBe(0); // -Infinity is ignored: a positive map, bar from 0
  });

  it('draws nothing (but does not fail) for an all-zero map', () => {
    const zero = { ...stat, data: new Float64Array(stat.data.length) };
    const fig = plotStatMap(zero, { bgImg: t1, displayMode: 'z', cutCoords: [0] });
    const raster = fig.items.find((i) => i.kind === 'raster');
    if (raster?.kind !== 'raster') throw new Error('no raster');
    const d = raster.raster.rgba;
    for (let p = 0; p < d.length; p += 4) {
      expect(d[p]).toBe(d[p + 1]);
      expect(d[p + 1]).toBe(d[p + 2]);
    }
  });
});

describe('drawCross', () => {
  it('draws lines through the other cuts only when asked', () => {
    const lines = (f: Figure) => f.items.filter((i) => i.kind === 'line');
    const plain = plotStatMap(stat, { bgImg: t1, colorbar: false });
    expect(plain.items.some((i) => i.kind === 'line')).toBe(false);
    const cross = plotStatMap(stat, {
      bgImg: t1,
      colorbar: false,
      drawCross: true,
      cutCoords: [-30, -40, -10],
    });
    expect(lines(cross)).toHaveLength(6); // 3 cuts × (1 vertical + 1 horizontal)
    // On the axial cut, the vertical line sits at x = -30, the horizontal one at y = -40.
    const z = cross.panels[2];
    const [px, py] = toPixel(z, [-30, -40, -10]);
    const zLines = cross.items.filter(
      (i) => i.kind === 'line' && i.x1 >= z.x && i.x2 <= z.x + z.width + 0.01 && i.y1 >= z.y - 0.01,
    );
    expect(
      zLines.some((l) => l.kind === 'line' && l.x1 === l.x2 && Math.abs(l.x1 - px) < 1.01),
    ).toBe(true);
    expect(
      zLines.some((l) => l.kind === 'line' && l.y1 === l.y2 && Math.abs(l.y1 - py) < 1.01),
    ).toBe(true);
  });
});

describe('option types', () => {
  it('rejects non-string titles and non-boolean flags with ValidationError', () => {
    expect(() => plotStatMap(stat, { title: {} as never })).toThrow(/title must be a string/);
    expect(() => plotStatMap(stat, { annotate: 'no' as never })).toThrow(ValidationError);
    expect(() => plotStatMap(stat, { symmetricCbar: 'x' as never })).toThrow(ValidationError);
    expect(() => plotStatMap(stat, { blackBg: 3 as never })).toThrow(ValidationError);
    expect(plotStatMap(stat, { blackBg: 'auto', symmetricCbar: 'auto' }).background).toBe(
      '#000000',
    );
  });
});
