#!/usr/bin/env node
// Entry point of the README's two commands (`npm start`, `npm test`). It works on a machine
// that has only Node 20 + npm: it installs the workspace with the pinned pnpm (through npx)
// when node_modules is missing or older than the lockfile, then runs the task with turbo.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmSpec = pkg.packageManager; // "pnpm@x.y.z"
// node_modules/.bin first: turbo looks for the pinned pnpm (a root devDependency) on PATH.
const env = {
  ...process.env,
  PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
};

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, ...opts });
  if (r.error) {
    console.error(`voxelkit: could not run ${cmd}: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function pnpm(args) {
  // Under `pnpm <script>` npm_execpath is the running pnpm; otherwise use the pinned one via npx.
  const execpath = process.env.npm_execpath ?? '';
  if (/pnpm/.test(execpath) && execpath.endsWith('.cjs'))
    run(process.execPath, [execpath, ...args]);
  else run('npx', ['--yes', pnpmSpec, ...args]);
}

function installIfNeeded() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  const fresh =
    existsSync(marker) && existsSync(lock) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (!fresh) pnpm(['install', '--frozen-lockfile']);
}

const [task, ...rest] = process.argv.slice(2);
installIfNeeded();
const turbo = join(root, 'node_modules', '.bin', 'turbo');
if (task === 'test') {
  run(turbo, ['run', 'test', '--output-logs=new-only', ...rest]);
  // The whole suite (no filter) also checks what would be published: every package under
  // packages/* is packed and its tarball checked with publint and attw (scripts/check-publish.mjs).
  if (rest.length === 0) {
    run(turbo, ['run', 'build', '--filter=./packages/*', '--output-logs=errors-only']);
    run(process.execPath, [join(root, 'scripts', 'check-publish.mjs')]);
  }
} else if (task === 'haxby') {
  const app = join(root, 'apps', 'haxby-decoding');
  if (existsSync(join(app, 'package.json'))) {
    run(turbo, [
      'run',
      'build',
      '--filter=@voxelkit/haxby-decoding...',
      '--output-logs=errors-only',
    ]);
    const cli = join(app, 'dist', 'cli.js');
    // The Node flags of the app's `#!/usr/bin/env -S node …` line, as its installed bin gets them.
    const flags = readFileSync(cli, 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(3);
    run(process.execPath, [...flags, cli, ...rest], { cwd: process.cwd() });
  } else {
    console.log('voxelkit: the Haxby tutorial app (apps/haxby-decoding) has not landed yet;');
    console.log('building the workspace packages that exist instead.');
    run(turbo, ['run', 'build', '--output-logs=errors-only']);
  }
} else if (task === 'turbo') {
  run(turbo, rest);
} else {
  console.error(`voxelkit: unknown task "${task}". Use "test", "haxby" or "turbo <args>".`);
  process.exit(2);
}
