// W5e one Event, many waiters: 100k tasks park on one Event, then set() wakes them all. Timed from
// set() until every waiter has resumed. set() makes every waiter ready at once, so the setter's own
// next turn (`yield* sleep(0)` right after set()) comes after all of them: one pass of the ready
// queue, checked by counting the resumed waiters at that turn. Reported, not a target.
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { nowMs } from "../lib/clock.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

const WAITERS = 100_000;
/** asyncio takes ~2 s a run at 100k (most of it creating and finishing the tasks). */
const PYTHON_WAITERS = 30_000;

function body(
  who: string,
  waiters: number,
  once: (n: number) => Promise<{ ms: number; resumed: number }>,
): Body {
  return async () => {
    const { ms, resumed } = await once(waiters);
    if (resumed !== waiters) {
      throw new Error(`${who}: ${resumed} of ${waiters} waiters resumed in the pass after set()`);
    }
    return { wakeMs: ms, wakesPerSec: waiters / (ms / 1000) };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindle({ waiters }: Params) {
    const { run, createTask, Event, sleep } = await import("spindle");
    type Event = InstanceType<typeof Event>;
    const state = { resumed: 0 };
    function* waiter(event: Event) {
      yield* event.wait();
      state.resumed++;
    }
    return body("spindle Event", waiters!, (n) =>
      run(function* () {
        state.resumed = 0;
        const event = new Event();
        const tasks = new Array(n);
        for (let i = 0; i < n; i++) tasks[i] = createTask(waiter(event));
        yield* sleep(0); // every waiter runs its first step and parks
        const t0 = nowMs();
        event.set();
        yield* sleep(0);
        const ms = nowMs() - t0;
        const resumed = state.resumed;
        for (const task of tasks) yield* task;
        return { ms, resumed };
      }),
    );
  },
};

const here = import.meta.url;

export const w5e: Workload = {
  id: "W5e",
  title: `one Event, ${WAITERS / 1000}k waiting tasks: set() until all resumed (report only)`,
  metrics: [
    { key: "wakesPerSec", label: "wake-ups/s", unit: "rate", better: "higher" },
    { key: "wakeMs", label: "all resumed ms", unit: "ms", better: "lower", sizeDependent: true },
  ],
  impls: [
    nodeImpl(
      "spindle",
      "spindle  Event.set()",
      here,
      "spindle",
      { waiters: WAITERS },
      {
        spindle: true,
      },
    ),
    pythonImpl(
      "asyncio",
      "Python asyncio.Event.set()",
      "sync.py",
      "w5e",
      { waiters: PYTHON_WAITERS },
      { reps: 3 },
    ),
  ],
  targets: [],
};
