import {
  type Awaitable,
  CancelledError,
  type Coroutine,
  currentTask,
  Future,
  GreenletExit,
  InvalidStateError,
  type Loop,
  RuntimeError,
  type Task,
  type Yieldable,
} from "../asyncio/index.js";
import { checkDelay, isGenerator } from "../core/internal.js";
import { checkBody, greenletBody } from "./body.js";
import { greenletOf, registerGreenlet } from "./current.js";
import { getHub, hubCall, withDeadline } from "./hub.js";
import { Timeout } from "./timeout.js";

let unnamed = 0;

/**
 * A snapshot of a {@link Greenlet}.
 * @example
 * const { name, started, dead, successful } = g.statistics();
 */
export interface GreenletStatistics {
  name: string;
  started: boolean;
  dead: boolean;
  successful: boolean;
  /** What its task is blocked on, in words, or null. */
  waitingOn: string | null;
}

/**
 * A gevent green thread: a kernel `Task` in gevent's vocabulary. The body is a generator function
 * (a plain function runs to completion in one step); `spawn()` makes and starts one, and it first
 * runs when the spawning code yields to the hub.
 *
 * A killed greenlet is `ready()` and `successful()`, with the `GreenletExit` as its `value`.
 * @example
 * const g = spawn(function* (n: number) { yield* sleep(0.1); return n * 2; }, 21);
 * const v = yield* g.get(); // 42
 */
export class Greenlet<T = unknown> implements Awaitable<T> {
  readonly #fn: (...args: never[]) => unknown;
  readonly #args: readonly unknown[];
  #name: string;
  #task: Task<T | GreenletExit> | null = null;
  /** The error a kill or a Timeout asked to throw in at the next wait. */
  #throwIn: unknown;
  /** The error thrown in before the body ever ran (it then never runs). */
  #killedBeforeStart: unknown;
  /** Whether the body has taken its first step (a greenlet killed before that never runs). */
  #ran = false;

  /** A greenlet that will run `fn(...args)` once started (`start()`, or `spawn()` instead). */
  constructor(fn: (...args: never[]) => unknown, ...args: unknown[]) {
    checkBody("Greenlet", fn);
    this.#fn = fn;
    this.#args = args;
    this.#name = fn.name || `Greenlet-${unnamed++}`;
  }

  /** The name used in reports (the function's name, or `Greenlet-<n>`). */
  get name(): string {
    return this.#name;
  }

  set name(value: string) {
    this.#name = String(value);
    this.#task?.setName(this.#name);
  }

  /** Schedules the greenlet on the hub; it runs when the caller next yields. Idempotent. */
  start(): void {
    this.startOn(getHub());
  }

