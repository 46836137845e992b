import { readFileSync } from 'node:fs';
import { testData } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { conditionMask, labelCounts, parseLabels, readLabels } from './labels.js';
import { formatDataFrame, formatSeries } from './print.js';

/**
 * pandas 1.5.3 (Debian's /usr/bin/python3) printed these tables: test/fixtures/pandas-print.py
 * made test/fixtures/pandas-print.json from labels files it generated (`text`).
 */
const gold = JSON.parse(
  readFileSync(new URL('../test/fixtures/pandas-print.json', import.meta.url), 'utf8'),
) as Record<string, { text: string; df: string; series: string; chunks: string; masked: string }>;

describe('labels table (arquero) printed like pandas', () => {
  for (const key of ['big', 'small', 'sixty', 'sixtyone']) {
    it(`${key}: DataFrame, Series and the face/cat selection`, () => {
      const g = gold[key]!;
      const b = parseLabels(g.text);
      const columns = [
        { name: 'labels', values: b.labels },
        { name: 'chunks', values: b.chunks },
      ];
      expect(formatDataFrame(columns)).toBe(g.df);
      expect(formatSeries(columns[0]!)).toBe(g.series);
      expect(formatSeries(columns[1]!)).toBe(g.chunks);
      const rows = conditionMask(b, ['face', 'cat']);
      const masked = Array.from(rows, (r) => b.labels[r]!);
      expect(formatSeries({ name: 'labels', values: masked }, rows)).toBe(g.masked);
    });
  }
});

describe('parseLabels', () => {
  it('reads labels and chunks, tolerating CRLF and a trailing newline', () => {
    const b = parseLabels('labels chunks\r\nrest 0\r\nface 0\r\ncat 1\r\n\r\n');
    expect(b.labels).toEqual(['rest', 'face', 'cat']);
    expect(Array.from(b.chunks)).toEqual([0, 0, 1]);
    expect(labelCounts(b)).toEqual({ cat: 1, face: 1, rest: 1 });
    expect(Array.from(conditionMask(b, ['face', 'cat']))).toEqual([1, 2]);
  });

  it('rejects a missing header, ragged rows and non-integer chunks', () => {
    expect(() => parseLabels('rest 0\nface 0\n')).toThrow(/header "labels chunks"/);
    expect(() => parseLabels('labels chunks\nrest 0 1\n')).toThrow(/line 2.*3 fields/);
    expect(() => parseLabels('labels chunks\nrest zero\n')).toThrow(/not an integer/);
  });

  it('reports an unreadable file with its path', async () => {
    await expect(readLabels('/nonexistent/labels.txt')).rejects.toThrow(
      /Cannot read the labels file \/nonexistent\/labels.txt/,
    );
  });
});

const real = testData('haxby-slice/haxby2001-slice/subj1/labels.txt');

describe.skipIf(!real.available)('real Haxby slice labels', () => {
  it('has 1452 rows, 108 of each category and 216 face/cat rows', async () => {
    const b = await readLabels(real.path);
    expect(b.labels.length).toBe(1452);
    expect(labelCounts(b)).toEqual({
      bottle: 108,
      cat: 108,
      chair: 108,
      face: 108,
      house: 108,
      rest: 588,
      scissors: 108,
      scrambledpix: 108,
      shoe: 108,
    });
    expect(conditionMask(b, ['face', 'cat']).length).toBe(216);
    expect(new Set(b.chunks).size).toBe(12);
  });
});
