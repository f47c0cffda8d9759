import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/mutex lets one of Thread-1..3 in at a time, with a Lock and with a BoundedSemaphore", async () => {
  const { stdout, stderr } = await runExample("mutex");
  assert.equal(stdout, await golden("mutex"));
  assert.equal(stderr, "");
});
