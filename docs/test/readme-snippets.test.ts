/**
 * Runs the usage snippets of every packages/<name>/README.md, each as a file inside the docs
 * package (so `@voxelkit/*` imports resolve to the built packages, as a user's would) executed
 * with tsx in a fresh temporary directory. A snippet passes when it exits with code 0.
 * See ./readme-snippets.ts for the `<!-- skip-snippet -->` convention.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractSnippets, readSnippets } from './readme-snippets.js';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(docsDir, '..', 'packages');
const snippetDir = join(docsDir, '.snippets');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

function runTs(file: string): Promise<{ code: number | null; output: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'voxelkit-snippet-'));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsxCli, file], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(cwd, { recursive: true, force: true });
      resolve({ code, output });
    });
  });
}

describe('extractSnippets', () => {
  it('finds ts blocks, honours skip-snippet and ignores other languages', () => {
    const md = [
      '# x',
      '```ts',
      'console.log(1);',
      '```',
      '```sh',
      'npm i x',
      '```',
      '<!-- skip-snippet: needs the network -->',
      '',
      '```typescript',
      "await fetch('http://example.org');",
      '```',
      '````md',
      '```ts',
      'not a snippet',
      '```',
      '````',
    ].join('\n');
    const s = extractSnippets(md);
    expect(s).toHaveLength(2);
    expect(s[0]).toMatchObject({ line: 2, code: 'console.log(1);\n', skip: false });
    expect(s[1]).toMatchObject({ line: 10, skip: true, reason: 'needs the network' });
  });
});

const packages = readdirSync(packagesDir)
  .filter((name) => existsSync(join(packagesDir, name, 'package.json')))
  .sort();

describe.each(packages)('packages/%s/README.md', (pkg) => {
  const readme = join(packagesDir, pkg, 'README.md');
  const snippets = existsSync(readme) ? readSnippets(readme) : [];

  it('has at least one runnable ```ts usage snippet', () => {
    expect(existsSync(readme), `${readme} is missing`).toBe(true);
    expect(snippets.filter((s) => !s.skip).length).toBeGreaterThan(0);
  });

  for (const [i, snippet] of snippets.entries()) {
    const title = `snippet ${i + 1} (README.md line ${snippet.line}) runs`;
    if (snippet.skip) {
      it.skip(`${title} — skipped: ${snippet.reason || 'skip-snippet'}`, () => {});
      continue;
    }
    it(title, async () => {
      mkdirSync(snippetDir, { recursive: true });
      const file = join(snippetDir, `${pkg}-${i + 1}.ts`);
      writeFileSync(file, snippet.code);
      const { code, output } = await runTs(file);
      expect(code, `packages/${pkg}/README.md line ${snippet.line} failed:\n${output}`).toBe(0);
    });
  }
});
