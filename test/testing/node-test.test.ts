// node:test integration: `test("bank", () => explore(bank))` just works, and a failing schedule
// fails the test with the interleaving as its message. The test file runs in a child process.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const fixture = fileURLToPath(new URL("./fixtures/node-test-bank.js", import.meta.url));

test("a failing exploration fails its node:test test with the interleaving; a clean one passes", async () => {
  // This file itself runs under `node --test`: the child must report as a top-level run does.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.NODE_TEST_CONTEXT;
  const outcome = await run(process.execPath, ["--test", "--test-reporter=tap", fixture], {
    env,
    timeout: 60_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  assert.equal(outcome.code, 1, outcome.stdout);
  const out = outcome.stdout;
  assert.match(out, /^not ok 1 - bank$/m);
  assert.match(out, /^ok 2 - locked bank$/m);
  assert.match(out, /name: 'ScheduleFailure'/);
  assert.match(
    out,
    /explore\(bank\): run \d+ of 200 failed \(pct, depth 3, seed 1\): LostUpdateError/,
  );
  assert.match(out, /step │ bank +│ ATM-1 +│ ATM-2/);
  assert.match(out, /│ write balance = 70/);
  assert.match(out, /await replay\(bank, "sx1\.[A-Za-z0-9_-]+"\);/);
});
