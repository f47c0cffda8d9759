// `spindle explore` and `spindle replay`, run as a user runs them: the CLI in a child process.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const exec = promisify(execFile);
const cli = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/cli-scenarios.js", import.meta.url));

async function spindle(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [cli, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The token of the replay command `spindle explore` printed. */
function tokenIn(stdout: string): string {
  const token = /npx spindle replay \S+ (sx1\.[A-Za-z0-9_-]+) --scenario bank\n/.exec(stdout)?.[1];
  assert.ok(token, stdout);
  return token;
}

test("spindle explore runs every exported scenario, prints the failure's interleaving and the replay command", async () => {
  const out = await spindle("explore", fixture, "--runs", "200", "--seed", "1");
  assert.equal(out.code, 1, out.stderr);
  assert.match(
    out.stdout,
    /^exploring 2 scenarios of .*cli-scenarios\.js: 200 runs each, pct, seed 1\n/,
  );
  assert.match(
    out.stdout,
    /^✗ bank:\n\nexplore\(bank\): run \d+ of 200 failed \(pct, depth 3, seed 1\): LostUpdateError/m,
  );
  assert.match(out.stdout, /step │ bank +│ ATM-1 +│ ATM-2/);
  assert.match(
    out.stdout,
    /^✓ lockedBank: 200 runs \(\d+ distinct schedules\) in [\d.]+ s, [\d.]+k? runs\/s: no failure$/m,
  );
  assert.doesNotMatch(out.stdout, /notAScenario/);
  tokenIn(out.stdout);
  assert.equal(out.stderr, "", "no progress bar when stderr is not a terminal");
});

test("spindle replay reproduces the failure with the same interleaving; a token of another scenario diverges", async () => {
  const explored = await spindle(
    "explore",
    fixture,
    "--runs",
    "200",
    "--seed",
    "1",
    "--scenario",
    "bank",
  );
  const token = /npx spindle replay \S+ (sx1\.[A-Za-z0-9_-]+)\n/.exec(explored.stdout)?.[1];
  assert.ok(token, explored.stdout);
  const table = explored.stdout.slice(
    explored.stdout.indexOf(" step │"),
    explored.stdout.indexOf("\n\nReplay"),
  );
  // Without --scenario: the export whose source the token was recorded from.
  const again = await spindle("replay", fixture, token);
  assert.equal(again.code, 1);
  assert.match(
    again.stdout,
    /^replay\(bank\) reproduced run \d+ of the exploration \(pct, depth 3, seed 1\): LostUpdateError/,
  );
  assert.ok(again.stdout.includes(table), again.stdout);
  const other = await spindle("replay", fixture, token, "--scenario", "lockedBank");
  assert.equal(other.code, 3);
  assert.match(other.stdout, /^replay\(lockedBank\): the schedule no longer fits the program/);
});

test("explore with workers finds the same kind of failure", async () => {
  const out = await spindle("explore", fixture, "--runs", "300", "--seed", "2", "--workers", "2");
  assert.equal(out.code, 1, out.stderr);
  assert.match(
    out.stdout,
    /^✗ bank:\n\nexplore\(bank\): run \d+ of 300 failed \(pct, depth 3, seed 2\): LostUpdateError/m,
  );
  assert.match(out.stdout, /^✓ lockedBank: 300 runs/m);
});

test("bad usage exits with code 2 and says why; nothing runs for a damaged token", async () => {
  const cases: [string[], RegExp][] = [
    [["explore"], /^spindle explore: FILE is required\n\nusage: spindle explore FILE/],
    [["explore", fixture, "--runs", "many"], /--runs must be a whole number, got "many"/],
    [["explore", fixture, "--strategy", "dfs"], /--strategy must be pct or random, got "dfs"/],
    [
      ["explore", fixture, "--scenario", "nope"],
      /exports no scenario named nope; its scenarios are bank, lockedBank/,
    ],
    [["explore", "missing.js"], /missing\.js: no such file/],
    [["replay", fixture], /FILE and TOKEN are required/],
    [
      ["replay", fixture, "sx1.AAAA"],
      /the schedule token is damaged or incomplete.*Nothing was run/,
    ],
    [["replay", fixture, "hello"], /not a spindle schedule token/],
  ];
  for (const [args, message] of cases) {
    const out = await spindle(...args);
    assert.equal(out.code, 2, `${args.join(" ")}: ${out.stderr}`);
    assert.match(out.stderr, message);
  }
  const help = await spindle("explore", "--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: spindle explore FILE \[options\]/);
});

/** The terminal's "clear to the end of the line" (ESC [ K), as a regular expression. */
const CLEAR_LINE = `${String.fromCharCode(27)}\\[K`;
const script = ["/usr/bin/script", "/bin/script"].find((path) => existsSync(path));

test("on a terminal, explore draws a progress bar with runs, runs/s and failures, then clears it", {
  skip:
    script === undefined && "needs `script` (util-linux) for a terminal: apt-get install bsdutils",
}, async () => {
  // `script` runs the CLI on a pseudo-terminal, so its stderr is a TTY, as in a user's shell.
  const command = `${process.execPath} ${cli} explore ${fixture} --runs 20000 --seed 1 --scenario lockedBank`;
  const { stdout } = await exec(script!, ["-qec", command, "/dev/null"], { timeout: 60_000 });
  const bar = String.raw`\r {2}lockedBank \[[█░]{24}\] \d+/20000 {2}[\d.]+k? runs/s {2}0 failed`;
  assert.match(stdout, new RegExp(bar + CLEAR_LINE));
  assert.match(stdout, new RegExp(`\r${CLEAR_LINE}✓ lockedBank: 20000 runs`));
});
