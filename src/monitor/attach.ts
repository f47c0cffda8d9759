import { Loop } from "../core/index.js";

/**
 * Process-wide watching ("every loop this program creates"), for `SPINDLE_MONITOR`,
 * `spindle trace` and a `record()` started before any loop runs.
 *
 * The kernel has no "a loop was created" hook, so this wraps `Loop.prototype.createTask` while
 * anyone listens: a loop is announced just before its first task is created (`run()` creates
 * its main task first thing), so nothing of it is missed. The wrapper is removed when the last
 * listener stops. This is a stopgap until the kernel offers such a hook.
 */
type Listener = (loop: Loop) => void;

const listeners = new Map<Listener, WeakSet<Loop>>();
let original: Loop["createTask"] | null = null;

/** Calls `listener` once for every loop, just before its first task (from now on) is created. */
export function onEveryLoop(listener: Listener): () => void {
  listeners.set(listener, new WeakSet());
  if (original === null) {
    const wrapped = Loop.prototype.createTask;
    original = wrapped;
    Loop.prototype.createTask = function createTask(this: Loop, ...args) {
      for (const [each, seen] of listeners) {
        if (seen.has(this)) continue;
        seen.add(this);
        each(this);
      }
      return wrapped.apply(this, args) as ReturnType<Loop["createTask"]>;
    } as Loop["createTask"];
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && original !== null) {
      Loop.prototype.createTask = original;
      original = null;
    }
  };
}

/**
 * Loops a process-wide consumer attached to, held weakly: a program that runs many loops one
 * after another (a `run()` per request) must not have them all kept alive by its monitor.
 */
export class WeakLoops {
  #refs: WeakRef<Loop>[] = [];
  #pruneAt = 16;

  add(loop: Loop): void {
    this.#refs.push(new WeakRef(loop));
    if (this.#refs.length >= this.#pruneAt) {
      this.#refs = this.#refs.filter((ref) => ref.deref() !== undefined);
      this.#pruneAt = Math.max(16, this.#refs.length * 2);
    }
  }

  /** The loops still alive. */
  alive(): Loop[] {
    const loops: Loop[] = [];
    for (const ref of this.#refs) {
      const loop = ref.deref();
      if (loop !== undefined) loops.push(loop);
    }
    return loops;
  }
}
