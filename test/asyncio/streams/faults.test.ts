import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createTask,
  IncompleteReadError,
  LimitOverrunError,
  openConnection,
  RuntimeError,
  type StreamWriter,
  sleep,
  startServer,
  TimeoutError,
  waitFor,
} from "../../../src/asyncio/index.js";
import { runIo, text } from "./support.js";

/** A server that hands each connection's writer to `onClient` and never reads. */
function* serverWith(onClient: (w: StreamWriter) => void) {
  return yield* startServer((_r, w) => onClient(w), "127.0.0.1", 0);
}

test("streams: readexactly at EOF throws IncompleteReadError with partial and expected", async () => {
  await runIo(function* () {
    const server = yield* serverWith((w) => {
      w.write("abcdefgh");
      w.close();
    });
    const [reader, writer] = yield* openConnection("127.0.0.1", server.port);
    assert.equal(text(yield* reader.readexactly(3)), "abc");
    const error = yield* createTask(function* () {
      try {
        yield* reader.readexactly(10);
      } catch (e) {
        return e;
      }
    });
    assert.ok(error instanceof IncompleteReadError);
    assert.equal(text(error.partial), "defgh");
    assert.equal(error.expected, 10);
    assert.equal(
      error.message,
      "5 bytes read on a total of 10 expected bytes: the stream ended early",
    );
    assert.ok(reader.atEof());
    writer.close();
    server.close();
    yield* server.waitClosed();
  });
});

test("streams: the line limit — readuntil keeps the bytes, readline discards the long line", async () => {
  await runIo(function* () {
    const server = yield* serverWith((w) => {
      w.write("0123456789ABCDEF\nshort\n");
      w.close();
    });
    const [reader, writer] = yield* openConnection("127.0.0.1", server.port, { limit: 8 });
    yield* sleep(0.02); // let all bytes arrive
    const overrun = yield* createTask(function* () {
      try {
        yield* reader.readuntil("\n");
      } catch (e) {
        return e;
      }
    });
    assert.ok(overrun instanceof LimitOverrunError);
    assert.equal(overrun.consumed, 16);
    assert.equal(
      overrun.message,
      "the separator was found after 16 bytes, past the reader's limit of 8 bytes",
    );
    const tooLong = yield* createTask(function* () {
      try {
        yield* reader.readline();
      } catch (e) {
        return e as Error;
      }
    });
    assert.ok(tooLong instanceof RangeError);
    assert.equal(
      tooLong.message,
      "readline(): the separator was found after 16 bytes, past the reader's limit of 8 bytes; the line was discarded. Raise the limit with openConnection(host, port, { limit }) or read with read(n)",
    );
    assert.equal(text(yield* reader.readline()), "short\n"); // the stream is still usable
    writer.close();
    server.close();
    yield* server.waitClosed();
  });
});

test("streams: a cancelled read loses nothing — the next read gets every byte", async () => {
  await runIo(function* () {
    let peer: StreamWriter | null = null;
    const server = yield* serverWith((w) => {
      peer = w;
      w.write("hel");
    });
    const [reader, writer] = yield* openConnection("127.0.0.1", server.port);
    const timedOut = yield* createTask(function* () {
      try {
        yield* waitFor(reader.readline(), 0.03);
      } catch (e) {
        return e;
      }
    });
    assert.ok(timedOut instanceof TimeoutError);
    assert.equal(reader.statistics().waiting, false);
    peer!.write("lo\nworld\n");
    assert.equal(text(yield* reader.readline()), "hello\n");
    assert.equal(text(yield* reader.readline()), "world\n");
    peer!.close();
    writer.close();
    server.close();
    yield* server.waitClosed();
  });
});

test("streams: two tasks reading one stream at once is an error", async () => {
  await runIo(function* () {
    const server = yield* serverWith(() => {});
    const [reader, writer] = yield* openConnection("127.0.0.1", server.port);
    const first = createTask(reader.read(10));
    yield* sleep(0.005);
    assert.throws(
      () => (reader.read(10) as unknown as Iterator<unknown>).next(),
      (e: unknown) =>
        e instanceof RuntimeError &&
        /^StreamReader\.read\(\) called while another task is already waiting for data on StreamReader for 127\.0\.0\.1:\d+; read a stream from one task at a time$/.test(
          e.message,
        ),
    );
    first.cancel();
    writer.close();
    server.close();
    server.closeClients();
    yield* server.waitClosed();
  });
});

