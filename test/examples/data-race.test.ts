import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/data-race prints its golden output", async () => {
  const { stdout, stderr } = await runExample("data-race");
  assert.equal(stdout, await golden("data-race"));
  assert.equal(stderr, "");
});
