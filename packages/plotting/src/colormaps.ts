/**
 * Colormaps with matplotlib's semantics: a 256-entry lookup table built from segment data
 * (`LinearSegmentedColormap`) or a list of colours (`ListedColormap`), indexed by
 * `floor(t · N)` with `t = 1` on the last entry. Includes nilearn's `cold_hot` (matplotlib's
 * `hot` and its channel-swapped mirror image joined at 0.5), `gray`, `hot`, `gist_ncar`
 * (nilearn's ROI default) and `Paired`; append `_r` to any name for the reversed map.
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';

/** A colormap: `n` RGBA colours, channels in [0, 1]. */
export interface Colormap {
  name: string;
  n: number;
  /** `n × 4` floats, row-major. */
  lut: Float64Array;
}

/** Segment data of one channel: `[x, valueLeftOfX, valueRightOfX]` with x increasing 0 → 1. */
type Segments = ReadonlyArray<readonly [number, number, number]>;
interface SegmentData {
  red: Segments;
  green: Segments;
  blue: Segments;
}

// matplotlib's `hot` (matplotlib/_cm.py).
const HOT: SegmentData = {
  red: [
    [0, 0.0416, 0.0416],
    [0.365079, 1, 1],
    [1, 1, 1],
  ],
  green: [
    [0, 0, 0],
    [0.365079, 0, 0],
    [0.746032, 1, 1],
    [1, 1, 1],
  ],
  blue: [
    [0, 0, 0],
    [0.746032, 0, 0],
    [1, 1, 1],
  ],
};

const GRAY: SegmentData = {
  red: [
    [0, 0, 0],
    [1, 1, 1],
  ],
  green: [
    [0, 0, 0],
    [1, 1, 1],
  ],
  blue: [
    [0, 0, 0],
    [1, 1, 1],
  ],
};

// matplotlib's `gist_ncar` segment data (as printed by matplotlib 3.6 `cm.datad['gist_ncar']`).
const GIST_NCAR: SegmentData = {
  red: [
    [0, 0, 0],
    [0.3098, 0, 0],
    [0.3725, 0.3993, 0.3993],
    [0.4235, 0.5003, 0.5003],
    [0.5333, 1, 1],
    [0.7922, 1, 1],
    [0.8471, 0.6218, 0.6218],
    [0.898, 0.9235, 0.9235],
    [1, 0.9961, 0.9961],
  ],
  green: [
    [0, 0, 0],
    [0.051, 0.3722, 0.3722],
    [0.1059, 0, 0],
    [0.1569, 0.7202, 0.7202],
    [0.1608, 0.7537, 0.7537],
    [0.1647, 0.7752, 0.7752],
    [0.2157, 1, 1],
    [0.2588, 0.9804, 0.9804],
    [0.2706, 0.9804, 0.9804],
    [0.3176, 1, 1],
    [0.3686, 0.8081, 0.8081],
    [0.4275, 1, 1],
    [0.5216, 1, 1],
    [0.6314, 0.7292, 0.7292],
    [0.6863, 0.2796, 0.2796],
    [0.7451, 0, 0],
    [0.7922, 0, 0],
    [0.8431, 0.1753, 0.1753],
    [0.898, 0.5, 0.5],
    [1, 0.9725, 0.9725],
  ],
  blue: [
    [0, 0.502, 0.502],
    [0.051, 0.0222, 0.0222],
    [0.1098, 1, 1],
    [0.2039, 1, 1],
    [0.2627, 0.6145, 0.6145],
    [0.3216, 0, 0],
    [0.4157, 0, 0],
    [0.4745, 0.2342, 0.2342],
    [0.5333, 0, 0],
    [0.5804, 0, 0],
    [0.6314, 0.0549, 0.0549],
    [0.6902, 0, 0],
    [0.7373, 0, 0],
    [0.7922, 0.9738, 0.9738],
    [0.8, 1, 1],
    [0.8431, 1, 1],
    [0.898, 0.9341, 0.9341],
    [1, 0.9961, 0.9961],
  ],
};

// matplotlib's `Paired` (ColorBrewer), 12 listed colours as 8-bit values.
const PAIRED: ReadonlyArray<readonly [number, number, number]> = [
  [166, 206, 227],
  [31, 120, 180],
  [178, 223, 138],
  [51, 160, 44],
  [251, 154, 153],
  [227, 26, 28],
  [253, 191, 111],
  [255, 127, 0],
  [202, 178, 214],
  [106, 61, 154],
  [255, 255, 153],
  [177, 89, 40],
];

/**
 * nilearn's two-tailed construction: the lower half is `base` mirrored around 0.5 with its
 * channels swapped (`swap[0]` feeds green, `swap[1]` blue, `swap[2]` red), the upper half is
 * `base` squeezed into [0.5, 1]. For `hot` this gives cold_hot: cyan-white ← blue ← black → red →
 * yellow-white.
 */
function pigtailed(
  base: SegmentData,
  swap: [keyof SegmentData, keyof SegmentData, keyof SegmentData],
): SegmentData {
  const half = (lower: Segments, upper: Segments): Segments => [
    ...[...lower].reverse().map(([p, c1, c2]) => [0.5 * (1 - p), c1, c2] as const),
    ...upper.map(([p, c1, c2]) => [0.5 * (1 + p), c1, c2] as const),
  ];
  return {
    green: half(base[swap[0]], base.green),
    blue: half(base[swap[1]], base.blue),
    red: half(base[swap[2]], base.red),
  };
}

