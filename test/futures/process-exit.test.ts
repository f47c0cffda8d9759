// Nothing leaks from a process pool: no child outlives shutdown(), idle children never keep the
// parent alive, and children die with their parent even when it is killed with SIGKILL.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const exec = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Whether process `pid` still exists (a zombie awaiting its reaper counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true; // no /proc: kill(pid, 0) succeeded, so it exists
  }
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !alive(pid);
}

test("after shutdown() no child process remains and the parent exits", async () => {
  const { stdout } = await exec(process.execPath, [fixture("process-exit.js")], {
    timeout: 20_000,
  });
  const [pids, workers] = stdout.trim().split("\n");
  assert.equal(workers, "0");
  for (const pid of (pids as string).split(",").map(Number)) assert.equal(alive(pid), false);
});

test("idle child processes never keep the parent alive, even without shutdown()", async () => {
  const { stdout } = await exec(process.execPath, [fixture("process-exit.js"), "no-shutdown"], {
    timeout: 20_000,
  });
  const pids = stdout.trim().split(",").map(Number);
  assert.ok(pids.length >= 1);
  for (const pid of pids)
    assert.equal(await goneWithin(pid, 3000), true, `child ${pid} outlived its parent`);
});

test("a busy child dies when its parent is killed with SIGKILL", async (t) => {
  const parent = spawn(process.execPath, [fixture("orphan-parent.js")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let childPid = Number.NaN;
  // Whatever fails below, nothing may outlive the test (a live parent would hold the runner).
  t.after(() => {
    parent.kill("SIGKILL");
    if (Number.isInteger(childPid) && alive(childPid)) process.kill(childPid, "SIGKILL");
  });
  childPid = await new Promise<number>((resolve, reject) => {
    let out = "";
    parent.stdout.on("data", (chunk: Buffer) => {
      out += String(chunk);
      if (out.includes("\n")) resolve(Number(out.trim()));
    });
    parent.once("exit", () =>
      reject(new Error(`the parent exited before printing its child's pid (it printed ${out})`)),
    );
  });
  assert.ok(Number.isInteger(childPid), `the parent printed a pid, got ${childPid}`);
  assert.ok(alive(childPid), "the child should be running its busy job");
  parent.kill("SIGKILL");
  assert.equal(await goneWithin(childPid, 3000), true, `child ${childPid} outlived its parent`);
});
