import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type ExceptionContext,
  type Loop,
  newEventLoop,
  RuntimeError,
  sleep,
  VirtualClock,
} from "../../src/core/index.js";

function virtualLoop(): Loop {
  return newEventLoop({ clock: new VirtualClock() });
}

test("callSoon callbacks run in FIFO order, with their arguments", async () => {
  const loop = virtualLoop();
  const log: string[] = [];
  for (const name of ["a", "b", "c"])
    loop.callSoon((n: string, k: number) => log.push(`${n}${k}`), name, 1);
  loop.callSoon(() => loop.stop());
  await loop.runForever();
  loop.close();
  assert.deepEqual(log, ["a1", "b1", "c1"]);
});

test("a callback scheduled during a pass runs in the next pass, not the current one", async () => {
  const loop = virtualLoop();
  const log: string[] = [];
  loop.callSoon(() => {
    log.push("first");
    loop.callSoon(() => log.push("scheduled by first"));
  });
  loop.callSoon(() => log.push("second"));
  loop.callSoon(() => loop.stop()); // stop() ends the run after this pass
  await loop.runForever();
  assert.deepEqual(log, ["first", "second"]);
  loop.callSoon(() => loop.stop());
  await loop.runForever();
  assert.deepEqual(log, ["first", "second", "scheduled by first"]);
  loop.close();
});

test("timers run in (deadline, insertion) order at their loop time", async () => {
  const loop = virtualLoop();
  const log: string[] = [];
  loop.callLater(0.2, () => log.push(`b@${loop.time()}`));
  loop.callLater(0.1, () => log.push(`a@${loop.time()}`));
  loop.callLater(0.2, () => log.push(`c@${loop.time()}`));
  loop.callAt(0.3, () => loop.stop());
  await loop.runForever();
  loop.close();
  assert.deepEqual(log, ["a@0.1", "b@0.2", "c@0.2"]);
});

test("a cancelled handle or timer never runs", async () => {
  const loop = virtualLoop();
  const log: string[] = [];
  const soon = loop.callSoon(() => log.push("soon"));
  const later = loop.callLater(1, () => log.push("later"));
  soon.cancel();
  later.cancel();
  assert.equal(soon.cancelled(), true);
  loop.callLater(2, () => loop.stop());
  await loop.runForever();
  loop.close();
  assert.deepEqual(log, []);
});

test("callSoon, createFuture and createTask work before the loop runs", async () => {
  const loop = virtualLoop();
  const log: string[] = [];
  loop.callSoon(() => log.push("callback"));
  const future = loop.createFuture<number>();
  const task = loop.createTask(function* () {
    log.push("task");
    return (yield* future) + 1;
  });
  loop.callLater(1, () => future.setResult(41));
  assert.equal(await loop.runUntilComplete(task), 42);
  loop.close();
  assert.deepEqual(log, ["callback", "task"]);
});

test("a failing callback goes to the exception handler as handler(loop, context); the loop goes on", async () => {
  const loop = virtualLoop();
  const seen: [Loop, ExceptionContext][] = [];
  loop.setExceptionHandler((l, context) => seen.push([l, context]));
  const boom = new Error("boom");
  loop.callSoon(function failing() {
    throw boom;
  });
  loop.callSoon(() => loop.stop());
  await loop.runForever();
  loop.close();
  assert.equal(seen.length, 1);
  const [l, context] = seen[0]!;
  assert.equal(l, loop);
  assert.equal(context.exception, boom);
  assert.match(context.message, /Exception in callback failing/);
  assert.ok(context.handle);
});

test("stop() ends runForever after the current pass; the loop can run again", async () => {
  const loop = virtualLoop();
  let n = 0;
  const tick = () => {
    n++;
    if (n === 3) loop.stop();
    loop.callSoon(tick);
  };
  loop.callSoon(tick);
  await loop.runForever();
  assert.equal(n, 3);
  assert.equal(loop.isRunning(), false);
  loop.callLater(0, () => loop.stop());
  await loop.runForever();
  assert.equal(n, 4);
  loop.close();
});

