// The combinators together: cancellation must flow through each of them to the work underneath.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type Coroutine,
  type ExceptionContext,
  gather,
  sleep,
  TimeoutError,
  taskGroup,
  timeout,
  waitFor,
} from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import { reportsOf, thrownBy } from "./support.js";

function* worker(log: string[], name: string, seconds: number): Coroutine<string> {
  try {
    yield* sleep(seconds);
    return name;
  } catch (error) {
    log.push(`${name}: ${(error as Error).name} at ${seconds}`);
    throw error;
  }
}

test("waitFor over gather: the timeout cancels gather, which cancels every child", async () => {
  const log: string[] = [];
  let reports: ExceptionContext[] = [];
  await runVirtual(function* (loop) {
    reports = reportsOf(loop);
    const error = yield* thrownBy(function* () {
      yield* waitFor(gather(worker(log, "a", 5), worker(log, "b", 6)), 1);
    });
    assert.ok(error instanceof TimeoutError);
    assert.equal(loop.time(), 1);
  });
  assert.deepEqual(log, ["a: CancelledError at 5", "b: CancelledError at 6"]);
  assert.deepEqual(reports, []);
});

test("timeout around a taskGroup: the group's tasks are cancelled and TimeoutError comes out", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const error = yield* thrownBy(function* () {
      yield* timeout(2, function* () {
        yield* taskGroup(function* (tg) {
          tg.createTask(worker(log, "a", 5));
          tg.createTask(worker(log, "b", 6));
        });
      });
    });
    assert.ok(error instanceof TimeoutError);
    assert.equal(loop.time(), 2);
  });
  assert.deepEqual(log, ["a: CancelledError at 5", "b: CancelledError at 6"]);
});

test("a timeout inside a group's task fails that task, and the group reports it", async () => {
  await runVirtual(function* () {
    const error = yield* thrownBy(function* () {
      yield* taskGroup(function* (tg) {
        tg.createTask(function* () {
          yield* timeout(1, function* () {
            yield* sleep(5);
          });
        });
      });
    });
    assert.ok((error as { exceptions: unknown[] }).exceptions[0] instanceof TimeoutError);
  });
});
