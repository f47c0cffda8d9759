// W2 retained memory: what a *finished* task still costs while the program keeps a reference to
// it (a list of tasks to inspect later is common). Create 100k tasks, let them all finish, keep
// them in an array, and measure how much heap a full GC frees once the array is emptied.
//
// Measuring "freed when dropped" rather than "grown since a baseline" matters: a library that
// still holds the previous run's objects at the baseline (effect does, briefly) would otherwise
// have them subtracted and could even show a negative size.
import type { Fiber as EffectFiber } from "effect";
import type { Task as EffectionTask } from "effection";
import type { CaseFactory, Params } from "../lib/case.js";
import { nodeImpl, type Workload } from "../lib/workload.js";

const TASKS = 100_000;
/** effection 4 is slow to spawn (~150 µs per task); bytes per task do not depend on the count. */
const EFFECTION_TASKS = 10_000;

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Heap bytes that `n` finished tasks keep alive. `fill` stores one finished task per slot; the
 * array itself lives through both measurements, so its own 8 bytes per slot are not counted.
 */
async function retainedPerTask<T>(n: number, fill: (keep: T[]) => Promise<void>): Promise<number> {
  if (gc === undefined) throw new Error("run node with --expose-gc to measure retained memory");
  const keep = new Array<T | null>(n).fill(null);
  await fill(keep as T[]);
  if (keep.some((t) => t === null)) throw new Error("not every slot holds a task");
  gc();
  const withTasks = process.memoryUsage().heapUsed;
  keep.fill(null);
  gc();
  const withoutTasks = process.memoryUsage().heapUsed;
  return (withTasks - withoutTasks) / n;
}

export const cases: Record<string, CaseFactory> = {
  async spindle({ tasks }: Params) {
    const { run, createTask } = await import("spindle");
    // No yield at all: the cheapest possible task body, so the task machinery is all we time.
    function* child() {
      return 1;
    }
    type Task = ReturnType<typeof createTask>;
    return async () => ({
      bytesPerTask: await retainedPerTask<Task>(tasks!, (keep) =>
        run(function* () {
          for (let i = 0; i < keep.length; i++) keep[i] = createTask(child());
          for (const task of keep) yield* task;
        }),
      ),
    });
  },

  async promise({ tasks }: Params) {
    async function child() {
      return 1;
    }
    return async () => ({
      bytesPerTask: await retainedPerTask<Promise<number>>(tasks!, async (keep) => {
        for (let i = 0; i < keep.length; i++) keep[i] = child();
        await Promise.all(keep);
      }),
    });
  },

  async effection({ tasks }: Params) {
    const { run, spawn } = await import("effection");
    // No yield at all: the cheapest possible task body, so the task machinery is all we time.
    function* child() {
      return 1;
    }
    return async () => ({
      bytesPerTask: await retainedPerTask<EffectionTask<number>>(tasks!, async (keep) => {
        // The tasks must outlive their parent's body for the list to be kept; effection halts
        // children when the parent scope ends, so join them inside it.
        await run(function* () {
          for (let i = 0; i < keep.length; i++) keep[i] = yield* spawn(child);
          for (const task of keep) yield* task;
        });
      }),
    });
  },

  async effect({ tasks }: Params) {
    const { Effect, Fiber } = await import("effect");
    // No yield at all: the cheapest possible fiber body, so the fiber machinery is all we time.
    const child = Effect.gen(function* () {
      return 1;
    });
    return async () => ({
      bytesPerTask: await retainedPerTask<EffectFiber.Fiber<number>>(tasks!, (keep) =>
        Effect.runPromise(
          Effect.gen(function* () {
            for (let i = 0; i < keep.length; i++) keep[i] = yield* Effect.forkChild(child);
            yield* Fiber.joinAll(keep);
          }),
        ),
      ),
    });
  },
};

const here = import.meta.url;
const metric = "bytesPerTask";
const params = { tasks: TASKS };

export const w2Retained: Workload = {
  id: "W2m",
  title: `retained heap per finished task: ${TASKS / 1000}k finished tasks kept in an array, after GC`,
  metrics: [{ key: metric, label: "retained B/task", unit: "bytes", better: "lower" }],
  impls: [
    nodeImpl("spindle", "spindle  Task", here, "spindle", params, { spindle: true, reps: 3 }),
    nodeImpl("promise", "Promise  settled promise", here, "promise", params, { reps: 3 }),
    nodeImpl(
      "effection",
      "effection 4  Task",
      here,
      "effection",
      { tasks: EFFECTION_TASKS },
      { reps: 3 },
    ),
    nodeImpl("effect", "effect 4  Fiber", here, "effect", params, { reps: 3 }),
  ],
  targets: [{ impl: "spindle", metric, value: { op: "<=", limit: 512 } }],
};
