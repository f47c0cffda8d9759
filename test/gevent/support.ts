// Helpers for the gevent tests.
import assert from "node:assert/strict";
import type { Awaitable, Coroutine } from "../../src/core/index.js";

/** Waits on `aw` inside a task and asserts that it throws (an instance of `kind`, if given). */
export function* rejectsIn(
  aw: Awaitable<unknown>,
  kind?: abstract new (...args: never[]) => unknown,
): Coroutine<unknown> {
  try {
    yield* aw;
  } catch (error) {
    if (kind) assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`);
    return error;
  }
  assert.fail("expected an error, but it completed");
}
