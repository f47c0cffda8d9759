// throw() and the parent attribute, with greenlet's rules (docs and src/greenlet/tests/test_throw.py).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Greenlet, GreenletExit, getcurrent } from "../../src/greenlet/index.js";

const main = getcurrent();

/** Switches "ok" to main; if `RangeError` is thrown in, catches it and switches "caught" instead. */
function* waitForRangeError() {
  try {
    yield* main.switch("ok");
  } catch (error) {
    if (error instanceof RangeError) {
      yield* main.switch(`caught ${error.message}`);
      return "finished";
    }
    throw error;
  }
  return "not thrown";
}

describe("throw()", () => {
  it("raises the error inside the greenlet, at its pending switch", () => {
    const g = new Greenlet(waitForRangeError);
    assert.equal(g.switch(), "ok");
    assert.equal(g.throw(new RangeError("ciao")), "caught ciao");
    assert.equal(g.switch(), "finished");
  });

  it("with no argument raises GreenletExit, which reaches the parent as a value", () => {
    let sawExit = false;
    const g = new Greenlet(function* () {
      try {
        yield* main.switch("ok");
      } catch (error) {
        sawExit = error instanceof GreenletExit;
        throw error;
      }
      yield* main.switch("fail");
    });
    assert.equal(g.switch(), "ok");
    const result = g.throw();
    assert.ok(result instanceof GreenletExit);
    assert.equal(result.message, "the greenlet was killed");
    assert.ok(sawExit);
    assert.equal(g.dead, true);
  });

  it("returns the very GreenletExit given, and a dead greenlet eats later ones", () => {
    const g = new Greenlet(function* () {
      yield* main.switch();
    });
    g.switch();
    const exit = new GreenletExit("stop");
    assert.equal(g.throw(exit), exit);
    const again = new GreenletExit("again");
    assert.equal(g.throw(again), again); // dead: returned at once
    assert.ok(g.throw() instanceof GreenletExit);
  });

  it("raises any other uncaught error in the parent", () => {
    const g = new Greenlet(waitForRangeError);
    g.switch();
    assert.throws(() => g.throw(new TypeError("bad")), { name: "TypeError", message: "bad" });
    assert.equal(g.dead, true);
    // A dead greenlet hands the error on to its parent: here main, so it is thrown.
    assert.throws(() => g.throw(new TypeError("again")), { message: "again" });
  });

  it("kills a greenlet that has not started without running it", () => {
    let ran = false;
    const body = function* () {
      ran = true;
    };
    const exit = new GreenletExit();
    const g1 = new Greenlet(body);
    assert.equal(g1.throw(exit), exit);
    assert.ok(g1.dead);
    const g2 = new Greenlet(body);
    assert.throws(() => g2.throw(new RangeError("never ran")), { message: "never ran" });
    assert.ok(g2.dead);
    assert.equal(ran, false);
  });

  it("sends an error from a greenlet that never ran to its original parent", () => {
    function* f1() {
      try {
        yield* main.switch("f1 ready to catch");
      } catch (error) {
        if (error instanceof RangeError) return "caught";
        throw error;
      }
      return "normal exit";
    }
    function* f2() {
      yield* main.switch("from f2");
    }
    // Neither started: g2 dies, the error kills g1 before it runs, and reaches main.
    let g1 = new Greenlet(f1);
    let g2 = new Greenlet(f2, g1);
    assert.throws(() => g2.throw(new RangeError()), RangeError);
    assert.ok(g1.dead && g2.dead);
    // g1 waits in its try: the error thrown at g2 (not started) is caught by g1.
    g1 = new Greenlet(f1);
    g2 = new Greenlet(f2, g1);
    assert.equal(g1.switch(), "f1 ready to catch");
    assert.equal(g2.throw(new RangeError()), "caught");
    assert.ok(g1.dead && g2.dead);
    // The same once g2 has started and waits in main.switch().
    g1 = new Greenlet(f1);
    g2 = new Greenlet(f2, g1);
    assert.equal(g1.switch(), "f1 ready to catch");
    assert.equal(g2.switch(), "from f2");
    assert.equal(g2.throw(new RangeError()), "caught");
    assert.ok(g1.dead && g2.dead);
  });

  it("is yield*-ed inside a greenlet, and may target main", () => {
    const killer = new Greenlet(function* () {
      const victim = new Greenlet(function* () {
        yield* killer.switch("victim waiting");
      });
      assert.equal(yield* victim.switch(), "victim waiting");
      const exit = yield* victim.throw(); // victim dies; its parent (killer) gets the exit
      assert.ok(exit instanceof GreenletExit);
      yield* main.throw(new RangeError("raised in main"));
    });
    assert.throws(() => killer.switch(), { name: "RangeError", message: "raised in main" });
    assert.equal(killer.dead, false); // main cannot hand errors back: killer stays suspended
  });

  it("at the running greenlet itself raises right there, where it can be caught", () => {
    const g = new Greenlet(function* () {
      try {
        yield* getcurrent().throw(new RangeError("self"));
      } catch (error) {
        return `caught ${(error as Error).message}`;
      }
      return "not raised";
    });
    assert.equal(g.switch(), "caught self");
  });

  it("from main, at main itself, just throws (main cannot die)", () => {
    assert.throws(() => main.throw(), GreenletExit);
    assert.throws(() => main.throw(new RangeError("x")), { message: "x" });
    assert.equal(main.dead, false);
    assert.equal(getcurrent(), main);
  });
});

describe("parent", () => {
  it("defaults to the current greenlet: main at top level, the creator inside a body", () => {
    const outer = new Greenlet(function* () {
      return new Greenlet(function* () {});
    });
    assert.equal(outer.parent, main);
    const inner = outer.switch() as Greenlet;
    assert.equal(inner.parent, outer);
  });

  it("can be given at creation, positionally or as an option, and reassigned later", () => {
    const p = new Greenlet(function* (v: unknown) {
      return `p got ${v}`;
    });
    assert.equal(new Greenlet(function* () {}, p).parent, p);
    assert.equal(new Greenlet(function* () {}, { parent: p }).parent, p);
    const child = new Greenlet(function* () {
      return 1;
    });
    child.parent = p;
    assert.equal(child.parent, p);
    assert.equal(child.switch(), "p got 1"); // child's value went to p, p's to main
  });

  it("refuses a cycle with a RangeError naming it", () => {
    const a = new Greenlet(function* a() {});
    const b = new Greenlet(function* b() {}, a);
    assert.throws(() => (a.parent = b), {
      name: "RangeError",
      message:
        "parent would form a cycle: a -> b -> a; pick a parent whose chain of parents does not pass through 'a'",
    });
    assert.throws(() => (a.parent = a), { message: /^parent would form a cycle: a -> a;/ });
    // Every chain ends at main, so main cannot have a parent.
    assert.throws(() => (main.parent = b), {
      message: /^parent would form a cycle: main -> b -> a -> main;/,
    });
    assert.equal(a.parent, main);
    assert.equal(main.parent, null);
  });

  it("must be a Greenlet", () => {
    const g = new Greenlet(function* worker() {});
    assert.throws(() => (g.parent = 42 as unknown as Greenlet), {
      name: "TypeError",
      message: "the parent of greenlet 'worker' must be a Greenlet; got the number 42",
    });
    assert.throws(() => (g.parent = null as unknown as Greenlet), {
      message: "the parent of greenlet 'worker' must be a Greenlet; got null",
    });
  });
});
