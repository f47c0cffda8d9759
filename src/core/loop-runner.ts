import { RuntimeError } from "./errors.js";
import type { Future } from "./future.js";
import type { LoopPorts } from "./loop-ports.js";
import type { NodeDriver } from "./node-driver.js";

/** Holds one value; the running loop of this thread lives in one. @internal */
export class Slot<T> {
  value: T | null = null;
}

/**
 * How a loop runs: `runForever`, `runUntilComplete`, `stop` — over the Node driver, with the
 * loop as this thread's running loop meanwhile. One loop runs at a time per thread.
 * @internal
 */
export class LoopRunner<L> {
  readonly #loop: L;
  readonly #running: Slot<L>;
  readonly #driver: NodeDriver;
  readonly #ports: LoopPorts;

  constructor(loop: L, running: Slot<L>, driver: NodeDriver, ports: LoopPorts) {
    this.#loop = loop;
    this.#running = running;
    this.#driver = driver;
    this.#ports = ports;
  }

  get running(): boolean {
    return this.#driver.running;
  }

  /** Refuses to start while this loop, or another, runs in this thread. */
  checkNotRunning(what: string): void {
    if (this.#driver.running) throw new RuntimeError(`${what}(): this loop is already running`);
    if (this.#running.value !== null) {
      throw new RuntimeError(
        `${what}(): another loop is already running in this thread (is run() called inside a running loop?); inside a coroutine, use createTask() and \`yield* task\` instead`,
      );
    }
  }

  runForever(): Promise<void> {
    return this.#drive("runForever", null);
  }

  /** Runs until `future` is done and returns its result. */
  runUntilComplete<T>(future: Future<T>): Promise<T> {
    if (future.done()) return Promise.resolve().then(() => future.result());
    const stopWhenDone = { futureDone: () => this.stop() };
    future.addListener(stopWhenDone);
    return this.#drive("runUntilComplete", future).then(
      () => {
        if (!future.done()) {
          throw new RuntimeError(
            "runUntilComplete(): the loop stopped before the future completed (was stop() called?)",
          );
        }
        return future.result();
      },
      (error: unknown) => {
        future.removeListener(stopWhenDone);
        throw error;
      },
    );
  }

  stop(): void {
    this.#ports.stopping = true;
    this.#driver.wake();
  }

  /** Runs the driver until stopped; the loop is this thread's running loop meanwhile. */
  #drive(what: string, main: Future<unknown> | null): Promise<void> {
    this.checkNotRunning(what);
    this.#ports.stopping = false;
    this.#running.value = this.#loop;
    return this.#driver.run(main).finally(() => {
      this.#running.value = null;
      this.#ports.stopping = false;
    });
  }
}
