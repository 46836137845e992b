import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  FetchError,
  setWarningHandler,
  ValidationError,
  type VoxelkitWarning,
} from '@voxelkit/core';
import * as tar from 'tar';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchHaxby, HAXBY_SUBJECT_FILES, resolveSubjects } from './haxby.js';

/** A minimal NIfTI-1 image (int16, given dims, values i % 7), gzipped. */
function tinyNifti(dims: number[], seed: number): Buffer {
  const n = dims.reduce((a, b) => a * b, 1);
  const buf = Buffer.alloc(352 + n * 2);
  buf.writeInt32LE(348, 0);
  buf.writeInt16LE(dims.length, 40);
  for (const [i, d] of dims.entries()) buf.writeInt16LE(d, 42 + 2 * i);
  buf.writeInt16LE(4, 70); // datatype int16
  buf.writeInt16LE(16, 72); // bitpix
  buf.writeFloatLE(1, 76);
  for (let i = 0; i < 3; i++) buf.writeFloatLE(3, 80 + 4 * i);
  buf.writeFloatLE(352, 108); // vox_offset
  buf.write('n+1\0', 344, 'latin1');
  for (let i = 0; i < n; i++) buf.writeInt16LE((i * seed) % 7, 352 + 2 * i);
  return gzipSync(buf);
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

interface Mirror {
  files: Map<string, Buffer>;
  /** Bytes sent per path. */
  sent: Map<string, number>;
  /** Requests per path, with their Range header. */
  requests: { path: string; range?: string }[];
  /** Serve Range requests (default true). */
  range: boolean;
  /** Cut the connection once after this many bytes, per path. */
  cutOnce: Map<string, number>;
  /** Where the client under test writes its `.part` files (for `cutOnce`). */
  partDir: string;
  /** Stall (send this many bytes, then nothing) on every request for the path. */
  stall: Map<string, number>;
  /** Send the path in 10 pieces, this many ms apart. */
  slow: Map<string, number>;
  /** Send the headers of the path at once, its body only once the promise settles. */
  hold: Map<string, Promise<void>>;
  url: string;
  close(): Promise<void>;
}

/** Resolves once `<dir>/<name>.part` holds `bytes` bytes (or after 10 s). */
async function waitForPartFile(dir: string, urlPath: string, bytes: number): Promise<void> {
  const part = join(dir, `${urlPath.slice(urlPath.lastIndexOf('/') + 1)}.part`);
  for (let waited = 0; waited < 10_000; waited += 10) {
    const size = await stat(part).then(
      (s) => s.size,
      () => -1,
    );
    if (size >= bytes) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function startMirror(): Promise<Mirror> {
  const mirror = {
    files: new Map<string, Buffer>(),
    sent: new Map<string, number>(),
    requests: [] as { path: string; range?: string }[],
    range: true,
    cutOnce: new Map<string, number>(),
    partDir: tmpdir(),
    stall: new Map<string, number>(),
    slow: new Map<string, number>(),
    hold: new Map<string, Promise<void>>(),
  } as Mirror;
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const range = req.headers.range;
    mirror.requests.push({ path, ...(range ? { range } : {}) });
    const body = mirror.files.get(path);
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    let start = 0;
    const m = mirror.range && range ? /^bytes=(\d+)-$/.exec(range) : null;
    if (m) {
      start = Number(m[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-length': body.length - start,
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
      });
    } else {
      res.writeHead(200, { 'content-length': body.length });
    }
    const chunk = body.subarray(start);
    const count = (k: number) => mirror.sent.set(path, (mirror.sent.get(path) ?? 0) + k);
    const cut = mirror.cutOnce.get(path);
    const stall = mirror.stall.get(path);
    if (cut !== undefined) {
      mirror.cutOnce.delete(path);
      count(cut);
      // Cut only once the client has written the bytes to its .part file: a reset that arrives
      // earlier purges unread bytes, and the resume offset would depend on scheduling.
      res.write(chunk.subarray(0, cut), () => {
        void waitForPartFile(mirror.partDir, path, cut).then(() => res.socket?.destroy());
      });
      return;
    }
    if (stall !== undefined) {
      count(stall);
      res.write(chunk.subarray(0, stall));
      return; // never ends: the client must time out or abort
    }
    const hold = mirror.hold.get(path);
    if (hold !== undefined) {
      res.flushHeaders();
      void hold.then(() => {
        count(chunk.length);
        res.end(chunk);
      });
      return;
    }
    count(chunk.length);
    const delay = mirror.slow.get(path);
    if (delay !== undefined) {
      const piece = Math.ceil(chunk.length / 10);
      let at = 0;
      const next = () => {
        if (at >= chunk.length) return void res.end();
        res.write(chunk.subarray(at, at + piece));
        at += piece;
        setTimeout(next, delay);
      };
      next();
      return;
    }
    res.end(chunk);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  mirror.url = `http://127.0.0.1:${port}/haxby2001/`;
  mirror.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return mirror;
}

/** Builds subj{id}-2010.01.14.tar.gz with the nilearn layout (plus extra entries if asked). */
async function subjectTarball(
  id: number,
  work: string,
  extra: (stage: string) => Promise<string[]> = async () => [],
): Promise<Buffer> {
  const stage = await mkdtemp(join(work, 'stage-'));
  const dir = join(stage, `subj${id}`);
  await mkdir(dir, { recursive: true });
  const entries: string[] = [];
  for (const [i, f] of HAXBY_SUBJECT_FILES.entries()) {
    if (id === 6 && f === 'anat.nii.gz') continue;
    const content =
      f === 'labels.txt'
        ? Buffer.from('labels chunks\nrest 0\nface 0\ncat 0\nrest 0\n')
        : tinyNifti(f === 'bold.nii.gz' ? [4, 3, 2, 4] : [4, 3, 2], i + id);
    await writeFile(join(dir, f), content);
    entries.push(`subj${id}/${f}`);
  }
  entries.push(...(await extra(stage)));
  const out = join(work, `subj${id}-${Math.random().toString(36).slice(2)}.tar.gz`);
  await tar.c({ file: out, gzip: true, cwd: stage, preservePaths: true, portable: true }, entries);
  return readFile(out);
}

interface RawEntry {
  path: string;
  type?: 'File' | 'Directory' | 'Link' | 'SymbolicLink';
  linkpath?: string;
  body?: Buffer;
  /** Declared size when it differs from the body's (a bomb's header). */
  size?: number;
}

/** A gzipped tar assembled block by block, for entries `tar.c` cannot make from disk. */
function rawTarball(entries: RawEntry[], end = true): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = e.body ?? Buffer.alloc(0);
    const block = Buffer.alloc(512);
    new tar.Header({
      path: e.path,
      type: e.type ?? 'File',
      linkpath: e.linkpath,
      size: e.size ?? body.length,
      mode: e.type === 'Directory' ? 0o755 : 0o644,
      mtime: new Date(0),
    }).encode(block, 0);
    blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  if (end) blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** Subject `id`'s expected files as raw entries (with its directory first). */
function subjectEntries(id: number, skip: string[] = []): RawEntry[] {
  const out: RawEntry[] = [{ path: `subj${id}/`, type: 'Directory' }];
  for (const [i, f] of HAXBY_SUBJECT_FILES.entries()) {
    if ((id === 6 && f === 'anat.nii.gz') || skip.includes(f)) continue;
    const body =
      f === 'labels.txt'
        ? Buffer.from('labels chunks\nrest 0\nface 0\ncat 0\nrest 0\n')
        : tinyNifti(f === 'bold.nii.gz' ? [4, 3, 2, 4] : [4, 3, 2], i + id);
    out.push({ path: `subj${id}/${f}`, body });
  }
  return out;
}

const TAR2 = '/haxby2001/subj2-2010.01.14.tar.gz';
const MASK = '/nilearn/mask.nii.gz';

describe('fetchHaxby against a local mirror', () => {
  let work: string;
  let mirror: Mirror;
  let tarball2: Buffer;
  let tarball6: Buffer;
  const mask = tinyNifti([4, 3, 2], 3);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'vk-haxby-'));
    tarball2 = await subjectTarball(2, work);
    tarball6 = await subjectTarball(6, work);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  let dataDir: string;
  const setup = async (tar2: Buffer = tarball2, sums?: string) => {
    mirror = await startMirror();
    mirror.files.set(TAR2, tar2);
    mirror.files.set('/haxby2001/subj6-2010.01.14.tar.gz', tarball6);
    mirror.files.set(MASK, mask);
    mirror.files.set(
      '/haxby2001/MD5SUMS',
      Buffer.from(
        sums ??
          `${md5(tar2)}  subj2-2010.01.14.tar.gz\n${md5(tarball6)}  subj6-2010.01.14.tar.gz\n`,
      ),
    );
    dataDir = await mkdtemp(join(work, 'data-'));
    mirror.partDir = join(dataDir, 'haxby2001');
    return {
      dataDir,
      url: mirror.url,
      maskUrl: `${mirror.url.replace('/haxby2001/', '')}${MASK}`,
      verbose: 0,
    };
  };
  afterEach(async () => {
    await mirror?.close();
  });

  it('fetches fresh, verifies and unpacks to haxby2001/subjN, then downloads nothing', async () => {
    const opts = await setup();
    const progress: number[] = [];
    const ds = await fetchHaxby({ ...opts, onProgress: (p) => progress.push(p.received) });
    const dir = join(dataDir, 'haxby2001');
    expect(ds.func).toEqual([join(dir, 'subj2', 'bold.nii.gz')]);
    expect(ds.sessionTarget).toEqual([join(dir, 'subj2', 'labels.txt')]);
    expect(ds.maskVt).toEqual([join(dir, 'subj2', 'mask4_vt.nii.gz')]);
    expect(ds.maskFace).toEqual([join(dir, 'subj2', 'mask8b_face_vt.nii.gz')]);
    expect(ds.maskHouseLittle).toEqual([join(dir, 'subj2', 'mask8_house_vt.nii.gz')]);
    expect(ds.anat).toEqual([join(dir, 'subj2', 'anat.nii.gz')]);
    expect(ds.mask).toBe(join(dir, 'mask.nii.gz'));
    expect(ds.tR).toBe(2.5);
    expect(ds.synthetic).toBeUndefined();
    expect(ds.description).toMatch(/Haxby/);
    for (const f of [...ds.func, ...ds.maskVt, ...ds.sessionTarget, ds.mask as string]) {
      expect(existsSync(f)).toBe(true);
    }
    expect(await readFile(ds.mask as string)).toEqual(mask);
    // MD5SUMS first, then the tarball; the tarball is removed after unpacking.
    expect(mirror.requests.map((r) => r.path)).toEqual([MASK, '/haxby2001/MD5SUMS', TAR2]);
    expect(existsSync(join(dir, 'subj2-2010.01.14.tar.gz'))).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(['MD5SUMS', 'mask.nii.gz', 'subj2']);
    expect(progress.at(-1)).toBe(tarball2.length);

    const before = mirror.requests.length;
    const again = await fetchHaxby(opts);
    expect(again).toEqual(ds);
    expect(mirror.requests.length).toBe(before);
  });

  it('fetches subject 6 without anat, and counts as subjects 1..n', async () => {
    const opts = await setup();
    const ds = await fetchHaxby({ ...opts, subjects: [6, 2] });
    expect(ds.anat).toEqual([null, join(dataDir, 'haxby2001', 'subj2', 'anat.nii.gz')]);
    expect(ds.func.length).toBe(2);
    expect(existsSync(join(dataDir, 'haxby2001', 'subj6', 'mask4_vt.nii.gz'))).toBe(true);
    expect(resolveSubjects(3)).toEqual([1, 2, 3]);
    expect(resolveSubjects(9)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(resolveSubjects(undefined)).toEqual([2]);
    expect(() => resolveSubjects([7])).toThrow(ValidationError);
    expect(() => resolveSubjects([1.5])).toThrow(ValidationError);
    expect(() => resolveSubjects(-1)).toThrow(ValidationError);
  });

  it('resumes a cut connection with Range: total bytes ≈ file size, not double', async () => {
    const opts = await setup();
    const cut = Math.floor(tarball2.length / 2);
    mirror.cutOnce.set(TAR2, cut);
    const ds = await fetchHaxby(opts);
    expect(existsSync(ds.func[0])).toBe(true);
    const reqs = mirror.requests.filter((r) => r.path === TAR2);
    expect(reqs).toEqual([{ path: TAR2 }, { path: TAR2, range: `bytes=${cut}-` }]);
    expect(mirror.sent.get(TAR2)).toBe(tarball2.length);
  });

  it('falls back to a full download when the server ignores Range', async () => {
    const opts = await setup();
    mirror.range = false;
    const cut = Math.floor(tarball2.length / 3);
    mirror.cutOnce.set(TAR2, cut);
    const ds = await fetchHaxby(opts);
    expect(existsSync(ds.func[0])).toBe(true);
    const reqs = mirror.requests.filter((r) => r.path === TAR2);
    expect(reqs.length).toBe(2);
    expect(reqs[1].range).toBe(`bytes=${cut}-`);
    expect(mirror.sent.get(TAR2)).toBe(cut + tarball2.length);
  });

  it('rejects an MD5 mismatch and deletes the bad file', async () => {
    const opts = await setup(tarball2, `${'0'.repeat(32)}  subj2-2010.01.14.tar.gz\n`);
    const err = await fetchHaxby(opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).message).toMatch(/Checksum mismatch/);
    expect((err as FetchError).code).toBe('CHECKSUM');
    expect((err as FetchError).url).toBe(`${mirror.url}subj2-2010.01.14.tar.gz`);
    const dir = join(dataDir, 'haxby2001');
    const left = await readdir(dir);
    expect(left.filter((f) => f.startsWith('subj2'))).toEqual([]);
    expect(left).not.toContain('.voxelkit.lock');
  });

  it.each([
    [
      '../evil',
      async (stage: string) => {
        await writeFile(join(stage, '..', 'evil'), 'pwned');
        return ['../evil'];
      },
    ],
    [
      'an absolute path',
      async (stage: string) => {
        const abs = join(stage, '..', 'abs-evil');
        await writeFile(abs, 'pwned');
        return [abs];
      },
    ],
    [
      'a symlink pointing outside',
      async (stage: string) => {
        const { symlink } = await import('node:fs/promises');
        await symlink('../../escape', join(stage, 'subj2', 'link'));
        return ['subj2/link'];
      },
    ],
  ])('rejects a tarball with %s and writes nothing outside', async (_name, extra) => {
    const sub = await mkdtemp(join(work, 'evil-'));
    const bad = await subjectTarball(2, sub, extra);
    await rm(join(sub, 'evil'), { force: true });
    await rm(join(sub, 'abs-evil'), { force: true });
    const opts = await setup(bad);
    // Put the data dir where '../evil' from the unpack dir would land on known ground.
    const err = await fetchHaxby(opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as Error).message).toMatch(/unsafe entr/);
    expect(existsSync(join(sub, 'evil'))).toBe(false);
    expect(existsSync(join(sub, 'abs-evil'))).toBe(false);
    const dir = join(dataDir, 'haxby2001');
    const everything = await readdir(dataDir, { recursive: true });
    expect(everything.filter((f) => /evil|escape|subj2/.test(f))).toEqual([]);
    expect(existsSync(join(dir, 'subj2-2010.01.14.tar.gz'))).toBe(false);
  });

  it('rejects a truncated tarball (even with a matching MD5)', async () => {
    const truncated = tarball2.subarray(0, Math.floor(tarball2.length * 0.6));
    const opts = await setup(truncated);
    const err = await fetchHaxby(opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as Error).message).toMatch(/truncated or corrupt/);
    expect(existsSync(join(dataDir, 'haxby2001', 'subj2'))).toBe(false);
    expect(existsSync(join(dataDir, 'haxby2001', 'subj2-2010.01.14.tar.gz'))).toBe(false);
  });

  /** The cache after a failed fetch holds only MD5SUMS: no lock, no .unpack-*, no archive. */
  const expectCleanCache = async () => {
    const left = await readdir(join(dataDir, 'haxby2001'));
    expect(left).toEqual(['MD5SUMS']);
  };

  it("keeps only the requested subject's expected files: a tarball cannot plant others", async () => {
    const planted = rawTarball([
      ...subjectEntries(2),
      { path: 'subj2/extra.sh', body: Buffer.from('echo pwned') },
      { path: 'subj6/', type: 'Directory' },
      ...subjectEntries(6)
        .slice(1)
        .map((e) => ({ ...e, body: Buffer.from('fake') })),
      { path: 'mask.nii.gz', body: Buffer.from('fake mask') },
    ]);
    const opts = await setup(planted);
    const ds = await fetchHaxby({ ...opts, maskUrl: null });
    const dir = join(dataDir, 'haxby2001');
    expect((await readdir(dir)).sort()).toEqual(['MD5SUMS', 'subj2']);
    expect((await readdir(join(dir, 'subj2'))).sort()).toEqual([...HAXBY_SUBJECT_FILES].sort());
    expect(existsSync(ds.func[0] as string)).toBe(true);
    // A later fetch of subject 6 downloads its own tarball, not the planted files.
    const before = mirror.requests.length;
    const six = await fetchHaxby({ ...opts, subjects: [6], maskUrl: null });
    expect(mirror.requests.slice(before).map((r) => r.path)).toContain(
      '/haxby2001/subj6-2010.01.14.tar.gz',
    );
    expect(await readFile(six.func[0] as string)).not.toEqual(Buffer.from('fake'));
  });

  it.each([
    ['a directory', 'subj2'],
    ["'.'", '.'],
  ])(
    'refuses a hard link to %s at once, cleaning lock, unpack dir and archive',
    async (_n, to) => {
      const bad = rawTarball([
        ...subjectEntries(2),
        { path: 'subj2/dirlink', type: 'Link', linkpath: to },
      ]);
      const opts = await setup(bad);
      const err = await fetchHaxby({ ...opts, maskUrl: null }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FetchError);
      expect((err as Error).message).toMatch(/hard link to a directory/);
      await expectCleanCache();
    },
    10_000,
  );

  it.each([
    ['symlink', 'SymbolicLink' as const],
    ['hard link', 'Link' as const],
  ])('refuses bold.nii.gz being a %s, caching nothing', async (_n, type) => {
    const bad = rawTarball([
      ...subjectEntries(2, ['bold.nii.gz']),
      { path: 'subj2/real-bold.nii.gz', body: tinyNifti([4, 3, 2, 4], 9) },
      {
        path: 'subj2/bold.nii.gz',
        type,
        linkpath: type === 'Link' ? 'subj2/real-bold.nii.gz' : 'real-bold.nii.gz',
      },
    ]);
    const opts = await setup(bad);
    const err = await fetchHaxby({ ...opts, maskUrl: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as Error).message).toMatch(/bold\.nii\.gz.*not a regular file/);
    await expectCleanCache();
  });

  it('refuses a tar bomb from its header, before reading or writing its body', async () => {
    // A 3 GiB member declared in the header; the body is never there, so only a streaming
    // listing that checks the size first reports the bomb (a buffered one says "truncated").
    const bomb = rawTarball(
      [...subjectEntries(2), { path: 'subj2/huge', size: 3 * 2 ** 30 }],
      false,
    );
    const opts = await setup(bomb);
    const err = await fetchHaxby({ ...opts, maskUrl: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as Error).message).toMatch(/3221225472 bytes, more than the 536870912 bytes/);
    expect((err as FetchError).code).toBe('UNSAFE_ARCHIVE');
    await expectCleanCache();
  });

  it('maxEntryBytes overrides the cap', async () => {
    const opts = await setup();
    const err = await fetchHaxby({ ...opts, maskUrl: null, maxEntryBytes: 50 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FetchError);
    expect((err as Error).message).toMatch(/more than the 50 bytes.*maxEntryBytes/);
    await expectCleanCache();
  });

  it.each([
    ['an HTML 200 page', Buffer.from('<html><body>Please log in</body></html>')],
    ['a body cut short by a clean close without Content-Length', undefined],
  ])('never caches a mask that is %s', async (_n, body) => {
    const opts = await setup();
    const served = body ?? mask.subarray(0, mask.length - 12);
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }); // chunked, no length
      res.end(served);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const err = await fetchHaxby({
        ...opts,
        maskUrl: `http://127.0.0.1:${port}/mask.nii.gz`,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FetchError);
      expect((err as Error).message).toMatch(/mask\.nii\.gz is not valid: .*NIfTI/);
      expect((err as FetchError).code).toBe('CHECKSUM');
      const left = await readdir(join(dataDir, 'haxby2001'));
      expect(left.filter((f) => f.startsWith('mask'))).toEqual([]);
      expect(left).not.toContain('.voxelkit.lock');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it.each([
    ['is an HTML page', '<html><body>Mirror maintenance</body></html>\n'],
    ["lacks the tarball's line", `${'a'.repeat(32)}  subj6-2010.01.14.tar.gz\n`],
  ])(
    'refuses to unpack unverified when MD5SUMS %s; allowUnverified warns and unpacks',
    async (_n, sums) => {
      const opts = await setup(tarball2, sums);
      const err = await fetchHaxby({ ...opts, maskUrl: null }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FetchError);
      expect((err as Error).message).toMatch(
        /no checksum line for subj2-2010\.01\.14\.tar\.gz.*allowUnverified/,
      );
      expect(existsSync(join(dataDir, 'haxby2001', 'subj2'))).toBe(false);
      const warnings: VoxelkitWarning[] = [];
      const previous = setWarningHandler((w) => warnings.push(w));
      try {
        const ds = await fetchHaxby({ ...opts, maskUrl: null, allowUnverified: true });
        expect(existsSync(ds.func[0] as string)).toBe(true);
      } finally {
        setWarningHandler(previous);
      }
      expect(warnings.map((w) => w.message).join('\n')).toMatch(/unverified/);
    },
  );

  it('a stall after the headers is reported as a timeout, not a cut connection', async () => {
    const opts = await setup();
    mirror.stall.set(TAR2, 100);
    const err = await fetchHaxby({ ...opts, maskUrl: null, timeoutMs: 200, retries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FetchError);
    expect((err as Error).message).toMatch(/timeout/);
    expect((err as Error).message).not.toMatch(/ECONNRESET|cut/);
    expect((err as FetchError).code).toBe('ESTALLED');
  });

  it('a server trickling 1 byte per 50 ms times out (minBytesPerSecond)', async () => {
    const opts = await setup();
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-length': mask.length });
      let at = 0;
      const tick = setInterval(() => {
        if (at >= mask.length || res.destroyed) return void clearInterval(tick);
        res.write(mask.subarray(at, at + 1));
        at += 1;
      }, 50);
      res.on('close', () => clearInterval(tick));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const t0 = Date.now();
      const err = await fetchHaxby({
        ...opts,
        maskUrl: `http://127.0.0.1:${port}/mask.nii.gz`,
        timeoutMs: 300,
        retries: 0,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FetchError);
      expect((err as Error).message).toMatch(/slower than minBytesPerSecond = 1024 \(timeout\)/);
      expect(Date.now() - t0).toBeLessThan(3000);
      // Only the resumable .part is kept; nothing is cached as the mask.
      expect(existsSync(join(dataDir, 'haxby2001', 'mask.nii.gz'))).toBe(false);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('serialises two concurrent fetches: one download, both complete', async () => {
    const opts = await setup();
    const [a, b] = await Promise.all([fetchHaxby(opts), fetchHaxby(opts)]);
    expect(a).toEqual(b);
    expect(mirror.requests.filter((r) => r.path === TAR2).length).toBe(1);
    expect(mirror.sent.get(TAR2)).toBe(tarball2.length);
    expect(existsSync(a.func[0])).toBe(true);
  });

  it('two processes fetching at once: one download, both complete, files intact', async () => {
    const opts = await setup();
    // The tarball's body is held until the other process reports that it waits for the lock
    // (however long it takes to start on a loaded machine; at most 90 s, then the assertions
    // below say what went wrong).
    let releaseHold = () => {};
    const held = new Promise<void>((r) => {
      releaseHold = r;
    });
    const bound = setTimeout(releaseHold, 90_000);
    mirror.hold.set(TAR2, held);
    const script = join(work, 'child.mts');
    await writeFile(
      script,
      `import { fetchHaxby } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'haxby.ts')).href)};\n` +
        'const ds = await fetchHaxby(JSON.parse(process.argv[2]));\n' +
        'console.log(JSON.stringify(ds));\n',
    );
    const logs: string[] = [];
    // no stall/throughput timeout while the body is held
    const childOpts = { ...opts, verbose: 1, timeoutMs: 120_000, minBytesPerSecond: 0 };
    const child = () =>
      new Promise<string>((resolveChild, reject) => {
        const proc = spawn(
          process.execPath,
          ['--import', 'tsx', '--conditions=@voxelkit/source', script, JSON.stringify(childOpts)],
          { cwd: import.meta.dirname, timeout: 150_000 },
        );
        let stdout = '';
        let stderr = '';
        proc.stdout.on('data', (d: Buffer) => {
          stdout += d;
        });
        proc.stderr.on('data', (d: Buffer) => {
          stderr += d;
          if (/Waiting for process \d+/.test(stderr)) releaseHold();
        });
        proc.on('close', (code) => {
          logs.push(stderr);
          if (code !== 0) reject(new Error(`child exited with ${code}\n${stderr}`));
          else resolveChild(stdout);
        });
      });
    // The second process starts once the first holds the lock (it has asked for the tarball),
    // so the order does not depend on how fast each process starts.
    const first = child();
    let firstDone = false;
    void first.catch(() => {}).finally(() => (firstDone = true));
    while (!firstDone && !mirror.requests.some((r) => r.path === TAR2)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const [a, b] = await Promise.all([first, child()]).finally(() => clearTimeout(bound));
    mirror.hold.delete(TAR2);
    expect(JSON.parse(a)).toEqual(JSON.parse(b));
    expect(mirror.requests.filter((r) => r.path === TAR2).length).toBe(1);
    // One of them waited for the other's lock.
    expect(logs.filter((l) => /Waiting for process \d+/.test(l)).length).toBe(1);
    const ds = JSON.parse(a) as { func: string[] };
    // The unpacked bold equals the one inside the served tarball.
    const check = await mkdtemp(join(work, 'check-'));
    await writeFile(join(check, 't.tar.gz'), tarball2);
    await tar.x({ file: join(check, 't.tar.gz'), cwd: check });
    expect(
      (await readFile(ds.func[0])).equals(await readFile(join(check, 'subj2', 'bold.nii.gz'))),
    ).toBe(true);
  }, 240_000);

  it('waits while another live process holds the lock, then fetches', async () => {
    const opts = await setup();
    const dir = join(dataDir, 'haxby2001');
    await mkdir(join(dir, '.unpack-subj2-2010.01.14.tar.gz-1-1', 'subj2'), { recursive: true });
    // Another live process (our parent) holds the lock...
    const lockPath = join(dir, '.voxelkit.lock');
    await writeFile(lockPath, JSON.stringify({ pid: process.ppid, host: hostname(), created: '' }));
    const pending = fetchHaxby(opts);
    await new Promise((r) => setTimeout(r, 300));
    const waited = existsSync(lockPath) && mirror.requests.length === 0;
    // ...and releases it.
    await rm(lockPath);
    const ds = await pending;
    expect(waited).toBe(true);
    expect(existsSync(ds.func[0])).toBe(true);
    // leftovers of a crashed unpack are cleaned up
    expect((await readdir(dir)).filter((f) => f.startsWith('.unpack-'))).toEqual([]);
  });

  it('an aborted fetch leaves no half file in place, and the next call resumes', async () => {
    const opts = await setup();
    const half = Math.floor(tarball2.length / 2);
    mirror.stall.set(TAR2, half);
    const controller = new AbortController();
    const err = await fetchHaxby({
      ...opts,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.file.startsWith('subj2') && p.received >= half) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as Error).message).toMatch(/aborted/);
    const dir = join(dataDir, 'haxby2001');
    expect(existsSync(join(dir, 'subj2-2010.01.14.tar.gz'))).toBe(false);
    expect(existsSync(join(dir, 'subj2'))).toBe(false);
    expect(existsSync(join(dir, '.voxelkit.lock'))).toBe(false);
    expect((await stat(join(dir, 'subj2-2010.01.14.tar.gz.part'))).size).toBe(half);
    mirror.stall.delete(TAR2);
    const ds = await fetchHaxby(opts);
    expect(existsSync(ds.func[0])).toBe(true);
    expect(mirror.sent.get(TAR2)).toBe(tarball2.length);
    expect(mirror.requests.filter((r) => r.path === TAR2).at(-1)?.range).toBe(`bytes=${half}-`);
  });

  it('times out on a stalled transfer, retries, and resumes', async () => {
    const opts = await setup();
    const third = Math.floor(tarball2.length / 3);
    mirror.stall.set(TAR2, third);
    const p = fetchHaxby({ ...opts, timeoutMs: 300, retries: 1 });
    setTimeout(() => mirror.stall.delete(TAR2), 100);
    const ds = await p;
    expect(existsSync(ds.func[0])).toBe(true);
    expect(mirror.sent.get(TAR2)).toBe(tarball2.length);
  });

  it.skipIf(!existsSync('/dev/full'))('reports a full disk (writes to /dev/full)', async () => {
    const opts = await setup();
    const dir = join(dataDir, 'haxby2001');
    await mkdir(dir, { recursive: true });
    const { symlink } = await import('node:fs/promises');
    await symlink('/dev/full', join(dir, 'subj2-2010.01.14.tar.gz.part'));
    const err = await fetchHaxby(opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as Error).message).toMatch(/disk is full \(ENOSPC\)/);
    expect((err as FetchError).url).toBe(`${mirror.url}subj2-2010.01.14.tar.gz`);
    expect(existsSync(join(dir, 'subj2'))).toBe(false);
  });

  it('resume: false discards a partial file and downloads it whole', async () => {
    const opts = await setup();
    const dir = join(dataDir, 'haxby2001');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'subj2-2010.01.14.tar.gz.part'), tarball2.subarray(0, 100));
    const ds = await fetchHaxby({ ...opts, resume: false });
    expect(existsSync(ds.func[0])).toBe(true);
    expect(mirror.requests.filter((r) => r.path === TAR2)).toEqual([{ path: TAR2 }]);
    expect(mirror.sent.get(TAR2)).toBe(tarball2.length);
  });

  it('reports HTTP errors with the URL', async () => {
    const opts = await setup();
    mirror.files.delete(TAR2);
    const err = await fetchHaxby(opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as Error).message).toMatch(/HTTP 404/);
    expect((err as FetchError).code).toBe('HTTP_STATUS');
    expect((err as FetchError).url).toBe(`${mirror.url}subj2-2010.01.14.tar.gz`);
  });

  it('fetches the stimuli tarball on request', async () => {
    const opts = await setup();
    const stage = await mkdtemp(join(work, 'stim-'));
    await mkdir(join(stage, 'stimuli', 'cats'), { recursive: true });
    await mkdir(join(stage, 'stimuli', 'controls', 'scrambled_faces'), { recursive: true });
    await writeFile(join(stage, 'stimuli', 'README'), 'stimuli');
    await writeFile(join(stage, 'stimuli', 'cats', 'cat1.jpg'), 'x');
    await writeFile(join(stage, 'stimuli', 'cats', 'cat2.jpg'), 'x');
    await writeFile(join(stage, 'stimuli', 'controls', 'scrambled_faces', 's1.jpg'), 'x');
    const out = join(work, 'stimuli.tar.gz');
    await tar.c({ file: out, gzip: true, cwd: stage }, ['stimuli']);
    const stimuli = await readFile(out);
    mirror.files.set('/haxby2001/stimuli-2010.01.14.tar.gz', stimuli);
    // PyMVPA's MD5SUMS lists the stimuli tarball too.
    const sums = mirror.files.get('/haxby2001/MD5SUMS') as Buffer;
    mirror.files.set(
      '/haxby2001/MD5SUMS',
      Buffer.concat([sums, Buffer.from(`${md5(stimuli)}  stimuli-2010.01.14.tar.gz\n`)]),
    );
    const ds = await fetchHaxby({ ...opts, fetchStimuli: true });
    const s = join(dataDir, 'haxby2001', 'stimuli');
    expect(ds.stimuli).toEqual({
      cats: [join(s, 'cats', 'cat1.jpg'), join(s, 'cats', 'cat2.jpg')],
      controls: { scrambled_faces: [join(s, 'controls', 'scrambled_faces', 's1.jpg')] },
    });
  });
});

describe('fetchHaxby failures without a server', () => {
  it('fails at once when the host does not resolve (no network)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vk-haxby-dns-'));
    const t0 = Date.now();
    const err = await fetchHaxby({
      dataDir,
      url: 'http://data.pymvpa.invalid/datasets/haxby2001/',
      maskUrl: null,
      verbose: 0,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as Error).message).toMatch(/cannot resolve data\.pymvpa\.invalid/);
    expect((err as FetchError).code).toBe('ENOTFOUND');
    expect((err as FetchError).url).toBe('http://data.pymvpa.invalid/datasets/haxby2001/MD5SUMS');
    expect(Date.now() - t0).toBeLessThan(10_000);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fails at once when the connection is refused', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vk-haxby-refused-'));
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    const err = await fetchHaxby({
      dataDir,
      url: `http://127.0.0.1:${port}/`,
      maskUrl: null,
      verbose: 0,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    expect((err as FetchError).code).toBe('ECONNREFUSED');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reports an unwritable data directory', async () => {
    const base = await mkdtemp(join(tmpdir(), 'vk-haxby-ro-'));
    const file = join(base, 'not-a-dir');
    await writeFile(file, 'x');
    const err = await fetchHaxby({ dataDir: file, maskUrl: null, verbose: 0 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FetchError);
    expect((err as Error).message).toMatch(/not writable/);
    expect((err as FetchError).code).toBe('FILESYSTEM');
    await rm(base, { recursive: true, force: true });
  });
});
