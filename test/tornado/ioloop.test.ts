import assert from "node:assert/strict";
import { test } from "node:test";
import { getEventLoop, newEventLoop, setEventLoop, VirtualClock } from "../../src/asyncio/index.js";
import { IOLoop, PeriodicCallback } from "../../src/tornado/index.js";

test("IOLoop: current() and instance() are one face over the current kernel loop", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  setEventLoop(loop);
  try {
    const ioloop = IOLoop.current();
    assert.equal(IOLoop.instance(), ioloop);
    assert.equal(ioloop.asyncioLoop, getEventLoop());
    const log: string[] = [];
    ioloop.addCallback((x: string) => log.push(`callback ${x} at ${ioloop.time()}`), "a");
    ioloop.callLater(1, () => log.push(`callLater at ${ioloop.time()}`));
    ioloop.addTimeout({ seconds: 2 }, () => log.push(`addTimeout timedelta at ${ioloop.time()}`));
    ioloop.addTimeout(ioloop.time() + 3, () => {
      log.push(`addTimeout deadline at ${ioloop.time()}`);
      assert.equal(IOLoop.current(), ioloop);
      ioloop.stop();
    });
    const removed = ioloop.callLater(1.5, () => log.push("never"));
    ioloop.removeTimeout(removed);
    await ioloop.start();
    assert.deepEqual(log, [
      "callback a at 0",
      "callLater at 1",
      "addTimeout timedelta at 2",
      "addTimeout deadline at 3",
    ]);
  } finally {
    setEventLoop(null);
    loop.close();
  }
});

test("PeriodicCallback: every callbackTime milliseconds until stopped", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  setEventLoop(loop);
  try {
    const ioloop = IOLoop.current();
    const times: number[] = [];
    const ticker = new PeriodicCallback(() => times.push(ioloop.time()), 500);
    ticker.start();
    assert.ok(ticker.isRunning());
    ioloop.callLater(2.2, () => {
      ticker.stop();
      ioloop.stop();
    });
    await ioloop.start();
    assert.deepEqual(times, [0.5, 1, 1.5, 2]);
    assert.equal(ticker.isRunning(), false);
  } finally {
    setEventLoop(null);
    loop.close();
  }
  assert.throws(() => new PeriodicCallback(() => {}, 0), {
    name: "RangeError",
    message:
      "PeriodicCallback callbackTime must be a positive number of milliseconds (Tornado's unit); got 0",
  });
});
