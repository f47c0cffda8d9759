import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { run } from "../../src/asyncio/run.js";
import { Thread } from "../../src/threading/index.js";

test("Thread: start, isAlive, join (awaitable), joinSync", async () => {
  const out = new Int32Array(new SharedArrayBuffer(4));
  const t = new Thread({
    target: (out: Int32Array, n: number) => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      out[0] = n * 2;
    },
    args: [out, 21],
    name: "doubler",
  });
  assert.equal(t.name, "doubler");
  assert.equal(t.isAlive(), false);
  t.start();
  assert.equal(t.isAlive(), true);
  t.joinSync();
  assert.equal(t.isAlive(), false);
  assert.equal(out[0], 42);
  await t.join();
});

test("Thread: join() works inside a spindle task; default names are Thread-N", async () => {
  const t = new Thread({ target: () => {} });
  assert.match(t.name, /^Thread-\d+$/);
  t.start();
  await run(function* () {
    yield* t.join();
  });
  assert.equal(t.isAlive(), false);
});

test("Thread: misuse is refused at the call", () => {
  const t = new Thread({ target: () => {} });
  assert.throws(() => t.join(), {
    name: "RuntimeError",
    message: `join(): ${t.name} was never started; call start() first`,
  });
  t.start();
  assert.throws(() => t.start(), {
    name: "RuntimeError",
    message: `start(): ${t.name} was already started; a thread starts once — make a new Thread`,
  });
  t.joinSync();
  assert.throws(() => new Thread({ target: Math.max }), TypeError);
  assert.throws(() => new Thread({ target: (_f: unknown) => {}, args: [() => 1] }), TypeError);
});

test("Thread: an error in the target is printed as Python prints it; the program goes on", async () => {
  const script = fileURLToPath(new URL("./fixtures/thread-error.js", import.meta.url));
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [script], {
    timeout: 20_000,
  });
  assert.equal(stdout, "after the thread\n");
  assert.match(stderr, /^Exception in thread Thread-1:\nError: boom\n/);
});
