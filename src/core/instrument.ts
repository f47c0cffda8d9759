import type { Handle } from "./handle.js";
import type { Task } from "./task.js";
import type { WaitTarget } from "./traps.js";

/**
 * A timer as instruments see it: a `TimerHandle`, or a sleeping task's own timer.
 * @example
 * const seen: Instrument = { timerScheduled: (t) => console.log(t.describe(), "at", t.when()) };
 */
export interface ScheduledTimer {
  /** The deadline, in loop time (seconds). */
  when(): number;
  /** The callback's name, or the sleep's label ("sleep(1.5)"). */
  describe(): string;
}

/**
 * Optional hooks into the loop, for monitors, tracers and the testing face: one of the kernel's
 * two seams. Implement only the hooks you need. Durations are seconds of real time; read
 * `loop.time()` (loop time, virtual under a `VirtualClock`) and `performance.now()` (wall time)
 * in the hook when you need a timestamp. A hook that throws is removed (with its instrument) and
 * reported through the loop's exception handler: an instrument can never break the loop.
 * @example
 * loop.addInstrument({
 *   taskBlocked: (task, on) => console.log(`${task.getName()} waits on ${on.describe()}`),
 *   taskDone: (task) => console.log(`${task.getName()} finished`),
 * });
 */
export interface Instrument {
  /** A task was created; `parent` is the task whose step created it (null outside a task). */
  taskCreated?(task: Task<unknown>, parent: Task<unknown> | null): void;
  /** A task entered the ready queue (first step, after `yield;`, or woken). */
  taskScheduled?(task: Task<unknown>): void;
  /** A task's step is about to run. */
  beforeTaskStep?(task: Task<unknown>): void;
  /** A task's step ended (it parked, yielded, or finished); `duration` is its real time. */
  afterTaskStep?(task: Task<unknown>, duration: number): void;
  /** A task parked; `on` says what it waits for (`on.describe()` is the wait label). */
  taskBlocked?(task: Task<unknown>, on: WaitTarget): void;
  /** A parked task was woken; `by` is the task whose step woke it (null: a callback or I/O). */
  taskWoken?(task: Task<unknown>, by: Task<unknown> | null): void;
  /** Cancellation of a task was requested (it finishes unwinding later). */
  taskCancelled?(task: Task<unknown>, message: string | undefined): void;
  /** A task finished: with a result, an error, or cancelled. */
  taskDone?(task: Task<unknown>): void;
  /** A callback ran; `duration` is its real time. */
  callbackRun?(handle: Handle, duration: number): void;
  /** A timer was scheduled: a `callLater`/`callAt` handle, or a task's `sleep()`. */
  timerScheduled?(timer: ScheduledTimer): void;
  /** A pass of the loop begins: `ready` entries will run. */
  passStarted?(ready: number): void;
  /** The pass ended. */
  passEnded?(): void;
  /** The loop slept `duration` seconds (real time) with nothing to run. */
  idle?(duration: number): void;
  /** Outside work began that the loop will wait for: `what` says what ("a Promise", a socket). */
  outsideWork?(what: string): void;
}

/** The hook names, for validation and indexing. */
const HOOK_NAMES = [
  "taskCreated",
  "taskScheduled",
  "beforeTaskStep",
  "afterTaskStep",
  "taskBlocked",
  "taskWoken",
  "taskCancelled",
  "taskDone",
  "callbackRun",
  "timerScheduled",
  "passStarted",
  "passEnded",
  "idle",
  "outsideWork",
] as const satisfies readonly (keyof Instrument)[];

type HookName = (typeof HOOK_NAMES)[number];
type HookArgs<K extends HookName> = Parameters<NonNullable<Instrument[K]>>;

/**
 * The installed instruments, indexed per hook: each hook is a field that is null while no
 * instrument implements it, so an unused hook costs the loop one null check (Trio's
 * `_core/_instrumentation.py` does the same).
 *
 * Invariant: `this[hook]` is null or a non-empty list of the instruments, in installation order,
 * that implement `hook`; a hook that throws has its instrument removed before the next call.
 * @internal
 */
