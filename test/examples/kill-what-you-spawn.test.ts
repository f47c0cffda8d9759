import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/kill-what-you-spawn shows the forgotten green threads and ends them cleanly", async () => {
  const { stdout } = await runExample("kill-what-you-spawn");
  assert.equal(stdout, await golden("kill-what-you-spawn"));
});
