import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CancelledError,
  type Coroutine,
  currentTask,
  type ExceptionContext,
  ExceptionGroup,
  newEventLoop,
  sleep,
  type Task,
  TaskGroup,
  taskGroup,
  VirtualClock,
} from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import { reportsOf, thrownBy } from "./support.js";

/** A child that logs how it ends. */
function* child(log: string[], name: string, seconds: number, fails = false): Coroutine<string> {
  try {
    yield* sleep(seconds);
  } catch (error) {
    log.push(`${name} cancelled: ${(error as Error).message}`);
    throw error;
  }
  if (fails) {
    log.push(`${name} fails`);
    throw new URIError(`${name} failed`);
  }
  log.push(`${name} done`);
  return name;
}

test("the group waits for all its tasks and evaluates to the body's value", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const parent = currentTask();
    const [a, b] = yield* taskGroup(function* (tg) {
      assert.equal(currentTask(), parent, "the body runs inline, in the caller's task");
      const a = tg.createTask(child(log, "a", 2), { name: "a" });
      const b = tg.createTask(child(log, "b", 1), { name: "b" });
      log.push("body returns");
      return [a, b] as const;
    });
    log.push(`group done at ${loop.time()}`);
    assert.equal(a.getName(), "a");
    assert.equal(a.result(), "a");
    assert.equal(b.result(), "b");
  });
  assert.deepEqual(log, ["body returns", "b done", "a done", "group done at 2"]);
});

test("the first failure cancels the other tasks and the body; failures come out as an ExceptionGroup", async () => {
  const log: string[] = [];
  let reports: ExceptionContext[] = [];
  await runVirtual(function* (loop) {
    reports = reportsOf(loop);
    const error = yield* thrownBy(function* () {
      yield* taskGroup(function* (tg) {
        tg.createTask(child(log, "ok", 5), { name: "ok" });
        tg.createTask(child(log, "bad", 1, true), { name: "bad" });
        try {
          yield* sleep(10);
        } catch (error) {
          log.push(`body cancelled: ${(error as Error).message}`);
          throw error;
        }
      });
    });
    assert.ok(error instanceof ExceptionGroup);
    assert.equal(
      error.message,
      "unhandled errors in a TaskGroup (1 sub-exception)\n  1. URIError: bad failed",
    );
    assert.equal(error.exceptions.length, 1);
    assert.equal((error.exceptions[0] as Error).message, "bad failed");
    assert.equal(loop.time(), 1);
    assert.equal(currentTask()!.cancelling(), 0, "the group withdrew the cancel it made");
    yield* sleep(1);
    log.push(`parent goes on at ${loop.time()}`);
  });
  assert.deepEqual(log, [
    "bad fails",
    "ok cancelled: Task 'bad' of its TaskGroup failed; cancelling the rest",
    "body cancelled: Task 'bad' of its TaskGroup failed",
    "parent goes on at 2",
  ]);
  assert.deepEqual(reports, [], "the failure was delivered, so nothing is reported");
});

test("failures are listed in the order they happened, the body's among them", async () => {
  await runVirtual(function* (loop) {
    const error = yield* thrownBy(function* () {
      yield* taskGroup(function* (tg) {
        // The first fails at 1 s; the two others fail while being cancelled: one at once,
        // one a second later.
        tg.createTask(function* () {
          yield* sleep(1);
          throw new URIError("first");
        });
        tg.createTask(function* () {
          try {
            yield* sleep(10);
          } catch {
            throw new EvalError("second, while cancelled");
          }
        });
        tg.createTask(function* () {
          try {
            yield* sleep(10);
          } catch {
            yield* sleep(1);
            throw new RangeError("third, a second later");
          }
        });
        yield* sleep(10);
      });
    });
    assert.ok(error instanceof ExceptionGroup);
    assert.deepEqual(
      error.exceptions.map((e) => (e as Error).message),
      ["first", "second, while cancelled", "third, a second later"],
    );
    const [ranges, rest] = error.split((e) => e instanceof RangeError);
    assert.equal(ranges?.exceptions.length, 1);
    assert.equal(rest?.exceptions.length, 2);
    assert.equal(error.subgroup((e) => e instanceof URIError)?.exceptions.length, 1);
    assert.equal(loop.time(), 2);
  });
});

test("a failing body cancels the tasks; its error comes first", async () => {
  const log: string[] = [];
  await runVirtual(function* () {
    const error = yield* thrownBy(function* () {
      yield* taskGroup(function* (tg) {
        tg.createTask(child(log, "t", 5), { name: "t" });
        yield* sleep(1);
        throw new SyntaxError("body broke");
      });
    });
    assert.ok(error instanceof ExceptionGroup);
    assert.deepEqual(
      error.exceptions.map((e) => (e as Error).message),
      ["body broke"],
    );
  });
  assert.deepEqual(log, ["t cancelled: the body of its TaskGroup failed; cancelling the rest"]);
});

