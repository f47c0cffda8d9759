// greenlet's switching rules (docs/switching.rst of python-greenlet), one test per rule.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Greenlet, getcurrent } from "../../src/greenlet/index.js";

const main = getcurrent();

describe("switch: control and values", () => {
  it("runs the talk's test1/test2: 12, 56, 34, then back to main", () => {
    const log: number[] = [];
    // Declared first and wrapped after, as in Python.
    function* test1() {
      log.push(12);
      yield* gr2.switch();
      log.push(34);
    }
    function* test2() {
      log.push(56);
      yield* gr1.switch();
      log.push(78);
    }
    const gr1 = new Greenlet(test1);
    const gr2 = new Greenlet(test2);
    assert.equal(gr1.switch(), undefined);
    assert.deepEqual(log, [12, 56, 34]);
    assert.equal(gr1.dead, true);
    assert.equal(gr2.dead, false); // suspended forever: nobody switches back to it
  });

  it("passes the first switch's arguments to run, and later values to the pending switch", () => {
    const log: unknown[] = [];
    // Inline bodies that name each other's greenlets need no type annotation.
    const gr1 = new Greenlet(function* test1(x: string, y: string) {
      const z = yield* gr2.switch(x + y);
      log.push(z);
    });
    const gr2 = new Greenlet(function* test2(u: string) {
      log.push(u);
      yield* gr1.switch(42);
    });
    gr1.switch("hello", " world");
    assert.deepEqual(log, ["hello world", 42]);
  });

  it("delivers one argument as itself, several as an array, none as undefined", () => {
    const got: unknown[] = [];
    const g = new Greenlet(function* () {
      for (;;) got.push(yield* main.switch());
    });
    g.switch(); // start it
    g.switch("one");
    g.switch(1, 2, 3);
    g.switch();
    g.switch([4]);
    assert.deepEqual(got, ["one", [1, 2, 3], undefined, [4]]);
  });

  it("returns to main what a greenlet switches to main, packed by the same rule", () => {
    const g = new Greenlet(function* () {
      yield* main.switch("a");
      yield* main.switch("b", "c");
      yield* main.switch();
      return "done";
    });
    assert.equal(g.switch(), "a");
    assert.deepEqual(g.switch(), ["b", "c"]);
    assert.equal(g.switch(), undefined);
    assert.equal(g.switch(), "done");
  });

  it("lets main switch away and come back many times (one trampoline per call from main)", () => {
    const echo = new Greenlet(function* (x: number) {
      for (;;) x = yield* main.switch(x * 2);
    });
    assert.equal(echo.switch(1), 2);
    assert.equal(echo.switch(5), 10);
    const other = new Greenlet(function* (x: number) {
      // Switching from one greenlet into another that main left suspended.
      const doubled = yield* echo.switch(x);
      return doubled + 1;
    });
    assert.equal(other.switch(20), 40); // echo switched to main, not back to other
    assert.equal(other.dead, false);
  });

  it("a switch to the running greenlet itself evaluates to the value at once", () => {
    assert.equal(main.switch(7), 7);
    assert.deepEqual(main.switch(7, 8), [7, 8]);
    const g = new Greenlet(function* () {
      const me = getcurrent();
      return yield* me.switch("self");
    });
    assert.equal(g.switch(), "self");
  });

  it("keeps a constant stack: a chain of 100k greenlets, each switching to the next", () => {
    const n = 100_000;
    const chain: Greenlet[] = [];
    for (let i = 0; i < n; i++) {
      chain.push(
        new Greenlet(function* (count: number) {
          return i + 1 < n ? yield* chain[i + 1]!.switch(count + 1) : count + 1;
        }),
      );
    }
    // The last returns to main (its parent) directly: the values never pass back down.
    assert.equal(chain[0]!.switch(0), n);
  });
});

