import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutputs } from './outputs.js';
import { EXIT_USAGE, main } from './program.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vk-outputs-'));
  await writeFile(join(dir, 'a-file'), 'x');
  await mkdir(join(dir, 'a-dir'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('checkOutputs', () => {
  it('accepts an existing or creatable directory and a creatable JSON file', async () => {
    expect(await checkOutputs(join(dir, 'a-dir'), join(dir, 'a-dir', 'r.json'))).toBeUndefined();
    expect(await checkOutputs(join(dir, 'new', 'deep'), join(dir, 'x', 'r.json'))).toBeUndefined();
  });
  it('refuses --out at a file or below one', async () => {
    expect(await checkOutputs(join(dir, 'a-file'), undefined)).toMatch(
      /--out .* is a file, not a directory/,
    );
    expect(await checkOutputs(join(dir, 'a-file', 'sub'), undefined)).toMatch(
      /lies below .*a-file, which is a file/,
    );
  });
  it('refuses --json at a directory or below a file', async () => {
    expect(await checkOutputs(join(dir, 'a-dir'), join(dir, 'a-dir'))).toMatch(
      /--json .* is a directory/,
    );
    expect(await checkOutputs(join(dir, 'a-dir'), join(dir, 'a-file', 'r.json'))).toMatch(
      /which is a file/,
    );
  });
});

/** Streams for `main` that keep what it writes to stderr. */
function captureIo() {
  const io = { err: '', stdout: { write: () => true }, stderr: { write: (_: string) => true } };
  io.stderr.write = (text: string) => {
    io.err += text;
    return true;
  };
  return io;
}

describe('the CLI checks its outputs before computing', () => {
  it('exits with a usage error and no stack when --out is a file', async () => {
    const io = captureIo();
    const code = await main(
      ['--synthetic', '--quiet', '--data-dir', join(dir, 'data'), '--out', join(dir, 'a-file')],
      io,
    );
    expect(code).toBe(EXIT_USAGE);
    expect(io.err).toMatch(/voxelkit-haxby: error: --out .* is a file, not a directory/);
    expect(io.err).not.toMatch(/EEXIST|at .*\.js/);
    expect(existsSync(join(dir, 'data'))).toBe(false); // nothing was fetched or generated
  });
  it('exits with a usage error when --json is a directory', async () => {
    const io = captureIo();
    const code = await main(
      [
        '--synthetic',
        '--quiet',
        '--data-dir',
        join(dir, 'data'),
        '--out',
        join(dir, 'o'),
        '--json',
        join(dir, 'a-dir'),
      ],
      io,
    );
    expect(code).toBe(EXIT_USAGE);
    expect(io.err).toMatch(/--json .* is a directory/);
  });
});
