/**
 * Small builders that emit WebAssembly opcodes as arrays of bytes, for the solvers' modules
 * (`smo-wasm.ts`, `linear-svc-wasm.ts`): expressions compose as nested calls (`fadd(get(a),
 * f64(1))`), and a module is a list of functions, globals and exports. Only what those modules
 * use is here.
 *
 * @module
 */
/** Unsigned LEB128. */
export function leb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** A module section: id, byte length, body. */
export function section(id: number, body: number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

/** A name: length, then its bytes. */
export function name(s: string): number[] {
  return [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
}

export type Code = number[];
export const I32 = 0x7f;
export const F64 = 0x7c;
export const VOID = 0x40;

export function sleb(v: number): number[] {
  const out: number[] = [];
  let x = v | 0;
  for (;;) {
    const byte = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (byte & 0x40) === 0) || (x === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}
export const cat = (...parts: Code[]): Code => parts.flat();
export const i32 = (v: number): Code => [0x41, ...sleb(v)];
export const f64 = (v: number): Code => [0x44, ...new Uint8Array(new Float64Array([v]).buffer)];
export const get = (i: number): Code => [0x20, i];
export const set = (i: number, v: Code): Code => [...v, 0x21, i];
export const gget = (i: number): Code => [0x23, i];
export const gset = (i: number, v: Code): Code => [...v, 0x24, i];
export type Binary = (a: Code, b: Code) => Code;
export const bin =
  (op: number): Binary =>
  (a, b) => [...a, ...b, op];
export const ieq = bin(0x46);
export const ine = bin(0x47);
export const ilt = bin(0x48);
export const igt = bin(0x4a);
export const ile = bin(0x4c);
export const ige = bin(0x4e);
export const iadd = bin(0x6a);
export const isub = bin(0x6b);
export const imul = bin(0x6c);
export const iand = bin(0x71);
export const ior = bin(0x72);
export const ixor = bin(0x73);
/** Unsigned remainder and comparison. */
export const iremu = bin(0x70);
export const igtu = bin(0x4b);
export const ishl = bin(0x74);
/** Unsigned shift right. */
export const ishr = bin(0x76);
export const iclz = (a: Code): Code => [...a, 0x67];
export const ieqz = (a: Code): Code => [...a, 0x45];
export const flt = bin(0x63);
export const fgt = bin(0x64);
export const fle = bin(0x65);
export const fge = bin(0x66);
export const fadd = bin(0xa0);
export const fsub = bin(0xa1);
export const fmul = bin(0xa2);
export const fdiv = bin(0xa3);
export const fneg = (a: Code): Code => [...a, 0x9a];
export const fromI32 = (a: Code): Code => [...a, 0xb7];
/** `cond ? a : b` (both evaluated; for plain values). */
export const choose = (a: Code, b: Code, cond: Code): Code => [...a, ...b, ...cond, 0x1b];
export const when = (cond: Code, then: Code, otherwise?: Code): Code => [
  ...cond,
  0x04,
  VOID,
  ...then,
  ...(otherwise === undefined ? [] : [0x05, ...otherwise]),
  0x0b,
];
export const ret = (v: Code = []): Code => [...v, 0x0f];
export const call = (f: number, ...args: Code[]): Code => [...args.flat(), 0x10, f];
/** for (t = from; t < to; t++) body — `to` is evaluated before every iteration. */
export const loop = (t: number, from: Code, to: Code, body: Code): Code => [
  ...set(t, from),
  0x02,
  VOID,
  0x03,
  VOID,
  ...ige(get(t), to),
  0x0d,
  1,
  ...body,
  ...set(t, iadd(get(t), i32(1))),
  0x0c,
  0,
  0x0b,
  0x0b,
];
/** Address of element `index` of the array at `base`, elements of 2^shift bytes. */
export const at = (base: Code, index: Code, shift: number): Code =>
  iadd(base, ishl(index, i32(shift)));
export const loadF64 = (base: Code, index: Code): Code => [...at(base, index, 3), 0x2b, 3, 0];
export const storeF64 = (base: Code, index: Code, v: Code): Code => [
  ...at(base, index, 3),
  ...v,
  0x39,
  3,
  0,
];
export const loadI32 = (base: Code, index: Code): Code => [...at(base, index, 2), 0x28, 2, 0];
export const storeI32 = (base: Code, index: Code, v: Code): Code => [
  ...at(base, index, 2),
  ...v,
  0x36,
  2,
  0,
];
/** A single-precision Q value, promoted to double. */
export const loadQ = (row: Code, index: Code): Code => [...at(row, index, 2), 0x2a, 2, 0, 0xbb];

export interface Func {
  params: number[];
  results: number[];
  locals: number[];
  body: Code;
}

export function encodeFunc(f: Func): number[] {
  const groups: number[] = [];
  for (const t of f.locals) groups.push(1, t);
  const code = [f.locals.length, ...groups, ...f.body, 0x0b];
  return [...leb(code.length), ...code];
}

/** A v128 load (f64x2) from a byte address. */
export const loadV128 = (address: Code): Code => [...address, 0xfd, 0x00, 3, 0];
/** A v128 load from `address + offset` (the offset in the instruction's memarg). */
export const loadV128At = (address: Code, offset: number): Code => [
  ...address,
  0xfd,
  0x00,
  3,
  ...leb(offset),
];
/** A v128 store to `address + offset`. */
export const storeV128At = (address: Code, offset: number, v: Code): Code => [
  ...address,
  ...v,
  0xfd,
  0x0b,
  3,
  ...leb(offset),
];
/** A v128 store to a byte address. */
export const storeV128 = (address: Code, v: Code): Code => [...address, ...v, 0xfd, 0x0b, 3, 0];
export const f64x2add = (a: Code, b: Code): Code => [...a, ...b, 0xfd, ...leb(0xf0)];
export const f64x2mul = (a: Code, b: Code): Code => [...a, ...b, 0xfd, ...leb(0xf2)];
/** Both lanes set to a double. */
export const f64x2splat = (a: Code): Code => [...a, 0xfd, 0x14];
/** Lane 0 or 1 of an f64x2. */
export const f64x2lane = (a: Code, lane: number): Code => [...a, 0xfd, 0x21, lane];
export const V128 = 0x7b;
export const fabs = (a: Code): Code => [...a, 0x99];
export const fsqrt = (a: Code): Code => [...a, 0x9f];
export const fmin = bin(0xa4);
export const fmax = bin(0xa5);
export const feq = bin(0x61);
export const fne = bin(0x62);

/** A SIMD instruction: the 0xfd prefix, then its opcode as LEB128. */
const simd = (op: number): Code => [0xfd, ...leb(op)];
/**
 * Two adjacent single-precision values at a byte address (4-byte aligned), promoted to f64x2:
 * v128.load64_zero, then f64x2.promote_low_f32x4 — exactly {@link loadQ} on each lane.
 */
export const loadF32x2 = (address: Code): Code => [...address, ...simd(0x5d), 2, 0, ...simd(0x5f)];
/** `b < a ? b : a` per lane (f64x2.pmin): a stays where b is not smaller, or is NaN. */
export const f64x2pmin = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xf6)];
/** `a < b ? b : a` per lane (f64x2.pmax): a stays where b is not larger, or is NaN. */
export const f64x2pmax = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xf7)];

