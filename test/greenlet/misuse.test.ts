// Bad input gets a clear error, at the call or right where the body went wrong: every message.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Greenlet, getcurrent } from "../../src/greenlet/index.js";

const main = getcurrent();

/** Runs `body` in a greenlet named "body" and returns the message of the error it caught. */
function caughtIn(body: () => Generator<unknown, unknown, unknown>): string {
  const g = new Greenlet(
    function* () {
      try {
        yield* body();
      } catch (error) {
        assert.ok(error instanceof Error);
        return `${error.name}: ${error.message}`;
      }
      return "no error";
    },
    { name: "body" },
  );
  return g.switch() as string;
}

describe("new Greenlet(): bad arguments", () => {
  it("refuses a run that is not a generator function, naming what it got", () => {
    const tail =
      ". Write `new Greenlet(function* (...args) { ... })` and switch inside it with " +
      "`yield* other.switch(...)`";
    const cases: [unknown, string][] = [
      [() => 1, "an arrow function"],
      [async function load() {}, "an async function 'load'"],
      [function plain() {}, "an ordinary function 'plain'"],
      [42, "the number 42"],
      [(function* () {})(), "a generator object"],
    ];
    for (const [run, what] of cases) {
      assert.throws(() => new Greenlet(run as never), {
        name: "TypeError",
        message: `new Greenlet(run) needs a generator function as run; got ${what}${tail}`,
      });
    }
  });

  it("refuses to be created with nothing to run", () => {
    assert.throws(() => new Greenlet(), {
      name: "TypeError",
      message:
        "new Greenlet() needs something to run: pass a generator function " +
        "(`new Greenlet(function* () { ... })`) or define `*run()` in a subclass",
    });
  });

  it("refuses a parent or a name of the wrong kind", () => {
    const run = function* worker() {};
    assert.throws(() => new Greenlet(run, 7 as never), {
      name: "TypeError",
      message: "the parent of greenlet 'worker' must be a Greenlet; got the number 7",
    });
    assert.throws(() => new Greenlet(run, { parent: "main" as never }), {
      message: `the parent of greenlet 'worker' must be a Greenlet; got the string "main"`,
    });
    assert.throws(() => new Greenlet(run, new Date() as never), {
      message: "the parent of greenlet 'worker' must be a Greenlet; got a Date object",
    });
    assert.throws(() => new Greenlet(run, { name: 5 as never }), {
      name: "TypeError",
      message: "a greenlet's name must be a string; got the number 5",
    });
  });
});

