#!/usr/bin/env node
// Runs every docs/examples/*.ts (with tsx, each in a fresh temporary working directory) and turns
// what it printed and the figures it wrote into files the pages include, so that a page cannot
// drift from its code:
//
//   generated/<example>/<region>.md      the stdout of one `// #region <name>` of the example,
//                                        as a text block, followed by the figures written while
//                                        that region ran
//   generated/<example>/all.md           the whole stdout and every figure
//   public/generated/<example>/<file>    the figures (PNG/SVG), served as /generated/<example>/…
//
// Pages show code with `<<< @/examples/<example>.ts#<region>` and output with
// `<!--@include: ../generated/<example>/<region>.md-->`. This script fails (exit 1) when an
// example exits non-zero or times out, or when a page references an example, a region or a
// generated file that does not exist.
//
// Usage: node scripts/run-examples.mjs [name ...]   (names without .ts; default: all)
// Env:   VOXELKIT_DOCS_EXAMPLE_TIMEOUT  seconds per example (default 240; an example that needs
//                                        more says so in a line `// docs-timeout: <seconds>`)
//        VOXELKIT_DOCS_JOBS             examples run at once (default: min(2, CPUs))
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = join(docsDir, 'examples');
const runDir = join(docsDir, '.run');
const generatedDir = join(docsDir, 'generated');
const publicDir = join(docsDir, 'public', 'generated');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const timeoutMs = Number(process.env.VOXELKIT_DOCS_EXAMPLE_TIMEOUT ?? 240) * 1000;
const jobs = Number(process.env.VOXELKIT_DOCS_JOBS ?? Math.min(2, availableParallelism()));

const MARK = '\u001e#region ';
const REGION_RE = /^(\s*)\/\/ #region ([\w-]+)\s*$/;
const FIGURE_RE = /\.(png|svg)$/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
const ANSI_RE = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Names of the `// #region` blocks of an example, in order. */
function regionsOf(source) {
  const names = [];
  for (const line of source.split('\n')) {
    const m = REGION_RE.exec(line);
    if (m && !names.includes(m[2])) names.push(m[2]);
  }
  return names;
}

/**
 * The example with one statement added on each `// #region` line (same line, so stack traces
 * keep their line numbers) that prints a marker with the figures present at that moment, to
 * split the output by region and give each figure to the region that wrote it.
 */
function instrument(source) {
  const figures =
    "process.getBuiltinModule('node:fs').readdirSync('.', { recursive: true }).map(String).filter((f) => /\\.(png|svg)$/i.test(f))";
  return source
    .split('\n')
    .map((line) => {
      const m = REGION_RE.exec(line);
      if (!m) return line;
      return `${m[1]}process.stdout.write(${JSON.stringify(MARK + m[2])} + ' ' + JSON.stringify(${figures}) + '\\n'); ${line.trim()}`;
    })
    .join('\n');
}

/** Every figure under dir (recursively), with its modification time. */
function figuresIn(dir, base = dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) figuresIn(path, base, out);
    else if (FIGURE_RE.test(name)) out.push({ rel: relative(base, path), path, mtime: st.mtimeMs });
  }
  return out;
}

