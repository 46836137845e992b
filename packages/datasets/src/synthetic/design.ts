/**
 * The Haxby (2001) block design: 12 runs of 121 volumes (TR 2.5 s), each showing the 8
 * categories once as a 9-volume block, blocks starting at the same volumes in every run and
 * separated by rest. Category orders are those of the real subject 1 `labels.txt`.
 *
 * @module
 */

/** The 8 stimulus categories, in nilearn's usual order. */
export const HAXBY_CATEGORIES = [
  'face',
  'cat',
  'house',
  'shoe',
  'scissors',
  'scrambledpix',
  'bottle',
  'chair',
] as const;

/** A stimulus category. */
export type HaxbyCategory = (typeof HAXBY_CATEGORIES)[number];

/** Volumes per run, runs, TR (s) and block length (volumes). */
export const HAXBY_DESIGN = { volumesPerRun: 121, runs: 12, tR: 2.5, blockLength: 9 } as const;

/** First volume of each block within a run (same in all runs of the real data). */
export const BLOCK_ONSETS = [6, 21, 35, 49, 63, 78, 92, 106] as const;

/** Category order of each run (real subject 1). */
const RUN_ORDERS: readonly string[] = [
  'scissors face cat shoe house scrambledpix bottle chair',
  'face cat shoe chair scissors bottle house scrambledpix',
  'cat scrambledpix scissors chair bottle shoe face house',
  'shoe house chair cat face scrambledpix bottle scissors',
  'house scissors bottle face chair shoe cat scrambledpix',
  'house scrambledpix face shoe chair cat bottle scissors',
  'face chair scissors shoe scrambledpix house cat bottle',
  'face scrambledpix scissors shoe bottle cat chair house',
  'face chair cat house scrambledpix shoe bottle scissors',
  'face cat scrambledpix house scissors chair shoe bottle',
  'cat scrambledpix chair bottle shoe house face scissors',
  'bottle house chair scrambledpix face shoe cat scissors',
];

/** One label per volume (`'rest'` or a category) and its run (chunk) number 0–11. */
export interface HaxbyLabels {
  labels: string[];
  chunks: Int32Array;
}

/** The full design: 1452 labels and chunks, as in `labels.txt`. */
export function haxbyLabels(): HaxbyLabels {
  const { volumesPerRun, runs, blockLength } = HAXBY_DESIGN;
  const labels: string[] = new Array(volumesPerRun * runs).fill('rest');
  const chunks = new Int32Array(volumesPerRun * runs);
  for (let r = 0; r < runs; r++) {
    const order = RUN_ORDERS[r].split(' ');
    for (let t = 0; t < volumesPerRun; t++) chunks[r * volumesPerRun + t] = r;
    for (let b = 0; b < order.length; b++) {
      for (let t = 0; t < blockLength; t++)
        labels[r * volumesPerRun + BLOCK_ONSETS[b] + t] = order[b];
    }
  }
  return { labels, chunks };
}

/** `labels.txt` content: header `labels chunks`, then `label chunk` per volume. */
export function labelsText({ labels, chunks }: HaxbyLabels): string {
  const rows = labels.map((l, i) => `${l} ${chunks[i]}`);
  return `labels chunks\n${rows.join('\n')}\n`;
}
