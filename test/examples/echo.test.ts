import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/echo: the client's lines come back in upper case, then both sides close", async () => {
  const { stdout } = await runExample("echo");
  assert.equal(stdout, await golden("echo"));
});
