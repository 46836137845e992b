import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@voxelkit/core';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { Figure } from '../figure.js';
import { plotStatMap } from '../plot-stat-map.js';
import { blobMap, syntheticT1 } from '../synthetic.test-helpers.js';
import { scaleNearest } from './canvas.js';
import { savefig } from './savefig.js';

const fig = plotStatMap(blobMap([-30, -40, -10], 8, 5), {
  bgImg: syntheticT1(),
  title: 'SVM weights',
  displayMode: 'yx',
});

/** A stand-in 2-D context that records every method call (property writes are ignored). */
function recordingContext(): {
  ctx: CanvasRenderingContext2D;
  calls: { op: string; args: unknown[] }[];
} {
  const calls: { op: string; args: unknown[] }[] = [];
  const ctx = new Proxy(
    {},
    {
      get(_t, prop: string) {
        if (prop === 'createImageData')
          return (w: number, h: number) => ({
            width: w,
            height: h,
            data: new Uint8ClampedArray(w * h * 4),
          });
        return (...args: unknown[]) => calls.push({ op: prop, args });
      },
      set() {
        return true;
      },
    },
  ) as unknown as CanvasRenderingContext2D;
  return { ctx, calls };
}

describe('drawTo (canvas)', () => {
  it('puts every raster at its box and writes every text', () => {
    const { ctx, calls } = recordingContext();
    fig.drawTo(ctx);
    const puts = calls.filter((c) => c.op === 'putImageData');
    expect(puts).toHaveLength(fig.items.filter((i) => i.kind === 'raster').length);
    const first = puts[0].args[0] as { width: number; height: number; data: Uint8ClampedArray };
    expect(first.width).toBe(
      Math.round(fig.panels[0].x + fig.panels[0].width) - Math.round(fig.panels[0].x),
    );
    expect(first.data.some((v) => v > 0)).toBe(true);
    const texts = calls.filter((c) => c.op === 'fillText').map((c) => c.args[0]);
    expect(texts).toContain('SVM weights');
    expect(texts).toContain('y=-39');
  });

  it('draws at a HiDPI scale: rasters put at scaled boxes, vector drawing through ctx.scale', () => {
    const { ctx, calls } = recordingContext();
    fig.drawTo(ctx, 2);
    expect(calls.find((c) => c.op === 'scale')?.args).toEqual([2, 2]);
    const put = calls.find((c) => c.op === 'putImageData');
    if (!put) throw new Error('no putImageData');
    const p0 = fig.panels[0];
    expect(put.args[1]).toBe(Math.round(p0.x * 2));
    expect((put.args[0] as { width: number }).width).toBe(
      Math.round((p0.x + p0.width) * 2) - Math.round(p0.x * 2),
    );
    expect(() => fig.drawTo(ctx, 0)).toThrow(ValidationError);
  });

  it('scales nearest-neighbour', () => {
    const src = {
      width: 2,
      height: 1,
      rgba: Uint8ClampedArray.from([10, 0, 0, 255, 20, 0, 0, 255]),
    };
    const out = new Uint8ClampedArray(4 * 2 * 4);
    scaleNearest(src, 4, 2, out);
    expect(Array.from(out.filter((_, i) => i % 4 === 0))).toEqual([10, 10, 20, 20, 10, 10, 20, 20]);
  });
});

describe('savefig', () => {
  const dirP = mkdtemp(join(tmpdir(), 'vk-plot-'));
  afterAll(async () => rm(await dirP, { recursive: true, force: true }));

  it('writes PNG and SVG by extension, creating folders', async () => {
    const dir = await dirP;
    const png = await savefig(fig, join(dir, 'a', 'w.png'));
    const decoded = PNG.sync.read(await readFile(png));
    expect([decoded.width, decoded.height]).toEqual([fig.width, fig.height]);
    const svg = await readFile(await savefig(fig, join(dir, 'w.SVG')), 'utf8');
    expect(svg).toContain('SVM weights');
    await expect(savefig(fig, join(dir, 'w.jpg'))).rejects.toThrow(ValidationError);
  });

  it('renders a hand-made figure', () => {
    const f = new Figure({
      width: 40,
      height: 20,
      background: '#ffffff',
      items: [{ kind: 'rect', x: 0, y: 0, width: 20, height: 20, fill: '#ff0000' }],
      panels: [],
    });
    const p = PNG.sync.read(Buffer.from(f.toPNG()));
    expect(Array.from(p.data.subarray(0, 3))).toEqual([255, 0, 0]);
    expect(Array.from(p.data.subarray((10 * 40 + 30) * 4, (10 * 40 + 30) * 4 + 3))).toEqual([
      255, 255, 255,
    ]);
  });
});