test("isRunning is true only while running; isClosed after close(), which is idempotent", async () => {
  const loop = virtualLoop();
  let during = false;
  loop.callSoon(() => {
    during = loop.isRunning();
    loop.stop();
  });
  assert.equal(loop.isRunning(), false);
  await loop.runForever();
  assert.equal(during, true);
  loop.close();
  loop.close();
  assert.equal(loop.isClosed(), true);
});

test("a closed loop refuses new work with a clear error", () => {
  const loop = virtualLoop();
  loop.close();
  const closed = /the event loop is closed; create a new one with newEventLoop\(\) or use run\(\)/;
  assert.throws(() => loop.callSoon(() => {}), {
    name: "RuntimeError",
    message: /^callSoon\(\): /,
  });
  assert.throws(() => loop.callSoon(() => {}), closed);
  assert.throws(() => loop.callLater(1, () => {}), closed);
  assert.throws(() => loop.callAt(1, () => {}), closed);
  assert.throws(() => loop.createFuture(), closed);
  assert.throws(() => loop.createTask(function* () {}), closed);
  assert.throws(() => loop.runForever(), closed);
  assert.throws(() => loop.runUntilComplete(function* () {}), closed);
});

test("close() of a running loop is refused", async () => {
  const loop = virtualLoop();
  let error: unknown;
  loop.callSoon(() => {
    try {
      loop.close();
    } catch (e) {
      error = e;
    }
    loop.stop();
  });
  await loop.runForever();
  loop.close();
  assert.ok(error instanceof RuntimeError);
  assert.match((error as Error).message, /cannot close a running loop; call stop\(\)/);
});

test("bad delays and callbacks are refused at the call", () => {
  const loop = virtualLoop();
  assert.throws(() => loop.callLater(Number.NaN, () => {}), {
    name: "RangeError",
    message:
      "callLater() needs a delay in seconds (a number; 0 or less means now); got the number NaN",
  });
  assert.throws(() => loop.callLater("1" as unknown as number, () => {}), {
    message:
      'callLater() needs a delay in seconds (a number; 0 or less means now); got the string "1"',
  });
  assert.throws(() => loop.callAt(Number.NaN, () => {}), {
    name: "RangeError",
    message: "callAt() needs a loop time in seconds (compare loop.time()); got the number NaN",
  });
  assert.throws(() => loop.callSoon(42 as unknown as () => void), {
    name: "TypeError",
    message: "callSoon() needs a function to call; got the number 42",
  });
  // The kernel alone has no default executor: the asyncio face registers one when it loads.
  assert.throws(() => loop.runInExecutor(null, () => 1), {
    name: "RuntimeError",
    message:
      "runInExecutor(null, ...): no default executor is registered; import spindle (or spindle/asyncio), which provides a thread pool, or pass an executor explicitly",
  });
  assert.throws(() => loop.setDefaultExecutor(null as never), {
    name: "TypeError",
    message:
      "setDefaultExecutor(): expected an executor with a submit(fn, ...args) method, got null",
  });
  loop.close();
});

test("runInExecutor adopts what the executor's submit returns", async () => {
  const loop = virtualLoop();
  const executor = {
    submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A) {
      return Promise.resolve(fn(...args)) as PromiseLike<Awaited<R>>;
    },
  };
  const sum = await loop.runUntilComplete(
    loop.runInExecutor(executor, (a: number, b: number) => a + b, 2, 3),
  );
  loop.close();
  assert.equal(sum, 5);
});

test("two loops cannot run at once in one thread", async () => {
  const a = virtualLoop();
  const b = virtualLoop();
  let error: unknown;
  a.callSoon(() => {
    try {
      void b.runForever();
    } catch (e) {
      error = e;
    }
    a.stop();
  });
  await a.runForever();
  a.close();
  b.close();
  assert.match(String(error), /another loop is already running in this thread/);
});

