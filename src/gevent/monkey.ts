/**
 * gevent's monkey patching for Node: `patchAll()` routes the global timers (`setTimeout`,
 * `setInterval`, `setImmediate` and their clears) and clocks (`Date.now`, `performance.now`)
 * through the hub, so code that knows nothing of spindle runs on the hub's clock — virtual time
 * included — and its timers show in the hub's timer statistics and instruments.
 *
 * The trade-off, as the talk says of gevent's: it "may cause surprises, or improvements".
 * Improvements: plain callback code becomes testable in virtual time, and the hub sees (and can
 * report) every timer. Surprises: `Date.now()` follows the hub (a virtual hub's clock jumps);
 * `unref()` is ignored (a hub timer always keeps the hub busy); timers set while the hub is not
 * running go to Node as usual; libraries that captured `setTimeout` before patching are not
 * affected.
 * @module
 */
import { type Loop, RuntimeError, type TimerHandle } from "../asyncio/index.js";
import { describeValue } from "../core/internal.js";
import { getHub } from "./hub.js";

/** Node's originals, captured once at load (before any patch). */
const original = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
  setImmediate: globalThis.setImmediate,
  clearImmediate: globalThis.clearImmediate,
  dateNow: Date.now,
  performance: Object.getOwnPropertyDescriptor(globalThis, "performance"),
  perf: globalThis.performance,
};

/**
 * A snapshot of the patch.
 * @example
 * const { patched, timersScheduled, active } = monkey.statistics();
 */
export interface MonkeyStatistics {
  /** Whether the globals are patched now. */
  patched: boolean;
  /** The hub they are routed to, in words, or null. */
  hub: string | null;
  /** Timers and immediates routed through the hub since `patchAll()`. */
  timersScheduled: number;
  /** Routed timers, intervals and immediates still pending. */
  active: number;
}

/**
 * Ids of routed timers start here, far above Node's own (its timers' ids are async ids, counted
 * from 1 per process), so a number passed to a clear names one timer only.
 */
const FIRST_ID = 2 ** 40;

/** A routed timer: what the patched `setTimeout` returns (shaped like Node's Timeout). */
class HubTimer {
  static #nextId = FIRST_ID;
  readonly id = HubTimer.#nextId++;
  readonly owner: Patch;
  handle: TimerHandle | { cancel(): void } | null = null;
  /** How to arm it again (`refresh()`, and each round of an interval). */
  rearm: (() => void) | null = null;

  constructor(owner: Patch) {
    this.owner = owner;
  }

  ref(): this {
    return this;
  }
  /** Ignored: a hub timer always keeps the hub busy (a documented surprise). */
  unref(): this {
    return this;
  }
  hasRef(): boolean {
    return true;
  }
  refresh(): this {
    this.handle?.cancel();
    this.rearm?.();
    return this;
  }
  close(): this {
    cancel(this);
    return this;
  }
  [Symbol.toPrimitive](): number {
    return this.id;
  }
}

/**
 * One `patchAll()` onto one hub. It lives while the globals are patched for it or any timer it
 * routed is pending; all that time it is a resource of its hub, so the hub's closing ends it:
 * the globals are put back and its timers dropped (they could never fire on a closed loop).
 */
class Patch {
  readonly hub: Loop;
  readonly hubTimeAtPatch: number;
  readonly wallAtPatch: number;
  readonly perfAtPatch: number;
  scheduled = 0;
  readonly active = new Set<HubTimer>();
  #release: (() => void) | null;

  constructor(hub: Loop) {
    this.hub = hub;
    this.hubTimeAtPatch = hub.time();
    this.wallAtPatch = original.dateNow.call(Date);
    this.perfAtPatch = original.perf.now();
    this.#release = this.#track();
  }

  /** A routed timer is armed (again: `refresh()` may re-arm one after its patch settled). */
  add(timer: HubTimer): void {
    this.active.add(timer);
    routed.set(timer.id, timer);
    this.#release ??= this.#track();
  }

  /** A routed timer fired or was cancelled. */
  remove(timer: HubTimer): void {
    this.active.delete(timer);
    routed.delete(timer.id);
    this.settle();
  }

  /** Unpatched and nothing of it pending: let the hub forget it; Node's clears may come back. */
  settle(): void {
    if (patch === this || this.active.size > 0) return;
    this.#release?.();
    this.#release = null;
    restoreClearsWhenIdle();
  }

