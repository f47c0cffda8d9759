// The `spindle` command line: help, a clear error and exit code 2 for bad usage.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { it } from "node:test";
import { promisify } from "node:util";
import { CLI } from "../support/redis.js";

const run = promisify(execFile);

async function spindle(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

it("spindle --help lists the commands; spindle worker --help prints the worker's options", async () => {
  const top = await spindle("--help");
  assert.equal(top.code, 0);
  assert.match(top.stdout, /^usage: spindle <command> \[options\]/);
  assert.match(top.stdout, /\n {2}worker {4}run jobs of a QueueExecutor's queue/);
  const worker = await spindle("worker", "--help");
  assert.equal(worker.code, 0);
  assert.match(worker.stdout, /^usage: spindle worker --queue NAME --module FILE/);
  assert.match(worker.stdout, /--lock-duration S/);
});

it("an unknown command, a bad flag or a missing option exits with code 2 and says why", async () => {
  const unknown = await spindle("frobnicate");
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^spindle: unknown command "frobnicate"/);
  const flag = await spindle("worker", "--queue", "q", "--module", "m.js", "--bogus");
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /^spindle worker: Unknown option '--bogus'/);
  const missing = await spindle("worker", "--module", "m.js");
  assert.equal(missing.code, 2);
  assert.match(
    missing.stderr,
    /^spindle worker: --queue NAME is required\n\nusage: spindle worker/,
  );
  const number = await spindle(
    "worker",
    "--queue",
    "q",
    "--module",
    "m.js",
    "--concurrency",
    "two",
  );
  assert.equal(number.code, 2);
  assert.match(number.stderr, /--concurrency must be a whole number, got "two"/);
  const none = await spindle();
  assert.equal(none.code, 2);
});

it("spindle worker with --concurrency 0 or a queue name with ':' exits with code 2 naming it", async () => {
  const zero = await spindle("worker", "--queue", "q", "--module", CLI, "--concurrency", "0");
  assert.equal(zero.code, 2);
  assert.match(zero.stderr, /concurrency must be a whole number >= 1, got 0/);
  const colon = await spindle("worker", "--queue", "a:b", "--module", CLI);
  assert.equal(colon.code, 2);
  assert.match(colon.stderr, /queue "a:b" contains ":"/);
});

it("importing spindle, spindle/futures or spindle/distributed loads neither bullmq nor ioredis", async () => {
  const script = `
    import { createRequire } from "node:module";
    await import("spindle");
    await import("spindle/futures");
    await import("spindle/distributed");
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => /node_modules[\\\\/](bullmq|ioredis)/.test(k));
    console.log(JSON.stringify(loaded));`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script]);
  assert.equal(stdout.trim(), "[]");
});