describe("inside a greenlet: switch() must be yield*-ed", () => {
  it("reports a forgotten yield* at the next switch(), naming the first one", () => {
    const other = new Greenlet(function* other() {});
    const message = caughtIn(function* () {
      other.switch(1); // forgotten
      yield* other.switch(2);
    });
    assert.equal(
      message,
      "RuntimeError: greenlet 'body' called switch() on greenlet 'other' without `yield*`; " +
        "inside a greenlet write `yield* g.switch(...)`",
    );
    assert.equal(other.dead, false); // neither switch happened
  });

  it("reports a forgotten yield* at the next yield", () => {
    const other = new Greenlet(function* other() {});
    const message = caughtIn(function* () {
      other.throw();
      yield;
    });
    assert.equal(
      message,
      "RuntimeError: greenlet 'body' called throw() on greenlet 'other' without `yield*`; " +
        "inside a greenlet write `yield* g.throw(...)`",
    );
  });

  it("raises a forgotten yield* in the parent when the body returns with it", () => {
    const g = new Greenlet(function* sloppy() {
      main.switch("lost");
    });
    assert.throws(() => g.switch(), {
      name: "RuntimeError",
      message:
        "greenlet 'sloppy' called switch() on greenlet 'main' without `yield*`; " +
        "inside a greenlet write `yield* g.switch(...)`",
    });
    assert.equal(g.dead, true);
  });

  it("reports `yield` without the star", () => {
    const message = caughtIn(function* () {
      yield main.switch();
    });
    assert.equal(
      message,
      "RuntimeError: greenlet 'body' yielded its switch() to greenlet 'main' with `yield`; " +
        "write `yield* g.switch(...)` (with the star)",
    );
  });

  it("reports a yielded value that is not a switch: there is no loop to yield to", () => {
    const message = caughtIn(function* () {
      yield 5;
    });
    assert.equal(
      message,
      "TypeError: greenlet 'body' yielded the number 5; a greenlet has no event loop to yield " +
        "to: it can only switch, with `yield* other.switch(...)` (for a loop, use " +
        "spindle/gevent or spindle/asyncio)",
    );
    assert.match(
      caughtIn(function* () {
        yield;
      }),
      /^TypeError: greenlet 'body' yielded undefined; a greenlet has no event loop/,
    );
  });

  it("reports a request driven by for...of, a spread or destructuring", () => {
    const tail =
      "not by a `yield*` in 'body'; write `yield* g.switch(...)` right where you call switch(), " +
      "inside the greenlet that calls it";
    const expected =
      "RuntimeError: the switch() that greenlet 'body' made to greenlet 'main' was iterated by " +
      `something other than \`yield*\` (a for...of, a spread or Array.from?), ${tail}`;
    assert.equal(
      caughtIn(function* () {
        Array.from(main.switch(1));
      }),
      expected,
    );
    assert.equal(
      caughtIn(function* () {
        const [first] = main.switch(1);
        return first;
      }),
      expected,
    );
  });

  it("reports a request iterated twice", () => {
    // Switches back to whoever switched to it.
    const bouncer = new Greenlet(function* bouncer(caller: Greenlet) {
      for (;;) caller = yield* caller.switch();
    });
    const message = caughtIn(function* () {
      const request = bouncer.switch(getcurrent());
      yield* request;
      yield* request;
    });
    assert.equal(
      message,
      "RuntimeError: the switch() that greenlet 'body' made to greenlet 'bouncer' was iterated " +
        "by a second `yield*` of the same request, not by a `yield*` in 'body'; write " +
        "`yield* g.switch(...)` right where you call switch(), inside the greenlet that calls it",
    );
  });

  it("reports a request iterated by another greenlet or by ordinary code", () => {
    let stolen: Iterable<unknown> = [];
    const thief = new Greenlet(function* thief() {
      for (const _ of stolen) {
        // never reached
      }
    });
    const owner = new Greenlet(function* owner() {
      stolen = thief.switch();
      yield* stolen;
      return "owner resumed";
    });
    assert.throws(() => owner.switch(), {
      name: "RuntimeError",
      message:
        "the switch() that greenlet 'owner' made to greenlet 'thief' was iterated by greenlet " +
        "'thief', not by a `yield*` in 'owner'; write `yield* g.switch(...)` right where you " +
        "call switch(), inside the greenlet that calls it",
    });
    assert.throws(
      () => {
        for (const _ of stolen) {
          // never reached
        }
      },
      { message: /was iterated by ordinary code \(the main greenlet\), not by a `yield\*`/ },
    );
    // The owner's own switch was left intact: it still resumes normally.
    assert.equal(owner.switch(), "owner resumed");
  });

  it("keeps working after a misuse was caught", () => {
    const g = new Greenlet(function* () {
      const other = new Greenlet(function* other(x: number) {
        return x + 1;
      });
      other.switch(1);
      try {
        yield* other.switch(2);
      } catch {
        // the forgotten one is dropped: switch again, properly
      }
      const got = yield* other.switch(3); // other's value comes back to its parent, g
      return `g got ${got}`;
    });
    assert.equal(g.switch(), "g got 4");
  });

  it("leaves main as the current greenlet after any error", () => {
    const g = new Greenlet(function* () {
      yield 1;
    });
    assert.throws(() => g.switch(), TypeError);
    assert.equal(getcurrent(), main);
    assert.equal(String(main), "Greenlet 'main' (running)");
  });
});
