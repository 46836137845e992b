import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { md5File, parseMd5Sums } from './md5sums.js';

describe('MD5SUMS', () => {
  it('parses md5sum text and binary lines, ignoring the rest', () => {
    const sums = parseMd5Sums(
      [
        '900150983CD24FB0D6963F7D28E17F72  subj1-2010.01.14.tar.gz',
        'd41d8cd98f00b204e9800998ecf8427e *./stimuli-2010.01.14.tar.gz\r',
        '# comment',
        'not a line',
        '',
      ].join('\n'),
    );
    expect([...sums]).toEqual([
      ['subj1-2010.01.14.tar.gz', '900150983cd24fb0d6963f7d28e17f72'],
      ['stimuli-2010.01.14.tar.gz', 'd41d8cd98f00b204e9800998ecf8427e'],
    ]);
  });

  it('hashes files (RFC 1321 test vectors)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vk-md5-'));
    await writeFile(join(dir, 'abc'), 'abc');
    await writeFile(join(dir, 'empty'), '');
    expect(await md5File(join(dir, 'abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(await md5File(join(dir, 'empty'))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    await rm(dir, { recursive: true });
  });
});
