// gevent's green threads on the hub: spawn, sleep, joinall, kill, get, link, wait.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VirtualClock } from "../../src/asyncio/index.js";
import {
  DeadlockError,
  event,
  Greenlet,
  GreenletExit,
  getcurrent,
  joinall,
  kill,
  killall,
  run,
  sleep,
  spawn,
  spawnLater,
  Timeout,
  wait,
} from "../../src/gevent/index.js";
import { runVirtual } from "../support/virtual.js";
import { rejectsIn } from "./support.js";

test("spawn starts nothing until the caller yields; sleep(0) alternates foo and bar", async () => {
  const log: string[] = [];
  await runVirtual(function* () {
    function* worker(name: string) {
      for (let i = 0; i < 2; i++) {
        log.push(`${name}${i}`);
        yield* sleep(0);
      }
      return name;
    }
    const a = spawn(worker, "a");
    const b = spawn(worker, "b");
    assert.deepEqual(log, []);
    assert.equal(a.started, true);
    assert.equal(a.dead, false);
    const done = yield* joinall([a, b]);
    assert.deepEqual(done, [a, b]);
    assert.equal(a.value, "a");
    assert.equal(b.successful(), true);
  });
  assert.deepEqual(log, ["a0", "b0", "a1", "b1"]);
});

test("a killed greenlet is ready and successful, with a GreenletExit as its value; finally runs", async () => {
  const log: string[] = [];
  await runVirtual(function* () {
    const g = spawn(function* forever() {
      try {
        for (;;) yield* sleep(1);
      } finally {
        log.push("cleaned up");
      }
    });
    yield* sleep(2.5);
    yield* g.kill();
    assert.equal(g.dead, true);
    assert.equal(g.ready(), true);
    assert.equal(g.successful(), true);
    assert.ok(g.value instanceof GreenletExit);
    assert.equal(g.exception, undefined);
  });
  assert.deepEqual(log, ["cleaned up"]);
});

test("the body can catch GreenletExit and return a value of its own", async () => {
  await runVirtual(function* () {
    const g = spawn(function* () {
      try {
        yield* sleep(10);
        return "slept";
      } catch (e) {
        if (e instanceof GreenletExit) return "caught";
        throw e;
      }
    });
    yield* sleep(0);
    yield* kill(g);
    assert.equal(g.value, "caught");
  });
});

test("killing a greenlet that never ran: it never runs, and is dead with GreenletExit", async () => {
  let ran = false;
  await runVirtual(function* () {
    const g = spawn(function* () {
      ran = true;
    });
    yield* kill(g);
    assert.equal(g.dead, true);
    assert.equal(g.successful(), true);
    assert.ok(g.value instanceof GreenletExit);
  });
  assert.equal(ran, false);
});

test("kill with another error: the greenlet dies with it", async () => {
  await runVirtual(function* () {
    const g = spawn(function* () {
      yield* sleep(5);
    });
    yield* sleep(0);
    const boom = new RangeError("boom");
    yield* kill(g, boom);
    assert.equal(g.successful(), false);
    assert.equal(g.exception, boom);
    yield* rejectsIn(g.get());
  });
});

test("killall ends every greenlet and waits for them", async () => {
  await runVirtual(function* (loop) {
    const gs = [1, 2, 3].map((n) =>
      spawn(function* () {
        for (;;) yield* sleep(n);
      }),
    );
    yield* sleep(4);
    const t0 = loop.time();
    yield* killall(gs);
    assert.equal(loop.time(), t0);
    assert.ok(gs.every((g) => g.dead && g.value instanceof GreenletExit));
  });
});

test("get() returns the value, throws the error, and throws Timeout when not in time", async () => {
  await runVirtual(function* () {
    const ok = spawn(function* (x: number) {
      yield* sleep(1);
      return x * 2;
    }, 21);
    assert.equal(yield* ok.get(), 42);
    const bad = spawn(function* () {
      yield* sleep(0);
      throw new TypeError("bad");
    });
    yield* rejectsIn(bad.get(), TypeError);
    const slow = spawn(function* () {
      yield* sleep(10);
    });
    yield* rejectsIn(slow.get(true, 1), Timeout);
    yield* rejectsIn(slow.get(false), Timeout);
    assert.equal(yield* slow.join(1), false);
    assert.equal(yield* slow.join(), true);
  });
});

