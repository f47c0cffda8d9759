// W3a uncontended lock: one task takes and releases a free lock 5M times. Nobody ever waits, so
// this is the fast path alone: what every critical section pays even when there is no contention.
// spindle's acquire() of a free Lock returns a shared, already-complete awaitable (no Future, no
// Promise, no allocation); promise-based locks pay at least one promise and one microtask.
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

const OPS = 5_000_000;
/** Python pays an interpreted coroutine per acquire: ~2.5M/s, so 1M keeps a run under a second. */
const PYTHON_OPS = 1_000_000;
/** async-sema runs ~4M/s: 2M keep its child under ten seconds. */
const SEMA_OPS = 2_000_000;
/**
 * async-mutex runs ~200k/s here (each acquire allocates a promise, a [value, release] pair and a
 * release closure, and scans its waiter lists): 5M would take 25 s a run.
 */
const MUTEX_OPS = 300_000;

/** Times `once(ops)`, which returns whether the lock is (wrongly) still held at the end. */
function body(who: string, ops: number, once: (ops: number) => Promise<boolean>): Body {
  return async () => {
    let stillLocked = true;
    const seconds = await timeSeconds(async () => {
      stillLocked = await once(ops);
    });
    if (stillLocked) throw new Error(`${who}: the lock is still held after the last release`);
    return { opsPerSec: ops / seconds };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindle({ ops }: Params) {
    const { run, Lock } = await import("spindle");
    return body("spindle Lock", ops!, (n) =>
      run(function* () {
        const lock = new Lock();
        for (let i = 0; i < n; i++) {
          yield* lock.acquire();
          lock.release();
        }
        return lock.locked();
      }),
    );
  },

  async asyncMutex({ ops }: Params) {
    const { Mutex } = await import("async-mutex");
    // acquire() resolves to the release function (the library's documented pattern).
    return body("async-mutex", ops!, async (n) => {
      const mutex = new Mutex();
      for (let i = 0; i < n; i++) {
        const release = await mutex.acquire();
        release();
      }
      return mutex.isLocked();
    });
  },

  async asyncSema({ ops }: Params) {
    const { Sema } = await import("async-sema");
    return body("async-sema", ops!, async (n) => {
      const sema = new Sema(1);
      for (let i = 0; i < n; i++) {
        await sema.acquire();
        sema.release();
      }
      return sema.tryAcquire() === undefined;
    });
  },
};

const here = import.meta.url;
const metric = "opsPerSec";

export const w3a: Workload = {
  id: "W3a",
  title: `uncontended lock: one task, acquire + release ${OPS / 1e6}M times`,
  metrics: [{ key: metric, label: "acquire+release/s", unit: "rate", better: "higher" }],
  impls: [
    nodeImpl("spindle", "spindle  Lock", here, "spindle", { ops: OPS }, { spindle: true }),
    pythonImpl(
      "asyncio",
      "Python asyncio.Lock",
      "sync.py",
      "w3a",
      { ops: PYTHON_OPS },
      { reps: 3 },
    ),
    nodeImpl("async-mutex", "async-mutex  Mutex", here, "asyncMutex", { ops: MUTEX_OPS }),
    nodeImpl("async-sema", "async-sema  Sema(1)", here, "asyncSema", { ops: SEMA_OPS }),
  ],
  targets: [
    { impl: "asyncio", metric, ratio: { op: ">=", limit: 5 } },
    { impl: "async-mutex", metric, ratio: { op: ">=", limit: 5 } },
    { impl: "async-sema", metric, ratio: { op: ">=", limit: 1 } },
  ],
};
