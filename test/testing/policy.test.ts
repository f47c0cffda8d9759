// The explorer's scheduler and its policies, on real loops: FIFO is asyncio's order, PCT and
// random runs are functions of (seed, run), a scripted schedule replays the choices it lists.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type Coroutine,
  createTask,
  newEventLoop,
  type Scheduler,
  sleep,
  VirtualClock,
} from "../../src/asyncio/index.js";
import {
  type ChoicePolicy,
  FifoPolicy,
  PctPolicy,
  RandomPolicy,
  ScriptedPolicy,
} from "../../src/testing/policy.js";
import { ExploreScheduler } from "../../src/testing/scheduler.js";

/** Three tasks, each logging its name at every step; some sleep to the same instant. */
function* program(log: string[]): Coroutine<void> {
  const tasks = ["a", "b", "c"].map((name) =>
    createTask(
      function* () {
        for (let i = 0; i < 4; i++) {
          log.push(name);
          if (i === 1) yield* sleep(1);
          else yield;
        }
      },
      { name },
    ),
  );
  for (const t of tasks) yield* t;
}

async function order(scheduler?: Scheduler): Promise<string> {
  const log: string[] = [];
  const loop = newEventLoop({ clock: new VirtualClock(), ...(scheduler ? { scheduler } : {}) });
  try {
    await loop.runUntilComplete(program(log));
  } finally {
    loop.close();
  }
  return log.join("");
}

const explorer = (policy: ChoicePolicy) => new ExploreScheduler(policy, 1_000_000, () => {});

test("the explorer's FIFO policy runs the same order as the loop's own FIFO scheduler", async () => {
  const fifo = explorer(new FifoPolicy());
  assert.equal(await order(fifo), await order());
  assert.equal(fifo.deviations.length, 0);
  assert.ok(fifo.points > 5, `choice points: ${fifo.points}`);
});

test("a PCT or random run is a function of (seed, run): same pair, same order; others differ", async () => {
  for (const make of [
    (run: number) => new PctPolicy(42, run, 3, 20),
    (run: number) => new RandomPolicy(42, run),
  ]) {
    const again = [await order(explorer(make(1))), await order(explorer(make(1)))];
    assert.equal(again[0], again[1]);
    const others = new Set<string>();
    for (let run = 1; run <= 20; run++) others.add(await order(explorer(make(run))));
    assert.ok(others.size > 3, `only ${others.size} different orders in 20 runs`);
  }
});

test("PCT runs the highest-priority entry: with no change point, a task that yields keeps running", async () => {
  // depth 1: no change points; each task runs all its steps up to its sleep before another runs.
  const log = await order(explorer(new PctPolicy(7, 3, 1, 100)));
  assert.match(log, /^(aa|bb|cc)/);
  assert.equal(log.length, 12);
});

test("a scripted schedule replays the deviations of a run it was given", async () => {
  const random = explorer(new RandomPolicy(9, 4));
  const recorded = await order(random);
  assert.ok(random.deviations.length > 0);
  const scripted = explorer(new ScriptedPolicy(random.deviations, true));
  assert.equal(await order(scripted), recorded);
  assert.deepEqual(scripted.deviations, random.deviations);
});

test("a strict scripted schedule reports a choice that no longer fits, and makes none", async () => {
  const diverged: string[] = [];
  const policy = new ScriptedPolicy([{ step: 1, pick: 5, ready: 9 }], true, (message) =>
    diverged.push(message),
  );
  const scheduler = explorer(policy);
  assert.equal(await order(scheduler), await order());
  assert.deepEqual(diverged, ["the schedule expects 9 entries ready at step 2, but 3 are"]);
  // Lenient (shrinking): the pick is clamped to what is there.
  const lenient = explorer(new ScriptedPolicy([{ step: 1, pick: 5, ready: 9 }], false));
  await order(lenient);
  assert.deepEqual(lenient.deviations, [{ step: 1, pick: 2, ready: 3 }]);
});
