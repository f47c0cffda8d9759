import { type Awaitable, BrokenBarrierError } from "../core/index.js";
import {
  Attempt,
  AttemptAwaitable,
  deadlineOf,
  nameOf,
  remaining,
  waitAsyncUntil,
} from "./awaitable.js";
import { type BarrierOptions, checkBarrierOptions } from "./barrier-options.js";
import { compile, type Fn } from "./compile.js";
import {
  attaching,
  decodeArgs,
  encodeArgs,
  rebuildWith,
  registerKind,
  type SharedDescriptor,
  TO_SHARED,
} from "./transfer.js";

/*
 * Shared layout (Int32 cells): STATE packs `count << 2 | phase`, changed only by compare-and-swap;
 * GEN is the futex word everyone sleeps on, bumped after every phase change that someone waits
 * for. CPython's state machine, on one word:
 *
 *   filling ──last arrives, action ok──> draining ──last one out──> filling
 *      │  └──timeout, action throws, abort()──> broken ──reset()──> resetting (or filling if empty)
 *      └──reset() with parties inside──> resetting ──last one out──> filling
 *
 * `count` is the parties inside the current cycle (arrived and not yet left). A cycle cannot
 * start before the previous one has drained, so a party inside always sees its own cycle's
 * outcome, however fast the others run into the next one. While the last arriver runs the
 * action the phase is still filling with count == parties: newcomers wait.
 */
const STATE = 0;
const GEN = 1;
const PARTIES = 2;
const CELLS = 3;

const FILLING = 0;
const DRAINING = 1;
const RESETTING = 2;
const BROKEN = 3;

/** STATE: `count` in the upper bits, the phase in the lowest two. */
const pack = (phase: number, count: number): number => (count << 2) | phase;

/**
 * A snapshot of a threading {@link Barrier}.
 * @example
 * barrier.statistics(); // { name: "step", parties: 3, nWaiting: 1, broken: false }
 */
export interface ThreadingBarrierStatistics {
  name: string;
  parties: number;
  /** Parties waiting in the current cycle. */
  nWaiting: number;
  broken: boolean;
}

/** A Barrier as it crosses a thread boundary. @internal */
interface BarrierDescriptor extends SharedDescriptor {
  readonly action: string | null;
  readonly actionArgs: unknown[];
  readonly timeout: number | null;
}

/**
 * A meeting point for a fixed number of threads (Python's `threading.Barrier`): each `wait()`
 * blocks until `parties` threads wait, then all pass together, each getting its arrival index
 * (0 to `parties - 1`); the barrier then serves the next cycle. A timeout, `abort()` or a
 * failing action breaks it (`BrokenBarrierError` for every waiter and every later `wait()`)
 * until `reset()`. Three Int32s in a SharedArrayBuffer. `waitAsync()` is the awaitable form.
 * Passed to a worker, it is rebuilt over the same memory.
 * @example
 * const barrier = new Barrier(3);
 * const step = (barrier: Barrier) => { prepare(); barrier.wait(); compute(); };
 * for (let i = 0; i < 2; i++) new Thread({ target: step, args: [barrier] }).start();
 * await barrier.waitAsync(); // the main thread is the third party
 */
export class Barrier {
  readonly #buffer: SharedArrayBuffer;
  readonly #cells: Int32Array;
  readonly #name: string;
  readonly #parties: number;
  readonly #timeout: number | null;
  readonly #actionSource: string | null;
  readonly #actionArgs: readonly unknown[];
  /** The action compiled in this thread, on first use (only the last arriver runs it). */
  #action: Fn | null = null;

  constructor(parties: number, options: BarrierOptions = {}) {
    const shared = attaching("Barrier") as BarrierDescriptor | null;
    if (shared !== null) {
      this.#name = shared.name;
      this.#buffer = shared.buffer;
      this.#cells = new Int32Array(this.#buffer);
      this.#parties = Atomics.load(this.#cells, PARTIES);
      this.#timeout = shared.timeout;
      this.#actionSource = shared.action;
      this.#actionArgs = decodeArgs(shared.actionArgs);
      return;
    }
    const checked = checkBarrierOptions(parties, options);
    this.#timeout = checked.timeout;
    this.#actionSource = checked.actionSource;
    this.#actionArgs = checked.actionArgs;
    this.#name = nameOf("Barrier", options.name);
    this.#buffer = new SharedArrayBuffer(CELLS * 4);
    this.#cells = new Int32Array(this.#buffer);
    this.#cells[PARTIES] = parties;
    this.#parties = parties;
  }

  /** The barrier's name. */
  get name(): string {
    return this.#name;
  }

  /** How many threads must arrive to pass. */
  get parties(): number {
    return this.#parties;
  }

