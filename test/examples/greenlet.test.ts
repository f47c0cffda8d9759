import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/greenlet prints the talk's 1 2 3 4, three rounds, then returns to main", async () => {
  const { stdout } = await runExample("greenlet");
  assert.equal(stdout, await golden("greenlet"));
});
