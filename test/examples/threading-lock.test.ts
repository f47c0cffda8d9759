import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/threading-lock prints its golden output", async () => {
  const { stdout, stderr } = await runExample("threading-lock");
  assert.equal(stdout, await golden("threading-lock"));
  assert.equal(stderr, "");
});
