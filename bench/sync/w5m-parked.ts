// W5m what a parked task costs: 100k tasks parked on one Event, heap bytes per task (after a full
// GC, minus the heap before the tasks were created). The reference rows are the same tasks
// suspended without a primitive: on `sleep(60)` (the usual way a task is suspended: a timer and a
// future) and on a bare Future of their own (the least a suspended task can cost). A primitive
// should add nothing per waiter beyond the future it parks on. The loop runs on a VirtualClock so
// the sleepers end by the clock jumping 60 s, not by 100k cancellations (which are slow: each
// makes a CancelledError with a stack trace) — none of that is inside the measurement anyway.
import type { Coroutine, Task } from "spindle";
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { nodeImpl, type Workload } from "../lib/workload.js";

const TASKS = 100_000;

const gc = (globalThis as { gc?: () => void }).gc;

/** Heap in use after a full GC. */
function heapAfterGc(): number {
  if (gc === undefined) throw new Error("run node with --expose-gc to measure memory");
  gc();
  return process.memoryUsage().heapUsed;
}

/** How the tasks of one case wait (`park(i)`), and how they are all let go afterwards. */
interface Parking {
  park(i: number): Coroutine<void>;
  finish(): void;
}

/**
 * The measuring body: `n` tasks each run `park(i)` to their first wait; the heap they hold is
 * divided by `n`. The task array is allocated before the baseline, so its slots are not counted.
 */
async function measure(n: number, setup: () => Parking): Promise<Body> {
  const { run, createTask, sleep, VirtualClock } = await import("spindle");
  return async () => ({
    bytesPerTask: await run(
      function* main() {
        const { park, finish } = setup();
        const tasks = new Array<Task<void>>(n);
        const before = heapAfterGc();
        for (let i = 0; i < n; i++) tasks[i] = createTask(park(i));
        yield* sleep(0); // each task runs to its first wait
        const after = heapAfterGc();
        finish();
        for (const task of tasks) yield* task;
        return (after - before) / n;
      },
      { clock: new VirtualClock() },
    ),
  });
}

export const cases: Record<string, CaseFactory> = {
  async event({ tasks }: Params) {
    const { Event } = await import("spindle");
    return measure(tasks!, () => {
      const event = new Event();
      return {
        *park() {
          yield* event.wait();
        },
        finish: () => event.set(),
      };
    });
  },

  async sleep({ tasks }: Params) {
    const { sleep } = await import("spindle");
    return measure(tasks!, () => ({
      *park() {
        yield* sleep(60);
      },
      finish: () => {}, // the virtual clock jumps to their deadline once main waits
    }));
  },

  async future({ tasks }: Params) {
    const { getRunningLoop } = await import("spindle");
    return measure(tasks!, () => {
      const futures: { setResult(v: undefined): void }[] = [];
      return {
        *park() {
          const future = getRunningLoop().createFuture<void>();
          futures.push(future);
          yield* future;
        },
        finish: () => {
          for (const future of futures) future.setResult(undefined);
        },
      };
    });
  },
};

const here = import.meta.url;
const metric = "bytesPerTask";
const params = { tasks: TASKS };

export const w5m: Workload = {
  id: "W5m",
  title: `memory of a parked task: ${TASKS / 1000}k tasks waiting, heap bytes per task`,
  metrics: [{ key: metric, label: "heap B/task", unit: "bytes", better: "lower" }],
  impls: [
    nodeImpl("spindle", "spindle  parked on Event.wait()", here, "event", params, {
      spindle: true,
      reps: 3,
    }),
    nodeImpl("sleep", "spindle  suspended on sleep(60)", here, "sleep", params, { reps: 3 }),
    nodeImpl("future", "spindle  suspended on its own Future", here, "future", params, {
      reps: 3,
    }),
  ],
  targets: [
    { impl: "sleep", metric, ratio: { op: "<=", limit: 1 } },
    // Issue 10's bound per parked task (the task, its generator and its wait).
    { impl: "event", metric, value: { op: "<=", limit: 250 } },
    { impl: "sleep", metric, value: { op: "<=", limit: 250 } },
  ],
};
