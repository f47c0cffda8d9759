import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/crash-isolation prints its golden output", async () => {
  const { stdout, stderr } = await runExample("crash-isolation");
  assert.equal(stdout, await golden("crash-isolation"));
  assert.equal(stderr, "");
});