/** A function a module imports from `env` (e.g. `Math.exp`), with its signature. */
export interface ImportedFunc {
  name: string;
  params: number[];
  results: number[];
}

/**
 * A module importing memory `env.mem` (and the functions `imports` from `env`), with its
 * functions (in index order), globals and exports. Function indices — in `call` and in
 * `exported` — count the imported functions first: with one import, `funcs[0]` is function 1.
 */
export function assembleModule(
  funcs: Func[],
  globals: { type: number; init: Code }[],
  exported: [string, number][],
  imports: ImportedFunc[] = [],
): Uint8Array<ArrayBuffer> {
  const signature = (f: { params: number[]; results: number[] }) => [
    0x60,
    f.params.length,
    ...f.params,
    f.results.length,
    ...f.results,
  ];
  // type i is funcs[i]'s signature, type funcs.length + k the k-th import's
  const types = [
    funcs.length + imports.length,
    ...funcs.flatMap(signature),
    ...imports.flatMap(signature),
  ];
  const importSection = [
    1 + imports.length,
    ...name('env'),
    ...name('mem'),
    0x02,
    0x00,
    1,
    ...imports.flatMap((f, k) => [...name('env'), ...name(f.name), 0x00, ...leb(funcs.length + k)]),
  ];
  const globalSection = [
    globals.length,
    ...globals.flatMap((gl) => [gl.type, 1, ...gl.init, 0x0b]),
  ];
  const exports = [exported.length, ...exported.flatMap(([n, i]) => [...name(n), 0x00, i])];
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, types),
    ...section(2, importSection),
    ...section(3, [funcs.length, ...funcs.map((_, i) => i)]),
    ...section(6, globalSection),
    ...section(7, exports),
    ...section(10, [funcs.length, ...funcs.flatMap(encodeFunc)]),
  ];
  return new Uint8Array(bytes);
}

/** Base64 of a module's bytes (to embed them). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Each base64 character's 6-bit value by char code (−1: not a base64 character). */
let base64Values: Int8Array | undefined;

/** Node's `Buffer` (also in Bun and Deno), when the runtime has it. */
const NativeBuffer = (
  globalThis as { Buffer?: { from(text: string, encoding: 'base64'): Uint8Array } }
).Buffer;

