#!/usr/bin/env node
// Publishing check of every publishable package under packages/* (new packages are picked up
// automatically): each is packed with pnpm (the manifest as it will be published, `workspace:*`
// rewritten) and the TARBALL is checked, offline:
//   - publint (strict: warnings fail): exports/files/format problems;
//   - every file an exports/imports/main/types/bin target names is in the tarball, under every
//     condition (publint does not follow custom ones such as `@voxelkit/source`);
//   - @arethetypeswrong/cli --profile esm-only: the types of every entry point resolve and match
//     the JavaScript (node16 ESM and bundler resolution);
//   - the metadata a registry page needs: repository (with directory), homepage, bugs, keywords;
//   - every source map in the tarball either embeds its sources (`sourcesContent`) or points at
//     files that are shipped.
// Needs the packages built (`turbo run build`). Usage: node scripts/check-publish.mjs [name…]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const only = process.argv.slice(2);

const packages = [];
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const file = join(root, 'packages', dir, 'package.json');
  if (!existsSync(file)) continue;
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  if (pkg.private || (only.length && !only.includes(pkg.name))) continue;
  packages.push({ dir: join(root, 'packages', dir), name: pkg.name });
}

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

function metadataProblems(pkg, dir) {
  const problems = [];
  const want = relative(root, dir);
  if (!pkg.repository?.url) problems.push('no repository.url');
  else if (pkg.repository.directory !== want)
    problems.push(`repository.directory is ${pkg.repository.directory}, expected ${want}`);
  if (!pkg.homepage) problems.push('no homepage');
  if (!pkg.bugs?.url) problems.push('no bugs.url');
  if (!Array.isArray(pkg.keywords) || pkg.keywords.length === 0) problems.push('no keywords');
  if (!pkg.license) problems.push('no license');
  return problems;
}

/** Every file an `exports`/`imports` target names (any condition, `@voxelkit/source` too) is shipped. */
function targetProblems(manifest, pkgDir) {
  const problems = [];
  const visit = (value, where) => {
    if (typeof value === 'string') {
      if (value.startsWith('./') && !value.includes('*') && !existsSync(join(pkgDir, value)))
        problems.push(`${where} → ${value}, which is not shipped`);
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) visit(v, `${where}[${i}]`);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, `${where}["${k}"]`);
    }
  };
  visit(manifest.exports, 'exports');
  visit(manifest.imports, 'imports');
  for (const field of ['main', 'types', 'module', 'bin']) visit(manifest[field], field);
  return problems;
}

function sourceMapProblems(unpacked) {
  const problems = [];
  for (const file of walk(unpacked).filter((f) => f.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(file, 'utf8'));
    const sources = map.sources ?? [];
    if (Array.isArray(map.sourcesContent) && map.sourcesContent.length === sources.length) continue;
    for (const source of sources) {
      const target = resolve(dirname(file), map.sourceRoot ?? '', source);
      if (!existsSync(target))
        problems.push(`${relative(unpacked, file)} points at ${source}, which is not shipped`);
    }
  }
  return problems;
}

const work = mkdtempSync(join(tmpdir(), 'voxelkit-publish-'));
let failures = 0;
for (const { dir, name } of packages) {
  const problems = [];
  const out = execFileSync(bin('pnpm'), ['pack', '--pack-destination', work], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  const last = out.trim().split('\n').pop().trim();
  const tgz = last.startsWith('/') ? last : join(work, last);
  const unpacked = join(work, name.replace('/', '__'));
  mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', tgz, '-C', unpacked]);
  const pkgDir = join(unpacked, 'package');
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

  // publint on the unpacked tarball: exactly the published files (pack: false)
  const { messages, pkg } = await publint({ pkgDir, pack: false, strict: true });
  for (const m of messages) {
    const text = `publint ${m.type}: ${formatMessage(m, pkg, { color: false })}`;
    if (m.type === 'suggestion') console.log(`  ${name}: ${text}`);
    else problems.push(text);
  }

  const attw = spawnSync(
    bin('attw'),
    [tgz, '--profile', 'esm-only', '--no-definitely-typed', '--format', 'ascii', '--no-color'],
    { env, encoding: 'utf8' },
  );
  if (attw.status !== 0)
    problems.push(`attw --profile esm-only failed:\n${attw.stdout}${attw.stderr}`.trimEnd());

  problems.push(
    ...metadataProblems(manifest, dir),
    ...targetProblems(manifest, pkgDir),
    ...sourceMapProblems(pkgDir),
  );
  if (problems.length === 0) {
    console.log(`publish check: ${name} ok (publint, attw --profile esm-only, metadata, maps)`);
  } else {
    failures++;
    console.error(`publish check: ${name} FAILED:\n  ${problems.join('\n  ')}`);
  }
}
rmSync(work, { recursive: true, force: true });
if (failures) {
  console.error(`${failures} package(s) failed the publish check.`);
  process.exit(1);
}
