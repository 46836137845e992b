#!/usr/bin/env node
// After `vitepress build`: checks that every page which includes an example's output really
// shows it in the built HTML — each output line, and each figure (referenced and copied into
// .vitepress/dist). VitePress silently drops an include it cannot find; this makes that fail.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(docsDir, '.vitepress', 'dist');
const skip = new Set([
  'node_modules',
  'generated',
  'api',
  'public',
  '.run',
  '.snippets',
  '.vitepress',
]);

function pages(dir, out = []) {
  for (const entry of readdirSync(dir)) {
    if (skip.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) pages(path, out);
    else if (entry.endsWith('.md') && entry !== 'README.md') out.push(path);
  }
  return out;
}

function text(html) {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&nbsp;', ' ')
    .replaceAll('&amp;', '&');
}

const problems = [];
let checkedLines = 0;
let checkedFigures = 0;
for (const page of pages(docsDir)) {
  const source = readFileSync(page, 'utf8');
  const includes = [...source.matchAll(/<!--\s*@include:\s*([^\s>]*generated\/[^\s>]+?)\s*-->/g)];
  if (includes.length === 0) continue;
  const rel = relative(docsDir, page);
  const htmlPath = join(distDir, rel.replace(/\.md$/, '.html'));
  if (!existsSync(htmlPath)) {
    problems.push(`${rel}: built page ${relative(docsDir, htmlPath)} is missing`);
    continue;
  }
  const html = readFileSync(htmlPath, 'utf8');
  const shown = text(html);
  for (const [, inc] of includes) {
    const incPath = join(dirname(page), inc);
    if (!existsSync(incPath)) {
      problems.push(`${rel}: included output ${inc} does not exist (run scripts/run-examples.mjs)`);
      continue;
    }
    const md = readFileSync(incPath, 'utf8');
    for (const [, src] of md.matchAll(/!\[[^\]]*\]\((\/generated\/[^)]+)\)/g)) {
      checkedFigures++;
      if (!html.includes(src)) problems.push(`${rel}: figure ${src} is not on the built page`);
      if (!existsSync(join(distDir, src))) problems.push(`${rel}: figure ${src} is not in dist`);
    }
    const block = /^(`{3,})text\n([\s\S]*?)\n\1$/m.exec(md);
    for (const line of block ? block[2].split('\n') : []) {
      const want = line.trim();
      if (!want) continue;
      checkedLines++;
      if (!shown.includes(want)) {
        problems.push(`${rel}: output line from ${inc} is not on the built page: ${want}`);
        break;
      }
    }
  }
}
for (const p of problems) console.error(`✗ ${p}`);
if (problems.length > 0) process.exit(1);
console.log(
  `check-site: ${checkedLines} output lines and ${checkedFigures} figures found in the built pages`,
);
