import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import {
  broadcast,
  type Coroutine,
  coroutine,
  filter,
  grep,
  map,
  sink,
  source,
} from "../../src/coroutine/index.js";

// A sink that records into an array, for assertions.
function collect<T>(into: T[]): Coroutine<T> {
  return sink((item: T) => {
    into.push(item);
  });
}

// A stage that records when it is closed, to check that closing travels down the pipeline.
const closeRecorder = coroutine(function* closeRecorder<T>(
  label: string,
  log: string[],
): Generator<void, void, T> {
  try {
    while (true) yield;
  } finally {
    log.push(`${label} closed`);
  }
});

function captureConsole(t: TestContext): string[] {
  const printed: string[] = [];
  t.mock.method(console, "log", (...args: unknown[]) => {
    printed.push(args.join(" "));
  });
  return printed;
}

describe("pipelines", () => {
  it("source → filter → sink passes on the matching items in order", () => {
    const out: number[] = [];
    source(
      [1, 2, 3, 4, 5, 6],
      filter((n) => n % 2 === 0, collect(out)),
    );
    assert.deepEqual(out, [2, 4, 6]);
  });

  it("map transforms each item", () => {
    const out: number[] = [];
    source(
      ["a", "bb", "ccc"],
      map((s: string) => s.length, collect(out)),
    );
    assert.deepEqual(out, [1, 2, 3]);
  });

  it("broadcast sends every item to each target", () => {
    const all: string[] = [];
    const long: string[] = [];
    source(
      ["ab", "abcd", "c"],
      broadcast([collect(all), filter((s: string) => s.length > 2, collect(long))]),
    );
    assert.deepEqual(all, ["ab", "abcd", "c"]);
    assert.deepEqual(long, ["abcd"]);
  });

  it("source closes the pipeline when the items run out, stage by stage", () => {
    const log: string[] = [];
    const first = closeRecorder<number>("first", log);
    const second = closeRecorder<number>("second", log);
    const head = map((n: number) => n, broadcast([first, second]));
    source([1, 2], head);
    assert.equal(head.closed, true);
    assert.equal(first.closed, true);
    assert.deepEqual(log, ["first closed", "second closed"]);
  });

  it("source closes the target even when the items fail", () => {
    const target = collect<number>([]);
    function* failing(): Generator<number> {
      yield 1;
      throw new Error("disk on fire");
    }
    assert.throws(() => source(failing(), target), { message: "disk on fire" });
    assert.equal(target.closed, true);
  });

  it("an error in a stage comes out of source, and the stages are closed", () => {
    const out: number[] = [];
    const tail = collect(out);
    assert.throws(
      () =>
        source(
          [1, 0, 2],
          map((n: number) => {
            if (n === 0) throw new RangeError("zero");
            return 10 / n;
          }, tail),
        ),
      { message: "zero" },
    );
    assert.deepEqual(out, [10]);
    assert.equal(tail.closed, true);
  });
});

describe("grep", () => {
  it("prints the matching lines when it has no target (the talk's example)", (t) => {
    const printed = captureConsole(t);
    const g = grep("python");
    g.send("pty");
    assert.deepEqual(printed, []);
    g.send("python is");
    assert.deepEqual(printed, ["python is"]);
  });

  it("sends the matching lines to its target", () => {
    const out: string[] = [];
    source(["jython", "python", "ruby", "cpython"], grep("python", collect(out)));
    assert.deepEqual(out, ["python", "cpython"]);
  });

  it("matches a RegExp anywhere in the line, even with the g flag", () => {
    const out: string[] = [];
    source(["a1", "b22", "c", "d3"], grep(/\d/g, collect(out)));
    assert.deepEqual(out, ["a1", "b22", "d3"]);
  });
});

describe("pipeline stages reject bad arguments when they are built", () => {
  const loose = { filter, map, sink, grep, broadcast, source } as unknown as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  const cases: [string, unknown[], string][] = [
    ["sink", ["nope"], 'sink() needs fn as a function, but got the string "nope"'],
    ["filter", [null, collect([])], "filter() needs predicate as a function, but got null"],
    [
      "map",
      [(x: unknown) => x, {}],
      "map() needs a target coroutine to send items to (e.g. `sink(console.log)`), but got a plain object",
    ],
    ["grep", [42], "grep() needs a string or a RegExp pattern, but got the number 42"],
    [
      "broadcast",
      [[collect([]), 3]],
      "broadcast() needs a target coroutine to send items to (e.g. `sink(console.log)`), but got the number 3",
    ],
    [
      "source",
      [[1], undefined],
      "source() needs a target coroutine to send items to (e.g. `sink(console.log)`), but got undefined",
    ],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}() throws a TypeError saying what it needs`, () => {
      assert.throws(() => loose[name]?.(...args), { name: "TypeError", message });
    });
  }
});
