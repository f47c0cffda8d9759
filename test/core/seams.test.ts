// The kernel's two seams: the Scheduler it is built with and the Instrument hooks it calls.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type Instrument,
  newEventLoop,
  Ring,
  type Scheduler,
  sleep,
  VirtualClock,
} from "../../src/core/index.js";
import type { Runnable } from "../../src/core/runnable.js";

/** Last ready, first run: a policy unlike FIFO, to show the loop follows its scheduler. */
class LifoScheduler implements Scheduler {
  readonly #stack: Runnable[] = [];
  get length(): number {
    return this.#stack.length;
  }
  push(entry: Runnable): void {
    this.#stack.push(entry);
  }
  shift(): Runnable | undefined {
    return this.#stack.pop();
  }
  clear(): void {
    this.#stack.length = 0;
  }
}

test("the loop runs ready entries in the order its Scheduler chooses", async () => {
  const loop = newEventLoop({ clock: new VirtualClock(), scheduler: new LifoScheduler() });
  const log: string[] = [];
  for (const name of ["a", "b", "c"]) loop.callSoon(() => log.push(name));
  loop.callLater(1, () => loop.stop());
  await loop.runForever();
  loop.close();
  assert.deepEqual(log, ["c", "b", "a"]);
});

test("instrument hooks see task creation, steps, blocking, timers, callbacks, idle time and completion", async () => {
  const loop = newEventLoop({ clock: new VirtualClock({ autojumpThreshold: 0.001 }) });
  const events: string[] = [];
  const instrument: Instrument = {
    taskCreated: (t) => events.push(`created ${t.getName()}`),
    beforeTaskStep: (t) => events.push(`step ${t.getName()}`),
    afterTaskStep: (t, seconds) => {
      assert.ok(seconds >= 0);
      events.push(`stepped ${t.getName()}`);
    },
    taskBlocked: (t, on) => events.push(`blocked ${t.getName()} on ${on.describe()}`),
    timerScheduled: (timer) => events.push(`timer at ${timer.when()}`),
    callbackRun: (handle) => events.push(`callback ${handle.describe()}`),
    taskDone: (t) => events.push(`done ${t.getName()}`),
    idle: (seconds) => {
      assert.ok(seconds >= 0);
      events.push("idle");
    },
  };
  loop.addInstrument(instrument);
  loop.addInstrument(instrument); // adding twice installs once
  loop.callSoon(function tick() {});
  await loop.runUntilComplete(
    loop.createTask(
      function* () {
        yield* sleep(2);
        yield new Promise((resolve) => setTimeout(resolve, 5)); // real outside work: the loop idles
      },
      { name: "t" },
    ),
  );
  assert.equal(loop.removeInstrument(instrument), true);
  assert.equal(loop.removeInstrument(instrument), false);
  loop.close();
  assert.deepEqual(
    events.filter((e) => e !== "idle"),
    [
      "created t",
      "callback tick",
      "step t",
      "timer at 2",
      "blocked t on sleep(2)",
      "stepped t",
      "step t",
      "blocked t on a Promise",
      "stepped t",
      "step t",
      "done t",
      "stepped t",
    ],
  );
  assert.ok(events.includes("idle"), "the wait for the real promise was idle time");
});

test("with no instrument installed, the loop calls no hook (one check per entry)", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  let calls = 0;
  const counting: Instrument = { beforeTaskStep: () => calls++ };
  loop.addInstrument(counting);
  loop.removeInstrument(counting);
  await loop.runUntilComplete(function* () {
    yield;
  });
  loop.close();
  assert.equal(calls, 0);
});

test("Ring is exported for schedulers that want a FIFO building block", () => {
  const ring = new Ring<number>();
  ring.push(1);
  assert.equal(ring.shift(), 1);
});

test("a hook that throws is removed with its instrument and reported; the loop runs on", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const reports: string[] = [];
  loop.setExceptionHandler((_loop, context) =>
    reports.push(`${context.message}: ${(context.exception as Error).message}`),
  );
  let calls = 0;
  const faulty: Instrument = {
    taskDone: () => {
      calls++;
      throw new Error("broken hook");
    },
  };
  const seen: string[] = [];
  loop.addInstrument(faulty);
  loop.addInstrument({ taskDone: (t) => seen.push(t.getName()) });
  const result = await loop.runUntilComplete(function* main() {
    const t = loop.createTask(function* () {}, { name: "child" });
    yield* t;
    return "finished";
  });
  loop.close();
  assert.equal(result, "finished");
  assert.equal(calls, 1, "called once, then removed");
  assert.deepEqual(seen, ["child", "Task-1"], "the other instrument kept working");
  assert.deepEqual(reports, [
    "instrument hook taskDone() threw, so its instrument was removed; fix the hook (instruments must not throw): broken hook",
  ]);
  assert.equal(loop.removeInstrument(faulty), false, "it is gone");
});

test("bad instruments are refused at addInstrument(), saying what is wrong", () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  assert.throws(() => loop.addInstrument(null as never), {
    name: "TypeError",
    message:
      "addInstrument() needs an object of hook functions, e.g. { taskDone(task) {...} }; got null",
  });
  assert.throws(() => loop.addInstrument({ taskDone: 5 } as never), {
    name: "TypeError",
    message: "addInstrument(): hook taskDone must be a function; got number",
  });
  assert.throws(() => loop.addInstrument({ taskdone: () => {} } as never), {
    name: "TypeError",
    message: /^addInstrument\(\): unknown hook taskdone\(\); the hooks are taskCreated, /,
  });
  // An instrument may carry state and helpers of its own.
  loop.addInstrument({ count: 0, format: () => "", taskDone() {} } as Instrument);
  loop.close();
});
