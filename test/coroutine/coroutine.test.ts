import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type Coroutine,
  CoroutineClosedError,
  coroutine,
  RuntimeError,
} from "../../src/coroutine/index.js";

// A running total: takes numbers, yields the total so far, returns it when sent a negative.
const totaller = coroutine(function* totaller(start: number): Generator<number, number, number> {
  let total = start;
  while (true) {
    const n = yield total;
    if (n < 0) return total;
    total += n;
  }
});

describe("coroutine() priming", () => {
  it("runs the generator to its first yield when the factory is called", () => {
    const log: string[] = [];
    const make = coroutine(function* (): Generator<void, void, string> {
      log.push("started");
      while (true) log.push(`got ${yield}`);
    });
    const c = make();
    assert.deepEqual(log, ["started"]);
    c.send("a");
    assert.deepEqual(log, ["started", "got a"]);
  });

  it("passes the factory's arguments to the generator function", () => {
    assert.equal(totaller(100).send(5), 105);
  });

  it("names the factory and the coroutine after the generator function", () => {
    assert.equal(totaller.name, "totaller");
    assert.equal(totaller(0).name, "totaller");
    assert.equal(
      coroutine(function* (): Generator<void, void, void> {
        yield;
      })().name,
      "anonymous",
    );
  });

  it("throws CoroutineClosedError when the generator returns before its first yield", () => {
    // The usual bug: a path that returns before the loop that yields.
    const early = coroutine(function* early(items: number): Generator<void, number, void> {
      if (items === 0) return 42;
      while (true) yield;
    });
    assert.throws(
      () => early(0),
      (error: unknown) => {
        assert.ok(error instanceof CoroutineClosedError);
        assert.equal(error.value, 42);
        assert.equal(error.how, "returned");
        assert.equal(
          error.message,
          'coroutine "early" returned 42 before its first `yield`, so it can never receive a value: ' +
            "make it pause at a `yield` (e.g. `const item = yield;`) before it returns",
        );
        return true;
      },
    );
  });

  it("lets an error thrown before the first yield out of the factory", () => {
    const failing = coroutine(function* (size: number): Generator<void, void, void> {
      if (size < 0) throw new RangeError("bad start");
      yield;
    });
    assert.throws(() => failing(-1), { name: "RangeError", message: "bad start" });
  });
});

describe("coroutine() rejects what is not a function*", () => {
  const cases: [string, unknown, string][] = [
    ["an ordinary function", function plain() {}, "an ordinary function 'plain'"],
    ["an arrow function", () => {}, "an arrow function"],
    ["an async function", async function fetchAll() {}, "an async function 'fetchAll'"],
    ["an async generator", async function* lines() {}, "an async generator function 'lines'"],
    ["a class", class Foo {}, "a class 'Foo'"],
    ["a string", "grep", 'the string "grep"'],
    ["undefined", undefined, "undefined"],
  ];
  for (const [label, value, described] of cases) {
    it(`throws a TypeError naming ${label}`, () => {
      const call = coroutine as unknown as (value: unknown) => unknown;
      assert.throws(() => call(value), {
        name: "TypeError",
        message:
          `coroutine() needs a generator function (\`function*\`), but got ${described}: ` +
          "write it as `function* name(...) { ... const item = yield; ... }`, and pass the " +
          "generator function itself, not a function that calls it",
      });
    });
  }
});

describe("send()", () => {
  it("returns what the coroutine yields next", () => {
    const t = totaller(0);
    assert.equal(t.send(1), 1);
    assert.equal(t.send(2), 3);
  });

  it("keeps the coroutine's state between sends, separately for each coroutine", () => {
    const a = totaller(0);
    const b = totaller(1000);
    a.send(1);
    b.send(1);
    a.send(2);
    assert.equal(a.send(3), 6);
    assert.equal(b.send(0), 1001);
  });

  it("throws CoroutineClosedError with the return value when the coroutine returns", () => {
    const t = totaller(0);
    t.send(7);
    assert.throws(
      () => t.send(-1),
      (error: unknown) => {
        assert.ok(error instanceof CoroutineClosedError);
        assert.equal(error.value, 7);
        assert.equal(error.coroutine, "totaller");
        assert.equal(
          error.message,
          'coroutine "totaller" finished: it returned 7 (read it from this error\'s `value`) ' +
            "and takes no more values",
        );
        return true;
      },
    );
    assert.equal(t.closed, true);
  });

  it("after the coroutine returned, says it finished and what it returned", () => {
    const t = totaller(5);
    assert.throws(() => t.send(-1), CoroutineClosedError);
    assert.throws(() => t.send(1), {
      name: "CoroutineClosedError",
      message:
        'cannot send to coroutine "totaller": it has finished (it returned 5). ' +
        "Call its factory again to start a new one",
    });
  });

  it("after close(), says it was closed", () => {
    const t = totaller(0);
    t.close();
    assert.throws(
      () => t.send(1),
      (error: unknown) => {
        assert.ok(error instanceof CoroutineClosedError);
        assert.equal(error.how, "closed");
        assert.equal(
          error.message,
          'cannot send to coroutine "totaller": it was closed with close(). ' +
            "Call its factory again to start a new one",
        );
        return true;
      },
    );
  });

  it("after an error escaped, says which error finished it", () => {
    const fragile = coroutine(function* fragile(): Generator<void, void, string> {
      const word = yield;
      throw new Error(`cannot handle ${word}`);
    });
    const f = fragile();
    assert.throws(() => f.send("x"), { message: "cannot handle x" });
    assert.equal(f.closed, true);
    assert.throws(
      () => f.send("y"),
      (error: unknown) => {
        assert.ok(error instanceof CoroutineClosedError);
        assert.equal(error.how, "threw");
        assert.ok(error.cause instanceof Error);
        assert.equal(
          error.message,
          'cannot send to coroutine "fragile": it has finished by throwing Error: cannot handle x. ' +
            "Call its factory again to start a new one",
        );
        return true;
      },
    );
  });

  it("refuses to resume a coroutine from inside itself", () => {
    let self: Coroutine<number, void, void> | undefined;
    const loopy = coroutine(function* loopy(): Generator<void, void, number> {
      while (true) {
        const n = yield;
        if (n > 0) self?.send(n - 1);
      }
    });
    self = loopy();
    assert.throws(() => self?.send(1), {
      name: "RangeError",
      message:
        'coroutine "loopy" is already running: it cannot be resumed from inside itself ' +
        "(directly, or through a pipeline that loops back to it)",
    });
  });
});

