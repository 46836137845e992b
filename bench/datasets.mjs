#!/usr/bin/env node
// Benchmark of @voxelkit/datasets (issue 7). One line per case: the work, our time, the
// reference's time on the same work in the same run, and the ratio (reference / ours: >= 1.0
// means we are at least as fast).
//
// - "synthetic full": fetchHaxbySynthetic({ size: 'full' }) — model, 1452 volumes of 40x64x64,
//   streamed to bold.nii.gz, plus masks/anat/labels. Reference: numpy + nibabel writing an int16
//   array of the same shape (standard normal noise) to .nii.gz (/usr/bin/python3; the time is
//   measured inside Python, without interpreter start-up). Skipped when not available.
// - "fetch mirror": fetchHaxby of a ~100 MB subject tarball from an HTTP server on 127.0.0.1
//   (MD5SUMS, download, MD5 check, safe untar). Reference: curl -o + md5sum + tar xzf of the same
//   tarball from the same server. Skipped when curl is not available.
//
// Needs the built packages: `TURBO_TELEMETRY_DISABLED=1 npx turbo run build --filter=@voxelkit/datasets...`.
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

async function importPackage(name, fallback) {
  try {
    return await import(name);
  } catch {
    return import(new URL(fallback, import.meta.url).href);
  }
}

const { fetchHaxby, fetchHaxbySynthetic } = await importPackage(
  '@voxelkit/datasets',
  '../packages/datasets/dist/index.js',
);
const tar = createRequire(new URL('../packages/datasets/package.json', import.meta.url))('tar');
const run = promisify(execFile);

function line(work, ours, ref) {
  const refText = ref === undefined ? 'n/a' : `${(ref / 1000).toFixed(2)} s`;
  const ratio = ref === undefined ? 'n/a' : (ref / ours).toFixed(2);
  console.log(
    `${work.padEnd(34)} ours ${(ours / 1000).toFixed(2)} s   reference ${refText}   ratio ${ratio}`,
  );
}

const work = mkdtempSync(join(tmpdir(), 'vk-bench-datasets-'));
try {
  // --- synthetic full -----------------------------------------------------------------------
  let t = performance.now();
  await fetchHaxbySynthetic({ size: 'full', dataDir: join(work, 'synthetic') });
  const oursSynthetic = performance.now() - t;
  let refSynthetic;
  const py = spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      [
        'import time, numpy as np, nibabel as nib',
        't = time.perf_counter()',
        'rng = np.random.default_rng(0)',
        'data = (800 + 20 * rng.standard_normal((40, 64, 64, 1452), dtype=np.float32)).astype(np.int16)',
        'aff = np.array([[-3.5,0,0,68.25],[0,3.75,0,-118.125],[0,0,3.75,-118.125],[0,0,0,1]])',
        `nib.save(nib.Nifti1Image(data, aff), '${join(work, 'ref-bold.nii.gz')}')`,
        'print((time.perf_counter() - t) * 1000)',
      ].join('\n'),
    ],
    { encoding: 'utf8' },
  );
  if (py.status === 0) refSynthetic = Number(py.stdout.trim());
  line('synthetic full (40x64x64x1452)', oursSynthetic, refSynthetic);

  // --- fetch from a local mirror ------------------------------------------------------------
  const stage = join(work, 'stage', 'subj2');
  mkdirSync(stage, { recursive: true });
  const names = [
    'bold.nii.gz',
    'labels.txt',
    'mask4_vt.nii.gz',
    'mask8b_face_vt.nii.gz',
    'mask8b_house_vt.nii.gz',
    'mask8_face_vt.nii.gz',
    'mask8_house_vt.nii.gz',
    'anat.nii.gz',
  ];
  for (const name of names) {
    writeFileSync(join(stage, name), name === 'bold.nii.gz' ? randomBytes(100e6) : 'x');
  }
  const tarball = join(work, 'subj2-2010.01.14.tar.gz');
  await tar.c({ file: tarball, gzip: { level: 1 }, cwd: join(work, 'stage') }, ['subj2']);
  const body = readFileSync(tarball);
  const md5 = createHash('md5').update(body).digest('hex');
  const files = new Map([
    ['/haxby2001/MD5SUMS', Buffer.from(`${md5}  subj2-2010.01.14.tar.gz\n`)],
    ['/haxby2001/subj2-2010.01.14.tar.gz', body],
    ['/mask.nii.gz', Buffer.from('mask')],
  ]);
  const server = http.createServer((req, res) => {
    const file = files.get(new URL(req.url, 'http://x').pathname);
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-length': file.length }).end(file);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  t = performance.now();
  await fetchHaxby({
    dataDir: join(work, 'fetched'),
    url: `${base}/haxby2001/`,
    maskUrl: `${base}/mask.nii.gz`,
    verbose: 0,
  });
  const oursFetch = performance.now() - t;
  let refFetch;
  const hasCurl = spawnSync('curl', ['--version']).status === 0;
  if (hasCurl) {
    const dest = join(work, 'curl');
    mkdirSync(dest);
    t = performance.now();
    await run('curl', ['-s', '-o', join(dest, 'm.nii.gz'), `${base}/mask.nii.gz`]);
    await run('curl', ['-s', '-o', join(dest, 'MD5SUMS'), `${base}/haxby2001/MD5SUMS`]);
    await run('curl', [
      '-s',
      '-o',
      join(dest, 's.tar.gz'),
      `${base}/haxby2001/subj2-2010.01.14.tar.gz`,
    ]);
    await run('md5sum', [join(dest, 's.tar.gz')]);
    await run('tar', ['xzf', join(dest, 's.tar.gz'), '-C', dest]);
    refFetch = performance.now() - t;
  }
  server.close();
  line(`fetch mirror (${(body.length / 1e6).toFixed(0)} MB tarball)`, oursFetch, refFetch);
} finally {
  rmSync(work, { recursive: true, force: true });
}
