#!/usr/bin/env node
// Selective-install check: every publishable package is packed, installed ALONE from its tarball
// (plus the tarballs of the workspace packages it depends on) into an empty project, imported
// from plain Node ESM, and type-checked from a .ts consumer with `tsc --noEmit`.
// The packaging rules themselves (exports/files/format, every target shipped, the types of each
// entry point resolving under node16 ESM and bundler, metadata, source maps) are checked offline
// by scripts/check-publish.mjs with publint and @arethetypeswrong/cli (part of `npm test`); this
// script keeps only what those tools cannot see: an install from the registry-shaped tarballs,
// the code running, and types resolving ACROSS packages (attw looks at one package alone).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const only = process.argv.slice(2);

const pkgs = new Map();
for (const dir of readdirSync(join(root, 'packages'))) {
  const file = join(root, 'packages', dir, 'package.json');
  if (!existsSync(file)) continue;
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  if (!pkg.private) pkgs.set(pkg.name, { dir: join(root, 'packages', dir), pkg });
}

const work = mkdtempSync(join(tmpdir(), 'voxelkit-packs-'));
const tarballs = new Map();
for (const [name, { dir }] of pkgs) {
  const out = execFileSync(
    join(root, 'node_modules', '.bin', 'pnpm'),
    ['pack', '--pack-destination', work],
    {
      cwd: dir,
      env,
      encoding: 'utf8',
    },
  );
  const tgz = out.trim().split('\n').pop().trim();
  tarballs.set(name, tgz.startsWith('/') ? tgz : join(work, tgz));
}

function closure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dep of Object.keys(pkgs.get(name).pkg.dependencies ?? {})) {
    if (pkgs.has(dep)) closure(dep, seen);
  }
  return seen;
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let failures = 0;
for (const name of pkgs.keys()) {
  if (only.length && !only.includes(name)) continue;
  const project = join(work, name.replace('/', '__'));
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  const deps = [...closure(name)].map((n) => tarballs.get(n));
  try {
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', ...deps, '@types/node@20'],
      {
        cwd: project,
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const exportsOf = Object.keys(pkgs.get(name).pkg.exports ?? { '.': 1 }).filter(
      (k) => k !== './package.json',
    );
    const specifiers = exportsOf.map((k) => (k === '.' ? name : `${name}/${k.slice(2)}`));
    const runtime = specifiers.filter((s) => !s.endsWith('/testing'));
    writeFileSync(
      join(project, 'check.mjs'),
      `${runtime
        .map(
          (s, i) =>
            `import * as m${i} from '${s}';\nif (Object.keys(m${i}).length === 0) throw new Error('${s} exports nothing');`,
        )
        .join('\n')}\nconsole.log('ok');\n`,
    );
    execFileSync(process.execPath, ['check.mjs'], {
      cwd: project,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    writeFileSync(
      join(project, 'check.ts'),
      `${runtime
        .map(
          (s, i) =>
            `import * as m${i} from '${s}';\nexport const k${i}: string[] = Object.keys(m${i});`,
        )
        .join('\n')}\n`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          noEmit: true,
          types: ['node'],
          lib: ['ES2023', 'DOM'],
        },
        files: ['check.ts'],
      }),
    );
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: project,
      env,
      stdio: 'inherit',
    });
    console.log(`selective install: ${name} ok (${deps.length} tarball(s))`);
  } catch (e) {
    failures++;
    console.error(`selective install: ${name} FAILED: ${e.message}`);
  }
}
rmSync(work, { recursive: true, force: true });
if (failures) {
  console.error(`${failures} package(s) failed the selective-install check.`);
  process.exit(1);
}
