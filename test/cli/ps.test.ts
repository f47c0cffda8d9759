// `spindle ps`: a real program serving its monitor on a unix socket, read from another process.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { spindle, startBusyApp } from "./monitor-cli.js";

it("spindle ps <socket> prints the await tree of a running program, and --table a table", async () => {
  const dir = await mkdtemp(join(tmpdir(), "spindle-ps-"));
  const path = join(dir, "app.sock");
  const app = await startBusyApp(path, 20);
  try {
    const tree = await spindle(["ps", path]);
    assert.equal(tree.code, 0, tree.stderr);
    const lines = tree.stdout.replace(/ {2}\S+busy-app\.js:\d+$/gm, "").split("\n");
    for (const expected of [
      "└── (T) main [waiting]",
      "    ├── (T) holder [waiting] holds Lock 'db'",
      "    │   └──  Event 'shutdown'",
      "    │   └──  Lock 'db' held by (T) holder",
    ]) {
      assert.ok(lines.includes(expected), `${expected}\n in:\n${tree.stdout}`);
    }
    assert.match(tree.stdout, /\(T\) ticker \[(waiting|running|ready)\]/);
    const table = await spindle(["ps", "--table", path]);
    assert.equal(table.code, 0);
    assert.match(table.stdout.split("\n")[0]!, /^id +name +state +waits on +holds +parent +created at +steps +cpu s$/); // biome-ignore format: one line
    assert.match(table.stdout, /\bwaiter-1 +waiting +Lock 'db' +main +\S+busy-app\.js:\d+/);
  } finally {
    app.kill();
    await rm(dir, { recursive: true, force: true });
  }
});

it("spindle ps with nothing listening says so and how to start a monitor; without a target, the usage", async () => {
  const nothing = await spindle(["ps", join(tmpdir(), "no-such-spindle-monitor.sock")]);
  assert.equal(nothing.code, 1);
  assert.match(nothing.stderr, /^spindle ps: cannot reach a monitor at \S+no-such-spindle-monitor\.sock: nothing listens there\. Start the program with SPINDLE_MONITOR=/); // biome-ignore format: one line
  const refused = await spindle(["ps", "1"]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /cannot reach a monitor at 127\.0\.0\.1:1: nothing listens there\. Start the program with SPINDLE_MONITOR=1 /); // biome-ignore format: one line
  const bare = await spindle(["ps"]);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /spindle ps needs where the program's monitor listens[\s\S]*usage: spindle ps/); // biome-ignore format: one line
  const remote = await spindle(["ps", "10.0.0.1:9000"]);
  assert.equal(remote.code, 2);
  assert.match(remote.stderr, /the monitor listens on loopback only/);
});

it("spindle top --connect to nothing says so before drawing anything; bad flags give the usage", async () => {
  const nothing = await spindle([
    "top",
    "--connect",
    join(tmpdir(), "no-such-spindle-monitor.sock"),
  ]);
  assert.equal(nothing.code, 1);
  assert.match(
    nothing.stderr,
    /^spindle top: cannot reach a monitor at \S+: nothing listens there/,
  );
  assert.equal(nothing.stdout, "");
  const both = await spindle(["top"]);
  assert.equal(both.code, 2);
  assert.match(
    both.stderr,
    /give --connect <where>, or the program to start after "--"[\s\S]*usage: spindle top/,
  );
  const sort = await spindle(["top", "--sort", "name", "--connect", "1"]);
  assert.equal(sort.code, 2);
  assert.match(sort.stderr, /--sort is cpu or age, got "name"/);
});
