import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

test("a pool whose workers die before running anything breaks instead of respawning forever", async () => {
  // --import makes every forked child throw at start, as a child missing its loader would.
  const { stdout } = await run(
    process.execPath,
    ["--import", fixture("no-children.js"), fixture("broken-pool.js")],
    { timeout: 20_000 },
  );
  const broken =
    "the pool is broken: 3 worker processes in a row ended before running anything (the last exited with code 1); its jobs failed and it takes no new ones — check that the worker can start (loaders such as tsx, memory limits), then create a new executor";
  assert.deepEqual(JSON.parse(stdout), {
    job: `BrokenExecutor: ${broken}`,
    submit: `BrokenExecutor: submit(): ${broken}`,
    crashed: "3",
  });
});
