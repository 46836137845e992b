import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FetchError } from '@voxelkit/core';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractTarball, unsafeEntryReason } from './untar.js';

describe('unsafeEntryReason', () => {
  it.each([
    ['subj2/bold.nii.gz', 'File', undefined, undefined],
    ['./subj2/', 'Directory', undefined, undefined],
    ['subj2/link', 'SymbolicLink', 'bold.nii.gz', undefined],
    ['/etc/passwd', 'File', undefined, /absolute/],
    ['C:\\evil', 'File', undefined, /absolute/],
    ['a/../../evil', 'File', undefined, /'\.\.'/],
    ['..\\evil', 'File', undefined, /'\.\.'/],
    ['subj2/link', 'SymbolicLink', '/etc', /absolute/],
    ['subj2/link', 'SymbolicLink', '../../x', /outside/],
    ['subj2/hard', 'Link', '../x', /outside/],
  ])('%s (%s -> %s)', (path, type, link, expected) => {
    const reason = unsafeEntryReason(path, type, link);
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toMatch(expected);
  });
});

describe('extractTarball', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vk-untar-'));
    await mkdir(join(dir, 'src', 'subj1'), { recursive: true });
    await writeFile(join(dir, 'src', 'subj1', 'labels.txt'), 'labels chunks\n');
    await writeFile(join(dir, 'src', 'subj1', 'bold.nii.gz'), Buffer.alloc(5000, 7));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('extracts a good archive and lists its files', async () => {
    const file = join(dir, 'good.tar.gz');
    await tar.c({ file, gzip: true, cwd: join(dir, 'src') }, ['subj1']);
    const files = await extractTarball(file, join(dir, 'out-good'));
    expect(files.sort()).toEqual(['subj1/bold.nii.gz', 'subj1/labels.txt']);
    expect(await readFile(join(dir, 'out-good', 'subj1', 'labels.txt'), 'utf8')).toBe(
      'labels chunks\n',
    );
  });

  it('rejects a hard link to a file outside, extracting nothing', async () => {
    const file = join(dir, 'hard.tar');
    // A tar with a Link entry whose target escapes: craft the header with tar's own Header.
    const header = new tar.Header({
      path: 'subj1/hard',
      type: 'Link',
      linkpath: '../../outside',
      size: 0,
      mode: 0o644,
      mtime: new Date(0),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    await writeFile(file, Buffer.concat([block, Buffer.alloc(1024)]));
    const err = await extractTarball(file, join(dir, 'out-hard'), {
      url: 'http://x/hard.tar',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).url).toBe('http://x/hard.tar');
    expect((err as Error).message).toMatch(/outside the archive/);
    expect(existsSync(join(dir, 'out-hard'))).toBe(false);
  });

  it('rejects garbage and truncated archives', async () => {
    const garbage = join(dir, 'garbage.tar.gz');
    await writeFile(garbage, Buffer.from('this is not a tarball at all'));
    await expect(extractTarball(garbage, join(dir, 'out-garbage'))).rejects.toThrow(
      /truncated or corrupt/,
    );
    const file = join(dir, 'good2.tar.gz');
    await tar.c({ file, gzip: true, cwd: join(dir, 'src') }, ['subj1']);
    const bytes = await readFile(file);
    const cut = join(dir, 'cut.tar.gz');
    await writeFile(cut, bytes.subarray(0, bytes.length - 20));
    await expect(extractTarball(cut, join(dir, 'out-cut'))).rejects.toThrow(FetchError);
  });
});
