import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/tornado-fetch prints the three responses in completion order, the 404 as an Error", async () => {
  const { stdout } = await runExample("tornado-fetch");
  // The local server's port changes from run to run.
  assert.equal(
    stdout.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT"),
    await golden("tornado-fetch"),
  );
});
