// W1 ping-pong: two tasks take turns, each turn one switch; the rate of switches is the cost of
// the scheduler's innermost path (suspend, requeue, resume). spindle promises a task switch with
// no Promise and no allocation (DESIGN §6), so it should beat everything built on promises or
// on Node's macrotask queue.
import { Alternation } from "../lib/alternation.js";
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

/** spindle and the promise-based peers do the full 2M switches. */
const SWITCHES = 2_000_000;
/** Peers that pay a macrotask (or a Python interpreter) per switch get fewer; rates are per second. */
const FEW = 200_000;

/** Wraps a "run `switches` switches" function into a timed, checked body. */
function body(
  who: string,
  switches: number,
  once: (half: number, alt: Alternation) => Promise<unknown>,
): Body {
  return async () => {
    const alt = new Alternation();
    const seconds = await timeSeconds(() => once(switches / 2, alt));
    alt.check(switches, who);
    return { switchesPerSec: switches / seconds };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindleYield({ switches }: Params) {
    const { run, createTask } = await import("spindle");
    // A bare `yield;` is spindle's sleep(0): back of the ready queue, nothing allocated.
    function* side(id: number, half: number, alt: Alternation) {
      for (let i = 0; i < half; i++) {
        alt.see(id);
        yield;
      }
    }
    return body("spindle yield;", switches!, (half, alt) =>
      run(function* () {
        const a = createTask(side(0, half, alt));
        const b = createTask(side(1, half, alt));
        yield* a;
        yield* b;
      }),
    );
  },

  async spindleSleep0({ switches }: Params) {
    const { run, createTask, sleep } = await import("spindle");
    // The spelling a Python user writes; it should cost about the same as `yield;`.
    function* side(id: number, half: number, alt: Alternation) {
      for (let i = 0; i < half; i++) {
        alt.see(id);
        yield* sleep(0);
      }
    }
    return body("spindle sleep(0)", switches!, (half, alt) =>
      run(function* () {
        const a = createTask(side(0, half, alt));
        const b = createTask(side(1, half, alt));
        yield* a;
        yield* b;
      }),
    );
  },

  async awaitNull({ switches }: Params) {
    // The floor for anything built on promises: one microtask per switch, no scheduler at all.
    async function side(id: number, half: number, alt: Alternation) {
      for (let i = 0; i < half; i++) {
        alt.see(id);
        await null;
      }
    }
    return body("await null", switches!, (half, alt) =>
      Promise.all([side(0, half, alt), side(1, half, alt)]),
    );
  },

  async setImmediate({ switches }: Params) {
    // Callback ping-pong through Node's check phase: one macrotask (one loop turn) per switch.
    return body("setImmediate", switches!, (half, alt) => {
      let left = half * 2;
      return new Promise<void>((resolve) => {
        const turn = (id: number) => {
          alt.see(id);
          if (--left === 0) resolve();
          else setImmediate(turn, 1 - id);
        };
        setImmediate(turn, 0);
      });
    });
  },

  async effection({ switches }: Params) {
    const { run, spawn, action } = await import("effection");
    // effection 4 has no yield-now and its sleep(0) is a real setTimeout (>= 1 ms). An action
    // that resolves at once is its equivalent of `yield;`: the routine goes back into the
    // reducer's queue behind its sibling (checked by Alternation).
    const yieldNow = action<void>((resolve) => {
      resolve();
      return () => {};
    });
    function* side(id: number, half: number, alt: Alternation) {
      for (let i = 0; i < half; i++) {
        alt.see(id);
        yield* yieldNow;
      }
    }
    return body("effection", switches!, (half, alt) =>
      run(function* () {
        const a = yield* spawn(() => side(0, half, alt));
        const b = yield* spawn(() => side(1, half, alt));
        yield* a;
        yield* b;
      }),
    );
  },

  async effectionSleep0({ switches }: Params) {
    const { run, spawn, sleep } = await import("effection");
    // What an effection user who writes sleep(0) gets: a 1 ms timer per switch.
    function* side(id: number, half: number, alt: Alternation) {
      for (let i = 0; i < half; i++) {
        alt.see(id);
        yield* sleep(0);
      }
    }
    return body("effection sleep(0)", switches!, (half, alt) =>
      run(function* () {
        const a = yield* spawn(() => side(0, half, alt));
        const b = yield* spawn(() => side(1, half, alt));
        yield* a;
        yield* b;
      }),
    );
  },

  async effect({ switches }: Params) {
    const { Effect, Fiber } = await import("effect");
    // Effect.yieldNow hands the fiber back to effect's scheduler, which batches ready fibers
    // and resumes them from a setImmediate.
    const side = (id: number, half: number, alt: Alternation) =>
      Effect.gen(function* () {
        for (let i = 0; i < half; i++) {
          alt.see(id);
          yield* Effect.yieldNow;
        }
      });
    return body("effect", switches!, (half, alt) =>
      Effect.runPromise(
        Effect.gen(function* () {
          const a = yield* Effect.forkChild(side(0, half, alt));
          const b = yield* Effect.forkChild(side(1, half, alt));
          yield* Fiber.join(a);
          yield* Fiber.join(b);
        }),
      ),
    );
  },
};

const here = import.meta.url;
const metric = "switchesPerSec";

export const w1: Workload = {
  id: "W1",
  title: `ping-pong: two tasks alternating, ${SWITCHES / 1e6}M switches (fewer for slow peers)`,
  metrics: [{ key: metric, label: "switches/s", unit: "rate", better: "higher" }],
  impls: [
    nodeImpl(
      "spindle-yield",
      "spindle  yield;",
      here,
      "spindleYield",
      { switches: SWITCHES },
      { spindle: true },
    ),
    nodeImpl(
      "spindle-sleep0",
      "spindle  yield* sleep(0)",
      here,
      "spindleSleep0",
      { switches: SWITCHES },
      { spindle: true },
    ),
    nodeImpl("await-null", "Promise  await null", here, "awaitNull", { switches: SWITCHES }),
    nodeImpl("setImmediate", "Node     setImmediate", here, "setImmediate", { switches: FEW }),
    nodeImpl("effection", "effection 4  resolved action", here, "effection", { switches: 400_000 }),
    nodeImpl(
      "effection-sleep0",
      "effection 4  sleep(0)",
      here,
      "effectionSleep0",
      { switches: 1_000 },
      { reps: 3 },
    ),
    nodeImpl("effect", "effect 4  Effect.yieldNow", here, "effect", { switches: 400_000 }),
    pythonImpl(
      "asyncio",
      "Python asyncio  sleep(0)",
      "kernel.py",
      "w1",
      { switches: FEW },
      { reps: 3 },
    ),
  ],
  targets: [
    { impl: "asyncio", metric, ratio: { op: ">=", limit: 10 } },
    { impl: "effect", metric, ratio: { op: ">=", limit: 5 } },
  ],
};