  #track(): () => void {
    return this.hub.trackResource({
      describe: () =>
        patch === this
          ? "the monkey patch of Node's timers and clocks (undo it with monkey.unpatch())"
          : `the set of ${this.active.size} timer(s) made while monkey-patched (clear them with clearTimeout / clearInterval)`,
      close: () => this.#hubClosed(),
    });
  }

  #hubClosed(): void {
    this.#release = null; // the hub has let go of it already
    if (patch === this) restoreGlobals();
    for (const timer of [...this.active]) {
      timer.rearm = null;
      timer.handle = null;
      routed.delete(timer.id);
    }
    this.active.clear();
    restoreClearsWhenIdle();
  }
}

/** The current patch, or null when the globals are Node's. */
let patch: Patch | null = null;
/** Every routed timer still pending, by id, whichever patch made it: the clears look here. */
const routed = new Map<number, HubTimer>();

/**
 * Routes Node's global timers and clocks through `hub`: by default the running loop, or from
 * ordinary code gevent's implicit hub (as `spawn` and `joinall` use). Idempotent for the same
 * hub; patching again with a different hub throws RuntimeError (unpatch first). When the hub's
 * loop closes, the patches are undone with it (in debug mode, with a warning).
 * @example
 * import { joinall, monkey, spawn } from "spindle/gevent";
 * monkey.patchAll(); // at the top of the file, as in Python
 * await joinall([spawn(function* () { plainCallbackCode(); })]);
 */
