import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/threading-semaphore prints its golden output", async () => {
  const { stdout, stderr } = await runExample("threading-semaphore");
  assert.equal(stdout, await golden("threading-semaphore"));
  assert.equal(stderr, "");
});
