import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/coroutine-vs-callback prints three messages from each program, in virtual time", async () => {
  const { stdout } = await runExample("coroutine-vs-callback");
  assert.equal(stdout, await golden("coroutine-vs-callback"));
});