export function patchAll(options: { hub?: Loop } = {}): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `patchAll() takes options like { hub: loop }; got ${describeValue(options)}`,
    );
  }
  const hub = options.hub ?? getHub();
  if (patch !== null) {
    if (patch.hub === hub) return;
    throw new RuntimeError(
      "monkey.patchAll(): the globals are already patched for a different hub; call monkey.unpatch() first",
    );
  }
  if (hub.isClosed()) {
    throw new RuntimeError(
      "monkey.patchAll(): the hub's loop is closed; patch onto a running one (call it inside run(...))",
    );
  }
  patch = new Patch(hub);
  const g = globalThis as unknown as Record<string, unknown>;
  g.setTimeout = patchedSetTimeout;
  g.setInterval = patchedSetInterval;
  g.setImmediate = patchedSetImmediate;
  g.clearTimeout = clears.clearTimeout;
  g.clearInterval = clears.clearInterval;
  g.clearImmediate = clears.clearImmediate;
  Date.now = patchedDateNow;
  // The kernel imports `performance` from node:perf_hooks and keeps using the real one; code that
  // reads the global gets a view whose now() follows the hub.
  const view = new Proxy(original.perf, {
    get(target, key) {
      if (key === "now") return patchedPerfNow;
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  Object.defineProperty(globalThis, "performance", {
    value: view,
    configurable: true,
    writable: true,
    enumerable: true,
  });
}

/**
 * Puts Node's own timers and clocks back. Harmless when not patched. Timers already routed stay
 * on the hub and still fire there; the global clears still cancel them (by object or by id), and
 * are Node's own again once none is pending.
 * @example
 * monkey.unpatch();
 */
export function unpatch(): void {
  const p = patch;
  if (p === null) return;
  restoreGlobals();
  p.settle();
}

/** Node's setters and clocks back; the clears too unless routed timers are pending. */
function restoreGlobals(): void {
  patch = null;
  const g = globalThis as unknown as Record<string, unknown>;
  g.setTimeout = original.setTimeout;
  g.setInterval = original.setInterval;
  g.setImmediate = original.setImmediate;
  Date.now = original.dateNow;
  if (original.performance) Object.defineProperty(globalThis, "performance", original.performance);
  restoreClearsWhenIdle();
}

/** Node's own clears, once nothing routed is pending and nothing is patched. */
function restoreClearsWhenIdle(): void {
  if (patch !== null || routed.size > 0) return;
  const g = globalThis as unknown as Record<string, unknown>;
  // Only ours are replaced: a clear someone else installed since is theirs to manage.
  if (g.clearTimeout === clears.clearTimeout) g.clearTimeout = original.clearTimeout;
  if (g.clearInterval === clears.clearInterval) g.clearInterval = original.clearInterval;
  if (g.clearImmediate === clears.clearImmediate) g.clearImmediate = original.clearImmediate;
}

/**
 * Whether the globals are patched now (gevent's `is_module_patched`, for the whole set).
 * @example
 * if (!monkey.isPatched()) monkey.patchAll();
 */
export function isPatched(): boolean {
  return patch !== null;
}

/**
 * A snapshot: patched or not, the hub, routed timers.
 * @example
 * console.log(monkey.statistics().timersScheduled);
 */
export function statistics(): MonkeyStatistics {
  return {
    patched: patch !== null,
    hub: patch === null ? null : `Loop (time ${patch.hub.time()})`,
    timersScheduled: patch?.scheduled ?? 0,
    active: patch?.active.size ?? 0,
  };
}

/**
 * Whether this call should go to Node itself: nothing patched, or the hub not running (nobody
 * would run its timers). spindle's own Node driver never gets here: it imports Node's timers from
 * `node:timers` instead of reading the globals.
 */
function toNode(p: Patch | null): p is null {
  return p === null || !p.hub.isRunning() || p.hub.isClosed();
}

function ms(delay: unknown): number {
  const n = Number(delay);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

// A callback that is not a function goes to Node's own setter, which throws its own TypeError
// (code ERR_INVALID_ARG_TYPE): patched or not, the error is Node's.

function patchedSetTimeout(
  callback: (...args: unknown[]) => void,
  delay?: number,
  ...args: unknown[]
): unknown {
  const p = patch;
  if (toNode(p) || typeof callback !== "function") {
    return (original.setTimeout as Function)(callback, delay, ...args);
  }
  const timer = new HubTimer(p);
  timer.rearm = () => {
    timer.handle = p.hub.callLater(ms(delay) / 1000, () => {
      p.remove(timer);
      callback(...args);
    });
    p.add(timer);
  };
  timer.rearm();
  p.scheduled++;
  return timer;
}

function patchedSetInterval(
  callback: (...args: unknown[]) => void,
  delay?: number,
  ...args: unknown[]
): unknown {
  const p = patch;
  if (toNode(p) || typeof callback !== "function") {
    return (original.setInterval as Function)(callback, delay, ...args);
  }
  const timer = new HubTimer(p);
  // Node runs an interval of 0 every 1 ms; so does the hub.
  const every = Math.max(1, ms(delay)) / 1000;
  timer.rearm = () => {
    timer.handle = p.hub.callLater(every, () => {
      timer.rearm?.();
      callback(...args);
    });
  };
  timer.rearm();
  p.add(timer);
  p.scheduled++;
  return timer;
}

function patchedSetImmediate(callback: (...args: unknown[]) => void, ...args: unknown[]): unknown {
  const p = patch;
  if (toNode(p) || typeof callback !== "function") {
    return (original.setImmediate as Function)(callback, ...args);
  }
  const timer = new HubTimer(p);
  timer.handle = p.hub.callSoon(() => {
    p.remove(timer);
    callback(...args);
  });
  p.add(timer);
  p.scheduled++;
  return timer;
}

function cancel(timer: HubTimer): void {
  timer.rearm = null;
  timer.handle?.cancel();
  timer.handle = null;
  if (routed.get(timer.id) === timer) timer.owner.remove(timer);
}

/**
 * A clear that knows routed timers: by object, or by id (`clearTimeout(+t)`, as Node's
 * `Timeout[Symbol.toPrimitive]` allows); anything else (Node's own timers, made before patching
 * or while the hub was not running) goes to Node's clear.
 */
function clearWith(nodeClear: Function): (timer: unknown) => void {
  return (timer) => {
    if (timer instanceof HubTimer) {
      cancel(timer);
      return;
    }
    if (typeof timer === "number" || typeof timer === "string") {
      const routedTimer = routed.get(Number(timer));
      if (routedTimer !== undefined) {
        cancel(routedTimer);
        return;
      }
    }
    nodeClear(timer);
  };
}

/** The patched clears: installed by patchAll(), left in place by unpatch() while routed timers are pending. */
const clears = {
  clearTimeout: clearWith(original.clearTimeout),
  clearInterval: clearWith(original.clearInterval),
  clearImmediate: clearWith(original.clearImmediate),
};

function patchedDateNow(): number {
  const p = patch;
  if (p === null) return original.dateNow.call(Date);
  return Math.floor(p.wallAtPatch + (p.hub.time() - p.hubTimeAtPatch) * 1000);
}

function patchedPerfNow(): number {
  const p = patch;
  if (p === null) return original.perf.now();
  return p.perfAtPatch + (p.hub.time() - p.hubTimeAtPatch) * 1000;
}