test("a virtual clock jumps to the next deadline when idle; advance() moves it by hand", async () => {
  const clock = new VirtualClock();
  const loop = newEventLoop({ clock });
  const started = performance.now();
  const when = await loop.runUntilComplete(
    (function* () {
      const f = loop.createFuture<number>();
      loop.callLater(3600, () => f.setResult(loop.time()));
      return yield* f;
    })(),
  );
  assert.equal(when, 3600);
  assert.ok(performance.now() - started < 1000, "an hour of virtual time takes no real time");
  clock.advance(0.5);
  assert.equal(loop.time(), 3600.5);
  assert.throws(
    () => clock.advance(-1),
    /advance\(\) needs a finite number of seconds >= 0; got -1/,
  );
  assert.throws(() => new VirtualClock({ autojumpThreshold: -1 }), /autojumpThreshold must be/);
  loop.close();
});

test("with outside work pending, a virtual clock waits for it before jumping", async () => {
  const clock = new VirtualClock({ autojumpThreshold: 0.05 });
  const loop = newEventLoop({ clock });
  const log: string[] = [];
  await loop.runUntilComplete(
    (function* () {
      const timer = loop.createTask(function* () {
        const f = loop.createFuture();
        loop.callLater(10, () => f.setResult(null));
        yield* f;
        log.push(`virtual timer at ${loop.time()}`);
      });
      // A real 5 ms promise: outside work the clock must not jump over.
      yield new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`promise at ${loop.time()}`);
      yield* timer;
    })(),
  );
  loop.close();
  assert.deepEqual(log, ["promise at 0", "virtual timer at 10"]);
});

test("the loop hands control back to Node while it stays busy", async () => {
  const loop = newEventLoop();
  let immediates = 0;
  let seenWhileBusy = 0;
  const stopAt = performance.now() + 50;
  const busy = loop.createTask(function* () {
    while (performance.now() < stopAt) {
      seenWhileBusy = immediates;
      yield;
    }
  });
  const poke = () => {
    immediates++;
    if (!busy.done()) setImmediate(poke);
  };
  setImmediate(poke);
  await loop.runUntilComplete(busy);
  loop.close();
  // A loop that never yielded to Node would see zero; one that yields every ~2 ms sees many.
  assert.ok(seenWhileBusy >= 5, `only ${seenWhileBusy} Node turns ran during 50 ms of busy tasks`);
});

test("cancelling runInExecutor's future cancels the executor's job when it can be cancelled", async () => {
  const loop = virtualLoop();
  let cancelled = 0;
  const executor = {
    submit<A extends unknown[], R>(_fn: (...args: A) => R, ..._args: A) {
      const job = new Promise<Awaited<R>>(() => {}) as Promise<Awaited<R>> & { cancel(): boolean };
      job.cancel = () => {
        cancelled++;
        return true;
      };
      return job;
    },
  };
  await loop.runUntilComplete(
    (function* () {
      const f = loop.runInExecutor(executor, () => 1);
      yield;
      f.cancel();
      yield;
    })(),
  );
  loop.close();
  assert.equal(cancelled, 1);
});

test("statistics() counts tasks, ready entries, timers, outside work, passes and steps", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const outside: string[] = [];
  loop.addInstrument({ outsideWork: (what) => outside.push(what) });
  const fresh = loop.statistics();
  assert.deepEqual(fresh, { tasks: 0, ready: 0, timers: 0, outside: 0, passes: 0, steps: 0 });
  let during = fresh;
  await loop.runUntilComplete(function* () {
    loop.createTask(sleep(5));
    loop.callLater(1, () => {});
    yield;
    const release = loop.keepAlive("the test's watcher");
    during = loop.statistics();
    release();
    yield Promise.resolve(1);
  });
  assert.deepEqual(
    { ...during, passes: 0, steps: 0 },
    { tasks: 2, ready: 0, timers: 2, outside: 1, passes: 0, steps: 0 },
  );
  assert.ok(during.passes >= 1 && during.steps >= 1, "counted as it runs");
  const after = loop.statistics();
  assert.ok(after.passes > during.passes && after.steps > during.steps);
  assert.equal(after.tasks, 1, "the sleeper is still there");
  assert.deepEqual(outside, ["the test's watcher", "a Promise"]);
  loop.close();
});
