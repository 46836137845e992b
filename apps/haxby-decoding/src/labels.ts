/**
 * The behavioural file (`labels.txt`: a `labels chunks` header, then one `label chunk` row per
 * scan, space separated), read into an arquero table as the tutorial reads it into pandas.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { ValidationError } from '@voxelkit/core';
import { escape as aqEscape, type ColumnTable, fromCSV } from 'arquero';

/** The behavioural table and its two columns as arrays. */
export interface Behavioral {
  /** Columns `labels` (string) and `chunks` (integer), one row per scan. */
  readonly table: ColumnTable;
  /** The condition of each scan (`rest`, `face`, `cat`, …). */
  readonly labels: string[];
  /** The run (session) of each scan. */
  readonly chunks: Int32Array;
}

/**
 * Parses the text of a Haxby `labels.txt` (like `pd.read_csv(path, sep=" ")`).
 *
 * @param source - the file name, for error messages.
 * @throws ValidationError when the header lacks `labels` or `chunks`, a row has the wrong number
 *   of fields, or a chunk is not an integer.
 */
export function parseLabels(text: string, source = 'labels file'): Behavioral {
  const clean = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const lines = clean.split('\n');
  const header = (lines[0] ?? '').trim().split(' ');
  if (!header.includes('labels') || !header.includes('chunks')) {
    throw new ValidationError(
      `${source}: the first line is "${lines[0] ?? ''}" but a Haxby labels file starts with the ` +
        'header "labels chunks" (space separated). Pass the labels.txt that came with bold.nii.gz.',
    );
  }
  for (let i = 1; i < lines.length; i++) {
    const fields = (lines[i] as string).trim().split(' ');
    if (fields.length !== header.length) {
      throw new ValidationError(
        `${source}, line ${i + 1}: "${lines[i]}" has ${fields.length} fields but the header has ` +
          `${header.length} (${header.join(', ')}). Fields are separated by one space.`,
      );
    }
  }
  const table = fromCSV(`${lines.map((l) => l.trim()).join('\n')}\n`, {
    delimiter: ' ',
    autoType: false,
    parse: { labels: String, chunks: Number },
  }).select('labels', 'chunks');
  const labels = Array.from(table.array('labels') as ArrayLike<string>);
  const chunkValues = table.array('chunks') as ArrayLike<number>;
  const chunks = new Int32Array(chunkValues.length);
  for (let i = 0; i < chunkValues.length; i++) {
    const c = chunkValues[i] as number;
    if (!Number.isInteger(c)) {
      throw new ValidationError(
        `${source}, line ${i + 2}: chunk "${String(c)}" is not an integer run number.`,
      );
    }
    chunks[i] = c;
  }
  return { table, labels, chunks };
}

/**
 * Reads a Haxby `labels.txt` from disk.
 *
 * @throws ValidationError when the file cannot be read or parsed (see {@link parseLabels}).
 */
export async function readLabels(path: string): Promise<Behavioral> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ValidationError(
      `Cannot read the labels file ${path}: ${(err as Error).message}. Check the path.`,
      { cause: err },
    );
  }
  return parseLabels(text, path);
}

/**
 * The row numbers whose label is one of `wanted`, ascending, like
 * `np.flatnonzero(behavioral['labels'].isin(wanted))`.
 */
export function conditionMask(behavioral: Behavioral, wanted: readonly string[]): Int32Array {
  const keep = new Set(wanted);
  const rows = behavioral.table
    .filter(aqEscape((d: { labels: string }) => keep.has(d.labels)))
    .indices(true);
  return Int32Array.from(rows);
}

/** How many scans carry each label, keys sorted (`{ bottle: 108, cat: 108, … }`). */
export function labelCounts(behavioral: Behavioral): Record<string, number> {
  const counts = behavioral.table.groupby('labels').count().orderby('labels');
  const names = counts.array('labels') as ArrayLike<string>;
  const ns = counts.array('count') as ArrayLike<number>;
  const out: Record<string, number> = {};
  for (let i = 0; i < names.length; i++) out[names[i] as string] = ns[i] as number;
  return out;
}
