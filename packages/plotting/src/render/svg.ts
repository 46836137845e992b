/**
 * Figure → SVG. Rasters become PNG data URIs (pngjs in Node, the canvas in browsers) drawn with
 * nearest-neighbour scaling; text uses DejaVu Sans (matplotlib's default font) with generic
 * fallbacks.
 *
 * @module
 */
import { pngDataUri } from '#platform';
import type { FigureSpec, TextItem } from '../figure-spec.js';
import { approxTextWidth, FONT_FAMILY, textTop } from './text-metrics.js';

/** Escapes text for XML content and attributes. */
export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const n = (v: number): string => (Math.round(v * 100) / 100).toString();

function textLeft(item: TextItem, width: number): number {
  if (item.anchor === 'start') return item.x;
  if (item.anchor === 'middle') return item.x - width / 2;
  return item.x - width;
}

/** The SVG document of a figure. */
export function figureToSvg(fig: FigureSpec): string {
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ` +
      `width="${n(fig.width)}" height="${n(fig.height)}" viewBox="0 0 ${n(fig.width)} ${n(fig.height)}">`,
  );
  if (fig.title) out.push(`<title>${escapeXml(fig.title)}</title>`);
  out.push(
    `<rect x="0" y="0" width="${n(fig.width)}" height="${n(fig.height)}" fill="${fig.background}"/>`,
  );
  for (const item of fig.items) {
    switch (item.kind) {
      case 'raster': {
        const href = pngDataUri(item.raster);
        out.push(
          `<image x="${n(item.x)}" y="${n(item.y)}" width="${n(item.width)}" height="${n(item.height)}" ` +
            `preserveAspectRatio="none" image-rendering="optimizeSpeed" style="image-rendering:pixelated" ` +
            `href="${href}" xlink:href="${href}"/>`,
        );
        break;
      }
      case 'rect':
        out.push(
          `<rect x="${n(item.x)}" y="${n(item.y)}" width="${n(item.width)}" height="${n(item.height)}" ` +
            `fill="${item.fill ?? 'none'}"${item.stroke ? ` stroke="${item.stroke}" stroke-width="${n(item.strokeWidth ?? 1)}"` : ''}/>`,
        );
        break;
      case 'line':
        out.push(
          `<line x1="${n(item.x1)}" y1="${n(item.y1)}" x2="${n(item.x2)}" y2="${n(item.y2)}" ` +
            `stroke="${item.stroke}" stroke-width="${n(item.strokeWidth)}"/>`,
        );
        break;
      case 'text': {
        if (item.background) {
          const w = approxTextWidth(item.text, item.size) + 0.4 * item.size;
          const top = textTop(item) - 0.15 * item.size;
          out.push(
            `<rect x="${n(textLeft(item, w - 0.4 * item.size) - 0.2 * item.size)}" y="${n(top)}" ` +
              `width="${n(w)}" height="${n(1.3 * item.size)}" fill="${item.background}"/>`,
          );
        }
        const anchor = item.anchor;
        // Place the alphabetic baseline ourselves: dominant-baseline support varies by renderer.
        const baselineY = textTop(item) + 0.8 * item.size;
        out.push(
          `<text x="${n(item.x)}" y="${n(baselineY)}" font-family="${FONT_FAMILY}" ` +
            `font-size="${n(item.size)}"${item.bold ? ' font-weight="bold"' : ''} fill="${item.color}" ` +
            `text-anchor="${anchor}">${escapeXml(item.text)}</text>`,
        );
        break;
      }
    }
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
