// The reader on its own, fed by hand on a virtual-clock loop: no sockets.
import assert from "node:assert/strict";
import { test } from "node:test";
import { IncompleteReadError, StreamReader, sleep } from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import { text } from "./support.js";

test("StreamReader: reads wait for data and take exactly what they return", async () => {
  await runVirtual(function* (loop) {
    const reader = new StreamReader({ loop, limit: 16, name: "test reader" });
    loop.callLater(1, () => reader.feedData(Buffer.from("ab")));
    loop.callLater(2, () => reader.feedData(Buffer.from("c\nde")));
    loop.callLater(3, () => reader.feedEof());
    assert.equal(text(yield* reader.readline()), "abc\n");
    assert.equal(loop.time(), 2);
    assert.equal(text(yield* reader.read(1)), "d");
    assert.equal(text(yield* reader.read()), "e");
    assert.equal(loop.time(), 3);
    assert.ok(reader.atEof());
    assert.equal(text(yield* reader.readline()), "");
    assert.deepEqual(reader.statistics(), {
      buffered: 0,
      limit: 16,
      eof: true,
      paused: false,
      waiting: false,
      bytesRead: 6,
    });
  });
});

test("StreamReader: readuntil with a multi-byte separator split across chunks", async () => {
  await runVirtual(function* (loop) {
    const reader = new StreamReader({ loop });
    loop.callLater(1, () => reader.feedData(Buffer.from("head\r")));
    loop.callLater(2, () => reader.feedData(Buffer.from("\nbody")));
    assert.equal(text(yield* reader.readuntil("\r\n")), "head\r\n");
    reader.feedEof();
    const e = yield* loop.createTask(function* () {
      try {
        yield* reader.readuntil("\r\n");
      } catch (error) {
        return error;
      }
    });
    assert.ok(e instanceof IncompleteReadError);
    assert.equal(text(e.partial), "body");
    assert.equal(e.expected, null);
  });
});

test("StreamReader: a waiting read fails with the error set on the stream", async () => {
  await runVirtual(function* (loop) {
    const reader = new StreamReader({ loop });
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    loop.callLater(1, () => reader.setException(reset));
    yield* sleep(0);
    const got = yield* loop.createTask(function* () {
      try {
        yield* reader.read(5);
      } catch (error) {
        return error;
      }
    });
    assert.equal(got, reset);
  });
});

test("StreamReader: bad arguments fail at the call", () => {
  assert.throws(() => new StreamReader({ loop: null as never, limit: -5 }), {
    name: "RangeError",
    message: "StreamReader: limit must be a whole number of bytes >= 1; got the number -5",
  });
  const reader = new StreamReader({ loop: null as never });
  assert.throws(() => reader.readexactly(-1), {
    name: "RangeError",
    message: "StreamReader.readexactly(n) needs n >= 0; got -1",
  });
  assert.throws(() => reader.readuntil(""), {
    name: "RangeError",
    message: 'StreamReader.readuntil(separator) needs a separator of at least one byte, e.g. "\\n"',
  });
});
