import assert from "node:assert/strict";
import { it } from "node:test";
import { hasRedisServer } from "../../src/distributed/index.js";
import { golden, runExample } from "../support/example.js";
import { redisSkip } from "../support/redis.js";

// With redis-server the example runs two workers and kills one; without it (never under CI, where
// redisSkip() throws) it says how to get one. Either output is fixed, so both are golden.
it("examples/beyond-one-machine prints its golden output", async () => {
  const present = redisSkip() === false && hasRedisServer();
  const { stdout, stderr } = await runExample("beyond-one-machine");
  assert.equal(
    stdout,
    await golden(present ? "beyond-one-machine" : "beyond-one-machine.no-redis"),
  );
  assert.equal(stderr, "");
});
