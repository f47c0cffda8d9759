import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/grep prints the talk's output", async () => {
  const { stdout } = await runExample("grep");
  assert.equal(stdout, await golden("grep"));
});
