import assert from "node:assert/strict";
import { test } from "node:test";
import { toThread } from "../../../src/asyncio/index.js";

test("toThread() says plainly that it is not available yet, at the call", () => {
  assert.throws(() => toThread((a: number) => a * 2, 21), {
    name: "RuntimeError",
    message:
      "toThread() needs the thread pool of spindle/futures, which is not built yet; run CPU-bound work with loop.runInExecutor(executor, fn) and an executor of your own",
  });
});
