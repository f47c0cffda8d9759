import { type Clock, RealClock } from "./clock.js";
import { DebugMode } from "./debug-mode.js";
import { RuntimeError } from "./errors.js";
import { ExceptionHandling, type ExceptionHandler as Handler } from "./exception-handling.js";
import { LoopExecutors } from "./executors.js";
import { type Awaitable, type ExceptionContext, Future } from "./future.js";
import { Handle, TimerHandle, type TimerOwner } from "./handle.js";
import { Hooks, type Instrument, type ScheduledTimer } from "./instrument.js";
import { LiveTasks } from "./live-tasks.js";
import type { Executor, LoopOptions, TaskOptions } from "./loop-options.js";
import { LoopPorts, type LoopStatistics } from "./loop-ports.js";
import { LoopRunner, Slot } from "./loop-runner.js";
import { NodeDriver } from "./node-driver.js";
import { ReadyPass } from "./pass.js";
import { type LoopResource, LoopResources } from "./resources.js";
import type { Runnable } from "./runnable.js";
import { FifoScheduler, type Scheduler } from "./scheduler.js";
import { Task, type TaskBody } from "./task.js";
import { type TimerEntry, TimerHeap } from "./timer-heap.js";
import { UnretrievedFailures } from "./unretrieved.js";
import {
  checkCallback,
  checkDelay,
  checkTaskBody,
  checkTime,
  type TaskSource,
} from "./validate.js";

/**
 * asyncio's exception handler: `handler(loop, context)`.
 * @example
 * const handler: ExceptionHandler = (_loop, ctx) => console.error(ctx.message);
 */
export type ExceptionHandler = Handler<Loop>;

/** The loop running in this thread (between `runForever()` starting and ending), or null. @internal */
export const runningLoop = new Slot<Loop>();

/**
 * The event loop (asyncio's `AbstractEventLoop`, in camelCase): a ready queue of tasks and
 * callbacks, a timer heap, and a driver that runs them inside Node's own loop. Times are seconds.
 *
 * Invariants (asyncio's): `callSoon` callbacks run in FIFO order; timers run in (deadline,
 * insertion) order; work scheduled during a pass runs in the next pass (`ReadyPass` snapshots the
 * ready length); a cancelled handle never runs; a closed loop refuses new work.
 * @example
 * const loop = newEventLoop();
 * loop.callSoon(() => console.log("soon"));
 * loop.callLater(0.5, () => loop.stop());
 * await loop.runForever();
 * loop.close();
 */
