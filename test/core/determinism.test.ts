// Determinism is a tested property (STYLE 13; Trio's test_scheduler_determinism): the same program
// on a VirtualClock gives the same names and the same instrument events, run after run, in one
// process — what schedule exploration and replay stand on.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CancelledError,
  type Coroutine,
  createTask,
  type Instrument,
  Lock,
  newEventLoop,
  Queue,
  type Runnable,
  type Scheduler,
  sleep,
  type Task,
  VirtualClock,
  waitFor,
} from "../../src/asyncio/index.js";

/** A small program with a lock, a queue, timers, a timeout and a cancellation. */
function* program(): Coroutine<string[]> {
  const lock = new Lock({ name: "db" });
  const jobs = new Queue<number>(2, { name: "jobs" });
  const done: string[] = [];
  const worker = function* (id: number): Coroutine<void> {
    for (;;) {
      const job = yield* jobs.get();
      yield* lock.acquire();
      try {
        yield* sleep(job / 10);
        done.push(`worker ${id} did ${job}`);
      } finally {
        lock.release();
        jobs.taskDone();
      }
    }
  };
  const workers = [1, 2, 3].map((id) => createTask(worker(id)));
  for (const job of [3, 1, 2, 5, 4]) yield* jobs.put(job);
  yield* jobs.join();
  const slow = createTask(sleep(10, "slow"));
  try {
    yield* waitFor(slow, 0.5);
  } catch {
    done.push(`slow timed out, cancelled: ${slow.cancelled()}`);
  }
  for (const w of workers) w.cancel();
  for (const w of workers) {
    try {
      yield* w;
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
    }
  }
  return done;
}

/** Every instrument event, as text without wall-clock durations. */
function recorder(events: string[]): Instrument {
  const name = (t: Task<unknown> | null) => t?.getName() ?? "-";
  return {
    taskCreated: (t, parent) => events.push(`created ${name(t)} by ${name(parent)}`),
    taskScheduled: (t) => events.push(`scheduled ${name(t)}`),
    beforeTaskStep: (t) => events.push(`step ${name(t)}`),
    taskBlocked: (t, on) => events.push(`blocked ${name(t)} on ${on.describe()}`),
    taskWoken: (t, by) => events.push(`woken ${name(t)} by ${name(by)}`),
    taskCancelled: (t, message) => events.push(`cancel ${name(t)} (${message ?? ""})`),
    taskDone: (t) => events.push(`done ${name(t)}`),
    timerScheduled: (timer) => events.push(`timer ${timer.describe()} at ${timer.when()}`),
    passStarted: (ready) => events.push(`pass of ${ready}`),
  };
}

async function runOnce(scheduler?: Scheduler): Promise<{ result: string[]; events: string[] }> {
  const loop = newEventLoop({ clock: new VirtualClock(), ...(scheduler ? { scheduler } : {}) });
  const events: string[] = [];
  loop.addInstrument(recorder(events));
  try {
    const result = await loop.runUntilComplete(program());
    return { result, events };
  } finally {
    loop.close();
  }
}

test("two runs of the same program give the same names and the same instrument events", async () => {
  const first = await runOnce();
  const second = await runOnce();
  assert.deepEqual(second.result, first.result);
  assert.ok(first.events.length > 100, `a real workout: ${first.events.length} events`);
  assert.deepEqual(second.events, first.events);
  assert.ok(first.events.includes("created Task-1 by -"), "numbers start at 1 on every loop");
  assert.ok(
    first.events.some((e) => e.startsWith("blocked") && e.endsWith("on Queue 'jobs'.get()")),
  );
  assert.ok(first.events.some((e) => e.startsWith("blocked") && e.endsWith("on Lock 'db'")));
  assert.ok(first.events.some((e) => e.startsWith("cancel ")));
});

/** Runs each pass's entries newest first: a policy the testing face could plug in. */
class NewestFirst implements Scheduler {
  readonly #entries: Runnable[] = [];
  get length(): number {
    return this.#entries.length;
  }
  push(entry: Runnable): void {
    this.#entries.push(entry);
  }
  shift(): Runnable | undefined {
    return this.#entries.pop();
  }
  clear(): void {
    this.#entries.length = 0;
  }
}

test("the Scheduler decides every choice point: the ready batch, and timers due at the same instant", async () => {
  const order = async (scheduler?: Scheduler) => {
    const loop = newEventLoop({ clock: new VirtualClock(), ...(scheduler ? { scheduler } : {}) });
    const log: string[] = [];
    try {
      await loop.runUntilComplete(function* () {
        for (const name of ["a", "b", "c"]) {
          createTask(function* () {
            log.push(`${name} starts`);
            yield* sleep(1); // all three due at the same instant
            log.push(`${name} wakes`);
          });
        }
        loop.callLater(1, () => log.push("timer"));
        yield* sleep(2);
      });
    } finally {
      loop.close();
    }
    return log;
  };
  assert.deepEqual(await order(), [
    "a starts",
    "b starts",
    "c starts",
    "timer",
    "a wakes",
    "b wakes",
    "c wakes",
  ]);
  // Newest first: the tasks start in reverse; at t=1 the last timer due runs first, and a task it
  // wakes is the newest entry, so it runs at once, in the same pass (the policy's choice).
  assert.deepEqual(await order(new NewestFirst()), [
    "c starts",
    "b starts",
    "a starts",
    "a wakes",
    "b wakes",
    "c wakes",
    "timer",
  ]);
});
