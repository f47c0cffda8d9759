import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/monkey-patching runs plain setTimeout code in virtual time", async () => {
  const { stdout } = await runExample("monkey-patching");
  assert.equal(stdout, await golden("monkey-patching"));
});
