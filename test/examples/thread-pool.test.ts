import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/thread-pool prints its golden output", async () => {
  const { stdout, stderr } = await runExample("thread-pool");
  assert.equal(stdout, await golden("thread-pool"));
  assert.equal(stderr, "");
});
