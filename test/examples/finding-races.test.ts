import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/finding-races finds the race the default order hides, replays it, and explores the fix clean", async () => {
  const { stdout, stderr } = await runExample("finding-races");
  assert.equal(stdout, await golden("finding-races"));
  assert.equal(stderr, "");
});
