import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createTask,
  getRunningLoop,
  openConnection,
  type StreamReader,
  type StreamWriter,
  sleep,
  startServer,
} from "../../../src/asyncio/index.js";
import { runIo, text } from "./support.js";

/** Echoes each line back until EOF, then closes. */
function* echo(reader: StreamReader, writer: StreamWriter) {
  for (;;) {
    const line = yield* reader.readline();
    if (line.length === 0) break;
    writer.write(line);
    yield* writer.drain();
  }
  writer.close();
  yield* writer.waitClosed();
}

test("streams: a client and a server exchange lines over TCP; nothing is left open", async () => {
  const replies = await runIo(function* () {
    const server = yield* startServer(echo, "127.0.0.1", 0);
    assert.equal(server.sockets[0]!.address().port, server.port);
    assert.ok(server.port > 0);
    assert.equal(server.describe(), `Server on 127.0.0.1:${server.port}`);
    const [reader, writer] = yield* openConnection("127.0.0.1", server.port);
    const peer = writer.getExtraInfo("peername") as [string, number];
    assert.deepEqual(peer, ["127.0.0.1", server.port]);
    assert.equal(writer.getExtraInfo("nonsense", "dflt"), "dflt");
    const got: string[] = [];
    for (const word of ["one", "two", "three"]) {
      writer.write(`${word}\n`);
      yield* writer.drain();
      got.push(text(yield* reader.readline()));
    }
    writer.writelines(["four\n", Buffer.from("five\n")]);
    got.push(text(yield* reader.readline()), text(yield* reader.readline()));
    assert.equal(server.statistics().connections, 1);
    writer.writeEof();
    assert.equal(text(yield* reader.read()), ""); // the server closes after our EOF
    assert.ok(reader.atEof());
    writer.close();
    yield* writer.waitClosed();
    assert.deepEqual(writer.statistics(), {
      buffered: 0,
      bytesWritten: 24,
      closing: true,
      closed: true,
      drainWaiters: 0,
    });
    server.close();
    assert.deepEqual(server.sockets, []);
    yield* server.waitClosed();
    assert.deepEqual(server.statistics(), {
      serving: false,
      connections: 0,
      accepted: 1,
      handlers: 0,
    });
    return got;
  });
  assert.deepEqual(replies, ["one\n", "two\n", "three\n", "four\n", "five\n"]);
});

test("streams: many clients at once, each answered in its own handler task", async () => {
  await runIo(function* () {
    const server = yield* startServer(echo, "127.0.0.1", 0);
    const clients = Array.from({ length: 50 }, (_, i) =>
      createTask(function* () {
        const [reader, writer] = yield* openConnection("127.0.0.1", server.port);
        for (let k = 0; k < 20; k++) {
          writer.write(`client ${i} line ${k}\n`);
          assert.equal(text(yield* reader.readline()), `client ${i} line ${k}\n`);
        }
        writer.close();
        yield* writer.waitClosed();
      }),
    );
    for (const c of clients) yield* c;
    server.close();
    yield* server.waitClosed();
    assert.equal(server.statistics().accepted, 50);
  });
});

test("streams: works from async functions with await too", async () => {
  const reply = await runIo(function* () {
    const server = yield* startServer(
      async (reader, writer) => {
        writer.write((await reader.readline()).toString().toUpperCase());
        await writer.drain();
        writer.close();
      },
      "127.0.0.1",
      0,
    );
    const task = createTask(async () => {
      const [reader, writer] = await openConnection("127.0.0.1", server.port);
      writer.write("quiet\n");
      const line = await reader.readline();
      await writer[Symbol.asyncDispose]();
      return text(line);
    });
    const line = yield* task;
    server.close();
    yield* server.waitClosed();
    return line;
  });
  assert.equal(reply, "QUIET\n");
});

test("streams: `for await` over a reader gives its lines until EOF", async () => {
  const lines = await runIo(function* () {
    const server = yield* startServer(
      function* (_reader, writer) {
        writer.write("a\nb\nc");
        writer.close();
      },
      "127.0.0.1",
      0,
    );
    const [reader, writer] = yield* openConnection("127.0.0.1", server.port);
    const got = yield* createTask(async () => {
      const all: string[] = [];
      for await (const line of reader) all.push(text(line));
      return all;
    });
    writer.close();
    yield* writer.waitClosed();
    server.close();
    yield* server.waitClosed();
    return got;
  });
  assert.deepEqual(lines, ["a\n", "b\n", "c"]);
});

test("streams: serveForever() runs until cancelled, which closes the server and its clients", async () => {
  await runIo(function* () {
    const server = yield* startServer(echo, "127.0.0.1", 0);
    const serving = createTask(server.serveForever(), { name: "serve" });
    const [reader, writer] = yield* openConnection("127.0.0.1", server.port);
    writer.write("hi\n");
    assert.equal(text(yield* reader.readline()), "hi\n");
    serving.cancel("shutting down");
    yield* sleep(0.001);
    assert.ok(serving.cancelled());
    assert.equal(server.isServing(), false);
    assert.equal(text(yield* reader.read()), ""); // the server closed our connection
    writer.close();
    yield* server.waitClosed();
    yield* writer.waitClosed();
  });
});

test("streams: a handler that throws is reported and its connection closed", async () => {
  const reports: string[] = [];
  await runIo(function* () {
    getRunningLoop().setExceptionHandler((_loop, ctx) => {
      reports.push(`${ctx.message} | ${(ctx.exception as Error).message}`);
    });
    const server = yield* startServer(
      function* (reader) {
        yield* reader.readline();
        throw new Error("handler bug");
      },
      "127.0.0.1",
      0,
    );
    const [reader, writer] = yield* openConnection("127.0.0.1", server.port);
    writer.write("x\n");
    const rest = yield* createTask(function* () {
      try {
        return text(yield* reader.read());
      } catch (error) {
        return (error as NodeJS.ErrnoException).code ?? "error";
      }
    });
    assert.ok(rest === "" || rest === "ECONNRESET", rest);
    writer.close();
    server.close();
    yield* server.waitClosed();
  });
  assert.equal(reports.length, 1);
  assert.match(
    reports[0]!,
    /^the startServer\(\) handler for 127\.0\.0\.1:\d+ failed; its connection was closed\. Catch errors inside the handler to answer the client first\. \| handler bug$/,
  );
});
