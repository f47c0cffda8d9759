// `spindle top -- node app.js` in a real terminal: tmux runs it, the test types keys
// (send-keys) and reads the screen (capture-pane).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { it } from "node:test";
import { promisify } from "node:util";
import { skipWithout } from "../support/tools.js";
import { busyApp, cli } from "./monitor-cli.js";

const run = promisify(execFile);
const skip = skipWithout("/usr/bin/tmux", "apt-get install tmux");
/** A tmux server of this test's own, so it never touches anyone else's sessions. */
const socket = `spindle-top-test-${process.pid}`;
const tmux = (...args: string[]) => run("tmux", ["-L", socket, ...args]);
const screen = async (escapes = false) =>
  (await tmux("capture-pane", "-p", ...(escapes ? ["-e"] : []), "-t", "top")).stdout;

/** Polls the screen until `test` holds (15 s at most); returns that screen. */
async function until(test: (text: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const text = await screen();
    if (test(text)) return text;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; the screen:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it("spindle top shows the tasks and their states live, follows keys, and quits on q", {
  skip,
}, async () => {
  const command = `${process.execPath} ${cli} top --interval 0.2 -- ${process.execPath} ${busyApp} 60; echo "TOP-EXITED $?"; sleep 60`; // biome-ignore format: one line
  await tmux("new-session", "-d", "-s", "top", "-x", "140", "-y", "35", command);
  try {
    const first = await until((s) => /\bticker\b/.test(s) && /\bwaiter-2\b/.test(s), "the tasks");
    assert.match(first, /^spindle top · pid \d+ · loop time [\d.]+ s · .*busy-app\.js 60$/m);
    assert.match(first, /^tasks 5 \(/m);
    for (const row of [
      /^ +\d+ +holder +waiting +1 +[\d.]+ +[\d.]+ +Event 'shutdown' +holds Lock 'db'$/m,
      /^ +\d+ +waiter-1 +waiting +1 +[\d.]+ +[\d.]+ +Lock 'db'$/m,
      /^ +\d+ +waiter-2 +waiting +1 +[\d.]+ +[\d.]+ +Lock 'db'$/m,
      /^ +\d+ +main +waiting +1 +[\d.]+ +[\d.]+ +sleep\(60\)$/m,
      /^ +\d+ +ticker +(waiting|running|ready) +\d+ +[\d.]+ +[\d.]+ /m,
    ]) {
      assert.match(first, row);
    }
    // States in colour: waiting rows are yellow (tmux writes a colour once, where it changes).
    const coloured = await screen(true);
    const before = coloured.slice(0, coloured.search(/ +\d+ +holder +waiting/));
    const colours = [
      ...before.matchAll(new RegExp(`${String.fromCharCode(27)}\\[(3\\d)m`, "g")),
    ].map((m) => m[1]);
    assert.equal(colours.at(-1), "33", coloured);
    // Sorted by CPU: the ticker (it burns 2 ms a tick) comes first once it has ticked.
    const sorted = await until(
      (s) => /ID +NAME[^\n]*\n +\d+ +ticker /.test(s),
      "the ticker on top",
    );
    assert.match(sorted, /sorted by CPU/);
    // Select the first row, then the next: the await chain of the selected task is shown.
    await tmux("send-keys", "-t", "top", "Down", "Down");
    const chained = await until((s) => s.includes("await chain of the selected task:"), "the chain"); // biome-ignore format: one line
    const selected = /await chain of the selected task:\n +\(T\) (\S+)/.exec(chained)?.[1];
    assert.ok(selected !== undefined && selected !== "ticker", chained);
    await tmux("send-keys", "-t", "top", "a");
    await until((s) => s.includes("sorted by age"), "sorting by age");
    await tmux("send-keys", "-t", "top", "q");
    const after = await until((s) => s.includes("TOP-EXITED"), "top to quit");
    assert.match(after, /spindle top: \S+ \S+busy-app\.js 60 exited with code 143/); // it stopped the program
    assert.match(after, /TOP-EXITED 0/);
  } finally {
    await tmux("kill-server").catch(() => {});
  }
});
