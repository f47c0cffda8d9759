import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/deadlock prints both deadlock reports", async () => {
  const { stdout } = await runExample("deadlock");
  assert.equal(stdout, await golden("deadlock"));
});