function fence(text) {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${text.replace(/\s+$/, '')}\n${f}\n`;
}

function runOne(name) {
  const source = readFileSync(join(examplesDir, `${name}.ts`), 'utf8');
  const regions = regionsOf(source);
  mkdirSync(runDir, { recursive: true });
  // Modules the examples share (docs/examples/_*.ts, not run themselves) sit beside the copy.
  for (const f of readdirSync(examplesDir)) {
    if (f.startsWith('_') && f.endsWith('.ts')) copyFileSync(join(examplesDir, f), join(runDir, f));
  }
  const script = join(runDir, `${name}.ts`);
  writeFileSync(script, instrument(source));
  const cwd = mkdtempSync(join(tmpdir(), `voxelkit-docs-${name}-`));
  const started = Date.now();
  const own = /^\/\/ docs-timeout: (\d+)\s*$/m.exec(source);
  const limitMs = own ? Math.max(timeoutMs, Number(own[1]) * 1000) : timeoutMs;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsxCli, script], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      stderr += `\n[run-examples] timed out after ${limitMs / 1000} s\n`;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        name,
        source,
        regions,
        cwd,
        code,
        signal,
        stdout,
        stderr,
        ms: Date.now() - started,
      });
    });
  });
}

/**
 * Splits stdout by region markers: region -> { text, seen } where `seen` lists the figures that
 * existed when the region started; also the whole text.
 */
function splitOutput(stdout) {
  const parts = new Map([['_', { text: '', seen: [] }]]);
  let current = '_';
  let all = '';
  for (const line of stdout.replace(ANSI_RE, '').split('\n')) {
    if (line.startsWith(MARK)) {
      const rest = line.slice(MARK.length);
      const space = rest.indexOf(' ');
      const region = rest.slice(0, space);
      current = region;
      if (!parts.has(region))
        parts.set(region, { text: '', seen: JSON.parse(rest.slice(space + 1)) });
      continue;
    }
    parts.get(current).text += `${line}\n`;
    all += `${line}\n`;
  }
  return { parts, all };
}

function publish(result) {
  const { name, regions, cwd } = result;
  const { parts, all } = splitOutput(result.stdout);
  const outDir = join(generatedDir, name);
  const figDir = join(publicDir, name);
  rmSync(outDir, { recursive: true, force: true });
  rmSync(figDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  mkdirSync(figDir, { recursive: true });

  // Figures: copied to public/, each given to the region during which it first appeared (it
  // was absent when that region started and present when the next one did, or at the end).
  const figures = figuresIn(cwd).sort((a, b) => a.rel.localeCompare(b.rel));
  const flat = (rel) => rel.replaceAll('\\', '/').replaceAll('/', '-');
  const order = [...parts.entries()];
  const byRegion = new Map();
  for (const fig of figures) {
    const file = flat(fig.rel);
    copyFileSync(fig.path, join(figDir, file));
    const rel = fig.rel.replaceAll('\\', '/');
    let owner = order[order.length - 1][0];
    for (let i = 1; i < order.length; i++) {
      if (order[i][1].seen.map((f) => f.replaceAll('\\', '/')).includes(rel)) {
        owner = order[i - 1][0];
        break;
      }
    }
    if (!byRegion.has(owner)) byRegion.set(owner, []);
    byRegion.get(owner).push(file);
  }
  const figureMarkdown = (files) =>
    files
      // A PNG and its SVG twin: show the PNG.
      .filter((f) => !(f.endsWith('.svg') && files.includes(f.replace(/\.svg$/, '.png'))))
      .map((f) => `![${basename(f).replace(/\.(png|svg)$/, '')}](/generated/${name}/${f})\n`)
      .join('\n');
  const page = (text, files) =>
    [text.trim() ? fence(text) : '', files.length ? figureMarkdown(files) : '']
      .filter(Boolean)
      .join('\n');

  for (const region of new Set(['_', ...regions, ...parts.keys()])) {
    const part = parts.get(region) ?? { text: '' };
    const file = region === '_' ? 'preamble.md' : `${region}.md`;
    writeFileSync(join(outDir, file), page(part.text, byRegion.get(region) ?? []));
  }
  writeFileSync(
    join(outDir, 'all.md'),
    page(
      all,
      figures.map((f) => flat(f.rel)),
    ),
  );
  return figures.length;
}

/** Every reference from a page to an example, a region or a generated include must resolve. */
function checkReferences(sources) {
  const problems = [];
  const pages = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      if (['node_modules', 'generated', 'api', 'public', '.run', '.snippets'].includes(entry))
        continue;
      if (entry === '.vitepress' && dir === docsDir) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.md')) pages.push(path);
    }
  };
  walk(docsDir);
  for (const pagePath of pages) {
    const text = readFileSync(pagePath, 'utf8');
    const page = relative(docsDir, pagePath);
    for (const m of text.matchAll(/^<<< @\/examples\/([\w-]+)\.ts(?:#([\w-]+))?/gm)) {
      const source = sources.get(m[1]);
      if (source === undefined) problems.push(`${page}: example ${m[1]}.ts does not exist`);
      else if (m[2] && !regionsOf(source).includes(m[2]))
        problems.push(`${page}: example ${m[1]}.ts has no "// #region ${m[2]}"`);
    }
    for (const m of text.matchAll(/<!--\s*@include:\s*([^\s>]+?)\s*-->/g)) {
      const target = join(dirname(pagePath), m[1].split('#')[0].split('{')[0]);
      if (!existsSync(target)) problems.push(`${page}: included file ${m[1]} does not exist`);
    }
  }
  return problems;
}

async function main() {
  const all = readdirSync(examplesDir)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  const wanted = process.argv.slice(2);
  const names = wanted.length ? all.filter((n) => wanted.includes(n)) : all;
  const sources = new Map(all.map((n) => [n, readFileSync(join(examplesDir, `${n}.ts`), 'utf8')]));
  // Nothing from an earlier run survives: a failing example leaves no stale output behind.
  if (wanted.length === 0) {
    rmSync(generatedDir, { recursive: true, force: true });
    rmSync(publicDir, { recursive: true, force: true });
  }
  for (const name of names) {
    rmSync(join(generatedDir, name), { recursive: true, force: true });
    rmSync(join(publicDir, name), { recursive: true, force: true });
  }
  const queue = [...names];
  const failures = [];
  const t0 = Date.now();
  const worker = async () => {
    while (queue.length > 0) {
      const name = queue.shift();
      const r = await runOne(name);
      // Published output must not differ from build to build: an example that prints its
      // temporary working directory (an absolute path) fails, so that paths are printed relative.
      if (r.code === 0 && r.stdout.includes(r.cwd)) {
        r.code = 1;
        r.stderr += `\n[run-examples] the output contains the run's temporary directory ${r.cwd}: print paths relative to the working directory (path.relative(process.cwd(), p)) so the page is the same on every build.\n`;
      }
      if (r.code !== 0) {
        failures.push(name);
        console.error(
          `\n✗ example ${name}.ts failed (exit ${r.code ?? r.signal}, ${(r.ms / 1000).toFixed(1)} s)`,
        );
        console.error(`--- stdout ---\n${r.stdout.replaceAll(MARK, '# region ')}`);
        console.error(`--- stderr ---\n${r.stderr}`);
      } else {
        const n = publish(r);
        if (r.stderr.trim()) console.error(`[${name}] stderr:\n${r.stderr.trim()}`);
        console.log(
          `✓ example ${name}.ts (${(r.ms / 1000).toFixed(1)} s, ${r.regions.length} regions, ${n} figures)`,
        );
      }
      rmSync(r.cwd, { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  const problems = wanted.length ? [] : checkReferences(sources);
  for (const p of problems) console.error(`✗ ${p}`);
  if (failures.length > 0 || problems.length > 0) {
    console.error(
      `\nrun-examples: ${failures.length} failing example(s)${failures.length ? ` (${failures.join(', ')})` : ''}, ${problems.length} broken reference(s).`,
    );
    process.exit(1);
  }
  console.log(
    `run-examples: ${names.length} examples in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

await main();
