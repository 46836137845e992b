/**
 * Text placement shared by the SVG and canvas renderers and the layout: the font stack and
 * DejaVu Sans' approximate metrics (so background boxes fit without measuring text).
 *
 * @module
 */
import type { TextItem } from '../figure-spec.js';

/** The font stack: DejaVu Sans (matplotlib's default, bundled for PNG output) first. */
export const FONT_FAMILY = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, sans-serif";

// DejaVu Sans advance widths of ASCII 32..126 in font units (2048 per em), read from the
// `hmtx` table of dejavu-fonts-ttf 2.37.3's DejaVuSans.ttf with fontTools.
// prettier-ignore
const ADVANCE = [
  651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303, 1303,
  1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048, 1401,
  1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612, 1235, 1612,
  1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024, 1024, 1255, 1300,
  1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253, 1300, 1300, 842, 1067,
  803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
];

/**
 * Advance width of text set in DejaVu Sans at `size` pixels (exact for ASCII; other characters
 * count as an average-width glyph).
 */
export function approxTextWidth(text: string, size: number): number {
  let units = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    units += c >= 32 && c <= 126 ? ADVANCE[c - 32] : 1300;
  }
  return (units / 2048) * size;
}

/** Top of the text's em box for its baseline choice. */
export function textTop(item: Pick<TextItem, 'y' | 'size' | 'baseline'>): number {
  if (item.baseline === 'top') return item.y;
  if (item.baseline === 'middle') return item.y - 0.5 * item.size;
  return item.y - item.size;
}
