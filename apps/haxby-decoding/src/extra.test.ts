/**
 * The 8-category extra on its background worker thread, on the BUILT app (a worker thread
 * cannot load TypeScript sources, so from the sources the app runs the extra itself; see
 * extra.ts). Builds the app's dist first (`tsc -p tsconfig.json`, incremental; the packages it
 * depends on are built by turbo before tests).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testData } from '@voxelkit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TutorialReport } from './report.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const bold = testData('haxby-slice/haxby2001-slice/subj1/bold.nii.gz');
let tmp = '';

beforeAll(async () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: appDir, stdio: 'pipe' });
  tmp = await mkdtemp(join(tmpdir(), 'vk-extra-'));
}, 120_000);
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function env() {
  const out = { ...process.env };
  delete out.NODE_OPTIONS;
  return out;
}

describe('the extra on a worker thread (built app)', () => {
  it('turns a failure inside the worker into the typed error, and can be closed before use', () => {
    const script = `
      import { startExtraWorker } from './dist/extra.js';
      import { deserializeError } from '@voxelkit/model-selection';
      const idle = startExtraWorker();
      await idle.close();
      const w = startExtraWorker();
      const X = { data: new Float32Array(12), rows: 6, cols: 2 };
      const err = await w.run({ X, y: ['a', 'b'], groups: Int32Array.of(0, 0, 1, 1, 2, 2), nJobs: 1 }, deserializeError).catch((e) => e);
      await w.close();
      console.log(JSON.stringify({ name: err.name, message: err.message }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module'], {
      cwd: appDir,
      input: script,
      encoding: 'utf8',
      env: env(),
    });
    const err = JSON.parse(out.trim().split('\n').pop() as string);
    expect(err.name).toBe('ValidationError');
    expect(err.message).toMatch(/6 .*2|2 .*6/);
    expect(err.message).toContain('in the worker thread of the 8-category extra');
  });

  it('the #! line starts the app with its V8 flags, as an installed bin does', async () => {
    const line = (await readFile(join(appDir, 'dist/cli.js'), 'utf8')).split('\n', 1)[0] ?? '';
    expect(line).toBe('#!/usr/bin/env -S node --max-semi-space-size=2');
    // What the kernel runs for `voxelkit-haxby --help`: the interpreter and arguments of the line.
    const [interpreter, ...args] = line.slice(2).trim().split(/\s+/);
    const r = spawnSync(interpreter as string, [...args, 'dist/cli.js', '--help'], {
      cwd: appDir,
      encoding: 'utf8',
      env: env(),
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('voxelkit-haxby');
  });

  it.skipIf(!bold.available)(
    'gives the same report as --n-jobs 1 (no worker) on the real slice',
    async () => {
      const subjectDir = join(bold.path, '..');
      const run = async (extra: string[], name: string, nodeFlags: string[] = []) => {
        const json = join(tmp, `${name}.json`);
        const r = spawnSync(
          process.execPath,
          [
            ...nodeFlags,
            'dist/cli.js',
            '--subject-dir',
            subjectDir,
            '--out',
            join(tmp, name),
            '--json',
            json,
            ...extra,
          ],
          { cwd: appDir, encoding: 'utf8', env: env() },
        );
        expect(r.status, r.stderr).toBe(0);
        const report = JSON.parse(await readFile(json, 'utf8')) as TutorialReport;
        return { report, stdout: r.stdout, stderr: r.stderr };
      };
      const worker = await run(['--n-jobs', '2'], 'worker');
      const serial = await run(['--n-jobs', '1'], 'serial');
      expect(worker.stderr).toContain('LeaveOneGroupOut (on a worker thread)…');
      expect(serial.stderr).not.toContain('on a worker thread');
      // nilearn 0.10.4 + scikit-learn 1.2.1 on the slice (see e2e.test.ts): k/72 per run
      const golden = [31, 32, 38, 45, 38, 32, 25, 32, 39, 33, 18, 31];
      expect(worker.report.multiclassLogo.map((s) => Math.round(s * 72))).toEqual(golden);
      const strip = (r: TutorialReport) => ({
        ...r,
        timingsMs: {},
        plots: r.plots.map((p) => p.replace(/.*\//, '')),
        weights: { ...r.weights, path: '' },
      });
      expect(strip(worker.report)).toEqual(strip(serial.report));
      // A V8 flag, which Node refuses in a worker's execArgv: the worker still starts.
      const flagged = await run(['--n-jobs', '2'], 'flagged', ['--max-semi-space-size=2']);
      expect(flagged.stderr).toContain('LeaveOneGroupOut (on a worker thread)…');
      expect(strip(flagged.report)).toEqual(strip(serial.report));
      expect(worker.stdout.replaceAll(join(tmp, 'worker'), 'OUT')).toBe(
        serial.stdout.replaceAll(join(tmp, 'serial'), 'OUT'),
      );
    },
    120_000,
  );
});
