import { performance } from "node:perf_hooks";
// Node's own timers, imported rather than read from globals: monkey patching (spindle/gevent)
// replaces the globals with the hub's, and the driver must keep driving the hub with Node's.
import { clearImmediate, clearTimeout, setImmediate, setTimeout } from "node:timers";
import type { Clock } from "./clock.js";
import { DeadlockError } from "./errors.js";
import type { Future } from "./future.js";
// Longer waits than Node's largest delay are re-armed when they end (see #sleep).
import { MAX_NODE_DELAY_MS } from "./node-timer.js";

/** Hand control back to Node at least this often (ms), so I/O callbacks are never starved. */
const TURN_BUDGET_MS = 2;
/** Look at the real clock only after about this many entries, so a switch costs no clock read. */
const WORK_BETWEEN_CLOCK_READS = 32;

/**
 * What the driver needs of the loop. The loop implements it with prototype methods, not
 * per-loop closures: call sites in the hot path then see the same functions for every loop,
 * and V8 keeps them optimised across loops (closures made each loop deoptimised them after a GC).
 * @internal
 */
export interface DriverPorts {
  /** Runs one pass; returns how many entries ran. */
  runPass(): number;
  /** Whether the next pass has work (ready entries or due timers). */
  hasReady(): boolean;
  /** The earliest live timer's deadline, or null. */
  nextDeadline(): number | null;
  readonly clock: Clock;
  /** Whether promises, sockets or workers that could wake a task are pending. */
  outsidePending(): boolean;
  isStopping(): boolean;
  /** The report for tasks that can never run again. */
  deadlock(headline: string): DeadlockError;
  onIdle(seconds: number): void;
}

/** Node calls this (with the driver as argument) for every scheduled turn. */
function runTurn(driver: NodeDriver): void {
  driver.turn();
}

/**
 * Runs a loop inside Node's own event loop.
 *
 * A turn (`turn()`) runs passes back to back until nothing is ready or the turn's budget is spent,
 * then hands back to Node with `setImmediate` (more work) or one Node timer for the earliest
 * deadline (idle), or nothing at all (idle, waiting on outside work). When nothing is ready, no
 * timer is set and nothing outside is pending while the main future is unfinished, one confirming
 * turn lets pending microtasks run; if still nothing happened, that is a deadlock. If Node itself
 * runs dry while we wait (`beforeExit`), nothing can ever wake us: that is a deadlock too, instead
 * of Node's silent exit.
 * @internal
 */
export class NodeDriver {
  readonly #ports: DriverPorts;
  #running = false;
  /** A turn is scheduled or running: wake() has nothing to do. */
  #awake = false;
  #main: Future<unknown> | null = null;
  #immediate: NodeJS.Immediate | null = null;
  #timer: NodeJS.Timeout | null = null;
  #idleSince = 0;
  /** The last turn found the loop idle with nothing that could wake it; confirming. */
  #suspectDeadlock = false;
  #settle: { resolve: () => void; reject: (error: unknown) => void } | null = null;

  constructor(ports: DriverPorts) {
    this.#ports = ports;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Runs until stopped; `main`, when given, is the future whose wait may deadlock. */
  run(main: Future<unknown> | null): Promise<void> {
    this.#running = true;
    this.#main = main;
    this.#suspectDeadlock = false;
    process.on("beforeExit", this.#onBeforeExit);
    return new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
      this.#awake = true;
      this.#immediate = setImmediate(runTurn, this);
    });
  }

  /** Something became ready (or a timer was added) while the loop may be sleeping. */
  wake(): void {
    if (this.#awake || !this.#running) return;
    this.#awake = true;
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#ports.onIdle((performance.now() - this.#idleSince) / 1000);
    this.#immediate = setImmediate(runTurn, this);
  }

  /** A timer was added: a sleeping loop must re-arm for it. */
  timerAdded(_when: number): void {
    this.wake();
  }

  /** @internal One turn: passes until idle or out of budget (see the class comment). */
  turn(): void {
    this.#immediate = null;
    if (!this.#running) return;
    const ports = this.#ports;
    const clock = ports.clock;
    const budgetEnd = performance.now() + TURN_BUDGET_MS;
    let work = 0;
    for (;;) {
      if (ports.isStopping()) {
        this.#finish(null);
        return;
      }
      const ran = ports.runPass();
      if (ran > 0) this.#suspectDeadlock = false;
      if (ports.hasReady()) {
        work += ran + 1;
        if (work >= WORK_BETWEEN_CLOCK_READS) {
          work = 0;
          if (performance.now() >= budgetEnd) {
            this.#immediate = setImmediate(runTurn, this);
            return;
          }
        }
        continue;
      }
      if (ports.isStopping()) {
        this.#finish(null);
        return;
      }
      const deadline = ports.nextDeadline();
      if (deadline !== null) {
        const wait = clock.sleepTime(deadline, ports.outsidePending());
        if (wait <= 0) {
          clock.slept(deadline); // a virtual clock jumps; the timer is due at the next pass
          continue;
        }
        this.#sleep(wait, deadline);
        return;
      }
      if (ports.outsidePending() || this.#main === null) {
        this.#sleep(null, null);
        return;
      }
      if (!this.#suspectDeadlock) {
        // Let pending microtasks (promise callbacks) run first: they may schedule work.
        this.#suspectDeadlock = true;
        this.#immediate = setImmediate(runTurn, this);
        return;
      }
      this.#finish(
        ports.deadlock(
          "deadlock: no task can make progress: nothing is ready, no timer is set and nothing outside the loop is pending.",
        ),
      );
      return;
    }
  }

  #sleep(seconds: number | null, deadline: number | null): void {
    this.#awake = false;
    this.#idleSince = performance.now();
    if (seconds === null || deadline === null) return;
    const ms = Math.min(MAX_NODE_DELAY_MS, Math.max(1, Math.round(seconds * 1000)));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#ports.clock.slept(deadline);
      this.wake();
    }, ms);
  }

  readonly #onBeforeExit = (): void => {
    if (!this.#running) return;
    if (this.#main === null) {
      this.#finish(
        new DeadlockError(
          "deadlock: runForever() has nothing scheduled and nothing outside the loop is pending, so nothing can ever call stop(); call loop.stop() from a callback or task",
          [],
          null,
        ),
      );
      return;
    }
    this.#finish(
      this.#ports.deadlock(
        "deadlock: Node's event loop is empty, so nothing outside spindle can complete what the tasks wait on.",
      ),
    );
  };

  #finish(error: DeadlockError | null): void {
    this.#running = false;
    this.#awake = false;
    this.#main = null;
    if (this.#immediate !== null) clearImmediate(this.#immediate);
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#immediate = null;
    this.#timer = null;
    process.off("beforeExit", this.#onBeforeExit);
    const settle = this.#settle;
    this.#settle = null;
    if (error === null) settle?.resolve();
    else settle?.reject(error);
  }
}