export class Loop {
  readonly #clock: Clock;
  readonly #ready: Scheduler;
  readonly #pass: ReadyPass;
  readonly #timers = new TimerHeap();
  #timerSeq = 0;
  /** Per loop, so the same program names its tasks and futures the same way every run. */
  #taskNumber = 0;
  #futureNumber = 0;
  readonly #hooks = new Hooks((message, exception) =>
    this.callExceptionHandler({ message, exception }),
  );
  readonly #live = new LiveTasks<Task<unknown>>();
  readonly #ports: LoopPorts;
  #closed = false;
  readonly #debug: DebugMode;
  readonly #errors = new ExceptionHandling<Loop>(this);
  readonly #driver: NodeDriver;
  readonly #runner: LoopRunner<Loop>;
  readonly #unretrieved = new UnretrievedFailures((context) => this.callExceptionHandler(context));
  readonly #executors = new LoopExecutors(this);
  readonly #resources = new LoopResources((context) => this.callExceptionHandler(context));
  /** @internal The task whose step is running, or null. */
  currentTask: Task<unknown> | null = null;
  /** Steps and callbacks slower than this (seconds) are reported in debug mode (asyncio's 0.1). */
  slowCallbackDuration = 0.1;

  constructor(options: LoopOptions = {}) {
    this.#clock = options.clock ?? new RealClock();
    this.#ready = options.scheduler ?? new FifoScheduler();
    const resolution = this.#clock instanceof RealClock ? 0.001 : 0;
    this.#pass = new ReadyPass(
      this.#clock,
      resolution,
      this.#ready,
      this.#timers,
      this.#hooks,
      (context) => this.callExceptionHandler(context),
    );
    this.#ports = new LoopPorts(this.#clock, this.#pass, this.#live, this.#hooks);
    this.#driver = new NodeDriver(this.#ports);
    this.#runner = new LoopRunner<Loop>(this, runningLoop, this.#driver, this.#ports);
    this.#debug = new DebugMode(this, this.#hooks);
    if (options.debug) this.setDebug(true);
  }

  /** The loop's time in seconds (monotonic; virtual under a `VirtualClock`). */
  time(): number {
    return this.#clock.time();
  }

  /** Runs `callback(...args)` at the next pass, after everything already scheduled. */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    this.#checkOpen("callSoon");
    checkCallback("callSoon", callback);
    const handle = new Handle(callback as (...a: never[]) => unknown, args);
    this.schedule(handle);
    return handle;
  }

  /** Runs `callback(...args)` after `delay` seconds. */
  callLater<A extends unknown[]>(
    delay: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    checkDelay("callLater", delay);
    this.#debug.checkDelay(`callLater(${delay})`, delay);
    return this.#addTimer("callLater", this.#clock.time() + delay, callback, args);
  }

  /** Runs `callback(...args)` at loop time `when` (seconds, as `loop.time()`). */
  callAt<A extends unknown[]>(
    when: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    checkTime("callAt", when);
    return this.#addTimer("callAt", when, callback, args);
  }

  /** A new pending future bound to this loop; `label` names it in reports. */
  createFuture<T = unknown>(label?: string): Future<T> {
    this.#checkOpen("createFuture");
    return new Future<T>(this, label ?? null);
  }

  /**
   * Schedules `body` as a task: a generator (or generator function) runs step by step; a Promise
   * or async function is followed (it cannot be interrupted mid-await; cancelling fires its
   * AbortSignal).
   */
  createTask<T>(body: TaskSource<T>, options: TaskOptions = {}): Task<T> {
    this.#checkOpen("createTask");
    const checked: TaskBody<T> = checkTaskBody("createTask", body);
    return new Task<T>(this, checked, options.name ?? null);
  }

  /**
   * Runs `fn(...args)` on `executor` and returns a loop future of its result. With `null`, the
   * loop's default executor runs it (a thread pool, created on first use, as asyncio's).
   */
  runInExecutor<A extends unknown[], R>(
    executor: Executor | null,
    fn: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>> {
    this.#checkOpen("runInExecutor");
    checkCallback("runInExecutor", fn);
    return this.#executors.run(executor, fn, args);
  }

  /** Sets the executor `runInExecutor(null, …)` and `toThread` use. */
  setDefaultExecutor(executor: Executor): void {
    this.#executors.setDefault(executor);
  }

  /** Shuts the default executor down, waiting for its jobs (`run()` does this before closing). */
  shutdownDefaultExecutor(): Promise<void> {
    return this.#executors.shutdownDefault();
  }

  /**
   * Runs until `stop()` is called. Resolves after the pass in which `stop()` was called; rejects
   * with `DeadlockError` if nothing is scheduled and nothing outside could ever call `stop()`.
   */
  runForever(): Promise<void> {
    this.#checkOpen("runForever");
    return this.#runner.runForever();
  }

  /** Runs until `awaitable` is done and returns its result (a coroutine is wrapped in a task). */
  runUntilComplete<T>(awaitable: Future<T> | TaskSource<T>): Promise<T> {
    this.#checkOpen("runUntilComplete");
    if (awaitable instanceof Future && !awaitable.belongsTo(this)) {
      throw new RuntimeError(
        `runUntilComplete(): ${awaitable.describe()} belongs to a different loop; run it on its own loop`,
      );
    }
    // Refuse before wrapping: a refused call must not leave a task behind to run later.
    this.#runner.checkNotRunning("runUntilComplete");
    return this.#runner.runUntilComplete(
      awaitable instanceof Future ? awaitable : this.createTask(awaitable),
    );
  }

  /** Makes `runForever()` return after the current pass. */
  stop(): void {
    this.#runner.stop();
  }

  /** Whether `runForever()` / `runUntilComplete()` is in progress. */
  isRunning(): boolean {
    return this.#runner.running;
  }

  /** Whether `close()` was called. */
  isClosed(): boolean {
    return this.#closed;
  }

  /**
   * Registers something opened on this loop (a server, a connection, an in-flight request) that
   * must not outlive it: `close()` closes it if it is still open then, and in debug mode warns
   * that the program left it open. Call the returned function once the resource is closed.
   * @example
   * const release = loop.trackResource({ describe: () => "server on :8080", close: () => server.close() });
   * server.once("close", release);
   */
  trackResource(resource: LoopResource): () => void {
    this.#checkOpen("trackResource");
    return this.#resources.track(resource);
  }

  /**
   * Closes what is still open on the loop (see `trackResource`), drops pending callbacks and
   * timers, and reports failures nobody retrieved; the loop then refuses new work. Idempotent.
   */
  close(): void {
    if (this.#runner.running) {
      throw new RuntimeError(
        "close(): cannot close a running loop; call stop() and wait for it first",
      );
    }
    if (this.#closed) return;
    this.#debug.close();
    this.#resources.closeAll(this.getDebug());
    this.#closed = true;
    this.#ready.clear();
    this.#timers.clear();
    this.#executors.close();
    this.#unretrieved.flush();
  }

  /** Sets the handler called as `handler(loop, context)` for errors nobody else can receive. */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    this.#errors.set(handler);
  }

  /** The handler set with `setExceptionHandler`, or null for the default (print to stderr). */
  getExceptionHandler(): ExceptionHandler | null {
    return this.#errors.handler;
  }

  /** Reports an error nobody else can receive: calls the handler, or prints it. */
  callExceptionHandler(context: ExceptionContext): void {
    this.#errors.call(context);
  }

  /** Turns debug mode on or off (slow step and callback warnings). */
  setDebug(on: boolean): void {
    this.#debug.set(on);
  }

  /** @internal Debug mode's checks (a forgotten `yield*`, a delay in milliseconds). */
  get debugMode(): DebugMode {
    return this.#debug;
  }

  /** Whether debug mode is on. */
  getDebug(): boolean {
    return this.#debug.on;
  }

  /** Installs hooks called on task and loop events (monitors, tracers, tests). */
  addInstrument(instrument: Instrument): void {
    this.#hooks.add(instrument);
  }

  /** Removes hooks added with `addInstrument`; false if they were not installed. */
  removeInstrument(instrument: Instrument): boolean {
    return this.#hooks.remove(instrument);
  }

  /** Tasks not yet done, in creation order. */
  liveTasks(): Task<unknown>[] {
    return [...this.#live];
  }

  /** A snapshot: tasks, ready entries, timers, outside work, passes and steps so far. */
  statistics(): LoopStatistics {
    return this.#ports.statistics(this.#ready.length, this.#timers.live);
  }

  /** @internal The instruments, for tasks to report their events to. */
  get hooks(): Hooks {
    return this.#hooks;
  }

  /** @internal */
  nextTaskNumber(): number {
    return ++this.#taskNumber;
  }

  /** @internal */
  nextFutureId(): number {
    return ++this.#futureNumber;
  }

  /** @internal The next number of an unnamed primitive of `kind` made while this loop runs. */
  nextPrimitiveNumber(kind: string): number {
    return this.#ports.nextPrimitiveNumber(kind);
  }

  /** @internal */
  schedule(entry: Runnable): void {
    if (this.#closed) return; // a late wake-up (a promise settling after close) has nowhere to go
    this.#ready.push(entry);
    if (this.#hooks.taskScheduled !== null && entry instanceof Task) {
      this.#hooks.call("taskScheduled", entry);
    }
    this.#driver.wake();
  }

  /** @internal A sleep's own timer: numbered like every timer, then into the heap. */
  armTimer(entry: TimerEntry & ScheduledTimer & { seq: number }): TimerOwner {
    this.#checkOpen("sleep");
    entry.seq = this.#timerSeq++;
    this.#pushTimer(entry);
    return this.#timers;
  }

  /** @internal */
  taskStarted(task: Task<unknown>, parent: Task<unknown> | null): void {
    this.#live.add(task);
    if (this.#hooks.taskCreated !== null) this.#hooks.call("taskCreated", task, parent);
  }

  /** @internal */
  taskFinished(task: Task<unknown>): void {
    this.#live.remove(task);
    if (this.#hooks.taskDone !== null) this.#hooks.call("taskDone", task);
  }

  /** @internal */
  failureUnretrieved(future: Future<unknown>, error: unknown): void {
    this.#unretrieved.add(future, error);
  }

  /** @internal */
  failureRetrieved(future: Future<unknown>): void {
    this.#unretrieved.remove(future);
  }

  /** @internal Outside work (a promise, a socket, a worker job) began: an idle loop waits for it. */
  holdOutside(what = "outside work"): void {
    this.#ports.outside++;
    if (this.#hooks.outsideWork !== null) this.#hooks.call("outsideWork", what);
  }

  /** @internal That outside work ended. */
  releaseOutside(): void {
    this.#ports.outside--;
  }

  /**
   * Keeps the loop waiting (instead of reporting a deadlock) until the returned release function
   * is called: for a future that a non-spindle callback (a raw Node timer, an event emitter) will
   * complete. Promises, executors and streams do this by themselves.
   * @example
   * const release = loop.keepAlive("the config watcher");
   * emitter.once("ready", () => { release(); future.setResult(true); });
   */
  keepAlive(what = "keepAlive()"): () => void {
    this.holdOutside(what);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.releaseOutside();
    };
  }

  #addTimer(
    what: string,
    when: number,
    callback: (...args: never[]) => unknown,
    args: readonly unknown[],
  ): TimerHandle {
    this.#checkOpen(what);
    checkCallback(what, callback);
    const timer = new TimerHandle(when, this.#timerSeq++, callback, args, this.#timers);
    this.#pushTimer(timer);
    return timer;
  }

  #pushTimer(timer: TimerEntry & ScheduledTimer): void {
    this.#timers.push(timer);
    if (this.#hooks.timerScheduled !== null) this.#hooks.call("timerScheduled", timer);
    this.#driver.timerAdded(timer.when());
  }

  #checkOpen(what: string): void {
    if (this.#closed) {
      throw new RuntimeError(
        `${what}(): the event loop is closed; create a new one with newEventLoop() or use run()`,
      );
    }
  }
}

export type { Awaitable, Executor, LoopOptions, TaskOptions };
