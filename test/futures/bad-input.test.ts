import assert from "node:assert/strict";
import { test } from "node:test";
import {
  asCompleted,
  ProcessPoolExecutor,
  ThreadPoolExecutor,
  wait,
} from "../../src/futures/index.js";

const jobs = new URL("./fixtures/jobs.js", import.meta.url);

test("maxWorkers < 1 or not whole: RangeError at the constructor", () => {
  for (const maxWorkers of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => new ThreadPoolExecutor({ maxWorkers }), {
      name: "RangeError",
      message: `ThreadPoolExecutor({ maxWorkers }): maxWorkers must be a whole number >= 1, got ${maxWorkers}`,
    });
  }
});

test("ProcessPoolExecutor: maxWorkers < 1 or not whole, a bad name: errors at the constructor", () => {
  for (const maxWorkers of [0, -1, 2.5]) {
    assert.throws(() => new ProcessPoolExecutor({ maxWorkers }), {
      name: "RangeError",
      message: `ProcessPoolExecutor({ maxWorkers }): maxWorkers must be a whole number >= 1, got ${maxWorkers}`,
    });
  }
  assert.throws(() => new ProcessPoolExecutor({ name: 7 as never }), {
    name: "TypeError",
    message: "ProcessPoolExecutor({ name }): name must be a string, got 7",
  });
});

test("ProcessPoolExecutor: submit after shutdown, a non-portable function: errors at the call", async () => {
  const pool = new ProcessPoolExecutor({ maxWorkers: 1 });
  assert.throws(
    () => pool.submit(Math.max, 1, 2),
    /^TypeError: submit\(\): max is a native or bound function/,
  );
  await pool.shutdown();
  assert.throws(() => pool.submit(() => 1), {
    name: "RuntimeError",
    message:
      "submit(): the executor is shut down and takes no new jobs; create a new executor, or submit before shutdown()",
  });
});

test("submit after shutdown: RuntimeError at the call", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  await pool.shutdown();
  assert.throws(() => pool.submit(() => 1), {
    name: "RuntimeError",
    message:
      "submit(): the executor is shut down and takes no new jobs; create a new executor, or submit before shutdown()",
  });
});

test("a non-portable function: TypeError at the call", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    assert.throws(() => pool.submit(Math.max, 1, 2), {
      name: "TypeError",
      message:
        "submit(): max is a native or bound function, whose source cannot be sent to a worker; wrap it in a self-contained function or pass { module, name }",
    });
    const shorthand = {
      twice(x: number) {
        return x * 2;
      },
    };
    assert.throws(() => pool.submit(shorthand.twice, 1), {
      name: "TypeError",
      message:
        "submit(): the source of twice is not a self-contained function expression (a method shorthand?); write it as `function twice(...) {...}` or an arrow, or pass { module, name }",
    });
    assert.throws(() => pool.submit(42 as never), {
      name: "TypeError",
      message: "submit(): expected a function or { module, name }, got number 42",
    });
    assert.throws(() => pool.submit({ module: "./jobs.js", name: "double" }), {
      name: "TypeError",
      message:
        'submit(): module "./jobs.js" is relative, and a worker cannot know relative to what; pass new URL("./jobs.js", import.meta.url) or an absolute path',
    });
  } finally {
    await pool.shutdown();
  }
});

test("a module that does not export the name: the future fails with a TypeError naming it", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    await assert.rejects(pool.submit({ module: jobs, name: "nope" }).result(), (e: unknown) => {
      assert.ok(e instanceof TypeError);
      assert.match(
        e.message,
        /has no exported function "nope" \(its exports: .*double.*\); check the name/,
      );
      return true;
    });
    await assert.rejects(pool.submit({ module: jobs, name: "notAFunction" }).result(), TypeError);
  } finally {
    await pool.shutdown();
  }
});

test("an argument that cannot be cloned: a function at the call; other objects fail only their job", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    assert.throws(
      () =>
        pool.submit(
          (f: unknown) => f,
          () => 1,
        ),
      {
        name: "TypeError",
        message:
          "submit(): argument 1 is a function (function (anonymous)), which cannot be copied into a worker; pass data, or send functions as the job itself",
      },
    );
    const good = pool.submit((x: number) => x, 1);
    const bad = pool.submit((x: unknown) => x, new WeakMap());
    await assert.rejects(bad.result(), (e: unknown) => {
      assert.ok(e instanceof TypeError);
      assert.match(
        e.message,
        /^submit\(\): an argument cannot be copied into a worker \(.*\); pass plain data/,
      );
      return true;
    });
    assert.equal(await good, 1);
  } finally {
    await pool.shutdown();
  }
});

test("map() options are checked", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    await assert.rejects(
      pool.map((x: number) => x, [1], { chunksize: 0 }),
      {
        name: "RangeError",
        message: "map(..., { chunksize }): chunksize must be a whole number >= 1, got 0",
      },
    );
    assert.throws(() => pool.submitWith({ timeout: Number.NaN }, () => 1), RangeError);
    assert.throws(() => pool.submit(() => 1).resultSync(Number.NaN), RangeError);
  } finally {
    await pool.shutdown();
  }
});

test("shutdown() with options that are not an object: a clear TypeError at the call", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    const bads: [unknown, string][] = [
      [null, "null"],
      [5, "the number 5"],
      ["now", 'the string "now"'],
      [true, "the boolean true"],
    ];
    for (const [bad, described] of bads) {
      assert.throws(() => pool.shutdown(bad as never), {
        name: "TypeError",
        message: `shutdown(options): options must be an object like { wait: true, cancelFutures: false } or omitted, got ${described}`,
      });
    }
    assert.throws(() => pool.shutdown({ wait: "yes" as never }), {
      name: "TypeError",
      message: 'shutdown({ wait }): wait must be true or false, got the string "yes"',
    });
    assert.throws(() => pool.shutdown({ cancelFutures: 1 as never }), {
      name: "TypeError",
      message: "shutdown({ cancelFutures }): cancelFutures must be true or false, got the number 1",
    });
    assert.equal(pool.statistics().shutdown, false, "a refused call changed nothing");
  } finally {
    await pool.shutdown();
  }
});

test("wait() and asCompleted() of things that are not futures: a clear TypeError at the call", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    const f = pool.submit(() => 1);
    for (const call of [wait, asCompleted] as const) {
      const name = call === wait ? "wait" : "asCompleted";
      assert.throws(() => call([f, 1, 2] as never), {
        name: "TypeError",
        message: `${name}(fs): fs[1] is the number 1, not a Future of spindle/futures; pass the futures that submit() returned`,
      });
      assert.throws(() => call(null as never), {
        name: "TypeError",
        message: `${name}(fs): fs must be an iterable of futures (an array, a Set), got null`,
      });
    }
    await f;
  } finally {
    await pool.shutdown();
  }
});
