// gevent from ordinary code: the implicit hub runs when a top-level call is awaited.
import assert from "node:assert/strict";
import { test } from "node:test";
import { newEventLoop, setEventLoop, VirtualClock } from "../../src/core/index.js";
import { DeadlockError, event, getHub, joinall, sleep, spawn } from "../../src/gevent/index.js";

test("top-level joinall runs the implicit hub (the set event loop) until the greenlets finish", async () => {
  const hub = newEventLoop({ clock: new VirtualClock() });
  setEventLoop(hub);
  try {
    assert.equal(getHub(), hub);
    const log: string[] = [];
    const g = spawn(function* () {
      yield* sleep(3);
      log.push("done");
      return 1;
    });
    const done = await joinall([g]);
    assert.deepEqual(done, [g]);
    assert.equal(hub.time(), 3);
    assert.equal(await g.get(), 1);
    await sleep(2);
    assert.equal(hub.time(), 5);
    assert.deepEqual(log, ["done"]);
  } finally {
    setEventLoop(null);
    hub.close();
  }
});

test("top-level joinall never hangs silently: everything blocked rejects with DeadlockError", async () => {
  const hub = newEventLoop({ clock: new VirtualClock() });
  setEventLoop(hub);
  try {
    const never = new event.Event({ name: "never" });
    const g = spawn(function* blocked() {
      yield* never.wait();
    });
    await assert.rejects(async () => await joinall([g]), DeadlockError);
  } finally {
    setEventLoop(null);
    hub.close();
  }
});
