import assert from "node:assert/strict";
import { createHook } from "node:async_hooks";
import { test } from "node:test";
import {
  allTasks,
  CancelledError,
  currentTask,
  type Future,
  newEventLoop,
  sleep,
  type Task,
  VirtualClock,
} from "../../src/core/index.js";
import { runVirtual } from "../support/virtual.js";

test("bare `yield;` sends a task to the back of the ready queue: tasks alternate", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const body = (name: string) =>
      function* () {
        for (let i = 0; i < 3; i++) {
          log.push(`${name}${i}`);
          yield;
        }
      };
    const a = loop.createTask(body("a"));
    const b = loop.createTask(body("b"));
    yield* a;
    yield* b;
  });
  assert.deepEqual(log, ["a0", "b0", "a1", "b1", "a2", "b2"]);
});

test("yield* task evaluates to its result or throws its error", async () => {
  await runVirtual(function* (loop) {
    const ok = loop.createTask(function* () {
      yield* sleep(1);
      return "fine";
    });
    const bad = loop.createTask(function* () {
      yield* sleep(1);
      throw new RangeError("broken");
    });
    assert.equal(yield* ok, "fine");
    try {
      yield* bad;
      assert.fail("yield* of a failed task must throw");
    } catch (error) {
      assert.equal((error as Error).message, "broken");
    }
  });
});

test("a plain `yield` of a Promise adopts it and evaluates to its value or throws its rejection", async () => {
  await runVirtual(function* () {
    const v = yield Promise.resolve(7);
    assert.equal(v, 7);
    try {
      yield Promise.reject(new Error("rejected"));
      assert.fail("unreachable");
    } catch (error) {
      assert.equal((error as Error).message, "rejected");
    }
  });
});

test("yielding a foreign value throws a TypeError into the coroutine at once", async () => {
  const message = await runVirtual(function* () {
    try {
      yield 42 as never;
    } catch (error) {
      assert.ok(error instanceof TypeError);
      return error.message;
    }
    return "not thrown";
  });
  assert.match(
    message,
    /^Task '.+' yielded the number 42, which spindle cannot wait on\. Yield a spindle Future or Promise with `yield\*` \(e\.g\. `yield\* sleep\(1\)`\), or `yield;` to let others run\. Did it come from another async framework, or is a `\*` missing after `yield`\?$/,
  );
});

test("a forgotten `*` (yielding a generator) gets the same clear TypeError", async () => {
  function* helper() {
    yield* sleep(1);
  }
  await assert.rejects(
    runVirtual(function* () {
      yield helper() as never;
    }),
    { name: "TypeError", message: /yielded a generator object, which spindle cannot wait on/ },
  );
});

test("a task waiting on itself gets a clear error instead of hanging", async () => {
  await assert.rejects(
    runVirtual(function* (loop) {
      const holder: { task?: Task<unknown> } = {};
      holder.task = loop.createTask(
        function* () {
          yield;
          yield* holder.task!;
        },
        { name: "ouroboros" },
      );
      yield* holder.task;
    }),
    {
      name: "RuntimeError",
      message:
        "Task 'ouroboros' waits on itself and could never finish; wait on another task or future",
    },
  );
});

test("cancel(msg) throws CancelledError(msg) where the task waits; the task ends cancelled", async () => {
  await runVirtual(function* (loop) {
    let caught: unknown;
    const sleeper = loop.createTask(function* () {
      try {
        yield* sleep(100);
      } catch (error) {
        caught = error;
        throw error;
      }
    });
    yield* sleep(1);
    assert.equal(sleeper.cancel("enough"), true);
    assert.equal(sleeper.cancelling(), 1);
    try {
      yield* sleeper;
      assert.fail("unreachable");
    } catch (error) {
      assert.ok(error instanceof CancelledError);
      assert.equal(error.message, "enough");
    }
    assert.ok(caught instanceof CancelledError);
    assert.equal(sleeper.cancelled(), true);
    assert.equal(sleeper.cancel(), false, "a done task cannot be cancelled again");
    assert.equal(loop.time(), 1, "the 100 s sleep's timer was cancelled with it");
  });
});

test("a task may catch CancelledError, uncancel() and go on", async () => {
  await runVirtual(function* (loop) {
    const stubborn = loop.createTask(function* () {
      try {
        yield* sleep(10);
      } catch (error) {
        assert.ok(error instanceof CancelledError);
        assert.equal(currentTask()?.uncancel(), 0);
      }
      yield* sleep(1);
      return "survived";
    });
    yield;
    stubborn.cancel();
    assert.equal(yield* stubborn, "survived");
    assert.equal(stubborn.cancelling(), 0);
  });
});

