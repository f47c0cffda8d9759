// The cancellation contract (issue 10): a cancelled task is done only when its body has unwound,
// a wake-up is final (nothing handed over is lost), ownership belongs to the task that acquired.
// One test per defect the issue measured; each failed on the kernel before the trap protocol.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { test } from "node:test";
import {
  CancelledError,
  type Coroutine,
  createTask,
  currentTask,
  Lock,
  newEventLoop,
  Queue,
  RuntimeError,
  run,
  Semaphore,
  sleep,
  TimeoutError,
  VirtualClock,
  waitFor,
} from "../../src/asyncio/index.js";
import { runVirtual } from "../support/virtual.js";
import { reportsOf } from "./combinators/support.js";

test("waitFor(q.get(), t) cancelled one step after the hand-off returns the item: it is not lost", async () => {
  await runVirtual(function* () {
    const q = new Queue<string>();
    const getter = createTask(function* () {
      return yield* waitFor(q.get(), 10);
    });
    yield;
    q.putNowait("the item"); // handed to the getter (final)...
    getter.cancel(); // ...which is cancelled before it runs
    assert.equal(yield* getter, "the item");
    assert.equal(q.qsize(), 0);
  });
});

for (const [kind, make] of [
  ["Lock", () => new Lock({ name: "L" })],
  ["Semaphore", () => new Semaphore(1, { name: "L" })],
] as const) {
  test(`waitFor(${kind.toLowerCase()}.acquire(), t) cancelled one step after the hand-off holds it and releases it as it unwinds`, async () => {
    await runVirtual(function* (loop) {
      const reports = reportsOf(loop);
      const lock = make();
      yield* lock.acquire();
      const log: string[] = [];
      const waiter = createTask(
        function* () {
          yield* waitFor(lock.acquire(), 10);
          try {
            log.push("acquired");
            yield; // its next wait: the cancellation lands here
          } finally {
            lock.release();
            log.push("released");
          }
        },
        { name: "waiter" },
      );
      yield;
      lock.release(); // handed to the waiter...
      waiter.cancel(); // ...cancelled before it runs
      try {
        yield* waiter;
      } catch (error) {
        assert.ok(error instanceof CancelledError);
      }
      assert.deepEqual(log, ["acquired", "released"]);
      assert.equal(lock.locked(), false, "not left held");
      assert.deepEqual(reports, []);
    });
  });
}

test("waitFor(lock.acquire()) makes the waiting task the owner: no false 'ended while holding'", async () => {
  await runVirtual(function* (loop) {
    const reports = reportsOf(loop);
    const lock = new Lock({ name: "db" });
    const holder = createTask(function* () {
      yield* lock.acquire();
      yield* sleep(1);
      lock.release();
    });
    yield;
    const me = currentTask()!;
    yield* waitFor(lock.acquire(), 5); // contended: handed over when the holder releases
    assert.deepEqual(lock.holders(), [me]);
    assert.deepEqual(me.holding(), [lock]);
    yield* holder;
    yield;
    lock.release();
    assert.deepEqual(reports, []);
  });
});

test("CPython test_asyncio_wait_for_cancelled: the waitFor task ends only after a task that ignores cancellation exits", async () => {
  await runVirtual(function* (loop) {
    const TASK_TIMEOUT = 0.2;
    let exited = false;
    function* slowTask(): Coroutine<void> {
      const exitAt = loop.time() + TASK_TIMEOUT;
      for (;;) {
        const toSleep = exitAt - loop.time();
        if (toSleep <= 0) break;
        try {
          yield* sleep(toSleep);
        } catch (error) {
          if (!(error instanceof CancelledError)) throw error; // ignores cancel requests
        }
      }
      exited = true;
    }
    const waitForTask = createTask(waitFor(slowTask(), TASK_TIMEOUT * 2));
    yield;
    waitForTask.cancel();
    try {
      yield* waitForTask;
    } catch {}
    assert.equal(exited, true);
  });
});

test("cancelling the task waiting in waitFor(inner(), t) lets inner's waiting cleanup finish first", async () => {
  await runVirtual(function* () {
    let cleanedUp = false;
    function* inner(): Coroutine<void> {
      try {
        yield* sleep(10);
      } finally {
        yield* sleep(0.1); // cleanup that itself waits
        cleanedUp = true;
      }
    }
    const outer = createTask(function* () {
      yield* waitFor(inner(), 20);
    });
    yield* sleep(0.5);
    outer.cancel();
    try {
      yield* outer;
      assert.fail("unreachable");
    } catch (error) {
      assert.ok(error instanceof CancelledError);
    }
    assert.equal(cleanedUp, true, "the outer task ended only after inner's finally");
  });
});