  /** Starts it `seconds` from now (gevent's `start_later`). */
  startLater(seconds: number): void {
    checkDelay("Greenlet.startLater", seconds);
    if (this.#task !== null) return;
    const hub = getHub();
    const gate = hub.createFuture<void>(`start_later(${seconds})`);
    const timer = hub.callLater(seconds, () => {
      if (!gate.done()) gate.setResult();
    });
    gate.addListener({ futureDone: () => timer.cancel() });
    this.startAfter(gate);
  }

  /**
   * @internal Starts it now, so it is joinable (and killable) at once, but its body runs only
   * once `gate` is done: the deadline of `startLater`, a pool's free slot. Killed before that,
   * its body never runs.
   */
  startAfter(gate: Future<void>): void {
    if (this.#task !== null) return;
    const fn = this.#fn;
    const args = this.#args;
    const later = function* () {
      yield* gate;
      const made = (fn as (...a: unknown[]) => unknown)(...args);
      return isGenerator(made) ? ((yield* made as Coroutine<T>) as T) : (made as T);
    };
    this.#launch(getHub(), later as (...a: never[]) => unknown, []);
  }

  /** @internal Starts it on `hub`. */
  startOn(hub: Loop): void {
    if (this.#task !== null) return;
    this.#launch(hub, this.#fn, this.#args);
  }

  #launch(hub: Loop, fn: (...args: never[]) => unknown, args: readonly unknown[]): void {
    const coro = greenletBody<T>(this, fn, args);
    registerGreenlet(coro as Coroutine<unknown>, this);
    this.#task = hub.createTask(coro, { name: this.#name });
  }

  /** Whether it was started. */
  get started(): boolean {
    return this.#task !== null;
  }

  /** Whether it finished (returned, failed or was killed). */
  get dead(): boolean {
    return this.#task?.done() ?? false;
  }

  /** Same as `dead`: whether it has a value or an exception. */
  ready(): boolean {
    return this.dead;
  }

  /** Whether it finished without an exception (a killed greenlet counts as successful). */
  successful(): boolean {
    return this.dead && this.exception === undefined;
  }

  /** Its return value (a `GreenletExit` if it was killed); undefined until it is done. */
  get value(): T | GreenletExit | undefined {
    const task = this.#task;
    if (task === null || !task.done()) return undefined;
    if (task.cancelled()) {
      return this.#killedBeforeStart instanceof GreenletExit ? this.#killedBeforeStart : undefined;
    }
    return task.exception() === undefined ? task.result() : undefined;
  }

  /** The error that ended it, or undefined (still running, or successful). */
  get exception(): unknown {
    const task = this.#task;
    if (task === null || !task.done()) return undefined;
    if (task.cancelled()) {
      const killed = this.#killedBeforeStart;
      if (killed instanceof GreenletExit) return undefined;
      return killed ?? new CancelledError(`${this.#name} was cancelled`);
    }
    return task.exception();
  }

  /** @internal The kernel task behind it (null until started). */
  get task(): Task<T | GreenletExit> | null {
    return this.#task;
  }

  /**
   * Waits until it is done, at most `timeout` seconds; never throws its error (gevent's
   * `join`). Resolves to whether it is done.
   */
  join(timeout?: number | null): Awaitable<boolean> {
    if (timeout !== undefined && timeout !== null) checkDelay("Greenlet.join", timeout);
    return hubCall(() => this.#join(timeout));
  }

  *#join(timeout: number | null | undefined): Coroutine<boolean> {
    const task = this.#mustBeStarted("join");
    if (!task.done()) yield* withDeadline(timeout, doneOf(task), () => false);
    return task.done();
  }

  /**
   * Its value, waiting for it if `block` (default); throws its error if it failed, and gevent's
   * `Timeout` if it is not done in time (or at once, when not blocking).
   */
  get(block = true, timeout?: number | null): Awaitable<T | GreenletExit> {
    if (timeout !== undefined && timeout !== null) checkDelay("Greenlet.get", timeout);
    return hubCall(() => this.#get(block, timeout));
  }

  *#get(block: boolean, timeout: number | null | undefined): Coroutine<T | GreenletExit> {
    const task = this.#mustBeStarted("get");
    if (!task.done()) {
      if (!block)
        throw new Timeout(
          0,
          undefined,
          `${this.#name} has not finished yet; get(true) waits for it`,
        );
      const done = yield* withDeadline(timeout, doneOf(task), () => false);
      if (done === false) {
        throw new Timeout(
          timeout ?? 0,
          undefined,
          `${this.#name} did not finish within ${timeout} seconds`,
        );
      }
    }
    const error = this.exception;
    if (error !== undefined) throw error;
    return this.value as T | GreenletExit;
  }

  /**
   * Raises `exception` (default a new `GreenletExit`) inside the greenlet, and by default waits
   * until it is dead. A greenlet that never ran never runs.
   */
  kill(
    exception: unknown = new GreenletExit(),
    options: { block?: boolean; timeout?: number | null } = {},
  ): Awaitable<void> {
    this.throwIn(exception);
    if (options.block === false) return hubCall(function* () {});
    return hubCall(() => this.#afterKill(options.timeout));
  }

  *#afterKill(timeout: number | null | undefined): Coroutine<void> {
    const task = this.#task;
    if (task !== null && !task.done()) yield* withDeadline(timeout, doneOf(task), () => false);
  }

  /** @internal Throws `error` in at the greenlet's current wait (its next step). */
  throwIn(error: unknown): void {
    const task = this.#task;
    if (task === null) {
      // Never started: start it already dead, as gevent does with an unstarted kill.
      this.start();
    }
    const t = this.#task!;
    if (t.done()) return;
    if (this.#throwIn === undefined) this.#throwIn = error;
    if (!this.#ran) this.#killedBeforeStart = error;
    t.cancel(`${this.#name} is being killed`);
  }

  /**
   * @internal Takes back a throw-in of `error` not delivered yet (a Timeout cancelled after it
   * fired, because the greenlet was woken with its value first: the value wins). False if it was
   * delivered already, or is not pending.
   */
  withdrawThrowIn(error: unknown): boolean {
    if (this.#throwIn !== error) return false;
    this.#throwIn = undefined;
    this.#killedBeforeStart = undefined;
    this.#task?.uncancel();
    return true;
  }

  /** @internal ThrowTarget: the body took its first step. */
  bodyStarted(): void {
    this.#ran = true;
  }

  /** @internal ThrowTarget: the pending throw-in, once. */
  takeThrowIn(): unknown {
    const error = this.#throwIn;
    if (error === undefined) return undefined;
    this.#throwIn = undefined;
    this.#killedBeforeStart = undefined;
    this.#task?.uncancel();
    return error;
  }

  /** Calls `callback(this)` once it is done (through the hub, like gevent's `link`). */
  link(callback: (greenlet: Greenlet<T>) => void): void {
    if (typeof callback !== "function") {
      throw new TypeError(
        "Greenlet.link() needs a function to call with the greenlet when it is done",
      );
    }
    this.#mustBeStarted("link").addDoneCallback(() => callback(this));
  }

  /** Like `link`, only when it ended successfully. */
  linkValue(callback: (greenlet: Greenlet<T>) => void): void {
    this.link((g) => {
      if (g.successful()) callback(g);
    });
  }

  /** Like `link`, only when it ended with an error. */
  linkException(callback: (greenlet: Greenlet<T>) => void): void {
    this.link((g) => {
      if (!g.successful()) callback(g);
    });
  }

  /** A snapshot for tests and the monitor. */
  statistics(): GreenletStatistics {
    return {
      name: this.#name,
      started: this.started,
      dead: this.dead,
      successful: this.successful(),
      waitingOn: this.#task?.waitingOn()?.describe() ?? null,
    };
  }

  /** `yield* g` / `await g`: same as `g.get()`. */
  [Symbol.iterator](): Iterator<Yieldable, T, unknown> {
    return this.get()[Symbol.iterator]() as Iterator<Yieldable, T, unknown>;
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return Promise.resolve(this.get() as Awaitable<T>).then(onFulfilled, onRejected);
  }

  toString(): string {
    return `<Greenlet '${this.#name}'${this.dead ? " dead" : ""}>`;
  }

  #mustBeStarted(what: string): Task<T | GreenletExit> {
    if (this.#task === null) {
      throw new InvalidStateError(
        `Greenlet.${what}(): ${this.#name} was never started; call start() or make it with spawn()`,
      );
    }
    return this.#task;
  }
}

/**
 * An awaitable that completes when `task` is done, without retrieving (and so silencing) its
 * error: joining a failed greenlet must not hide the failure from the loop's report.
 * @internal
 * @example
 * yield* doneOf(g.task);
 */
export function doneOf(task: Task<unknown>): Awaitable<true> {
  const done = new GreenletEnd(getHub(), task);
  task.addListener({ futureDone: () => done.done() || done.setResult(true) });
  return done;
}

/**
 * The end of a greenlet, as a joiner waits for it. The deadlock report then says whose end this
 * waits for, and finds cycles of joins (the greenlet's task is its holder).
 */
class GreenletEnd extends Future<true> {
  readonly #task: Task<unknown>;

  constructor(hub: Loop, task: Task<unknown>) {
    super(hub, `Greenlet '${task.getName()}'`);
    this.#task = task;
  }

  override holders(): readonly Task<unknown>[] {
    return [this.#task];
  }
}

/**
 * The greenlet running now, or null (in ordinary code, or a task that is not a greenlet).
 * @example
 * const me = getcurrent();
 * console.log(me?.name);
 */
export function getcurrent(): Greenlet<unknown> | null {
  return greenletOf(currentTask()) as Greenlet<unknown> | null;
}

/**
 * Makes a greenlet for `fn(...args)` and starts it on the hub: it first runs when the caller
 * yields (gevent.spawn). `fn` should be a generator function; `spawn` of a non-function throws
 * TypeError. From ordinary code (no loop running), it waits on the implicit hub.
 * @example
 * const a = spawn(function* (n: number) { yield* sleep(0); return n; }, 1);
 */
export function spawn<A extends unknown[], R>(
  fn: (...args: A) => Generator<Yieldable, R, unknown> | R,
  ...args: A
): Greenlet<R> {
  checkBody("spawn", fn);
  const g = new Greenlet<R>(fn as (...a: never[]) => unknown, ...args);
  g.start();
  return g;
}

/**
 * Like {@link spawn}, starting `seconds` from now.
 * @example
 * const later = spawnLater(1.5, function* () { console.log("1.5 s later"); });
 */
export function spawnLater<A extends unknown[], R>(
  seconds: number,
  fn: (...args: A) => Generator<Yieldable, R, unknown> | R,
  ...args: A
): Greenlet<R> {
  checkDelay("spawnLater", seconds);
  checkBody("spawnLater", fn);
  const g = new Greenlet<R>(fn as (...a: never[]) => unknown, ...args);
  g.startLater(seconds);
  return g;
}

/** @internal For errors that need to name the caller. */
export function notInGreenlet(what: string): RuntimeError {
  return new RuntimeError(
    `${what} must be called inside a gevent greenlet (started with spawn() or gevent's run()); this code runs ${currentTask() === null ? "outside any task" : "in a task that is not a greenlet"}`,
  );
}
