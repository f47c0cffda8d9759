import { getRunningLoop, type Loop, RuntimeError, type WaitTarget } from "../../core/index.js";

/**
 * The running loop, for a primitive's waiting method `call` (e.g. "Lock.acquire()"); throws a
 * RuntimeError naming the call when no loop runs, so the mistake shows at the call, not as a hang.
 * @internal Shared by the locks and the queues.
 * @example
 * const loop = runningLoopFor("Queue.get()");
 */
export function runningLoopFor(call: string): Loop {
  try {
    return getRunningLoop();
  } catch {
    throw new RuntimeError(`${call} needs a running loop: call it from a task inside run(...)`);
  }
}

/**
 * A primitive's tie to one event loop (asyncio 3.10's `_LoopBoundMixin`): primitives can be
 * created anywhere, even before any loop runs, and bind to the running loop the first time a
 * task parks on them. Waiting on one from another loop afterwards is a RuntimeError: its parked
 * futures belong to the first loop and could never wake a task of the second.
 *
 * Uncontended paths that never park do not bind, as in asyncio.
 * @internal Shared by the locks and the queues.
 * @example
 * readonly #binding = new LoopBound();
 * #park(): Future<void> {
 *   const loop = this.#binding.bind("Event.wait()", this);
 *   this.#waiters ??= new WaitQueue(loop, this);
 *   return this.#waiters.park();
 * }
 */
export class LoopBound {
  #loop: Loop | null = null;

  /** The loop the primitive is bound to, or null before its first wait. */
  get loop(): Loop | null {
    return this.#loop;
  }

  /**
   * The running loop, binding to it the first time. Throws RuntimeError when no loop runs, or
   * when `target` is already bound to another loop.
   */
  bind(call: string, target: WaitTarget): Loop {
    const loop = runningLoopFor(call);
    if (this.#loop === loop) return loop;
    if (this.#loop === null) {
      this.#loop = loop;
      return loop;
    }
    throw new RuntimeError(
      `${call}: ${target.describe()} is bound to a different event loop (a task first waited on it there), and its waiters could never wake a task of this one; create a separate primitive for each loop`,
    );
  }
}
