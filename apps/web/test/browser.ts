/**
 * Helpers of the browser tests: build the app with vite, serve a directory on 127.0.0.1
 * (node:http), and launch Debian's Chromium (playwright-core) with WebGL2 on SwiftShader.
 * Outside CI the tests skip with a printed reason when Chromium is missing; under CI=true a
 * missing Chromium fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';

/** The app's directory. */
export const appDir = fileURLToPath(new URL('..', import.meta.url));

/** Where Chromium is (VOXELKIT_CHROMIUM overrides). */
export const chromiumPath = process.env.VOXELKIT_CHROMIUM ?? '/usr/bin/chromium';

/** True when the browser tests can run; throws under CI when Chromium is missing. */
export function chromiumAvailable(what: string): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(
      `Chromium is missing at ${chromiumPath}: under CI the browser tests must run (.ci/run installs it: command -v chromium || apt-get install -y chromium).`,
    );
  }
  console.log(
    `[skip] ${what}: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set VOXELKIT_CHROMIUM).`,
  );
  return false;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
};

/** A static server for `dir` on 127.0.0.1 (random port); resolves to it and its base URL. */
export async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

/** Closes a server. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Headless Chromium with WebGL2 (SwiftShader). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Builds the app into `outDir` with its own vite config. */
export async function buildApp(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    root: appDir,
    configFile: join(appDir, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}
