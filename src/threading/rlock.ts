import { threadId } from "node:worker_threads";
import { type Awaitable, RuntimeError, resolved } from "../core/index.js";
import {
  Attempt,
  AttemptAwaitable,
  checkAcquire,
  checkOptions,
  deadlineOf,
  remaining,
  type ThreadingOptions,
  waitAsyncUntil,
} from "./awaitable.js";
import {
  MAX_SHARED_COUNT,
  rebuildWith,
  registerKind,
  type SharedDescriptor,
  sharedMemory,
  TO_SHARED,
} from "./transfer.js";

const OWNER = 0;
const COUNT = 1;
const ACQUIRED = resolved(true);
/** threadId + 1, so that 0 means "nobody". */
const ME = threadId + 1;

/**
 * A snapshot of a threading {@link RLock}.
 * @example
 * rlock.statistics(); // { name: "tree", locked: true, ownerThread: 0, depth: 2 }
 */
export interface ThreadingRLockStatistics {
  name: string;
  locked: boolean;
  /** The owning thread's id (0 is the main thread), or null. */
  ownerThread: number | null;
  /** How many times the owner acquired it without releasing. */
  depth: number;
}

/**
 * A reentrant lock shared by threads (Python's `threading.RLock`): the owning *thread* may take
 * it again; each acquire needs its release. `[owner, depth]` in a SharedArrayBuffer. On the main
 * thread every task is the same thread, so tasks re-enter each other's hold: use a spindle
 * asyncio Lock between tasks.
 * @example
 * const rlock = new RLock();
 * rlock.acquire(); rlock.acquire(); rlock.release(); rlock.release();
 */
export class RLock {
  readonly #buffer: SharedArrayBuffer;
  readonly #cells: Int32Array;
  readonly #name: string;

  constructor(options?: ThreadingOptions) {
    const { name: wanted } = checkOptions("new RLock(options)", options);
    const { buffer, name } = sharedMemory("RLock", 8, wanted);
    this.#name = name;
    this.#buffer = buffer;
    this.#cells = new Int32Array(this.#buffer);
  }

  /** Whether some thread holds it. */
  locked(): boolean {
    return Atomics.load(this.#cells, OWNER) !== 0;
  }

  #tryTake(call: string): boolean {
    const c = this.#cells;
    const owner = Atomics.compareExchange(c, OWNER, 0, ME);
    if (owner === 0 || owner === ME) {
      const depth = c[COUNT] as number; // only the owner writes the depth
      if (depth === MAX_SHARED_COUNT) {
        // Only an owner re-entering gets here (a free lock has depth 0), so nothing changed.
        throw new RangeError(
          `RLock.${call}(): ${this.#name} is held ${depth} levels deep by this thread, the most its shared Int32 counts; release it before taking it again`,
        );
      }
      c[COUNT] = depth + 1;
      return true;
    }
    return false;
  }

  /** Takes it (again, if this thread holds it), blocking while another thread does. */
  acquire(blocking = true, timeout = -1): boolean {
    checkAcquire("RLock.acquire(blocking, timeout)", blocking, timeout, true);
    if (this.#tryTake("acquire")) return true;
    if (!blocking) return false;
    const deadline = deadlineOf(timeout, "RLock.acquire(blocking, timeout)");
    for (;;) {
      const owner = Atomics.load(this.#cells, OWNER);
      if (owner !== 0) {
        const left = remaining(deadline);
        if (left <= 0) return false;
        Atomics.wait(this.#cells, OWNER, owner, left);
      }
      if (this.#tryTake("acquire")) return true;
    }
  }

  /** The awaitable form of {@link acquire}. */
  acquireAsync(timeout?: number): Awaitable<boolean> {
    if (this.#tryTake("acquireAsync")) return ACQUIRED;
    const deadline = deadlineOf(timeout, "RLock.acquireAsync(timeout)");
    const attempt = new Attempt();
    return new AttemptAwaitable(this.#contend(attempt, deadline), attempt, () => this.release());
  }

  async #contend(attempt: Attempt, deadline: number): Promise<boolean> {
    for (;;) {
      const owner = Atomics.load(this.#cells, OWNER);
      if (owner !== 0) {
        if (remaining(deadline) <= 0) return false;
        await waitAsyncUntil(this.#cells, OWNER, owner, deadline);
      }
      if (attempt.abandoned) {
        Atomics.notify(this.#cells, OWNER, 1);
        return false;
      }
      if (this.#tryTake("acquireAsync")) {
        attempt.won = true;
        return true;
      }
    }
  }

  /** Releases one level; the last release frees it. Throws if this thread does not hold it. */
  release(): void {
    const c = this.#cells;
    if (Atomics.load(c, OWNER) !== ME) {
      throw new RuntimeError(
        `release(): ${this.#name} is not held by this thread; only the thread that acquired an RLock may release it`,
      );
    }
    const depth = (c[COUNT] as number) - 1;
    c[COUNT] = depth;
    if (depth === 0) {
      Atomics.store(c, OWNER, 0);
      Atomics.notify(c, OWNER, 1);
    }
  }

  /** A snapshot for tests and the monitor. */
  statistics(): ThreadingRLockStatistics {
    const owner = Atomics.load(this.#cells, OWNER);
    return {
      name: this.#name,
      locked: owner !== 0,
      ownerThread: owner === 0 ? null : owner - 1,
      depth: Atomics.load(this.#cells, COUNT),
    };
  }

  /** @internal How it crosses into another thread. */
  [TO_SHARED](): SharedDescriptor {
    return { spindleShared: "RLock", buffer: this.#buffer, name: this.#name };
  }
}

registerKind("RLock", (d) => rebuildWith(d, () => new RLock()));
