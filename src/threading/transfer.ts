/**
 * How a threading primitive crosses into a worker: structured clone would copy a plain object and
 * lose the class, so each primitive describes itself as `{ kind, buffer, name }` (its
 * SharedArrayBuffer is shared, not copied) and the receiving thread rebuilds it over the same
 * memory. Only top-level arguments (of `Thread`, or of a pool job) are converted.
 * @module
 */
import { nameOf } from "./awaitable.js";

/** The method a primitive implements to describe itself for another thread. @internal */
export const TO_SHARED = Symbol.for("spindle.threading.toShared");

/** A primitive as it crosses a thread boundary. @internal */
export interface SharedDescriptor {
  readonly spindleShared: string;
  readonly buffer: SharedArrayBuffer;
  readonly name: string;
}

/** Something that can describe itself for another thread. @internal */
export interface Shareable {
  [TO_SHARED](): SharedDescriptor;
}

const rebuilders = new Map<string, (d: SharedDescriptor) => unknown>();

/** Registers how to rebuild primitives of `kind` (each primitive's module does, when loaded). @internal */
export function registerKind(kind: string, rebuild: (d: SharedDescriptor) => unknown): void {
  rebuilders.set(kind, rebuild);
}

/** Replaces top-level primitives in `args` by their descriptors (the same array if none). @internal */
export function encodeArgs(args: readonly unknown[]): unknown[] {
  let out: unknown[] | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg !== null && typeof arg === "object" && TO_SHARED in arg) {
      out ??= args.slice();
      out[i] = (arg as Shareable)[TO_SHARED]();
    }
  }
  return out ?? (args as unknown[]);
}

/** Rebuilds the primitives `encodeArgs` described, in place. @internal */
export function decodeArgs(args: unknown[]): unknown[] {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as Partial<SharedDescriptor> | null;
    if (arg !== null && typeof arg === "object" && typeof arg.spindleShared === "string") {
      const rebuild = rebuilders.get(arg.spindleShared);
      if (rebuild !== undefined) args[i] = rebuild(arg as SharedDescriptor);
    }
  }
  return args;
}

/** The largest count one shared Int32 cell holds (a semaphore's value, an RLock's depth). @internal */
export const MAX_SHARED_COUNT = 2 ** 31 - 1;

let pending: SharedDescriptor | null = null;

/**
 * Rebuilds a primitive over existing memory: `make` calls the class's constructor, which takes
 * the descriptor with {@link attaching} instead of allocating (keeps `#private` fields readonly
 * and the constructor's public signature clean). @internal
 */
export function rebuildWith<T>(d: SharedDescriptor, make: () => T): T {
  pending = d;
  try {
    return make();
  } finally {
    pending = null;
  }
}

/**
 * In a constructor: the memory and name of a primitive of `kind` — the descriptor's when it is
 * being rebuilt in another thread (`attached`), or a new buffer of `bytes` and the given name.
 * @internal
 */
export function sharedMemory(
  kind: string,
  bytes: number,
  name: string | undefined,
): { buffer: SharedArrayBuffer; name: string; attached: boolean } {
  const shared = attaching(kind);
  if (shared !== null) return { buffer: shared.buffer, name: shared.name, attached: true };
  return { buffer: new SharedArrayBuffer(bytes), name: nameOf(kind, name), attached: false };
}

/** In a constructor: the descriptor being rebuilt, or null for a new primitive. @internal */
export function attaching(kind: string): SharedDescriptor | null {
  const d = pending;
  pending = null;
  return d !== null && d.spindleShared === kind ? d : null;
}
