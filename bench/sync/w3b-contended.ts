// W3b contended lock: 100 tasks each loop {acquire; yield to the others; release}, 1M
// acquisitions in all. The holder always yields inside the critical section, so every other task
// is queued on the lock and every release is a hand-off to the next in line: this measures the
// slow path (park, wake, resume) plus one yield per acquisition.
//
// The yield is each runtime's own: spindle `yield* sleep(0)`, asyncio `await asyncio.sleep(0)`.
// The promise-based locks yield with a `setImmediate`, as the issue specifies: one turn of Node's
// loop is what a promise-based critical section waiting on real I/O gives up at the least (a
// microtask `await null` only reorders promise callbacks; timers and I/O never get a turn).
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

const OPS = 1_000_000;
const TASKS = 100;
/** A macrotask per acquisition (the setImmediate peers) or an interpreter (Python) is slower. */
const FEW = 100_000;
const PYTHON_OPS = 50_000;

/** Counts acquisitions and fails loudly if two tasks are ever inside at once. */
class Exclusion {
  #inside = false;
  done = 0;

  enter(who: string): void {
    if (this.#inside) throw new Error(`${who}: two tasks inside the lock at once`);
    this.#inside = true;
  }

  leave(): void {
    this.#inside = false;
    this.done++;
  }
}

/** Times `once(each, ex)`: `tasks` tasks doing `each` acquisitions; checks they all happened. */
function body(
  who: string,
  { ops, tasks }: Params,
  once: (tasks: number, each: number, ex: Exclusion) => Promise<unknown>,
): Body {
  const each = ops! / tasks!;
  return async () => {
    const ex = new Exclusion();
    const seconds = await timeSeconds(() => once(tasks!, each, ex));
    if (ex.done !== ops) throw new Error(`${who}: ${ex.done} acquisitions, expected ${ops}`);
    return { opsPerSec: ops! / seconds };
  };
}

/** One turn of Node's event loop. */
const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

export const cases: Record<string, CaseFactory> = {
  async spindle(params: Params) {
    const { run, gather, Lock, sleep } = await import("spindle");
    type Lock = InstanceType<typeof Lock>;
    function* worker(lock: Lock, each: number, ex: Exclusion) {
      for (let i = 0; i < each; i++) {
        yield* lock.acquire();
        ex.enter("spindle Lock");
        yield* sleep(0);
        ex.leave();
        lock.release();
      }
    }
    return body("spindle Lock", params, (tasks, each, ex) =>
      run(function* () {
        const lock = new Lock();
        const workers = [];
        for (let t = 0; t < tasks; t++) workers.push(worker(lock, each, ex));
        yield* gather(...workers);
      }),
    );
  },

  async asyncSema(params: Params) {
    const { Sema } = await import("async-sema");
    return body("async-sema", params, async (tasks, each, ex) => {
      const sema = new Sema(1);
      const worker = async () => {
        for (let i = 0; i < each; i++) {
          await sema.acquire();
          ex.enter("async-sema");
          await macrotask();
          ex.leave();
          sema.release();
        }
      };
      await Promise.all(Array.from({ length: tasks }, worker));
    });
  },

  async asyncMutex(params: Params) {
    const { Mutex } = await import("async-mutex");
    return body("async-mutex", params, async (tasks, each, ex) => {
      const mutex = new Mutex();
      const worker = async () => {
        for (let i = 0; i < each; i++) {
          const release = await mutex.acquire();
          ex.enter("async-mutex");
          await macrotask();
          ex.leave();
          release();
        }
      };
      await Promise.all(Array.from({ length: tasks }, worker));
    });
  },
};

const here = import.meta.url;
const metric = "opsPerSec";
const params = (ops: number) => ({ ops, tasks: TASKS });

export const w3b: Workload = {
  id: "W3b",
  title: `contended lock: ${TASKS} tasks × {acquire; yield; release}, ${OPS / 1e6}M acquisitions`,
  metrics: [{ key: metric, label: "acquisitions/s", unit: "rate", better: "higher" }],
  impls: [
    nodeImpl("spindle", "spindle  Lock + yield* sleep(0)", here, "spindle", params(OPS), {
      spindle: true,
    }),
    pythonImpl("asyncio", "Python asyncio.Lock + sleep(0)", "sync.py", "w3b", params(PYTHON_OPS), {
      reps: 3,
    }),
    nodeImpl("async-sema", "async-sema  Sema(1) + setImmediate", here, "asyncSema", params(FEW)),
    nodeImpl("async-mutex", "async-mutex  Mutex + setImmediate", here, "asyncMutex", params(FEW)),
  ],
  targets: [
    { impl: "asyncio", metric, ratio: { op: ">=", limit: 10 } },
    { impl: "async-sema", metric, ratio: { op: ">=", limit: 2 } },
  ],
};