/**
 * The lookup table of one channel, as matplotlib builds it: N samples at i/(N-1), each
 * interpolated between the right value of the segment point before it and the left value of the
 * point at or after it.
 */
function channelLut(seg: Segments, n: number, out: Float64Array, channel: number): void {
  const last = seg.length - 1;
  for (let i = 0; i < n; i++) {
    const x = n > 1 ? i / (n - 1) : 0;
    let v: number;
    if (i === 0) v = seg[0][2];
    else if (i === n - 1) v = seg[last][1];
    else {
      let k = 1;
      while (k < last && seg[k][0] < x) k++; // first point with position >= x
      const [x0, , right0] = seg[k - 1];
      const [x1, left1] = seg[k];
      const t = x1 > x0 ? (x - x0) / (x1 - x0) : 0;
      v = right0 + t * (left1 - right0);
    }
    out[i * 4 + channel] = Math.min(1, Math.max(0, v));
  }
}

function fromSegments(name: string, data: SegmentData, n = 256): Colormap {
  const lut = new Float64Array(n * 4);
  channelLut(data.red, n, lut, 0);
  channelLut(data.green, n, lut, 1);
  channelLut(data.blue, n, lut, 2);
  for (let i = 0; i < n; i++) lut[i * 4 + 3] = 1;
  return { name, n, lut };
}

function fromList(
  name: string,
  colors: ReadonlyArray<readonly [number, number, number]>,
): Colormap {
  const n = colors.length;
  const lut = new Float64Array(n * 4);
  colors.forEach(([r, g, b], i) => {
    lut.set([r / 255, g / 255, b / 255, 1], i * 4);
  });
  return { name, n, lut };
}

function reversed(cmap: Colormap, name: string): Colormap {
  const lut = new Float64Array(cmap.lut.length);
  for (let i = 0; i < cmap.n; i++)
    lut.set(cmap.lut.subarray((cmap.n - 1 - i) * 4, (cmap.n - i) * 4), i * 4);
  return { name, n: cmap.n, lut };
}

/** Segment data of the reversed map (matplotlib's `_r`): positions mirrored, sides swapped. */
function reversedSegments(data: SegmentData): SegmentData {
  const flip = (seg: Segments): Segments =>
    [...seg].reverse().map(([x, l, r]) => [1 - x, r, l] as const);
  return { red: flip(data.red), green: flip(data.green), blue: flip(data.blue) };
}

const BUILDERS: Record<string, () => Colormap> = {
  cold_hot: () => fromSegments('cold_hot', pigtailed(HOT, ['green', 'red', 'blue'])),
  cold_white_hot: () =>
    fromSegments('cold_white_hot', pigtailed(reversedSegments(HOT), ['green', 'red', 'blue'])),
  hot: () => fromSegments('hot', HOT),
  black_red: () => fromSegments('black_red', HOT),
  gray: () => fromSegments('gray', GRAY),
  gist_ncar: () => fromSegments('gist_ncar', GIST_NCAR),
  Paired: () => fromList('Paired', PAIRED),
};

/** The names {@link getCmap} knows (each also with an `_r` suffix). */
export const COLORMAP_NAMES: readonly string[] = Object.keys(BUILDERS);

const cache = new Map<string, Colormap>();

/**
 * A colormap by name (`'cold_hot'`, `'cold_white_hot'`, `'gray'`, `'hot'`, `'gist_ncar'`,
 * `'Paired'`, each also `…_r`), or a `{ name, n, lut }` object as is.
 */
export function getCmap(cmap: string | Colormap): Colormap {
  if (typeof cmap === 'object' && cmap !== null) {
    if (!(cmap.lut instanceof Float64Array) || cmap.lut.length !== cmap.n * 4 || cmap.n < 1) {
      throw new ValidationError(`colormap ${cmap.name}: lut must hold n × 4 floats in [0, 1].`);
    }
    return cmap;
  }
  const hit = cache.get(cmap);
  if (hit) return hit;
  const isReversed = typeof cmap === 'string' && cmap.endsWith('_r');
  const base = isReversed ? cmap.slice(0, -2) : cmap;
  const build = BUILDERS[base];
  if (!build) {
    throw new ValidationError(
      `Unknown colormap '${cmap}'. Known: ${COLORMAP_NAMES.join(', ')} (each also with _r), ` +
        'or pass a { name, n, lut } object.',
    );
  }
  const made = isReversed ? reversed(build(), cmap) : build();
  cache.set(cmap, made);
  return made;
}

/** Index of `t` (0..1 scaled value) in the table, matplotlib's way; -1 for NaN. */
export function cmapIndex(cmap: Colormap, t: number): number {
  if (Number.isNaN(t)) return -1;
  const i = Math.floor(t * cmap.n);
  return i < 0 ? 0 : i >= cmap.n ? cmap.n - 1 : i;
}

/** RGBA floats in [0, 1] for a scaled value `t` (0..1, clipped); transparent for NaN. */
export function cmapColor(cmap: Colormap, t: number): [number, number, number, number] {
  const i = cmapIndex(cmap, t);
  if (i < 0) return [0, 0, 0, 0];
  const l = cmap.lut;
  return [l[i * 4], l[i * 4 + 1], l[i * 4 + 2], l[i * 4 + 3]];
}

/** 8-bit RGB of a table entry, truncated like matplotlib's `bytes=True`. */
export function lutBytes(cmap: Colormap): Uint8Array {
  const out = new Uint8Array(cmap.n * 4);
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(cmap.lut[i] * 255);
  return out;
}