test("streams: drain() waits while the peer does not read (real back-pressure)", async () => {
  await runIo(function* () {
    const server = yield* serverWith(() => {}); // accepts, never reads
    const [, writer] = yield* openConnection("127.0.0.1", server.port);
    const chunk = Buffer.alloc(1 << 20, 120);
    let writes = 0;
    // Write and drain for ever: once the kernel buffers are full, drain() must stall the writer.
    const drained = createTask(function* () {
      for (;;) {
        writer.write(chunk);
        writes++;
        yield* writer.drain();
      }
    });
    let before = -1;
    for (let i = 0; i < 40 && writes !== before; i++) {
      before = writes;
      yield* sleep(0.05);
    }
    assert.equal(writes, before, "drain() kept returning although nobody reads");
    assert.ok(writes < 256, `${writes} MiB went out although nobody reads`);
    assert.equal(writer.statistics().drainWaiters, 1);
    assert.equal(drained.done(), false);
    server.abortClients(); // the peer goes away: the waiting drain fails, nothing hangs
    const outcome = yield* createTask(function* () {
      try {
        return yield* drained;
      } catch (e) {
        return (e as Error).name;
      }
    });
    assert.ok(outcome === "drained" || outcome === "Error" || outcome === "RuntimeError", outcome);
    assert.ok(writes >= 1);
    writer.abort();
    server.close();
    yield* server.waitClosed();
  });
});

test("streams: a refused connection fails with ECONNREFUSED and a hint", async () => {
  await runIo(function* () {
    const server = yield* serverWith(() => {});
    const port = server.port;
    server.close();
    yield* server.waitClosed();
    const error = (yield* createTask(function* () {
      try {
        yield* openConnection("127.0.0.1", port);
      } catch (e) {
        return e;
      }
    })) as NodeJS.ErrnoException;
    assert.equal(error.code, "ECONNREFUSED");
    assert.equal(
      error.message,
      `openConnection('127.0.0.1', ${port}) failed: connect ECONNREFUSED 127.0.0.1:${port} (nothing listens there: start the server first, or check host and port)`,
    );
  });
});

test("streams: an unknown host fails with a DNS error", async () => {
  await runIo(function* () {
    const error = (yield* createTask(function* () {
      try {
        yield* openConnection("no-such-host.invalid", 80);
      } catch (e) {
        return e;
      }
    })) as NodeJS.ErrnoException;
    assert.ok(error.code === "ENOTFOUND" || error.code === "EAI_AGAIN", error.code);
    assert.match(
      error.message,
      /^openConnection\('no-such-host\.invalid', 80\) failed: .*\(the host name could not be resolved: check its spelling and your DNS\)$/,
    );
  });
});

test("streams: bad arguments fail at the call", async () => {
  await runIo(function* () {
    assert.throws(() => openConnection("127.0.0.1", -1), {
      name: "RangeError",
      message:
        "openConnection(): port must be a whole number from 0 to 65535 (0: any free port); got the number -1",
    });
    assert.throws(() => openConnection("", 80), {
      name: "TypeError",
      message:
        'openConnection(): host must be a non-empty string such as "127.0.0.1"; got the string ""',
    });
    assert.throws(() => openConnection("127.0.0.1", 80, { limit: 0 }), {
      name: "RangeError",
      message: "openConnection(): limit must be a whole number of bytes >= 1; got the number 0",
    });
    assert.throws(() => startServer(null as never, "127.0.0.1", 0), {
      name: "TypeError",
      message:
        "startServer(handler, host, port) needs a handler function (reader, writer) => ..., e.g. a generator function",
    });
  });
  assert.throws(() => openConnection("127.0.0.1", 80), {
    name: "RuntimeError",
    message: "openConnection() needs a running loop: call it from a task inside run(...)",
  });
});
