/**
 * Text placement shared by the SVG and canvas renderers and the layout: the font stack and
 * DejaVu Sans' approximate metrics (so background boxes fit without measuring text).
 *
 * @module
 */
import type { TextItem } from '../figure.js';

/** The font stack: DejaVu Sans (matplotlib's default, bundled for PNG output) first. */
export const FONT_FAMILY = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, sans-serif";

/** Approximate advance width of DejaVu Sans text (≈ 0.62 em per character). */
export function approxTextWidth(text: string, size: number): number {
  return text.length * size * 0.62;
}

/** Top of the text's em box for its baseline choice. */
export function textTop(item: Pick<TextItem, 'y' | 'size' | 'baseline'>): number {
  if (item.baseline === 'top') return item.y;
  if (item.baseline === 'middle') return item.y - 0.5 * item.size;
  return item.y - item.size;
}
