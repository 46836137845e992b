/**
 * Figure → canvas calls, for the browser (works with any `CanvasRenderingContext2D`-like
 * context). Rasters are scaled nearest-neighbour into ImageData and put at their box.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';
import type { FigureSpec, Raster } from '../figure-spec.js';
import { approxTextWidth, FONT_FAMILY, textTop } from './text-metrics.js';

/** The subset of the canvas 2-D API the figure needs. */
type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Nearest-neighbour resampling of a raster to `w × h` pixels. */
export function scaleNearest(src: Raster, w: number, h: number, out: Uint8ClampedArray): void {
  for (let y = 0; y < h; y++) {
    const sy = Math.min(src.height - 1, Math.floor(((y + 0.5) * src.height) / h));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(src.width - 1, Math.floor(((x + 0.5) * src.width) / w));
      const s = (sy * src.width + sx) * 4;
      const d = (y * w + x) * 4;
      out[d] = src.rgba[s];
      out[d + 1] = src.rgba[s + 1];
      out[d + 2] = src.rgba[s + 2];
      out[d + 3] = src.rgba[s + 3];
    }
  }
}

/**
 * Draws every item of the figure at the canvas origin, `scale` canvas pixels per figure pixel
 * (e.g. `devicePixelRatio` for sharp HiDPI output on a canvas sized `width·scale × height·scale`).
 */
export function drawFigure(fig: FigureSpec, ctx: Ctx, scale = 1): void {
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new ValidationError(`drawTo: scale must be a positive number, got ${scale}.`);
  }
  ctx.save();
  // Vector drawing goes through the transform; rasters are put at scaled positions directly
  // (putImageData ignores transforms).
  ctx.scale(scale, scale);
  ctx.fillStyle = fig.background;
  ctx.fillRect(0, 0, fig.width, fig.height);
  for (const item of fig.items) {
    switch (item.kind) {
      case 'raster': {
        const x = Math.round(item.x * scale);
        const y = Math.round(item.y * scale);
        const w = Math.max(1, Math.round((item.x + item.width) * scale) - x);
        const h = Math.max(1, Math.round((item.y + item.height) * scale) - y);
        const img = ctx.createImageData(w, h);
        scaleNearest(item.raster, w, h, img.data);
        ctx.putImageData(img, x, y);
        break;
      }
      case 'rect':
        if (item.fill) {
          ctx.fillStyle = item.fill;
          ctx.fillRect(item.x, item.y, item.width, item.height);
        }
        if (item.stroke) {
          ctx.strokeStyle = item.stroke;
          ctx.lineWidth = item.strokeWidth ?? 1;
          ctx.strokeRect(item.x, item.y, item.width, item.height);
        }
        break;
      case 'line':
        ctx.strokeStyle = item.stroke;
        ctx.lineWidth = item.strokeWidth;
        ctx.beginPath();
        ctx.moveTo(item.x1, item.y1);
        ctx.lineTo(item.x2, item.y2);
        ctx.stroke();
        break;
      case 'text': {
        ctx.font = `${item.bold ? 'bold ' : ''}${item.size}px ${FONT_FAMILY}`;
        const top = textTop(item);
        if (item.background) {
          const w = approxTextWidth(item.text, item.size);
          const left =
            item.anchor === 'start'
              ? item.x
              : item.anchor === 'middle'
                ? item.x - w / 2
                : item.x - w;
          ctx.fillStyle = item.background;
          ctx.fillRect(
            left - 0.2 * item.size,
            top - 0.15 * item.size,
            w + 0.4 * item.size,
            1.3 * item.size,
          );
        }
        ctx.fillStyle = item.color;
        ctx.textAlign =
          item.anchor === 'start' ? 'left' : item.anchor === 'end' ? 'right' : 'center';
        ctx.textBaseline = 'alphabetic';
        ctx.fillText(item.text, item.x, top + 0.8 * item.size);
        break;
      }
    }
  }
  ctx.restore();
}
