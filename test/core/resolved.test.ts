import assert from "node:assert/strict";
import { test } from "node:test";
import { resolved } from "../../src/core/index.js";
import { runVirtual } from "../support/virtual.js";

test("a resolved awaitable completes without suspending, and can be shared", async () => {
  const ready = resolved(7);
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const other = loop.createTask(function* () {
      log.push("other ran");
    });
    log.push(`first ${yield* ready}`);
    log.push(`again ${yield* ready}`);
    yield* other;
  });
  assert.deepEqual(log, ["first 7", "again 7", "other ran"], "no suspension before `other` ran");
  assert.equal(await ready, 7);
});

test("throwing into a resolved awaitable's iterator rethrows; return ends it", () => {
  const iterator = resolved("x")[Symbol.iterator]();
  assert.throws(() => iterator.throw?.(new Error("in")), /in/);
  assert.deepEqual(iterator.return?.("y"), { value: "y", done: true });
  // The awaitable is its own final result, so compare its fields, not its prototype.
  assert.deepEqual({ ...iterator.next() }, { value: "x", done: true });
});
