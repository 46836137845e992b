/**
 * Explicit estimator registries: how an estimator is rebuilt elsewhere (a worker thread) from a
 * name and its `getParams()`, without any registration by import side effect. A class carries
 * its stable name as `static readonly estimatorName`; a package exports a registry value — a
 * frozen name → class map built by {@link defineRegistry} — and whoever needs to rebuild
 * estimators (a worker entry) builds its lookup from the registry values it imports.
 *
 * @module
 */

import { ValidationError } from './errors.js';
import type { Estimator } from './estimator.js';

/**
 * A class that can be rebuilt from its name and parameters: `new Class(params)` with the
 * object `getParams()` returned, and a stable `estimatorName` (the class's own static field, so
 * that a subclass without one is not mistaken for its parent).
 */
export interface EstimatorClass<E extends Estimator = Estimator> {
  new (...args: never[]): E;
  readonly estimatorName: string;
}

/** Name → class, as a package exports it (e.g. `estimatorRegistry` of `@voxelkit/estimators`). */
export type EstimatorRegistry = Readonly<Record<string, EstimatorClass>>;

function ownName(ctor: unknown): string | undefined {
  if (typeof ctor !== 'function' || !Object.hasOwn(ctor, 'estimatorName')) return undefined;
  const name = (ctor as { estimatorName?: unknown }).estimatorName;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * A registry value of `classes`, keyed by their `estimatorName`. Pure: calling it registers
 * nothing anywhere, so a bundler may drop an unused registry.
 *
 * @example
 * ```ts
 * export const estimatorRegistry = defineRegistry([MyClassifier, MyScaler]);
 * ```
 * @throws ValidationError when a class has no own `static estimatorName`, or two share a name.
 */
export function defineRegistry(classes: readonly EstimatorClass[]): EstimatorRegistry {
  const out: Record<string, EstimatorClass> = {};
  for (const ctor of classes) {
    const name = ownName(ctor);
    if (name === undefined) {
      throw new ValidationError(
        `${(ctor as { name?: string })?.name || 'A class'} has no own "static readonly estimatorName" string, so it cannot be put in a registry. Add one (e.g. static readonly estimatorName: string = 'MyClassifier').`,
      );
    }
    if (Object.hasOwn(out, name) && out[name] !== ctor) {
      throw new ValidationError(`Two classes share the estimator name "${name}" in one registry.`);
    }
    out[name] = ctor;
  }
  return Object.freeze(out);
}

/**
 * One lookup from several registries (later ones may not redefine a name with another class).
 *
 * @throws ValidationError when two registries map one name to different classes, or a value is
 *   not a registry of estimator classes.
 */
export function mergeRegistries(registries: readonly EstimatorRegistry[]): EstimatorRegistry {
  const out: Record<string, EstimatorClass> = {};
  for (const registry of registries) {
    if (typeof registry !== 'object' || registry === null) {
      throw new ValidationError(
        `An estimator registry must be an object mapping names to classes (defineRegistry's result); got ${String(registry)}.`,
      );
    }
    for (const [name, ctor] of Object.entries(registry)) {
      if (ownName(ctor) !== name) {
        throw new ValidationError(
          `Registry entry "${name}" is not a class whose static estimatorName is "${name}". Build registries with defineRegistry([...]).`,
        );
      }
      if (Object.hasOwn(out, name) && out[name] !== ctor) {
        throw new ValidationError(
          `Two registries define the estimator name "${name}" with different classes.`,
        );
      }
      out[name] = ctor;
    }
  }
  return Object.freeze(out);
}

/** The `estimatorName` of `estimator`'s own class, or undefined when its class has none. */
export function estimatorNameOf(estimator: object): string | undefined {
  return ownName((estimator as { constructor?: unknown }).constructor);
}
