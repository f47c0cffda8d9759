import type { Worker } from "node:worker_threads";
import { type Awaitable, RuntimeError } from "../core/index.js";
import { NodeTimer } from "../core/internal.js";
import { deadlineOf, PromiseLikeAwaitable, remaining } from "./awaitable.js";
import { checkArgs, type Portable, toFunctionRef } from "./portable.js";
import { encodeArgs } from "./transfer.js";
import { besideThis, startWorker } from "./worker-entry.js";

const ENTRY = besideThis(import.meta.url, "thread-entry");

let threads = 0;

/**
 * Options of a {@link Thread}.
 * @example
 * new Thread({ target: work, args: [lock, 1], name: "Thread-1" });
 */
export interface ThreadOptions<A extends unknown[]> {
  /** What the thread runs: a self-contained function (sent as source) or `{ module, name }`. */
  readonly target: Portable<A, unknown>;
  /** Its arguments: structured-cloned; SharedArrayBuffers and threading primitives are shared. */
  readonly args?: A;
  /** Its name (default `Thread-N`), as `currentThread().name` inside it. */
  readonly name?: string;
  /** A daemon thread does not keep the process alive (default false, as in Python). */
  readonly daemon?: boolean;
}

/**
 * A real OS thread running `target(...args)` (Python's `threading.Thread`, on worker_threads).
 * `start()` starts it; `join()` waits for it (awaitable), `joinSync()` blocks until it ends;
 * `isAlive()` tells. An error thrown by the target is printed to stderr as Python prints it
 * ("Exception in thread Thread-1: …"), and the program goes on.
 * @example
 * const t = new Thread({ target: (n: number) => console.log(n * 2), args: [21], name: "Thread-1" });
 * t.start();
 * await t.join();
 */
export class Thread<A extends unknown[] = unknown[]> {
  readonly name: string;
  readonly daemon: boolean;
  readonly #definition: string | { module: string; name: string };
  readonly #args: unknown[];
  readonly #done = new Int32Array(new SharedArrayBuffer(4));
  #worker: Worker | null = null;
  #exited: Promise<void> | null = null;

  constructor(options: ThreadOptions<A>) {
    if (options === null || typeof options !== "object") {
      throw new TypeError("new Thread({ target, args, name }): pass an options object");
    }
    const { target, args = [] as unknown as A, name, daemon = false } = options;
    const ref = toFunctionRef(target, "new Thread({ target })");
    if (!Array.isArray(args)) throw new TypeError("new Thread({ args }): args must be an array");
    checkArgs(args, "new Thread({ args })");
    this.#definition = ref.source ?? { module: ref.module as string, name: ref.name as string };
    this.#args = encodeArgs(args);
    this.name = name ?? `Thread-${++threads}`;
    this.daemon = daemon;
  }

  /** Starts the thread; a thread starts once. */
  start(): void {
    if (this.#worker !== null) {
      throw new RuntimeError(
        `start(): ${this.name} was already started; a thread starts once — make a new Thread`,
      );
    }
    const worker = startWorker(ENTRY, {
      name: this.name,
      workerData: {
        definition: this.#definition,
        args: this.#args,
        done: this.#done.buffer,
        name: this.name,
      },
    });
    if (this.daemon) worker.unref();
    this.#worker = worker;
    this.#exited = new Promise<void>((resolve) => {
      worker.once("exit", () => {
        Atomics.store(this.#done, 0, 1);
        resolve();
      });
    });
    worker.once("error", (error) => {
      process.stderr.write(`Exception in thread ${this.name}:\n${error?.stack ?? String(error)}\n`);
    });
  }

  /** Whether it was started and its target has not returned. */
  isAlive(): boolean {
    return this.#worker !== null && Atomics.load(this.#done, 0) === 0;
  }

  /**
   * Waits for the thread to end (awaitable: `yield* t.join()` or `await t.join()`). With a
   * `timeout` (seconds) it gives up then, as Python's join does: check `isAlive()` after.
   */
  join(timeout?: number): Awaitable<void> {
    const exited = this.#started("join");
    if (timeout === undefined) return new PromiseLikeAwaitable(exited);
    deadlineOf(timeout, "join(timeout)");
    return new PromiseLikeAwaitable(
      new Promise<void>((resolve) => {
        const timer = new NodeTimer(resolve, timeout);
        void exited.then(() => {
          timer.cancel();
          resolve();
        });
      }),
    );
  }

  /** Blocks the calling thread until the thread's target returned (or `timeout` seconds). */
  joinSync(timeout?: number): void {
    this.#started("joinSync");
    const deadline = deadlineOf(timeout, "joinSync(timeout)");
    while (Atomics.load(this.#done, 0) === 0) {
      const left = remaining(deadline);
      if (left <= 0) return;
      Atomics.wait(this.#done, 0, 0, left);
    }
  }

  #started(method: string): Promise<void> {
    if (this.#exited === null) {
      throw new RuntimeError(`${method}(): ${this.name} was never started; call start() first`);
    }
    return this.#exited;
  }
}
