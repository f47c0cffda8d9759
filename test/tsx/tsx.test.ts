// The same code must work from TypeScript source run with tsx, not only compiled: worker threads
// need a loader of their own there (Node 20 does not pass the parent's --import hooks to them).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
/** The fixtures run from their .ts source (this file runs from dist/). */
const fixtures = fileURLToPath(new URL("../../../test/tsx/fixtures/", import.meta.url));

async function underTsx(fixture: string): Promise<string> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", `${fixtures}${fixture}`], {
    timeout: 20_000,
  });
  return stdout.trim();
}

test("a threading Thread runs its target when the program runs from source with tsx", async () => {
  assert.equal(await underTsx("thread.ts"), "42");
});

test("thread and process pools and toThread run jobs when the program runs from source with tsx", async () => {
  assert.deepEqual(JSON.parse(await underTsx("pools.ts")), {
    doubled: 42,
    imported: 8,
    inProcess: 10,
    shouted: "TSX",
  });
});
