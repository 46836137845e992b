import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, type ProgressEvent, ProgressReporter } from './progress.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => out.push(s) } };
}

describe('progress', () => {
  it('formats sizes and durations', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(310_000_000)).toBe('310.0 MB');
    expect(formatDuration(59)).toBe('0:59');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(Number.NaN)).toBe('--:--');
  });

  it('draws a bar with bytes, %, rate and ETA on a terminal', () => {
    let now = 0;
    const { out, stream } = sink(true);
    const events: ProgressEvent[] = [];
    const r = new ProgressReporter({ stream, now: () => now, onProgress: (e) => events.push(e) });
    r.start('subj2.tar.gz', 'http://h/subj2.tar.gz', 1_000_000, 0);
    now = 1000;
    r.update(250_000);
    // cli-progress moves to column 1, writes the line, clears to its right
    expect(out.slice(-3, -2)).toEqual(['\x1b[1G']);
    expect(out.at(-1)).toBe('\x1b[0K');
    const bar = out.at(-2) as string;
    expect(bar).toBe(
      'subj2.tar.gz [######..................]  25% 250.0 kB/1.0 MB 250.0 kB/s ETA 0:03',
    );
    expect(bar).toContain(' 25%');
    expect(bar).toContain('250.0 kB/1.0 MB');
    expect(bar).toContain('250.0 kB/s');
    expect(bar).toContain('ETA 0:03');
    const drawn = out.length;
    r.done(1_000_000);
    // the bar is erased (cursor to column 1, line cleared) before the summary line
    expect(out.slice(drawn).join('')).toContain('\x1b[1G\x1b[2K');
    expect(out.at(-1)).toMatch(/Downloaded subj2\.tar\.gz: 1\.0 MB/);
    expect(events.at(-1)).toEqual({ file: 'subj2.tar.gz', received: 250_000, total: 1_000_000 });
  });

  it('prints a few quiet lines when not on a terminal, and nothing when verbose is 0', () => {
    let now = 0;
    const { out, stream } = sink(false);
    const r = new ProgressReporter({ stream, now: () => now });
    r.start('f', 'http://h/f', 1000, 0);
    for (let b = 10; b <= 1000; b += 10) {
      now += 10;
      r.update(b);
    }
    r.done(1000);
    expect(out.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(out.length).toBe(5); // start, 25 %, 50 %, 75 %, done
    const quiet = sink(true);
    const events: number[] = [];
    const silent = new ProgressReporter({
      verbose: 0,
      stream: quiet.stream,
      onProgress: (e) => events.push(e.received),
    });
    silent.start('f', 'u', 10, 0);
    silent.update(10);
    silent.done(10);
    expect(quiet.out).toEqual([]);
    expect(events).toEqual([0, 10]);
  });
});
