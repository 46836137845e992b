/**
 * A 2 × 2 dot-product micro-kernel in WebAssembly SIMD (f64x2): the inner loop of the Gram
 * matrix, at twice the arithmetic width of scalar JavaScript. The module (a few hundred bytes) is
 * assembled here from its opcodes; where WebAssembly SIMD is unavailable, {@link simdDot} is
 * undefined and callers use their scalar loop.
 *
 * @module
 */

/** The micro-kernel bound to its own memory: four dot products of two rows of A with two of B. */
export interface SimdDot {
  /** A Float64Array view of the whole module memory (at least the bytes asked for). */
  readonly heap: Float64Array;
  /**
   * Writes `a0·b0, a0·b1, a1·b0, a1·b1` over `nBytes` bytes (a multiple of 16) starting at the
   * byte offsets `a0, a1, b0, b1`, as four f64 at byte offset `out`.
   */
  dot22(a0: number, a1: number, b0: number, b1: number, nBytes: number, out: number): void;
}

function leb(n: number): number[] {
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

function section(id: number, body: number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

function name(s: string): number[] {
  return [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** Assembles the module: (import "env" "mem" memory) (func dot22 (6 × i32)). */
function assemble(): Uint8Array<ArrayBuffer> {
  const I32 = 0x7f;
  const V128 = 0x7b;
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const simd = (op: number) => [0xfd, ...leb(op)];
  const load = (ptr: number) => [...get(ptr), ...get(6), 0x6a, ...simd(0x00), 0x04, 0x00];
  // params 0..5: a0 a1 b0 b1 nBytes out; locals: 6 off (i32), 7..10 acc (v128), 11..14 x0 x1 z0 z1
  const [A0, A1, B0, B1, N, OUT, OFF] = [0, 1, 2, 3, 4, 5, 6];
  const acc = [7, 8, 9, 10];
  const [X0, X1, Z0, Z1] = [11, 12, 13, 14];
  const fma = (a: number, x: number, z: number) => [
    ...get(a),
    ...get(x),
    ...get(z),
    ...simd(0xf2), // f64x2.mul
    ...simd(0xf0), // f64x2.add
    ...set(a),
  ];
  const store = (a: number, offset: number) => [
    ...get(OUT),
    ...get(a),
    ...simd(0x21),
    0x00, // f64x2.extract_lane 0
    ...get(a),
    ...simd(0x21),
    0x01, // f64x2.extract_lane 1
    0xa0, // f64.add
    0x39,
    0x03,
    ...leb(offset), // f64.store align=8
  ];
  const body = [
    2, // local declarations
    1,
    I32,
    8,
    V128,
    0x02,
    0x40, // block
    0x03,
    0x40, // loop
    ...get(OFF),
    ...get(N),
    0x4f, // i32.ge_u
    0x0d,
    1, // br_if 1
    ...load(A0),
    ...set(X0),
    ...load(A1),
    ...set(X1),
    ...load(B0),
    ...set(Z0),
    ...load(B1),
    ...set(Z1),
    ...fma(acc[0] as number, X0, Z0),
    ...fma(acc[1] as number, X0, Z1),
    ...fma(acc[2] as number, X1, Z0),
    ...fma(acc[3] as number, X1, Z1),
    ...get(OFF),
    0x41,
    16,
    0x6a,
    ...set(OFF), // off += 16
    0x0c,
    0, // br 0
    0x0b,
    0x0b, // end loop, end block
    ...store(acc[0] as number, 0),
    ...store(acc[1] as number, 8),
    ...store(acc[2] as number, 16),
    ...store(acc[3] as number, 24),
    0x0b,
  ];
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 6, I32, I32, I32, I32, I32, I32, 0]),
    ...section(2, [1, ...name('env'), ...name('mem'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('dot22'), 0x00, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ];
  return new Uint8Array(bytes);
}

let compiled: WebAssembly.Module | null | undefined;

function compile(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  try {
    const bytes = assemble();
    if (wasm?.validate(bytes)) compiled = new wasm.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Memory kept between calls up to this size (fresh pages are slow to fault in). */
const KEEP_BYTES = 64 * 1024 * 1024;
let kept: { memory: WebAssembly.Memory; dot22: SimdDot['dot22'] } | undefined;

/**
 * A micro-kernel instance whose memory holds at least `bytes` bytes, or undefined where
 * WebAssembly SIMD is unavailable or the memory cannot be had. Up to 64 MB of memory is kept for
 * the next call; call {@link releaseSimdDot} when done to drop anything larger.
 */
export function createSimdDot(bytes: number): SimdDot | undefined {
  const module = compile();
  if (module === null) return undefined;
  try {
    if (kept === undefined) {
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
      const instance = new WebAssembly.Instance(module, { env: { mem: memory } });
      kept = { memory, dot22: instance.exports.dot22 as SimdDot['dot22'] };
    }
    const have = kept.memory.buffer.byteLength;
    if (have < bytes) kept.memory.grow(Math.ceil((bytes - have) / 65536));
    return { heap: new Float64Array(kept.memory.buffer), dot22: kept.dot22 };
  } catch {
    kept = undefined;
    return undefined;
  }
}

/** Drops the kept memory if it grew beyond 64 MB. */
export function releaseSimdDot(): void {
  if (kept !== undefined && kept.memory.buffer.byteLength > KEEP_BYTES) kept = undefined;
}