/**
 * The bytes of an embedded module (standard base64 with `=` padding): decoded natively by
 * `Buffer` where there is one, else by {@link decodeBase64}. Not `atob`, which Node 20
 * implements with a JavaScript check of every character against the alphabet: milliseconds for
 * the first few kilobytes of a process, on every cold start.
 */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  if (NativeBuffer === undefined) return decodeBase64(text);
  const out = new Uint8Array(Math.floor((text.replace(/=+$/, '').length * 6) / 8));
  out.set(NativeBuffer.from(text, 'base64'));
  return out;
}

/** Standard base64 (with `=` padding) to bytes, in JavaScript; throws on a foreign character. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  if (base64Values === undefined) {
    base64Values = new Int8Array(128).fill(-1);
    for (let i = 0; i < 64; i++) base64Values[BASE64.charCodeAt(i)] = i;
  }
  const values = base64Values;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61) end--; // '='
  const out = new Uint8Array(Math.floor((end * 6) / 8));
  let bits = 0;
  let nBits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const v = values[text.charCodeAt(i) & 127] as number;
    if (v < 0 || text.charCodeAt(i) > 127) {
      throw new RangeError(`fromBase64: invalid character at ${i}`);
    }
    bits = ((bits << 6) | v) & 0xffffff;
    nBits += 6;
    if (nBits >= 8) {
      nBits -= 8;
      out[o++] = (bits >>> nBits) & 0xff;
    }
  }
  return out;
}

/**
 * Compiles embedded bytes; null where WebAssembly (or a feature the module uses) is missing.
 * `usesSimd`: validate the whole module first, since an engine that compiles lazily may only
 * find an unsupported SIMD opcode at the first call; a module of core (MVP) instructions skips
 * that extra pass over its bytes.
 */
export function compileEmbedded(base64: string, usesSimd = false): WebAssembly.Module | null {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  try {
    if (wasm === undefined) return null;
    const bytes = fromBase64(base64);
    return !usesSimd || wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  } catch {
    return null;
  }
}

/** A module's instance over its own memory, kept between calls. */
export interface KeptInstance<E> {
  readonly memory: WebAssembly.Memory;
  readonly fns: E;
}

/**
 * `kept`, or a new instance of `module` over a fresh memory (imported as `env.mem`, next to the
 * imported `functions`), with the memory grown to hold at least `bytes` bytes. Throws where the
 * memory cannot be had.
 */
export function instanceWithMemory<E>(
  kept: KeptInstance<E> | undefined,
  module: WebAssembly.Module,
  bytes: number,
  functions: Record<string, (...args: number[]) => number> = {},
): KeptInstance<E> {
  let out = kept;
  if (out === undefined) {
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    const instance = new WebAssembly.Instance(module, { env: { mem: memory, ...functions } });
    out = { memory, fns: instance.exports as unknown as E };
  }
  const have = out.memory.buffer.byteLength;
  if (have < bytes) out.memory.grow(Math.ceil((bytes - have) / 65536));
  return out;
}

// Loops over byte pointers held in locals (the loads take fixed offsets from their memarg, so
// no address is recomputed from an index).

/** An f64 load from a byte address (no index). */
export const loadF64At = (address: Code): Code => [...address, 0x2b, 3, 0];
/** An f64 load at the byte address in local `p`. */
export const loadF64Ptr = (p: number): Code => loadF64At(get(p));
/** An f64 store to the byte address in local `p`. */
export const storeF64Ptr = (p: number, v: Code): Code => [...get(p), ...v, 0x39, 3, 0];
/** A v128 load at local `p` + `offset`. */
export const loadV128Ptr = (p: number, offset: number): Code => loadV128At(get(p), offset);
/** A v128 store to local `p` + `offset`. */
export const storeV128Ptr = (p: number, offset: number, v: Code): Code =>
  storeV128At(get(p), offset, v);
export const f64x2sub = (a: Code, b: Code): Code => [...a, ...b, 0xfd, 0xf1, 0x01];
/** Adds `bytes` to each pointer local. */
export const advance = (pointers: number[], bytes: number): Code =>
  cat(...pointers.map((p) => set(p, iadd(get(p), i32(bytes)))));
/** `while (p < end) body` for locals p and end (signed compare). */
export const whileBelow = (p: number, end: number, body: Code): Code =>
  cat([0x02, VOID, 0x03, VOID], ige(get(p), get(end)), [0x0d, 1], body, [0x0c, 0, 0x0b, 0x0b]);
/** `end = base + 8·(len − sub)` (locals; the end of a run of doubles, `sub` from its end). */
export const endOfDoubles = (end: number, base: number, len: number, sub = 0): Code =>
  set(end, iadd(get(base), [...get(len), ...(sub === 0 ? [] : [0x41, sub, 0x6b]), 0x41, 3, 0x74]));
