import assert from "node:assert/strict";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

// The golden output is what Python's gevent prints for the same bounded foo/bar (checked with
// python3-gevent 22.10): FIFO turns on the hub, one line each before every sleep(0).
it("examples/gevent-foo-bar alternates foo and bar as gevent does", async () => {
  const { stdout } = await runExample("gevent-foo-bar");
  assert.equal(stdout, await golden("gevent-foo-bar"));
});
