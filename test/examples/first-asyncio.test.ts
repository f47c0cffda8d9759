import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/first-asyncio prints its tasks in time order and run()'s result", async () => {
  const { stdout } = await runExample("first-asyncio");
  assert.equal(stdout, await golden("first-asyncio"));
});
