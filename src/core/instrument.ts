import type { Future } from "./future.js";
import type { Handle, TimerHandle } from "./handle.js";
import type { Task } from "./task.js";

/**
 * Optional hooks into the loop, for monitors, tracers and the testing face: one of the kernel's
 * two seams. Implement only the hooks you need; durations are in seconds.
 * @example
 * loop.addInstrument({ taskDone: (t) => console.log(`${t.getName()} finished`) });
 */
export interface Instrument {
  taskCreated?(task: Task<unknown>): void;
  beforeTaskStep?(task: Task<unknown>): void;
  afterTaskStep?(task: Task<unknown>, duration: number): void;
  taskDone?(task: Task<unknown>): void;
  callbackRun?(handle: Handle, duration: number): void;
  timerScheduled?(timer: TimerHandle): void;
  idle?(duration: number): void;
  blocked?(task: Task<unknown>, on: Future<unknown>): void;
}

type HookName = keyof Instrument;
type HookArgs<K extends HookName> = Parameters<NonNullable<Instrument[K]>>;

const HOOK_NAMES: readonly HookName[] = [
  "taskCreated",
  "beforeTaskStep",
  "afterTaskStep",
  "taskDone",
  "callbackRun",
  "timerScheduled",
  "idle",
  "blocked",
];

/**
 * The installed instruments, indexed per hook: an unused hook is one null check on the hot path
 * (Trio's `_core/_instrumentation.py` does the same).
 * @internal
 */
export class Hooks {
  readonly #instruments: Instrument[] = [];
  readonly #byHook = new Map<HookName, Instrument[]>();
  /** Whether anything at all is installed: the loop's single check. */
  any = false;

  add(instrument: Instrument): void {
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

  has(hook: HookName): boolean {
    return this.#byHook.has(hook);
  }

  call<K extends HookName>(hook: K, ...args: HookArgs<K>): void {
    const list = this.#byHook.get(hook);
    if (list === undefined) return;
    for (const instrument of list) {
      (instrument[hook] as (...a: HookArgs<K>) => void).apply(instrument, args);
    }
  }

  #reindex(): void {
    this.#byHook.clear();
    for (const name of HOOK_NAMES) {
      const list = this.#instruments.filter((i) => typeof i[name] === "function");
      if (list.length > 0) this.#byHook.set(name, list);
    }
    this.any = this.#instruments.length > 0;
  }
}