describe("dying greenlets", () => {
  it("hands a finished greenlet's return value to its parent's pending switch", () => {
    const parent = new Greenlet(function* () {
      const child = new Greenlet(function* () {
        return "from child";
      }); // parent: the current greenlet
      const got = yield* child.switch();
      return `parent got ${got}`;
    });
    assert.equal(parent.switch(), "parent got from child");
  });

  it("starts a parent that has not started with run(return value)", () => {
    const log: unknown[] = [];
    const parent = new Greenlet(function* parentRun(childResult: unknown) {
      log.push(`in the parent with ${childResult}`);
    });
    const child = new Greenlet(function* () {
      log.push("in the child");
      return 5;
    }, parent);
    child.switch();
    assert.deepEqual(log, ["in the child", "in the parent with 5"]);
    assert.ok(parent.dead && child.dead);
  });

  it("sends a switch to a dead greenlet to its parent (greenlet's outer/inner example)", () => {
    const log: unknown[] = [];
    const outer = new Greenlet(function* outer() {
      const inner = new Greenlet(function* inner() {
        return 42;
      });
      log.push(yield* inner.switch());
      log.push(yield* inner.switch()); // inner is dead: goes to its parent, outer itself
      return inner;
    });
    const inner = outer.switch() as Greenlet;
    assert.deepEqual(log, [42, undefined]);
    // From main: inner and outer are dead, so the switch lands in main with its own values.
    assert.equal(inner.switch(), undefined);
    assert.equal(inner.switch("x"), "x");
    assert.deepEqual(inner.switch(1, 2), [1, 2]);
  });

  it("walks up past every dead parent to the first live one", () => {
    const top = new Greenlet(function* () {
      let got = yield* main.switch("ready");
      for (;;) got = yield* main.switch(`top got ${got}`);
    });
    assert.equal(top.switch(), "ready");
    const middle = new Greenlet(function* () {}, top);
    const bottom = new Greenlet(function* () {}, middle);
    assert.equal(middle.switch(), "top got undefined"); // middle dies; its value goes to top
    // bottom dies too: its value goes to middle (dead) and on to top.
    assert.equal(bottom.switch(), "top got undefined");
    // A switch to bottom (dead) goes to middle (dead), then to top, with the value.
    assert.equal(bottom.switch("z"), "top got z");
  });

  it("raises an error escaping a greenlet in main, from the switch() call", () => {
    const g = new Greenlet(function* failing() {
      throw new RangeError("boom");
    });
    assert.throws(() => g.switch(), { name: "RangeError", message: "boom" });
    assert.equal(g.dead, true);
    assert.equal(getcurrent(), main);
  });

  it("raises an error escaping a greenlet in its parent, at its pending yield*", () => {
    const parent = new Greenlet(function* () {
      const child = new Greenlet(function* () {
        throw new TypeError("child failed");
      });
      try {
        yield* child.switch();
      } catch (error) {
        return `caught ${(error as Error).message}`;
      }
      return "not caught";
    });
    assert.equal(parent.switch(), "caught child failed");
  });

  it("kills a parent that never started when an error reaches it", () => {
    let parentRan = false;
    const parent = new Greenlet(function* () {
      parentRan = true;
    });
    const child = new Greenlet(function* () {
      throw new Error("from child");
    }, parent);
    assert.throws(() => child.switch(), { message: "from child" });
    assert.equal(parentRan, false);
    assert.ok(parent.dead && child.dead);
  });

  it("treats an error thrown by run's parameter defaults as the greenlet's own failure", () => {
    const g = new Greenlet(function* ({ a }: { a: number }) {
      return a;
    });
    assert.throws(() => g.switch(), TypeError);
    assert.equal(g.dead, true);
  });
});

describe("getcurrent and dead", () => {
  it("is the main greenlet in ordinary code and the greenlet itself in its body", () => {
    assert.equal(main.isMain(), true);
    assert.equal(main.parent, null);
    assert.equal(main.name, "main");
    const g = new Greenlet(function* () {
      return getcurrent();
    });
    assert.equal(g.switch(), g);
    assert.equal(g.isMain(), false);
  });

  it("is false before start and while suspended, true after finishing; main never dies", () => {
    const g = new Greenlet(function* () {
      yield* main.switch();
    });
    assert.equal(g.dead, false);
    g.switch();
    assert.equal(g.dead, false);
    g.switch();
    assert.equal(g.dead, true);
    assert.equal(main.dead, false);
  });
});

describe("names and toString", () => {
  it("names a greenlet after its option, else run's name, else greenlet-N", () => {
    assert.equal(new Greenlet(function* worker() {}).name, "worker");
    assert.equal(new Greenlet(function* worker() {}, { name: "w1" }).name, "w1");
    assert.match(new Greenlet(function* () {}).name, /^greenlet-\d+$/);
    assert.equal(new Greenlet(function* run() {}).name, "run");
  });

  it("shows the name and the state", () => {
    const g = new Greenlet(function* worker() {
      assert.equal(String(getcurrent()), "Greenlet 'worker' (running)");
      yield* main.switch();
    });
    assert.equal(String(g), "Greenlet 'worker' (not started)");
    g.switch();
    assert.equal(String(g), "Greenlet 'worker' (suspended)");
    assert.equal(String(main), "Greenlet 'main' (running)");
    g.switch();
    assert.equal(`${g}`, "Greenlet 'worker' (dead)");
  });

  it("runs a subclass's *run() method, with the greenlet as `this`", () => {
    class Doubler extends Greenlet {
      calls = 0;
      override *run(x: unknown) {
        this.calls++;
        return (x as number) * 2;
      }
    }
    const d = new Doubler();
    assert.equal(d.name, "Doubler");
    assert.equal(d.switch(21), 42);
    assert.equal(d.calls, 1);
  });
});
