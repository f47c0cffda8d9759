import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/lock-deadlock prints who holds which lock and the cycle, then the fix finishing", async () => {
  const { stdout, stderr } = await runExample("lock-deadlock");
  assert.equal(stdout, await golden("lock-deadlock"));
  assert.equal(stderr, "", "no task may be reported as ending while holding a lock");
});
