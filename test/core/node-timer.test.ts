// NodeTimer: Node timers of any length for code outside a loop (pool and thread timeouts).
// Real time is the point here; every wait is a few milliseconds.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { NodeTimer } from "../../src/core/node-timer.js";

test("a timer longer than 2^31-1 ms does not fire early (setTimeout fires after 1 ms)", async () => {
  let fired = false;
  const timer = new NodeTimer(() => {
    fired = true;
  }, 30 * 86_400); // 30 days
  await delay(30);
  assert.equal(fired, false);
  timer.cancel();
});

test("short, zero and negative delays fire; cancel() stops one", async () => {
  const fired: string[] = [];
  new NodeTimer(() => fired.push("short"), 0.005);
  new NodeTimer(() => fired.push("zero"), 0);
  new NodeTimer(() => fired.push("negative"), -3);
  const cancelled = new NodeTimer(() => fired.push("cancelled"), 0.001);
  cancelled.cancel();
  await delay(40);
  assert.deepEqual(fired.sort(), ["negative", "short", "zero"]);
});

test("Infinity never fires and holds nothing open", async () => {
  let fired = false;
  const timer = new NodeTimer(() => {
    fired = true;
  }, Number.POSITIVE_INFINITY);
  await delay(5);
  assert.equal(fired, false);
  timer.cancel();
});