test("cancelling a task before its first step means its body never runs", async () => {
  await runVirtual(function* (loop) {
    let ran = false;
    const t = loop.createTask(function* () {
      ran = true;
    });
    t.cancel();
    try {
      yield* t;
    } catch (error) {
      assert.ok(error instanceof CancelledError);
    }
    assert.equal(ran, false);
    assert.equal(t.cancelled(), true);
  });
});

test("cancelling a task that is ready (not parked) throws at its next step", async () => {
  await runVirtual(function* (loop) {
    const log: string[] = [];
    const t = loop.createTask(function* () {
      log.push("step 1");
      yield;
      log.push("never");
    });
    yield; // t ran its first step and is in the ready queue again
    t.cancel("now");
    yield;
    assert.equal(t.cancelled(), true);
    assert.deepEqual(log, ["step 1"]);
  });
});

test("cancelling a task that awaits another task cancels that one too (asyncio semantics)", async () => {
  await runVirtual(function* (loop) {
    const inner = loop.createTask(function* () {
      yield* sleep(10);
    });
    const outer = loop.createTask(function* () {
      yield* inner;
    });
    yield;
    outer.cancel();
    yield;
    yield;
    assert.equal(inner.cancelled(), true);
    assert.equal(outer.cancelled(), true);
  });
});

test("waitingOn() is the future a task is parked on, and null when it is not parked", async () => {
  await runVirtual(function* (loop) {
    const f = loop.createFuture("the signal");
    const t = loop.createTask(function* () {
      yield* f;
    });
    assert.equal(t.waitingOn(), null);
    yield;
    assert.equal(t.waitingOn(), f);
    f.setResult(undefined);
    assert.equal(t.waitingOn(), null);
    yield* t;
  });
});

test("names: Task-N by default, given names verbatim, setName, getCoro", async () => {
  await runVirtual(function* (loop) {
    const gen = (function* () {})();
    const a = loop.createTask(gen);
    const b = loop.createTask(function* () {}, { name: "fetch 'home' page" });
    assert.match(a.getName(), /^Task-\d+$/);
    assert.equal(b.getName(), "fetch 'home' page");
    assert.equal(b.describe(), "Task 'fetch 'home' page'");
    b.setName("renamed");
    assert.equal(b.getName(), "renamed");
    assert.equal(a.getCoro(), gen);
    yield* a;
    yield* b;
  });
});

test("currentTask() is the task being stepped; allTasks() holds the unfinished ones", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const seen: (Task<unknown> | null)[] = [];
  let live: Set<Task<unknown>> = new Set();
  const main = loop.createTask(
    function* () {
      seen.push(currentTask());
      const other = loop.createTask(
        function* () {
          yield* sleep(1);
        },
        { name: "other" },
      );
      yield;
      live = allTasks();
      yield* other;
    },
    { name: "main" },
  );
  await loop.runUntilComplete(main);
  assert.deepEqual(seen, [main]);
  assert.deepEqual(
    [...live].map((t) => t.getName()),
    ["main", "other"],
  );
  assert.equal(currentTask(), null);
  assert.deepEqual([...allTasks(loop)], []);
  loop.close();
});

test("async functions and promises are tasks too; cancelling one aborts its signal, and it ends when its promise settles", async () => {
  await runVirtual(function* (loop) {
    const p = loop.createTask(Promise.resolve("from a promise"));
    assert.equal(yield* p, "from a promise");
    let signal: AbortSignal | undefined;
    let seenTask: Task<unknown> | null = null;
    const a = loop.createTask(async (s: AbortSignal) => {
      signal = s;
      seenTask = currentTask();
      // It honours its signal, as fetch() does: it rejects once the signal fires.
      return await new Promise<string>((_, reject) =>
        s.addEventListener("abort", () => reject(s.reason)),
      );
    });
    yield;
    assert.equal(seenTask, a, "currentTask() is set during the async function's first part");
    assert.equal(a.cancel("stop waiting"), true);
    assert.equal(signal?.aborted, true);
    assert.ok(signal?.reason instanceof CancelledError);
    assert.equal(a.done(), false, "not done while its work still runs");
    assert.equal(a.state(), "cancelling");
    try {
      yield* a;
      assert.fail("unreachable");
    } catch (error) {
      assert.ok(error instanceof CancelledError);
      assert.equal((error as Error).message, "stop waiting");
    }
    assert.equal(a.cancelled(), true);
  });
});

