/**
 * The behavioural labels in the page (`labels.txt`: a `labels chunks` header, then one
 * space-separated row per scan), parsed to plain arrays with the checks and messages of the
 * CLI's parser. (The CLI's `parseLabels` builds an arquero table and its module reads files with
 * `node:fs`, so it does not go into a browser bundle.)
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';

/** The conditions and runs of the scans. */
export interface Behavioral {
  /** The condition of each scan (`rest`, `face`, `cat`, …). */
  readonly labels: string[];
  /** The run (session) of each scan. */
  readonly chunks: Int32Array;
}

/**
 * Parses a Haxby `labels.txt`.
 *
 * @throws ValidationError for a missing `labels chunks` header, a row with another number of
 *   fields, or a run number that is not an integer.
 */
export function parseLabels(text: string, source = 'labels file'): Behavioral {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const header = (lines[0] ?? '').trim().split(' ');
  const li = header.indexOf('labels');
  const ci = header.indexOf('chunks');
  if (li < 0 || ci < 0) {
    throw new ValidationError(
      `${source}: the first line is "${(lines[0] ?? '').slice(0, 80)}" but a Haxby labels file ` +
        'starts with the header "labels chunks" (space separated). Pass the labels.txt that came ' +
        'with bold.nii.gz.',
    );
  }
  const labels: string[] = [];
  const chunks = new Int32Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const fields = (lines[i] as string).trim().split(' ');
    if (fields.length !== header.length) {
      throw new ValidationError(
        `${source}, line ${i + 1}: "${(lines[i] as string).slice(0, 80)}" has ${fields.length} ` +
          `fields but the header has ${header.length} (${header.join(', ')}). Fields are ` +
          'separated by one space.',
      );
    }
    const chunk = Number(fields[ci]);
    if (!Number.isInteger(chunk)) {
      throw new ValidationError(
        `${source}, line ${i + 1}: chunk "${fields[ci]}" is not an integer run number.`,
      );
    }
    labels.push(fields[li] as string);
    chunks[i - 1] = chunk;
  }
  return { labels, chunks };
}

/** The labels of a design as `labels.txt` has them (what the synthetic dataset writes). */
export function behavioralFrom(labels: readonly string[], chunks: ArrayLike<number>): Behavioral {
  return { labels: [...labels], chunks: Int32Array.from(chunks) };
}

/** Rows whose label is one of `wanted`, in order (pandas' `isin` mask as indices). */
export function conditionMask(behavioral: Behavioral, wanted: readonly string[]): Int32Array {
  const keep = new Set(wanted);
  const rows: number[] = [];
  behavioral.labels.forEach((l, i) => {
    if (keep.has(l)) rows.push(i);
  });
  return Int32Array.from(rows);
}

/** How many scans carry each label, keys sorted (`{ bottle: 108, cat: 108, … }`). */
export function labelCounts(behavioral: Behavioral): Record<string, number> {
  const counts = new Map<string, number>();
  for (const l of behavioral.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const out: Record<string, number> = {};
  for (const k of [...counts.keys()].sort()) out[k] = counts.get(k) as number;
  return out;
}
