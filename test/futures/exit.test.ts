// Nothing leaks: a script that used a pool exits by itself, after shutdown() and even without it.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const exec = promisify(execFile);
const script = fileURLToPath(new URL("./fixtures/exit-after-shutdown.js", import.meta.url));

test("after shutdown() no worker remains and the process exits", async () => {
  const { stdout } = await exec(process.execPath, [script], { timeout: 20_000 });
  assert.equal(stdout, "10,20,30\n0\n");
});

test("idle workers never keep the process alive, even without shutdown()", async () => {
  const { stdout } = await exec(process.execPath, [script, "no-shutdown"], { timeout: 20_000 });
  assert.equal(stdout, "10,20,30\n");
});
