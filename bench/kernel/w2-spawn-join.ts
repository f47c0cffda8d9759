// W2 spawn + join: create 100k tiny tasks, then join each. This is the cost of a task's life
// (allocation, first step, completion, delivering the result) rather than of a switch. Peak RSS
// is the child's own, so one implementation's garbage never shows up in another's number.
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, PEAK_RSS_MB, pythonImpl, type Workload } from "../lib/workload.js";

const TASKS = 100_000;
/** effection 4 spends ~150 µs per spawned task here; 100k would take minutes per run. */
const EFFECTION_TASKS = 10_000;

/** Times `once`, checks that every child's result arrived (each child returns 1). */
function body(who: string, tasks: number, once: (tasks: number) => Promise<number>): Body {
  return async () => {
    let sum = 0;
    const seconds = await timeSeconds(async () => {
      sum = await once(tasks);
    });
    if (sum !== tasks) throw new Error(`${who}: joined results sum to ${sum}, expected ${tasks}`);
    return { tasksPerSec: tasks / seconds };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindle({ tasks }: Params) {
    const { run, createTask } = await import("spindle");
    // No yield at all: the cheapest possible task body, so the task machinery is all we time.
    function* child() {
      return 1;
    }
    return body("spindle", tasks!, (n) =>
      run(function* () {
        const all = new Array(n);
        for (let i = 0; i < n; i++) all[i] = createTask(child());
        let sum = 0;
        for (let i = 0; i < n; i++) sum += yield* all[i];
        return sum;
      }),
    );
  },

  async promise({ tasks }: Params) {
    // The baseline every JS user has: an async call is a task that starts at once.
    async function child() {
      return 1;
    }
    return body("Promise", tasks!, async (n) => {
      const all = new Array<Promise<number>>(n);
      for (let i = 0; i < n; i++) all[i] = child();
      const results = await Promise.all(all);
      return results.reduce((a, b) => a + b, 0);
    });
  },

  async effection({ tasks }: Params) {
    const { run, spawn } = await import("effection");
    // No yield at all: the cheapest possible task body, so the task machinery is all we time.
    function* child() {
      return 1;
    }
    return body("effection", tasks!, (n) =>
      run(function* () {
        const all = [];
        for (let i = 0; i < n; i++) all.push(yield* spawn(child));
        let sum = 0;
        for (const task of all) sum += yield* task;
        return sum;
      }),
    );
  },

  async effect({ tasks }: Params) {
    const { Effect, Fiber } = await import("effect");
    // No yield at all: the cheapest possible fiber body, so the fiber machinery is all we time.
    const child = Effect.gen(function* () {
      return 1;
    });
    return body("effect", tasks!, (n) =>
      Effect.runPromise(
        Effect.gen(function* () {
          const fibers = [];
          for (let i = 0; i < n; i++) fibers.push(yield* Effect.forkChild(child));
          const results = yield* Fiber.joinAll(fibers);
          return results.reduce((a, b) => a + b, 0);
        }),
      ),
    );
  },
};

const here = import.meta.url;
const metric = "tasksPerSec";
const params = { tasks: TASKS };

export const w2: Workload = {
  id: "W2",
  title: `spawn + join: ${TASKS / 1000}k tasks created, then each joined`,
  metrics: [
    { key: metric, label: "tasks/s", unit: "rate", better: "higher" },
    { key: PEAK_RSS_MB, label: "peak RSS MB", unit: "MB", better: "lower", sizeDependent: true },
  ],
  impls: [
    nodeImpl("spindle", "spindle  createTask + yield*", here, "spindle", params, { spindle: true }),
    nodeImpl("promise", "Promise  async fn + Promise.all", here, "promise", params),
    nodeImpl(
      "effection",
      "effection 4  spawn + yield*",
      here,
      "effection",
      { tasks: EFFECTION_TASKS },
      { reps: 3 },
    ),
    nodeImpl("effect", "effect 4  forkChild + Fiber.joinAll", here, "effect", params),
    pythonImpl("asyncio", "Python asyncio  create_task + gather", "kernel.py", "w2", params, {
      reps: 3,
    }),
  ],
  targets: [
    { impl: "asyncio", metric, ratio: { op: ">=", limit: 10 } },
    { impl: "effect", metric, ratio: { op: ">=", limit: 1 } },
  ],
};
