// Mistakes that speak (issue 12): in debug mode a spindle awaitable made and never waited on is
// reported with where it was made, as Python's "coroutine ... was never awaited"; a delay over an
// hour asks whether milliseconds were meant.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Lock, Queue, run, sleep, VirtualClock, waitFor } from "../../src/asyncio/index.js";

const here = /debug-mistakes\.test\.js:\d+:\d+/;

test("debug mode reports a forgotten yield*, with where the awaitable was made", async (t) => {
  const warnings: string[] = [];
  t.mock.method(console, "warn", (message: string) => warnings.push(message));
  await run(
    function* main() {
      const lock = new Lock({ name: "db" });
      const jobs = new Queue<number>(0, { name: "jobs" });
      sleep(0.2); // forgotten yield*
      lock.acquire(); // forgotten yield*
      waitFor(jobs.get(), 1); // forgotten yield*: neither the waitFor nor the get inside runs
      yield* sleep(0.1); // awaited: never reported
      yield* lock.acquire();
      lock.release();
    },
    { debug: true, clock: new VirtualClock() },
  );
  const reported = warnings.filter((w) => w.includes("was never awaited"));
  assert.equal(reported.length, 4, reported.join("\n"));
  assert.match(
    reported.find((w) => w.includes("sleep(0.2)"))!,
    /^spindle debug: sleep\(0\.2\) created at .*debug-mistakes\.test\.js:\d+:\d+ was never awaited — missing `yield\*`\?/,
  );
  assert.ok(
    reported.some(
      (w) => w.startsWith("spindle debug: Lock 'db'.acquire() created at") && here.test(w),
    ),
  );
  assert.ok(reported.some((w) => w.includes("waitFor(an awaitable, 1)")));
  assert.ok(reported.some((w) => w.includes("Queue 'jobs'.get()")));
});

test("without debug mode nothing is tracked: the awaitables are the plain ones", async (t) => {
  const warnings: string[] = [];
  t.mock.method(console, "warn", (message: string) => warnings.push(message));
  await run(
    function* main() {
      const lock = new Lock();
      assert.equal(lock.acquire(), lock.acquire(), "the shared, allocation-free awaitable");
      sleep(1);
      yield;
    },
    { clock: new VirtualClock() },
  );
  assert.deepEqual(warnings, []);
});

test("debug mode asks about a delay over an hour: seconds, not milliseconds", async (t) => {
  const warnings: string[] = [];
  t.mock.method(console, "warn", (message: string) => warnings.push(message));
  await run(
    function* main() {
      yield* sleep(1000 * 60 * 0.06); // 3600 s: an hour exactly, not over
      const long = waitFor(sleep(1), 5000);
      yield* long;
      yield* sleep(1000 * 60); // 60000 s
    },
    { debug: true, clock: new VirtualClock() },
  );
  assert.deepEqual(
    warnings.filter((w) => w.includes("not milliseconds")),
    [
      "spindle debug: waitFor(an awaitable, 5000) waits 83.3 minutes: times are in seconds, not milliseconds (sleep(1) is one second)",
      "spindle debug: sleep(60000) waits 16.7 hours: times are in seconds, not milliseconds (sleep(1) is one second)",
    ],
  );
});
