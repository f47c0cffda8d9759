// Monkey patching's edges (issue 12): timers made while patched stay cancellable after unpatch(),
// Node's calling conventions hold, patchAll() works from the top level, and a hub that closes
// takes its patches with it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { call } from "../../src/asyncio/index.js";
import { newEventLoop, setEventLoop, VirtualClock } from "../../src/core/index.js";
import { joinall, monkey, run, sleep, spawn } from "../../src/gevent/index.js";
import { runVirtual } from "../support/virtual.js";

// Node's own, captured before any patch.
const node = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  clearInterval: globalThis.clearInterval,
  dateNow: Date.now,
  performance: globalThis.performance,
};

test("after unpatch(), the global clears still cancel timers made while patched", async () => {
  await runVirtual(function* (loop) {
    monkey.patchAll();
    const ticks: number[] = [];
    const interval = setInterval(() => ticks.push(loop.time()), 500);
    const later = setTimeout(() => ticks.push(-1), 2000);
    monkey.unpatch();
    assert.equal(globalThis.setTimeout, node.setTimeout, "Node's setTimeout is back");
    yield* sleep(1.2);
    clearInterval(interval);
    clearTimeout(later);
    yield* sleep(5);
    assert.deepEqual(ticks, [0.5, 1]);
  });
  // Nothing routed is pending any more: Node's own clears are back too.
  assert.equal(globalThis.clearTimeout, node.clearTimeout);
  assert.equal(globalThis.clearInterval, node.clearInterval);
});

test("numeric ids work, as Node's Timeout[Symbol.toPrimitive] allows, and reach Node's own timers", async () => {
  let nodeFired = false;
  const nodeTimer = node.setTimeout(() => {
    nodeFired = true;
  }, 5);
  await runVirtual(function* (loop) {
    monkey.patchAll();
    try {
      const ticks: number[] = [];
      const byNumber = setTimeout(() => ticks.push(-1), 100);
      const byString = setInterval(() => ticks.push(loop.time()), 400);
      const kept = setTimeout(() => ticks.push(loop.time()), 300);
      clearTimeout(+byNumber);
      clearTimeout(+nodeTimer); // a Node timer's id goes to Node
      yield* sleep(1);
      clearInterval(String(+byString) as never);
      yield* sleep(1);
      assert.deepEqual(ticks, [0.3, 0.4, 0.8]);
      assert.notEqual(+kept, +byNumber);
    } finally {
      monkey.unpatch();
    }
  });
  await new Promise((resolve) => node.setTimeout(resolve, 20));
  assert.equal(nodeFired, false, "clearTimeout(+nodeTimer) cancelled Node's own timer");
});

test("a callback that is not a function is Node's TypeError ERR_INVALID_ARG_TYPE", async () => {
  await runVirtual(function* () {
    monkey.patchAll();
    try {
      const invalid = { name: "TypeError", code: "ERR_INVALID_ARG_TYPE" };
      assert.throws(() => setTimeout("console.log(1)" as never, 10), invalid);
      assert.throws(() => setInterval(null as never, 10), invalid);
      assert.throws(() => setImmediate(42 as never), invalid);
      assert.equal(monkey.statistics().timersScheduled, 0);
    } finally {
      monkey.unpatch();
    }
  });
});

test("patchAll() at the top level patches onto the implicit hub", async () => {
  const hub = newEventLoop({ clock: new VirtualClock() });
  setEventLoop(hub);
  try {
    monkey.patchAll(); // no running loop: gevent's implicit hub, as spawn and joinall use
    assert.equal(monkey.isPatched(), true);
    const g = spawn(function* () {
      const start = Date.now();
      return yield* call(
        new Promise<number>((resolve) => setTimeout(() => resolve(Date.now() - start), 60_000)),
      );
    });
    await joinall([g]);
    assert.equal(await g.get(), 60_000);
    assert.equal(hub.time(), 60);
  } finally {
    monkey.unpatch();
    setEventLoop(null);
    hub.close();
  }
});

test("a hub that closes undoes its patches, whether run() returned or threw", async () => {
  const clock = () => ({ clock: new VirtualClock() });
  await run(function* () {
    monkey.patchAll();
    setInterval(() => {}, 1000); // still pending when the hub closes: dropped with it
    yield* sleep(10);
  }, clock());
  assertUnpatched();
  await assert.rejects(
    run(function* () {
      monkey.patchAll();
      yield* sleep(1);
      throw new RangeError("main failed");
    }, clock()),
    RangeError,
  );
  assertUnpatched();
  // The next patchAll() is accepted: no dead hub holds the globals.
  await runVirtual(function* () {
    monkey.patchAll();
    monkey.unpatch();
  });
});

test("in debug mode, patches left in place when the hub closes are reported", async (t) => {
  const warnings: string[] = [];
  t.mock.method(console, "warn", (message: string) => warnings.push(message));
  await run(
    function* () {
      monkey.patchAll();
    },
    { clock: new VirtualClock(), debug: true },
  );
  assertUnpatched();
  await run(
    function* () {
      monkey.patchAll();
      setInterval(() => {}, 1000);
      monkey.unpatch(); // the interval stays on the hub, pending when it closes
    },
    { clock: new VirtualClock(), debug: true },
  );
  assertUnpatched();
  assert.equal(warnings.length, 2);
  assert.match(
    warnings[1]!,
    /^spindle debug: the set of 1 timer\(s\) made while monkey-patched \(clear them with clearTimeout \/ clearInterval\) was still open/,
  );
  assert.match(
    warnings[0]!,
    /^spindle debug: the monkey patch of Node's timers and clocks \(undo it with monkey\.unpatch\(\)\) was still open when the loop closed/,
  );
});

function assertUnpatched(): void {
  assert.equal(monkey.isPatched(), false);
  assert.equal(Date.now, node.dateNow, "Date.now is Node's again");
  assert.equal(globalThis.performance, node.performance);
  assert.equal(globalThis.setTimeout, node.setTimeout);
  assert.equal(globalThis.clearInterval, node.clearInterval);
  const wall = Date.now();
  assert.ok(Math.abs(wall - (performance.timeOrigin + performance.now())) < 1000, "not frozen");
}