test("joinall: timeout returns those done; raiseError throws the first error", async () => {
  await runVirtual(function* (loop) {
    const fast = spawn(function* () {
      yield* sleep(1);
    });
    const slow = spawn(function* () {
      yield* sleep(5);
    });
    const done = yield* joinall([fast, slow], { timeout: 2 });
    assert.deepEqual(done, [fast]);
    assert.equal(loop.time(), 2);
    const failing = spawn(function* () {
      yield* sleep(1);
      throw new RangeError("nope");
    });
    const slower = spawn(function* () {
      yield* sleep(100);
    });
    yield* rejectsIn(joinall([slower, failing], { raiseError: true }), RangeError);
    assert.equal(loop.time(), 3);
    yield* killall([slow, slower]);
  });
});

test("spawnLater starts after the delay; link callbacks get the greenlet", async () => {
  const seen: string[] = [];
  await runVirtual(function* (loop) {
    const g = spawnLater(2, function* named() {
      seen.push(`ran at ${loop.time()}`);
      return 7;
    });
    g.link((x) => seen.push(`linked ${x.value}`));
    g.linkValue(() => seen.push("value"));
    g.linkException(() => seen.push("exception"));
    yield* g.join();
    yield* sleep(0);
  });
  assert.deepEqual(seen, ["ran at 2", "linked 7", "value"]);
});

test("getcurrent() is the running greenlet; name is the function's", async () => {
  await runVirtual(function* () {
    let inside: unknown = null;
    const g = spawn(function* worker() {
      inside = getcurrent();
    });
    yield* g.join();
    assert.equal(inside, g);
    assert.equal(g.name, "worker");
    assert.equal(getcurrent(), null); // runVirtual's main is a plain task
    assert.deepEqual(g.statistics(), {
      name: "worker",
      started: true,
      dead: true,
      successful: true,
      waitingOn: null,
    });
  });
});

test("wait(objects) returns the ready ones; wait() waits until the others are done", async () => {
  await runVirtual(function* (loop) {
    const ev = new event.Event();
    const a = spawn(function* () {
      yield* sleep(1);
    });
    const b = spawn(function* () {
      yield* sleep(3);
      ev.set();
    });
    const first = yield* wait([a, b], { count: 1 });
    assert.deepEqual(first, [a]);
    const evReady = yield* wait([ev], { timeout: 1 });
    assert.deepEqual(evReady, []);
    assert.equal(yield* wait(), true);
    assert.equal(loop.time(), 3);
    assert.equal(b.dead, true);
  });
});

test("plain functions run too, as one step", async () => {
  await runVirtual(function* () {
    const g = spawn((a: number, b: number) => a + b, 1, 2);
    assert.equal(yield* g.get(), 3);
  });
});

test("bad input: spawn of a non-function, a NaN delay", () => {
  assert.throws(
    () => spawn(42 as never),
    new TypeError(
      "spawn() needs a function to run in the greenlet, preferably a generator function (function* () { ... }); got the number 42",
    ),
  );
  assert.throws(() => new Greenlet("x" as never), TypeError);
  assert.throws(() => spawnLater(Number.NaN, function* () {}), RangeError);
  assert.throws(() => joinall(5 as never), TypeError);
  assert.throws(() => joinall([{} as never]), TypeError);
});

test("gevent run(): main is a greenlet; leftovers are killed with GreenletExit, finally blocks run", async () => {
  const log: string[] = [];
  const value = await run(
    function* main(n: number) {
      spawn(function* forgotten() {
        try {
          for (;;) yield* sleep(1);
        } finally {
          log.push("forgotten cleaned up");
        }
      });
      yield* sleep(2);
      return n + 1;
    },
    { clock: new VirtualClock() },
    41,
  );
  assert.equal(value, 42);
  assert.deepEqual(log, ["forgotten cleaned up"]);
});

test("everything blocked is the kernel's DeadlockError with its report (gevent's LoopExit)", async () => {
  await assert.rejects(
    run(
      function* main() {
        const never = new event.Event({ name: "never set" });
        yield* joinall([
          spawn(function* stuck() {
            yield* never.wait();
          }),
        ]);
      },
      { clock: new VirtualClock() },
    ),
    (e: unknown) => {
      assert.ok(e instanceof DeadlockError);
      assert.match(e.message, /'stuck' waits on Event 'never set'/);
      return true;
    },
  );
});
