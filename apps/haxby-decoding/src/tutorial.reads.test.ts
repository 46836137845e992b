import { testData } from '@voxelkit/core/testing';
import { describe, expect, it, vi } from 'vitest';

// Every byte nifti-io reads in Node goes through node:fs (createReadStream for streams and
// headers, fs/promises open/readFile for whole reads): count the opens of each file.
const opens = vi.hoisted(() => new Map<string, number>());
const count = (path: unknown) => {
  const key = String(path);
  opens.set(key, (opens.get(key) ?? 0) + 1);
};
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const createReadStream = ((path: Parameters<typeof fs.createReadStream>[0], o?: never) => {
    count(path);
    return fs.createReadStream(path, o);
  }) as typeof fs.createReadStream;
  return { ...fs, default: { ...fs, createReadStream }, createReadStream };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const fsp = await importOriginal<typeof import('node:fs/promises')>();
  const open = ((path: string, ...rest: never[]) => {
    count(path);
    return fsp.open(path, ...rest);
  }) as typeof fsp.open;
  const readFile = ((path: string, ...rest: never[]) => {
    count(path);
    return fsp.readFile(path, ...rest);
  }) as typeof fsp.readFile;
  return { ...fsp, default: { ...fsp, open, readFile }, open, readFile };
});

const { runTutorial } = await import('./tutorial.js');

const bold = testData('haxby-slice/haxby2001-slice/subj1/bold.nii.gz');

describe.skipIf(!bold.available)('the tutorial reads each file once', () => {
  it('opens bold.nii.gz once (header, volumes and mean image in one stream)', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const out = await mkdtemp(join(tmpdir(), 'vk-reads-'));
    opens.clear();
    const report = await runTutorial({ subjectDir: join(bold.path, '..'), out, quiet: true });
    expect(report.maskedShape).toEqual([1452, 530]);
    const dir = join(bold.path, '..');
    expect(opens.get(join(dir, 'bold.nii.gz'))).toBe(1);
    // readNifti of a small .nii.gz opens it to peek at the inflated size (first 64 KB), then
    // streams it: its header is parsed once.
    expect(opens.get(join(dir, 'mask4_vt.nii.gz'))).toBeGreaterThanOrEqual(1);
    expect(opens.get(join(dir, 'mask4_vt.nii.gz'))).toBeLessThanOrEqual(2);
    expect(opens.get(join(dir, 'labels.txt'))).toBe(1);
  });
});