describe("throw()", () => {
  const tolerant = coroutine(function* tolerant(): Generator<string, void, string> {
    let last = "nothing yet";
    while (true) {
      try {
        last = yield last;
      } catch (error) {
        last = `caught ${(error as Error).message}`;
      }
    }
  });

  it("raises the error at the paused yield; a caught error lets it yield again", () => {
    const c = tolerant();
    assert.equal(c.send("hello"), "hello");
    assert.equal(c.throw(new Error("boom")), "caught boom");
    assert.equal(c.closed, false);
    assert.equal(c.send("again"), "again");
  });

  it("lets an uncaught error out and finishes the coroutine", () => {
    const t = totaller(0);
    assert.throws(() => t.throw(new TypeError("not a number")), {
      name: "TypeError",
      message: "not a number",
    });
    assert.equal(t.closed, true);
    assert.throws(() => t.throw(new Error("again")), {
      name: "CoroutineClosedError",
      message:
        'cannot throw into coroutine "totaller": it has finished by throwing TypeError: not a ' +
        "number. Call its factory again to start a new one",
    });
  });
});

describe("close()", () => {
  it("runs the coroutine's finally blocks once, and closing twice is fine", () => {
    const log: string[] = [];
    const tidy = coroutine(function* (): Generator<void, void, string> {
      try {
        while (true) log.push(yield);
      } finally {
        log.push("cleaned up");
      }
    });
    const c = tidy();
    c.send("a");
    assert.equal(c.closed, false);
    c.close();
    c.close();
    assert.equal(c.closed, true);
    assert.deepEqual(log, ["a", "cleaned up"]);
  });

  it("is what Symbol.dispose does, so `using` closes the coroutine", () => {
    const log: string[] = [];
    const tidy = coroutine(function* (): Generator<void, void, void> {
      try {
        yield;
      } finally {
        log.push("closed");
      }
    });
    let kept: Coroutine<void, void, void> | undefined;
    {
      using c = tidy();
      kept = c;
      assert.deepEqual(log, []);
    }
    assert.equal(kept.closed, true);
    assert.deepEqual(log, ["closed"]);
  });

  it("lets an error thrown by a finally block out", () => {
    const broken = coroutine(function* (): Generator<void, void, void> {
      try {
        yield;
      } finally {
        // biome-ignore lint/correctness/noUnsafeFinally: the point of this test
        throw new Error("cleanup failed");
      }
    });
    const c = broken();
    assert.throws(() => c.close(), { message: "cleanup failed" });
    assert.equal(c.closed, true);
  });

  it("throws RuntimeError when the coroutine yields while closing", () => {
    const stubborn = coroutine(function* stubborn(): Generator<void, void, void> {
      try {
        yield;
      } finally {
        yield;
      }
    });
    const c = stubborn();
    assert.throws(
      () => c.close(),
      (error: unknown) => {
        assert.ok(error instanceof RuntimeError);
        assert.equal(
          error.message,
          'coroutine "stubborn" yielded while being closed (a `yield` inside `finally`), ' +
            "so close() could not finish it: do not yield in a `finally` block",
        );
        return true;
      },
    );
  });
});

// Compile-time checks: tsc fails the build if a @ts-expect-error line is accepted.
function typeChecks(): void {
  const t: Coroutine<number, number, number> = totaller(0);
  const next: number = t.send(1);
  // @ts-expect-error: totaller takes numbers
  t.send("one");
  // @ts-expect-error: the factory takes the generator function's arguments
  totaller("zero");
  // @ts-expect-error: send() returns what the coroutine yields, a number
  const wrong: string = t.send(2);
  void [next, wrong];
}
void typeChecks;
