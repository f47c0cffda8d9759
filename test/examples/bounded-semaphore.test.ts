import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/bounded-semaphore never opens more than 10 of 50 connections, and refuses an extra release", async () => {
  const { stdout, stderr } = await runExample("bounded-semaphore");
  assert.equal(stdout, await golden("bounded-semaphore"));
  assert.equal(stderr, "");
  assert.match(stdout, /most connections open at once: 10 \(maxConnections = 10\)/);
});
