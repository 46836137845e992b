import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TerminalProgress } from './terminal-progress.js';

function sink(isTTY: boolean, columns?: number) {
  const out: string[] = [];
  return { out, stream: { isTTY, columns, write: (s: string) => out.push(s) } };
}

describe('TerminalProgress', () => {
  it('draws {bar} filled to value/total, redraws in place, and erases the line', () => {
    const { out, stream } = sink(true);
    const p = new TerminalProgress({ stream, barWidth: 10 });
    expect(p.isTerminal).toBe(true);
    p.draw('Fitting [{bar}] 2/5 folds', 2, 5);
    expect(out).toContain('Fitting [####......] 2/5 folds');
    p.draw('Fitting [{bar}] 5/5 folds', 5, 5);
    expect(out).toContain('Fitting [##########] 5/5 folds');
    const before = out.length;
    p.clear();
    expect(out.slice(before).join('')).toContain('\x1b[2K');
    const after = out.length;
    p.clear(); // nothing shown: nothing written
    expect(out.length).toBe(after);
  });

  it('cuts the line to the terminal width', () => {
    const { out, stream } = sink(true, 12);
    const p = new TerminalProgress({ stream });
    p.draw('a very long progress line that does not fit');
    expect(out).toContain('a very long ');
    p.clear();
  });

  it('line() prints a message on a line of its own, erasing the bar first', () => {
    const { out, stream } = sink(true);
    const p = new TerminalProgress({ stream });
    p.draw('working [{bar}]', 1, 2);
    p.line('a warning');
    expect(out.at(-1)).toBe('a warning\n');
    expect(out.slice(0, -1).join('')).toContain('\x1b[2K');
  });

  it('draws nothing off a terminal; line() still prints', () => {
    const { out, stream } = sink(false);
    const p = new TerminalProgress({ stream });
    expect(p.isTerminal).toBe(false);
    p.draw('working [{bar}]', 1, 2);
    p.clear();
    p.line('done');
    expect(out).toEqual(['done\n']);
  });

  it('a bar left on screen does not keep the process alive', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vk-progress-'));
    const script = join(dir, 'left-on.mts');
    const mod = pathToFileURL(join(import.meta.dirname, 'terminal-progress.ts')).href;
    await writeFile(
      script,
      `import { TerminalProgress } from ${JSON.stringify(mod)};\n` +
        'const p = new TerminalProgress({ stream: { isTTY: true, write: () => true } });\n' +
        "p.draw('never cleared [{bar}]', 1, 3);\n" +
        "console.log('drawn');\n",
    );
    const result = await new Promise<{ code: number | null; signal: string | null; out: string }>(
      (resolveRun) => {
        const child = execFile(
          process.execPath,
          ['--import', 'tsx', script],
          { cwd: import.meta.dirname, timeout: 60_000 },
          (_error, stdout) =>
            resolveRun({ code: child.exitCode, signal: child.signalCode, out: stdout }),
        );
      },
    );
    await rm(dir, { recursive: true, force: true });
    expect(result).toEqual({ code: 0, signal: null, out: 'drawn\n' });
  }, 90_000);
});
