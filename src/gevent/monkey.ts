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
import { getRunningLoop, type Loop, RuntimeError, type TimerHandle } from "../asyncio/index.js";
import { describeValue } from "../core/internal.js";

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

/** A routed timer: what the patched `setTimeout` returns (shaped like Node's Timeout). */
class HubTimer {
  static #nextId = 1;
  readonly id = HubTimer.#nextId++;
  handle: TimerHandle | { cancel(): void } | null = null;
  /** How to arm it again (`refresh()`, and each round of an interval). */
  rearm: (() => void) | null = null;
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

interface Patch {
  hub: Loop;
  hubTimeAtPatch: number;
  wallAtPatch: number;
  perfAtPatch: number;
  scheduled: number;
  active: Set<HubTimer>;
}

let patch: Patch | null = null;

/**
 * Routes Node's global timers and clocks through `hub` (default: the running loop). Idempotent
 * for the same hub; patching again with a different hub throws RuntimeError (unpatch first).
 * @example
 * yield* spawn(function* () {
 *   monkey.patchAll();
 *   try { yield* plainCallbackCode(); } finally { monkey.unpatch(); }
 * });
 */
export function patchAll(options: { hub?: Loop } = {}): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `patchAll() takes options like { hub: loop }; got ${describeValue(options)}`,
    );
  }
  let hub = options.hub;
  if (hub === undefined) {
    try {
      hub = getRunningLoop();
    } catch {
      throw new RuntimeError(
        "monkey.patchAll() needs a hub: call it inside run(...) (the running loop becomes the hub) or pass one: patchAll({ hub: loop })",
      );
    }
  }
  if (patch !== null) {
    if (patch.hub === hub) return;
    throw new RuntimeError(
      "monkey.patchAll(): the globals are already patched for a different hub; call monkey.unpatch() first",
    );
  }
  patch = {
    hub,
    hubTimeAtPatch: hub.time(),
    wallAtPatch: original.dateNow.call(Date),
    perfAtPatch: original.perf.now(),
    scheduled: 0,
    active: new Set(),
  };
  const g = globalThis as unknown as Record<string, unknown>;
  g.setTimeout = patchedSetTimeout;
  g.setInterval = patchedSetInterval;
  g.setImmediate = patchedSetImmediate;
  g.clearTimeout = clearWith(original.clearTimeout);
  g.clearInterval = clearWith(original.clearInterval);
  g.clearImmediate = clearWith(original.clearImmediate);
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
 * on the hub and still fire there.
 * @example
 * monkey.unpatch();
 */
export function unpatch(): void {
  if (patch === null) return;
  patch = null;
  const g = globalThis as unknown as Record<string, unknown>;
  g.setTimeout = original.setTimeout;
  g.setInterval = original.setInterval;
  g.setImmediate = original.setImmediate;
  g.clearTimeout = original.clearTimeout;
  g.clearInterval = original.clearInterval;
  g.clearImmediate = original.clearImmediate;
  Date.now = original.dateNow;
  if (original.performance) Object.defineProperty(globalThis, "performance", original.performance);
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

function patchedSetTimeout(
  callback: (...args: unknown[]) => void,
  delay?: number,
  ...args: unknown[]
): unknown {
  const p = patch;
  if (toNode(p)) {
    return (original.setTimeout as Function)(callback, delay, ...args);
  }
  const timer = new HubTimer();
  timer.rearm = () => {
    timer.handle = p.hub.callLater(ms(delay) / 1000, () => {
      p.active.delete(timer);
      callback(...args);
    });
    p.active.add(timer);
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
  if (toNode(p)) {
    return (original.setInterval as Function)(callback, delay, ...args);
  }
  const timer = new HubTimer();
  // Node runs an interval of 0 every 1 ms; so does the hub.
  const every = Math.max(1, ms(delay)) / 1000;
  timer.rearm = () => {
    timer.handle = p.hub.callLater(every, () => {
      timer.rearm?.();
      callback(...args);
    });
  };
  timer.rearm();
  p.active.add(timer);
  p.scheduled++;
  return timer;
}

function patchedSetImmediate(callback: (...args: unknown[]) => void, ...args: unknown[]): unknown {
  const p = patch;
  if (toNode(p)) {
    return (original.setImmediate as Function)(callback, ...args);
  }
  const timer = new HubTimer();
  timer.handle = p.hub.callSoon(() => {
    p.active.delete(timer);
    callback(...args);
  });
  p.active.add(timer);
  p.scheduled++;
  return timer;
}

function cancel(timer: HubTimer): void {
  timer.rearm = null;
  timer.handle?.cancel();
  timer.handle = null;
  patch?.active.delete(timer);
}

/** A patched clear: cancels a routed timer; Node's own (made before patching, or by the driver) go to Node. */
function clearWith(nodeClear: Function): (timer: unknown) => void {
  return (timer) => {
    if (timer instanceof HubTimer) cancel(timer);
    else nodeClear(timer);
  };
}

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