test("a cancelled async function's own outcome decides: AbortError is a cancellation, a value stands", async () => {
  await runVirtual(function* (loop) {
    const fetchLike = loop.createTask(async (signal: AbortSignal) => {
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
      throw new DOMException("This operation was aborted", "AbortError");
    });
    const finisher = loop.createTask(async (signal: AbortSignal) => {
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
      return "finished anyway";
    });
    const failer = loop.createTask(async (signal: AbortSignal) => {
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
      throw new RangeError("cleanup failed");
    });
    yield;
    for (const t of [fetchLike, finisher, failer]) t.cancel();
    yield new Promise((resolve) => setImmediate(resolve));
    assert.equal(fetchLike.cancelled(), true);
    assert.equal(yield* finisher, "finished anyway", "its work completed: the result is not lost");
    assert.ok(failer.exception() instanceof RangeError);
  });
});

test("an async function cancelled before it started never starts", async () => {
  await runVirtual(function* (loop) {
    let started = false;
    const t = loop.createTask(async () => {
      started = true;
    });
    t.cancel();
    assert.equal(t.cancelled(), true);
    yield;
    assert.equal(started, false);
  });
});

test("a late rejection of a cancelled async task is swallowed, not an unhandled rejection", async () => {
  let unhandled = 0;
  const onUnhandled = () => unhandled++;
  process.on("unhandledRejection", onUnhandled);
  try {
    await runVirtual(function* (loop) {
      const t = loop.createTask(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error("too late");
      });
      yield;
      t.cancel();
      yield new Promise((resolve) => setTimeout(resolve, 20));
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
  assert.equal(unhandled, 0);
});

test("an async function task's failure reaches whoever waits on it", async () => {
  await runVirtual(function* (loop) {
    const t = loop.createTask(async () => {
      throw new SyntaxError("inside async");
    });
    try {
      yield* t;
      assert.fail("unreachable");
    } catch (error) {
      assert.equal((error as Error).name, "SyntaxError");
    }
  });
});

test("createTask refuses what it cannot run, naming it", () => {
  const loop = newEventLoop();
  const plain = function plainFn() {
    return 1;
  };
  assert.throws(() => loop.createTask(plain as never), {
    name: "TypeError",
    message:
      "createTask() got an ordinary function 'plainFn'; it needs a generator function (`function*`, waiting with `yield*`), a generator, a Promise or an async function",
  });
  assert.throws(() => loop.createTask(async function* agen() {} as never), {
    message:
      "createTask() got an async generator function 'agen'; it needs a generator function (`function*`, waiting with `yield*`), a generator, a Promise or an async function",
  });
  assert.throws(() => loop.createTask(42 as never), {
    message:
      "createTask() got the number 42; it needs a generator function (`function*`, waiting with `yield*`), a generator, a Promise or an async function",
  });
  loop.close();
});

test("a task step creates no promise: tasks are resumed straight from the ready queue", async () => {
  let promises = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === "PROMISE") promises++;
    },
  });
  let during = -1;
  await runVirtual(function* (loop) {
    const body = function* () {
      for (let i = 0; i < 1000; i++) yield;
    };
    const tasks = [loop.createTask(body), loop.createTask(body)];
    yield; // both tasks have started
    hook.enable();
    const before = promises;
    for (const t of tasks) yield* t;
    during = promises - before;
    hook.disable();
  });
  assert.equal(during, 0, "2000 task switches created promises");
});

test("a future of another loop is refused where it is waited on", async () => {
  const other = newEventLoop();
  const foreign = other.createFuture("foreign");
  await runVirtual(function* (loop) {
    try {
      yield* foreign;
      assert.fail("unreachable");
    } catch (error) {
      assert.equal(
        (error as Error).message,
        `Task '${currentTask()?.getName()}' waits on foreign, which belongs to a different loop and would never wake it; create the future with this loop (getRunningLoop().createFuture())`,
      );
    }
    assert.throws(
      () => loop.runUntilComplete(foreign),
      /runUntilComplete\(\): foreign belongs to a different loop/,
    );
  });
  other.close();
});

test("a task that cancels itself has its very next wait cancelled at once (asyncio)", async () => {
  await runVirtual(function* (loop) {
    const t = loop.createTask(function* () {
      currentTask()!.cancel("self");
      yield* sleep(10);
    });
    try {
      yield* t;
    } catch (error) {
      assert.ok(error instanceof CancelledError);
      assert.equal(error.message, "self");
    }
    assert.equal(loop.time(), 0, "the 10 s sleep was cancelled, not waited out");
  });
});

test("a task made from a spindle awaitable is driven as a coroutine: cancelling reaches it", async () => {
  await runVirtual(function* (loop) {
    const nap = sleep(100);
    const t = loop.createTask(nap as never);
    yield;
    t.cancel();
    try {
      yield* t;
    } catch (error) {
      assert.ok(error instanceof CancelledError);
    }
    assert.equal((nap as Future<unknown>).cancelled(), true, "the sleep itself was cancelled");
    assert.equal(loop.time(), 0);
  });
});
