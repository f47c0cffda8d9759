import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CancelledError,
  type Coroutine,
  type ExceptionContext,
  shield,
  sleep,
} from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import { reportsOf, thrownBy } from "./support.js";

function* after<T>(seconds: number, value: T, log?: string[]): Coroutine<T> {
  yield* sleep(seconds);
  log?.push(`${String(value)} finished at ${seconds}`);
  return value;
}

test("cancelling the task waiting on shield() does not cancel the inner task", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const inner = loop.createTask(after(3, "save", log));
    const waiter = loop.createTask(function* () {
      try {
        return yield* shield(inner);
      } catch (error) {
        log.push(`waiter: ${(error as Error).name} at ${loop.time()}`);
        throw error;
      }
    });
    yield* sleep(1);
    waiter.cancel();
    const error = yield* thrownBy(function* () {
      yield* waiter;
    });
    assert.ok(error instanceof CancelledError);
    assert.equal(inner.cancelled(), false);
    assert.equal(yield* inner, "save");
  });
  assert.deepEqual(log, ["waiter: CancelledError at 1", "save finished at 3"]);
});

test("cancelling the shield's future directly leaves the inner running too", async () => {
  await runVirtual(function* (loop) {
    const inner = loop.createTask(after(2, "x"));
    const outer = shield(inner);
    assert.equal(outer.cancel(), true);
    assert.equal(outer.cancelled(), true);
    assert.equal(yield* inner, "x");
  });
});

test("the outer gets the inner's outcome: result, error, or the inner's own cancellation", async () => {
  await runVirtual(function* (loop) {
    assert.equal(yield* shield(after(1, "value")), "value");
    const failing = shield(
      (function* () {
        yield* sleep(1);
        throw new URIError("bad");
      })(),
    );
    const failure = yield* thrownBy(function* () {
      yield* failing;
    });
    assert.ok(failure instanceof URIError);
    const inner = loop.createTask(after(5, "never"));
    const outer = shield(inner);
    loop.callLater(1, () => inner.cancel("inner stopped"));
    const error = yield* thrownBy(function* () {
      yield* outer;
    });
    assert.ok(error instanceof CancelledError);
    assert.equal(error.message, "inner stopped");
  });
});

test("shield of something already done is that future itself", async () => {
  await runVirtual(function* (loop) {
    const done = loop.createFuture<number>();
    done.setResult(1);
    assert.equal(shield(done), done);
  });
});

test("an inner failure after the outer was cancelled is still reported when nobody retrieves it", async () => {
  let reports: ExceptionContext[] = [];
  await runVirtual(function* (loop) {
    reports = reportsOf(loop);
    const inner = loop.createTask(
      function* () {
        yield* sleep(2);
        throw new URIError("lost?");
      },
      { name: "background" },
    );
    shield(inner).cancel();
    yield* sleep(3);
  });
  assert.equal(reports.length, 1);
  assert.ok(reports[0]!.exception instanceof URIError);
});

test("shield with no running loop is a RuntimeError at the call", () => {
  assert.throws(() => shield(Promise.resolve(1)), {
    name: "RuntimeError",
    message: "shield() needs a running loop: call it from a task inside run(...)",
  });
});
