// What is open when run() ends (issue 12): a server the program did not close, and client and
// server connections left open, are closed with the loop; the process exits on its own and
// nothing throws afterwards. Each case runs as its own process, as a user's script would.
import assert from "node:assert/strict";
import { connect, createServer, type Socket } from "node:net";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { describeExit, runChild } from "../../support/child.js";

const script = fileURLToPath(new URL("./fixtures/left-open.js", import.meta.url));

const warning = (what: string) =>
  `spindle debug: ${what} was still open when the loop closed; spindle closed it. Close it yourself before run() returns (close(), or a \`finally\` block).`;

test("a server left open is closed with the loop: no connection reaches it afterwards", async () => {
  const exit = await runChild(script, ["server"]);
  assert.equal(exit.code, 0, describeExit(exit));
  assert.equal(exit.stdout, "run() returned\nafter run(): ECONNREFUSED\n", describeExit(exit));
  assert.equal(exit.stderr, "", describeExit(exit));
});

test("in debug mode the server left open is reported", async () => {
  const exit = await runChild(script, ["server", "0", "debug"]);
  assert.equal(exit.code, 0, describeExit(exit));
  assert.match(
    exit.stderr,
    /^spindle debug: Server on 127\.0\.0\.1:\d+ was still open when the loop closed; spindle closed it\./,
  );
  assert.equal(exit.stderr.trimEnd().split("\n").length, 1, describeExit(exit));
});

/** A plain TCP server that holds every connection open until the test ends; records what it got. */
async function holdingServer(t: { after(fn: () => unknown): void }) {
  const sockets = new Set<Socket>();
  const received: string[] = [];
  const closed: string[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding("utf8").on("data", (chunk: string) => received.push(chunk));
    socket.on("close", () => closed.push("closed"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  const port = (server.address() as { port: number }).port;
  return { port, received, closed };
}

for (const debug of [false, true]) {
  test(`a client connection left open is closed with the loop${debug ? " (debug: reported)" : ""}`, async (t) => {
    const peer = await holdingServer(t);
    const exit = await runChild(script, ["client", String(peer.port), ...(debug ? ["debug"] : [])]);
    assert.equal(exit.code, 0, describeExit(exit));
    assert.equal(exit.stdout, "run() returned\n", describeExit(exit));
    assert.deepEqual(peer.received, ["hello\n"]);
    if (debug) {
      assert.deepEqual(exit.stderr.trimEnd().split("\n"), [
        warning(`StreamWriter for 127.0.0.1:${peer.port}`),
      ]);
    } else {
      assert.equal(exit.stderr, "", describeExit(exit));
    }
  });
}

for (const debug of [false, true]) {
  test(`a server connection left open is closed with the loop${debug ? " (debug: reported)" : ""}`, async () => {
    let client: Socket | null = null;
    let reply = "";
    let clientClosed = false;
    const exit = await runChild(script, ["connection", "0", ...(debug ? ["debug"] : [])], {
      onLine: (line) => {
        const port = /^listening on (\d+)$/.exec(line)?.[1];
        if (port === undefined) return;
        client = connect(Number(port), "127.0.0.1", () => client?.write("ping\n"));
        client.setEncoding("utf8").on("data", (chunk: string) => {
          reply += chunk;
        });
        client.on("error", () => {});
        client.on("close", () => {
          clientClosed = true;
        });
      },
    });
    assert.equal(exit.code, 0, describeExit(exit));
    assert.match(exit.stdout, /^listening on \d+\nrun\(\) returned\n$/, describeExit(exit));
    assert.equal(reply, "ping\n");
    if (!debug) assert.equal(exit.stderr, "", describeExit(exit));
    else
      assert.match(
        exit.stderr,
        /^spindle debug: Server on 127\.0\.0\.1:\d+ \(closed; 1 connection still open\) was still open when the loop closed; spindle closed it\..*\n$/,
        describeExit(exit),
      );
    for (let i = 0; i < 100 && !clientClosed; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(clientClosed, "the test's end of the connection saw it close");
  });
}

test("what the program closed itself is not cut short: a reply still sending is delivered, no warning", async () => {
  let received = 0;
  let ended = false;
  const exit = await runChild(script, ["closed-no-wait", "0", "debug"], {
    onLine: (line) => {
      const port = /^listening on (\d+)$/.exec(line)?.[1];
      if (port === undefined) return;
      const client = connect(Number(port), "127.0.0.1", () => client.write("send it\n"));
      client.on("data", (chunk: Buffer) => {
        received += chunk.length;
      });
      client.on("end", () => {
        ended = true;
      });
      client.on("error", () => {});
    },
  });
  assert.equal(exit.code, 0, describeExit(exit));
  assert.equal(exit.stderr, "", describeExit(exit));
  for (let i = 0; i < 100 && !ended; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(received, 2 ** 20, "the whole reply arrived");
  assert.ok(ended, "and then the end of the stream");
});
