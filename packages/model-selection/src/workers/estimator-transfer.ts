/**
 * How an estimator crosses into a worker thread: by its class's `static estimatorName` and its
 * `getParams()`, encoded as plain, structured-cloneable data; the other side rebuilds it from an
 * explicit registry (name → class, e.g. `estimatorRegistry` of `@voxelkit/estimators`). Nested
 * estimators (a Pipeline's steps) are encoded the same way. A fitted estimator can come back
 * with its learned state (fields other than the parameters).
 *
 * @module
 */
import {
  type Estimator,
  type EstimatorClass,
  type EstimatorRegistry,
  estimatorNameOf,
  RandomState,
  ValidationError,
} from '@voxelkit/core';

/** An estimator as plain data. */
export interface EncodedEstimator {
  $estimator: string;
  params: unknown;
  /** Learned state of a fitted estimator (own fields except the parameters). */
  state?: Record<string, unknown>;
}

function isEstimator(value: unknown): value is Estimator {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Estimator).getParams === 'function' &&
    typeof (value as Estimator).clone === 'function'
  );
}

function isEncodedEstimator(value: unknown): value is EncodedEstimator {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as EncodedEstimator).$estimator === 'string' &&
    'params' in value
  );
}

function encodeValue(value: unknown, path: string, withState: boolean): unknown {
  if (value === null || value === undefined) return value;
  const t = typeof value;
  if (t === 'number' || t === 'string' || t === 'boolean' || t === 'bigint') return value;
  if (t === 'function' || t === 'symbol') {
    throw new ValidationError(
      `${path} is a ${t}, which cannot be sent to a worker thread. Use nJobs: 1, or a parameter made of plain data.`,
    );
  }
  if (isEstimator(value)) return encodeEstimator(value, withState, path);
  if (value instanceof RandomState) {
    throw new ValidationError(
      `${path} is a RandomState generator, which cannot be shared with worker threads. Pass an integer seed, or use nJobs: 1.`,
    );
  }
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof RegExp) return value;
  if (Array.isArray(value)) return value.map((v, i) => encodeValue(v, `${path}[${i}]`, withState));
  if (value instanceof Map) {
    return new Map(
      [...value].map(([k, v]) => [k, encodeValue(v, `${path}.get(${String(k)})`, withState)]),
    );
  }
  if (value instanceof Set)
    return new Set([...value].map((v) => encodeValue(v, `${path} item`, withState)));
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as object))
      out[k] = encodeValue(v, `${path}.${k}`, withState);
    return out;
  }
  throw new ValidationError(
    `${path} is a ${(value as object).constructor?.name ?? 'class'} instance, which cannot be sent to a worker thread. Use nJobs: 1, or plain data.`,
  );
}

/**
 * Encodes `estimator` by registered name and parameters (and learned state when `withState`).
 *
 * @throws ValidationError when the estimator's class (or a nested one) is not registered, or a
 *   parameter cannot be cloned (a function, a RandomState, a class instance).
 */
export function encodeEstimator(
  estimator: Estimator,
  withState = false,
  path = 'estimator',
): EncodedEstimator {
  const name = estimatorNameOf(estimator);
  if (name === undefined) {
    const cls = estimator.constructor?.name || 'This estimator';
    throw new ValidationError(
      `${cls} (${path}) has no own "static readonly estimatorName", so it cannot be rebuilt in a worker thread for nJobs > 1. ` +
        `Give the class one, export defineRegistry([${cls}]) as estimatorRegistry from a module, pass that module's URL as workerModules, or use nJobs: 1.`,
    );
  }
  const out: EncodedEstimator = {
    $estimator: name,
    params: encodeValue(estimator.getParams(), `${path}.params`, withState),
  };
  if (withState) {
    const state: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(estimator)) {
      if (k === 'params' || k === 'estimatorType') continue;
      state[k] = encodeValue(v, `${path}.${k}`, true);
    }
    out.state = state;
  }
  return out;
}

function decodeValue(value: unknown, registry: EstimatorRegistry): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isEncodedEstimator(value)) return decodeEstimator(value, registry);
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof RegExp) return value;
  if (Array.isArray(value)) return value.map((v) => decodeValue(v, registry));
  if (value instanceof Map)
    return new Map([...value].map(([k, v]) => [k, decodeValue(v, registry)]));
  if (value instanceof Set) return new Set([...value].map((v) => decodeValue(v, registry)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = decodeValue(v, registry);
  return out;
}

/**
 * Rebuilds an estimator from {@link encodeEstimator}'s output with the classes of `registry`.
 *
 * @throws ValidationError when `registry` has no class of that name (in a worker: the module
 *   exporting its registry was not given as `workerModules`).
 */
export function decodeEstimator<E extends Estimator = Estimator>(
  encoded: EncodedEstimator,
  registry: EstimatorRegistry,
): E {
  const Ctor = Object.hasOwn(registry, encoded.$estimator)
    ? registry[encoded.$estimator]
    : undefined;
  if (Ctor === undefined) {
    throw new ValidationError(
      `No estimator class named "${encoded.$estimator}" is known in this worker thread. Export defineRegistry([YourClass]) as estimatorRegistry from a module and pass its URL as workerModules (e.g. new URL('./my-estimator.js', import.meta.url)), or use nJobs: 1.`,
    );
  }
  // A registered class is built from its own getParams() output, as clone() does.
  const est = new (Ctor as unknown as new (params: unknown) => E)(
    decodeValue(encoded.params, registry),
  );
  if (encoded.state !== undefined) {
    for (const [k, v] of Object.entries(encoded.state)) {
      (est as Record<string, unknown>)[k] = decodeValue(v, registry);
    }
  }
  return est;
}

function collectClasses(value: unknown, out: Record<string, EstimatorClass>, depth: number): void {
  if (depth > 64 || value === null || typeof value !== 'object') return;
  if (isEstimator(value)) {
    const name = estimatorNameOf(value);
    if (name !== undefined) out[name] = value.constructor as EstimatorClass;
    collectClasses(value.getParams(), out, depth + 1);
    return;
  }
  if (ArrayBuffer.isView(value)) return;
  const items = value instanceof Map ? [...value.values()] : Object.values(value);
  for (const v of value instanceof Set ? [...value] : items) collectClasses(v, out, depth + 1);
}

/**
 * The classes of `estimator` and of the estimators nested in its parameters, by name: what the
 * calling thread needs to rebuild the fitted estimators a worker sends back.
 */
export function registryOfInstance(estimator: Estimator): EstimatorRegistry {
  const out: Record<string, EstimatorClass> = {};
  collectClasses(estimator, out, 0);
  return Object.freeze(out);
}
