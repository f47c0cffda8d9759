import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { golden, runExample } from "../support/example.js";

it("examples/monitor prints the await tree and a snapshot table, and writes the timeline it names", async () => {
  const file = join(tmpdir(), "spindle-monitor-timeline.html");
  await rm(file, { force: true });
  const { stdout } = await runExample("monitor");
  assert.equal(stdout.replaceAll(tmpdir(), "<tmp>"), await golden("monitor"));
  const page = await readFile(file, "utf8");
  for (const lane of ["server", "handler-1", "handler-2", "handler-3"]) {
    assert.ok(page.includes(`"name":"${lane}"`), lane);
  }
});