test("cancelling the parent from outside cancels the tasks and propagates as CancelledError", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const parent = loop.createTask(function* () {
      yield* taskGroup(function* (tg) {
        tg.createTask(child(log, "t", 5), { name: "t" });
      });
    });
    yield* sleep(1); // the body has returned: the group waits for t
    parent.cancel("from outside");
    const error = yield* thrownBy(function* () {
      yield* parent;
    });
    assert.ok(error instanceof CancelledError);
    assert.equal(error.message, "from outside");
  });
  assert.deepEqual(log, [
    "t cancelled: the task running its TaskGroup was cancelled; cancelling the rest",
  ]);
});

test("an outside cancellation during a failure: the ExceptionGroup wins and the cancel stays pending", async () => {
  await runVirtual(function* (loop) {
    let pending = -1;
    const parent = loop.createTask(function* () {
      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(function* () {
            yield* sleep(1);
            throw new URIError("bad");
          });
          tg.createTask(function* () {
            try {
              yield* sleep(10);
            } finally {
              yield* sleep(1); // slow to stop: the outside cancel arrives meanwhile
            }
          });
        });
      } catch (error) {
        assert.ok(error instanceof ExceptionGroup);
        pending = currentTask()!.cancelling();
        throw error;
      }
    });
    yield* sleep(1.5);
    parent.cancel("from outside");
    yield* thrownBy(function* () {
      yield* parent;
    });
    assert.equal(pending, 1, "the outside request is still pending after the group");
  });
});

test("tasks may start more tasks in the group while it waits for them", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    yield* taskGroup(function* (tg) {
      tg.createTask(function* () {
        yield* sleep(1);
        tg.createTask(child(log, "late", 1), { name: "late" });
      });
    });
    log.push(`group done at ${loop.time()}`);
  });
  assert.deepEqual(log, ["late done", "group done at 2"]);
});

test("createTask is refused before the group starts, while it shuts down, and after it finished", async () => {
  await runVirtual(function* () {
    const fresh = new TaskGroup();
    assert.throws(() => fresh.createTask(function* () {}), {
      name: "RuntimeError",
      message:
        "TaskGroup.createTask(): the group has not started; create tasks in its body: taskGroup(function* (tg) { tg.createTask(...); })",
    });
    let kept: TaskGroup | null = null;
    yield* taskGroup(function* (tg) {
      kept = tg;
    });
    assert.throws(() => kept!.createTask(function* () {}), {
      name: "RuntimeError",
      message:
        "TaskGroup.createTask(): the group has finished (its body returned and all its tasks are done); start a new taskGroup to run more tasks",
    });
    let refusal: unknown;
    yield* thrownBy(function* () {
      yield* taskGroup(function* (tg) {
        tg.createTask(function* () {
          yield* sleep(1);
          throw new URIError("bad");
        });
        try {
          yield* sleep(10);
        } catch (error) {
          try {
            tg.createTask(function* () {});
          } catch (e) {
            refusal = e;
          }
          throw error;
        }
      });
    });
    assert.equal(
      (refusal as Error).message,
      "TaskGroup.createTask(): the group is shutting down after a failure or a cancellation, so it accepts no new tasks",
    );
  });
});

test("a TaskGroup runs one body; its body must be a generator function", async () => {
  await runVirtual(function* () {
    const group = new TaskGroup();
    yield* group.run(function* () {});
    const again = yield* thrownBy(function* () {
      yield* group.run(function* () {});
    });
    assert.equal(
      (again as Error).message,
      "this TaskGroup was already used; a TaskGroup runs one body: make a new one",
    );
    assert.throws(() => taskGroup((async () => {}) as never), {
      name: "TypeError",
      message:
        "taskGroup() needs a generator function as its body, as in taskGroup(function* (tg) { ... }); got an async function; write the body as a generator function, so the group can cancel it",
    });
  });
});

test("await taskGroup(...) from an async function runs it in a helper task", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const value = await loop.runUntilComplete(async () => {
    return await taskGroup(function* (tg) {
      const t: Task<number> = tg.createTask(function* () {
        yield* sleep(1);
        return 41;
      });
      yield* t;
      return t.result() + 1;
    });
  });
  assert.equal(value, 42);
  loop.close();
});

test("a group waiting for its tasks shows in a deadlock report", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const error = await loop
    .runUntilComplete(
      loop.createTask(
        function* () {
          yield* taskGroup(function* (tg) {
            tg.createTask(
              function* () {
                yield* loop.createFuture("the reply");
              },
              { name: "stuck" },
            );
          });
        },
        { name: "main" },
      ),
    )
    .catch((e: unknown) => e);
  assert.match(
    String((error as Error).message),
    /Task 'main' waits on TaskGroup with 1 task running\n/,
  );
  loop.close();
});
