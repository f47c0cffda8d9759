// loop.trackResource: what is still open when a loop closes is closed with it (issue 12).
import assert from "node:assert/strict";
import { test } from "node:test";
import { type LoopResource, newEventLoop, VirtualClock } from "../../src/core/index.js";

function resource(name: string, log: string[]): LoopResource {
  return { describe: () => name, close: () => log.push(`closed ${name}`) };
}

test("close() closes what is still open, newest first; released ones are left alone", () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const log: string[] = [];
  loop.trackResource(resource("server", log));
  const release = loop.trackResource(resource("request", log));
  loop.trackResource(resource("connection", log));
  release();
  loop.close();
  assert.deepEqual(log, ["closed connection", "closed server"]);
  loop.close(); // idempotent: nothing closed twice
  assert.equal(log.length, 2);
});

test("a resource whose close() throws is reported and the others still close", () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const log: string[] = [];
  const reported: string[] = [];
  loop.setExceptionHandler((_loop, context) => reported.push(context.message));
  loop.trackResource(resource("first", log));
  loop.trackResource({
    describe: () => "broken",
    close: () => {
      throw new Error("boom");
    },
  });
  loop.close();
  assert.deepEqual(log, ["closed first"]);
  assert.deepEqual(reported, ["closing broken when the loop closed failed"]);
});

test("debug mode warns about each resource left open", (t) => {
  const warnings: string[] = [];
  t.mock.method(console, "warn", (message: string) => warnings.push(message));
  const loop = newEventLoop({ clock: new VirtualClock(), debug: true });
  loop.trackResource(resource("server on 127.0.0.1:8080", []));
  loop.close();
  assert.deepEqual(warnings, [
    "spindle debug: server on 127.0.0.1:8080 was still open when the loop closed; spindle closed it. Close it yourself before run() returns (close(), or a `finally` block).",
  ]);
});

test("bad input: not a resource, or a closed loop", () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  assert.throws(() => loop.trackResource({ close: () => {} } as never), {
    name: "TypeError",
    message:
      "trackResource() needs an object with close() and describe() methods (what to close when the loop closes, and its name)",
  });
  loop.close();
  assert.throws(() => loop.trackResource(resource("late", [])), /the event loop is closed/);
});