  /** How many parties wait in the current cycle (0 while draining, resetting or broken). */
  get nWaiting(): number {
    const s = Atomics.load(this.#cells, STATE);
    return (s & 3) === FILLING ? s >>> 2 : 0;
  }

  /** Whether the barrier is broken (a timeout, `abort()` or a failed action; until `reset()`). */
  get broken(): boolean {
    return (Atomics.load(this.#cells, STATE) & 3) === BROKEN;
  }

  /**
   * Blocks the thread until `parties` threads wait here, then returns this thread's arrival
   * index (0 for the first). Throws `BrokenBarrierError` if the barrier is broken, breaks while
   * waiting, is reset meanwhile, or `timeout` seconds (default: the barrier's) pass — a timeout
   * breaks the barrier for every party, as in Python.
   */
  wait(timeout?: number): number {
    const deadline = this.#deadline(timeout, "Barrier.wait(timeout)");
    const c = this.#cells;
    let index = -1;
    for (;;) {
      const gen = Atomics.load(c, GEN);
      index = this.#tryEnter();
      if (index >= 0) break;
      Atomics.wait(c, GEN, gen);
    }
    if (index === this.#parties - 1) return this.#lastArrives(index);
    let timedOut = false;
    let phase = FILLING;
    try {
      for (;;) {
        const gen = Atomics.load(c, GEN);
        phase = Atomics.load(c, STATE) & 3;
        if (phase !== FILLING) break;
        const left = remaining(deadline);
        if (left <= 0) {
          timedOut = this.#breakWhile(FILLING);
          continue;
        }
        Atomics.wait(c, GEN, gen, left);
      }
    } finally {
      this.#leave();
    }
    return this.#outcome(index, phase, timedOut, timeout);
  }

  /**
   * The awaitable form of {@link wait}: resolves to the arrival index. A task cancelled while it
   * waits leaves the cycle (one party fewer has arrived), as asyncio's Barrier does.
   */
  waitAsync(timeout?: number): Awaitable<number> {
    const deadline = this.#deadline(timeout, "Barrier.waitAsync(timeout)");
    const attempt = new Attempt();
    const done = this.#waitLoop(attempt, deadline, timeout);
    void done.catch(() => {}); // an abandoned attempt's outcome has no reader
    return new AttemptAwaitable(
      done,
      attempt,
      () => {},
      () => Atomics.notify(this.#cells, GEN),
    );
  }

  /**
   * Returns the barrier to its empty, unbroken state. Threads waiting in it get
   * `BrokenBarrierError`; a cycle already passing (draining) is not disturbed.
   */
  reset(): void {
    this.#transition((phase, count) => {
      if (count === 0) return FILLING;
      return phase === FILLING || phase === BROKEN ? RESETTING : phase;
    });
  }

  /**
   * Breaks the barrier: waiting threads, and every later `wait()`, get `BrokenBarrierError`
   * until `reset()`. Use it when a party cannot arrive (it failed).
   */
  abort(): void {
    this.#transition(() => BROKEN);
  }

  /** A snapshot for tests and the monitor. */
  statistics(): ThreadingBarrierStatistics {
    return {
      name: this.#name,
      parties: this.#parties,
      nWaiting: this.nWaiting,
      broken: this.broken,
    };
  }

  /** @internal How it crosses into another thread (the action as source, compiled there). */
  [TO_SHARED](): BarrierDescriptor {
    return {
      spindleShared: "Barrier",
      buffer: this.#buffer,
      name: this.#name,
      action: this.#actionSource,
      actionArgs: encodeArgs(this.#actionArgs),
      timeout: this.#timeout,
    };
  }

  #deadline(timeout: number | undefined, where: string): number {
    return deadlineOf(timeout ?? this.#timeout ?? undefined, where);
  }

  /** Arrives if the cycle is filling and not full: the index; -1 to wait; throws if broken. */
  #tryEnter(): number {
    const c = this.#cells;
    for (;;) {
      const s = Atomics.load(c, STATE);
      const phase = s & 3;
      const count = s >>> 2;
      if (phase === BROKEN) throw this.#brokenError();
      if (phase !== FILLING || count >= this.#parties) return -1;
      if (Atomics.compareExchange(c, STATE, s, pack(FILLING, count + 1)) === s) return count;
    }
  }

  /** The last party: runs the action, then releases the cycle (or breaks it if the action threw). */
  #lastArrives(index: number): number {
    let phase: number;
    try {
      try {
        this.#runAction();
      } catch (error) {
        this.#breakWhile(FILLING);
        throw error;
      }
      phase = this.#open();
    } finally {
      this.#leave();
    }
    return this.#outcome(index, phase, false, undefined);
  }

  #runAction(): void {
    if (this.#actionSource === null) return;
    this.#action ??= compile(this.#actionSource) as Fn;
    this.#action(...this.#actionArgs);
  }

  /** filling (full) → draining, unless a reset or abort came first; the phase it ends in. */
  #open(): number {
    const c = this.#cells;
    for (;;) {
      const s = Atomics.load(c, STATE);
      if ((s & 3) !== FILLING) return s & 3;
      if (Atomics.compareExchange(c, STATE, s, pack(DRAINING, s >>> 2)) === s) {
        this.#bump();
        return DRAINING;
      }
    }
  }

  /** Breaks the barrier if it is in `phase`; whether this call broke it. */
  #breakWhile(phase: number): boolean {
    const c = this.#cells;
    for (;;) {
      const s = Atomics.load(c, STATE);
      if ((s & 3) !== phase) return false;
      if (Atomics.compareExchange(c, STATE, s, pack(BROKEN, s >>> 2)) === s) {
        this.#bump();
        return true;
      }
    }
  }

  /** A party leaves its cycle; the last one out of a drained or reset cycle opens the next. */
  #leave(): void {
    this.#transition((phase, count) => {
      if (count === 0 && (phase === DRAINING || phase === RESETTING)) return FILLING;
      return phase;
    }, -1);
  }

  /** Changes the phase (and count by `delta`) with compare-and-swap; wakes sleepers on a change. */
  #transition(next: (phase: number, count: number) => number, delta = 0): void {
    const c = this.#cells;
    for (;;) {
      const s = Atomics.load(c, STATE);
      const count = (s >>> 2) + delta;
      const phase = next(s & 3, count);
      if (Atomics.compareExchange(c, STATE, s, pack(phase, count)) === s) {
        if (phase !== (s & 3) || delta === 0) this.#bump();
        return;
      }
    }
  }

  #bump(): void {
    Atomics.add(this.#cells, GEN, 1);
    Atomics.notify(this.#cells, GEN);
  }

  /** What a party that arrived gets once its cycle left filling. */
  #outcome(index: number, phase: number, timedOut: boolean, timeout: number | undefined): number {
    if (phase === DRAINING) return index;
    if (phase === RESETTING) {
      throw new BrokenBarrierError(
        `Barrier.wait(): ${this.#name} was reset while this party waited at it; call wait() again to join the next cycle`,
      );
    }
    if (timedOut) {
      const seconds = timeout ?? this.#timeout;
      throw new BrokenBarrierError(
        `Barrier.wait(): ${this.#name} timed out after ${seconds} s with fewer than ${this.#parties} parties arrived, which breaks it for every party (as in Python); call reset() to use it again`,
      );
    }
    throw this.#brokenError();
  }

  #brokenError(): BrokenBarrierError {
    return new BrokenBarrierError(
      `Barrier.wait(): ${this.#name} is broken (a wait timed out, abort() was called, or the action threw); call reset() before waiting on it again`,
    );
  }

  async #waitLoop(
    attempt: Attempt,
    deadline: number,
    timeout: number | undefined,
  ): Promise<number> {
    const c = this.#cells;
    let index = -1;
    for (;;) {
      const gen = Atomics.load(c, GEN);
      index = this.#tryEnter();
      if (index >= 0) break;
      if (attempt.abandoned) return -1;
      await waitAsyncUntil(c, GEN, gen, Number.POSITIVE_INFINITY);
    }
    if (attempt.abandoned) {
      // cancelled between the last wake-up and arriving: step out again
      if (this.#withdraw()) return -1;
    }
    if (index === this.#parties - 1) return this.#lastArrives(index);
    let timedOut = false;
    let phase = FILLING;
    try {
      for (;;) {
        const gen = Atomics.load(c, GEN);
        phase = Atomics.load(c, STATE) & 3;
        if (phase !== FILLING) break;
        if (attempt.abandoned && this.#withdraw()) return -1;
        if (remaining(deadline) <= 0) {
          timedOut = this.#breakWhile(FILLING);
          continue;
        }
        await waitAsyncUntil(c, GEN, gen, deadline);
      }
    } catch (error) {
      this.#leave();
      throw error;
    }
    this.#leave();
    if (attempt.abandoned) return -1;
    return this.#outcome(index, phase, timedOut, timeout);
  }

  /**
   * A cancelled task's party steps out of a filling cycle that is not full (while the last
   * arriver runs the action it stays, and leaves with the cycle). Whether it stepped out.
   */
  #withdraw(): boolean {
    const c = this.#cells;
    for (;;) {
      const s = Atomics.load(c, STATE);
      const count = s >>> 2;
      if ((s & 3) !== FILLING || count >= this.#parties) return false;
      if (Atomics.compareExchange(c, STATE, s, pack(FILLING, count - 1)) === s) return true;
    }
  }
}

registerKind("Barrier", (d) => rebuildWith(d, () => new Barrier(1)));
