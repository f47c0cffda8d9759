import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/race-condition loses money without the lock and balances the books with it", async () => {
  const { stdout, stderr } = await runExample("race-condition");
  assert.equal(stdout, await golden("race-condition"));
  assert.equal(stderr, "");
});