test("a timed-out waitFor also waits for the cleanup, then raises TimeoutError", async () => {
  await runVirtual(function* (loop) {
    const log: string[] = [];
    function* inner(): Coroutine<void> {
      try {
        yield* sleep(10);
      } finally {
        yield* sleep(0.25);
        log.push(`cleaned up at ${loop.time()}`);
      }
    }
    try {
      yield* waitFor(inner(), 1);
    } catch (error) {
      assert.ok(error instanceof TimeoutError);
      log.push(`TimeoutError at ${loop.time()}`);
    }
    assert.deepEqual(log, ["cleaned up at 1.25", "TimeoutError at 1.25"]);
  });
});

/** A local HTTP server that answers only when its client gives up: every request hangs. */
async function hangingServer(): Promise<{ server: Server; url: string; peak: () => number }> {
  let open = 0;
  let peak = 0;
  const server = createServer((request) => {
    open++;
    peak = Math.max(peak, open);
    request.socket.once("close", () => open--);
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return { server, url: `http://127.0.0.1:${address.port}/`, peak: () => peak };
}

test("Semaphore(5) around waitFor(async (signal) => fetch(url, {signal}), t): never six fetches at once", async () => {
  const { server, url, peak } = await hangingServer();
  try {
    let inFlight = 0;
    let maxInFlight = 0;
    const outcomes = await run(function* main() {
      const limit = new Semaphore(5);
      const one = function* (): Coroutine<string> {
        yield* limit.acquire();
        try {
          yield* waitFor(async (signal: AbortSignal) => {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            try {
              return await fetch(url, { signal });
            } finally {
              inFlight--;
            }
          }, 0.05);
          return "answered";
        } catch (error) {
          if (error instanceof TimeoutError) return "timed out";
          throw error;
        } finally {
          limit.release();
        }
      };
      const tasks = Array.from({ length: 12 }, () => createTask(one));
      const results: string[] = [];
      for (const t of tasks) results.push(yield* t);
      return results;
    });
    assert.deepEqual(new Set(outcomes), new Set(["timed out"]));
    assert.equal(maxInFlight, 5, "a task holds its permit until its fetch has settled");
    assert.ok(peak() <= 6, `the server saw ${peak()} requests at once`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test("a failure delivered to a task cancelled right after is its own, not 'never retrieved'", async () => {
  await runVirtual(function* (loop) {
    const reports = reportsOf(loop);
    const future = loop.createFuture<number>();
    let caught: unknown = null;
    const waiter = createTask(function* () {
      try {
        yield* future;
      } catch (error) {
        caught = error;
      }
      yield; // the cancellation lands at its next wait
    });
    yield;
    future.setException(new RangeError("failed"));
    waiter.cancel();
    try {
      yield* waiter;
    } catch (error) {
      assert.ok(error instanceof CancelledError);
    }
    assert.ok(caught instanceof RangeError);
    yield;
    assert.deepEqual(reports, []);
  });
});

test("a yielded thenable whose then() throws raises that error in the coroutine, as await does", async () => {
  await runVirtual(function* () {
    const broken = {
      // biome-ignore lint/suspicious/noThenProperty: a deliberately broken thenable.
      then() {
        throw new SyntaxError("then() is broken");
      },
    };
    try {
      yield broken as PromiseLike<unknown>;
      assert.fail("unreachable");
    } catch (error) {
      assert.ok(error instanceof SyntaxError);
    }
  });
});

test("a refused second runUntilComplete() runs nothing", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  let ran = false;
  const first = loop.runUntilComplete(function* () {
    yield* sleep(1);
    return "first";
  });
  assert.throws(
    () =>
      loop.runUntilComplete(function* () {
        ran = true;
      }),
    { name: "RuntimeError", message: "runUntilComplete(): this loop is already running" },
  );
  assert.equal(await first, "first");
  assert.equal(ran, false);
  assert.deepEqual(loop.liveTasks(), []);
  loop.close();
});

test("run() of a generator that was already run is refused: a coroutine runs once", async () => {
  function* main(): Coroutine<string> {
    yield;
    return "done";
  }
  const coroutine = main();
  assert.equal(await run(coroutine, { clock: new VirtualClock() }), "done");
  assert.throws(() => run(coroutine, { clock: new VirtualClock() }), {
    name: "RuntimeError",
    message:
      "run(): this generator was already run; a coroutine runs once: call its generator function again for a new one (run(main), or run(main()))",
  });
  assert.ok(new RuntimeError("x") instanceof Error);
});
