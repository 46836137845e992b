#!/usr/bin/env node
// The "Try it in your browser" page (guide/try-it.md) runs apps/web: its static build
// (apps/web/dist, built before the docs by turbo: @voxelkit/web is a dependency of the docs) is
// copied to public/try/, so the site serves the app at /try/. Fails when the app is not built.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = join(docsDir, '../apps/web/dist');
const target = join(docsDir, 'public/try');
if (!existsSync(join(app, 'index.html'))) {
  console.error(
    `copy-web-app: ${app} is missing; build the app first: npx turbo run build --filter=@voxelkit/web`,
  );
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
cpSync(app, target, { recursive: true });
// The screenshots of the app's README, shown on the page.
cpSync(join(docsDir, '../apps/web/docs'), join(target, 'docs'), { recursive: true });
console.log('copy-web-app: apps/web/dist -> public/try/');
