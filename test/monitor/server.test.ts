// serve(): the live view on a loopback port or a unix socket. Real sockets; nothing listens
// unless asked, nothing stays listening after close, and the server never keeps Node alive.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { promisify } from "node:util";
import { createTask, Event, run } from "../../src/asyncio/index.js";
import { RuntimeError } from "../../src/core/index.js";
import { type MonitorServer, type Snapshot, serve } from "../../src/monitor/index.js";

const exec = promisify(execFile);

/** GET `path` from a monitor server; resolves to [status, body]. */
function get(server: { port?: number | null; path?: string | null }, path: string) {
  return new Promise<[number, string]>((resolve, reject) => {
    const target =
      server.path != null
        ? { socketPath: server.path, path }
        : { host: "127.0.0.1", port: server.port!, path };
    request(target, (response) => {
      let body = "";
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => resolve([response.statusCode!, body]));
    })
      .on("error", reject)
      .end();
  });
}

it("serve({ port: 0 }) inside run() answers /snapshot and /tree, and closes with the loop", async () => {
  let server: MonitorServer | null = null;
  const [snap, tree, missing] = (await run(function* main() {
    server = (yield serve({ port: 0 })) as MonitorServer;
    const gate = new Event({ name: "gate" });
    const waiter = createTask(function* () { yield* gate.wait(); }, { name: "waiter" }); // biome-ignore format: short
    yield;
    const answers = (yield Promise.all([
      get(server, "/snapshot"),
      get(server, "/tree"),
      get(server, "/nothing"),
    ])) as [number, string][];
    gate.set();
    yield* waiter;
    return answers;
  })) as [[number, string], [number, string], [number, string]];
  assert.equal(snap[0], 200);
  const parsed = JSON.parse(snap[1]) as Snapshot;
  assert.equal(parsed.version, 1);
  const waiter = parsed.tasks.find((t) => t.name === "waiter")!;
  assert.equal(waiter.waitingOn, "Event 'gate'");
  assert.match(waiter.createdAt!, /server\.test\.js:\d+$/); // serving turns watching on
  assert.equal(tree[0], 200);
  assert.match(tree[1], /└── \(T\) main \[waiting\]/);
  assert.match(tree[1], /\(T\) waiter \[waiting\]/);
  assert.equal(missing[0], 404);
  // The loop closed: so did the server.
  await assert.rejects(get(server!, "/snapshot"), /ECONNREFUSED/);
});

it("a unix socket: mode 600, answers, and is removed on close", async () => {
  const dir = await mkdtemp(join(tmpdir(), "spindle-monitor-"));
  try {
    const path = join(dir, "app.sock");
    const server = await serve({ path });
    assert.equal(server.address, path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    // Outside any loop (none runs): it says so, as JSON.
    const [status, body] = await get(server, "/snapshot");
    assert.equal(status, 503);
    assert.match(JSON.parse(body).error, /no loop is running/);
    await server.close();
    await server.close(); // idempotent
    assert.equal(existsSync(path), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it("a port in use and a socket path that exists are refused clearly; nothing is left listening", async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
  const port = (blocker.address() as { port: number }).port;
  try {
    await assert.rejects(
      serve({ port }),
      (e: unknown) =>
        e instanceof RuntimeError &&
        e.message === `serve(): port ${port} on 127.0.0.1 is in use; choose another port, or port 0 for a free one`, // biome-ignore format: one message
    );
  } finally {
    blocker.close();
  }
  const dir = await mkdtemp(join(tmpdir(), "spindle-monitor-"));
  try {
    const path = join(dir, "taken");
    await writeFile(path, "someone's file");
    await assert.rejects(
      serve({ path }),
      (e: unknown) =>
        e instanceof RuntimeError &&
        e.message.startsWith(`serve({ path }): ${path} already exists; if it is the socket of an earlier run that died, delete it`), // biome-ignore format: one message
    );
    assert.equal(statSync(path).isFile(), true); // untouched
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it("bad options: not loopback, both or neither of port and path, a bad port", () => {
  assert.throws(() => serve({ port: 0, host: "0.0.0.0" }), /the monitor listens on loopback only/);
  assert.throws(() => serve({ port: 0, path: "/tmp/x" }), /give exactly one of \{ port \}/);
  assert.throws(() => serve({}), /give exactly one of \{ port \}/);
  assert.throws(() => serve({ port: 70000 }), /port must be a whole number from 0 to 65535/);
});

it("a serving process exits by itself when its work is done: the server keeps nothing alive", async () => {
  const monitor = new URL("../../src/monitor/index.js", import.meta.url).href;
  const script = `import { serve } from ${JSON.stringify(monitor)};
    const server = await serve({ port: 0 });
    console.log("listening", server.port);`;
  const started = performance.now();
  const { stdout } = await exec(process.execPath, ["--input-type=module", "-e", script], {
    timeout: 20_000,
  });
  assert.match(stdout, /^listening \d+/);
  assert.ok(performance.now() - started < 15_000);
});