export class Hooks implements Record<HookName, Instrument[] | null> {
  taskCreated: Instrument[] | null = null;
  taskScheduled: Instrument[] | null = null;
  beforeTaskStep: Instrument[] | null = null;
  afterTaskStep: Instrument[] | null = null;
  taskBlocked: Instrument[] | null = null;
  taskWoken: Instrument[] | null = null;
  taskCancelled: Instrument[] | null = null;
  taskDone: Instrument[] | null = null;
  callbackRun: Instrument[] | null = null;
  timerScheduled: Instrument[] | null = null;
  passStarted: Instrument[] | null = null;
  passEnded: Instrument[] | null = null;
  idle: Instrument[] | null = null;
  outsideWork: Instrument[] | null = null;
  /** Whether any step-timing hook is installed: the pass then times steps. */
  timesSteps = false;
  readonly #instruments: Instrument[] = [];
  readonly #report: (message: string, error: unknown) => void;

  constructor(report: (message: string, error: unknown) => void) {
    this.#report = report;
  }

  add(instrument: Instrument): void {
    checkInstrument(instrument);
    if (this.#instruments.includes(instrument)) return;
    this.#instruments.push(instrument);
    this.#reindex();
  }

  remove(instrument: Instrument): boolean {
    const i = this.#instruments.indexOf(instrument);
    if (i < 0) return false;
    this.#instruments.splice(i, 1);
    this.#reindex();
    return true;
  }

  /** A task parked (for tasks: one check when nobody listens). */
  reportBlocked(task: Task<unknown>, on: WaitTarget): void {
    if (this.taskBlocked !== null) this.call("taskBlocked", task, on);
  }

  /** A parked task was woken by `by`. */
  reportWoken(task: Task<unknown>, by: Task<unknown> | null): void {
    if (this.taskWoken !== null) this.call("taskWoken", task, by);
  }

  /** A task's cancellation was requested. */
  reportCancelled(task: Task<unknown>, message: string | undefined): void {
    if (this.taskCancelled !== null) this.call("taskCancelled", task, message);
  }

  /** Calls `hook` on every instrument that has it; one that throws is removed and reported. */
  call<K extends HookName>(hook: K, ...args: HookArgs<K>): void {
    const list = this[hook];
    if (list === null) return;
    for (const instrument of list) {
      try {
        (instrument[hook] as (...a: HookArgs<K>) => void).apply(instrument, args);
      } catch (error) {
        this.remove(instrument);
        this.#report(
          `instrument hook ${hook}() threw, so its instrument was removed; fix the hook (instruments must not throw)`,
          error,
        );
      }
    }
  }

  #reindex(): void {
    for (const name of HOOK_NAMES) {
      const list = this.#instruments.filter((i) => typeof i[name] === "function");
      this[name] = list.length > 0 ? list : null;
    }
    this.timesSteps = this.afterTaskStep !== null || this.callbackRun !== null;
  }
}

/** An instrument is an object whose known keys are functions; a typo is an error, not a no-op. */
function checkInstrument(instrument: unknown): asserts instrument is Instrument {
  if (typeof instrument !== "object" || instrument === null) {
    throw new TypeError(
      `addInstrument() needs an object of hook functions, e.g. { taskDone(task) {...} }; got ${instrument === null ? "null" : typeof instrument}`,
    );
  }
  const known: readonly string[] = HOOK_NAMES;
  for (const key of Object.keys(instrument)) {
    const value = (instrument as Record<string, unknown>)[key];
    if (!known.includes(key)) {
      // An instrument may carry its own state and helpers; a near-miss of a hook is a typo.
      if (typeof value === "function" && looksLikeHook(key)) {
        throw new TypeError(
          `addInstrument(): unknown hook ${key}(); the hooks are ${HOOK_NAMES.join(", ")}`,
        );
      }
      continue;
    }
    if (typeof value !== "function" && value !== undefined) {
      throw new TypeError(`addInstrument(): hook ${key} must be a function; got ${typeof value}`);
    }
  }
}

/** "taskdone", "blocked", "beforeStep": a hook misspelled or from an older version. */
function looksLikeHook(key: string): boolean {
  const lower = key.toLowerCase();
  return (
    HOOK_NAMES.some((name) => name.toLowerCase() === lower) ||
    /^(task|pass|before|after|callback|timer|idle|blocked|woken|cancelled|outside)/i.test(key)
  );
}
