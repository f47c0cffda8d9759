// Ordinary async code entering spindle concurrently (issue 12): overlapping run() calls share one
// loop, each settling with its own result or error; a request whose client goes away cancels its
// task. A real node:http server on 127.0.0.1, real fetches.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { test } from "node:test";
import {
  CancelledError,
  type Coroutine,
  createTask,
  getRunningLoop,
  RuntimeError,
  run,
  sleep,
  VirtualClock,
} from "../../src/asyncio/index.js";

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return `http://127.0.0.1:${address.port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

test("overlapping run() calls from HTTP handlers share one loop and each get their own result", async () => {
  let active = 0;
  let peak = 0;
  const loops = new Set<unknown>();
  const server = createServer(async (req, res) => {
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    try {
      const body = await run(
        function* handler(): Coroutine<string> {
          loops.add(getRunningLoop());
          active++;
          peak = Math.max(peak, active);
          try {
            yield* sleep(0.05);
            if (req.url === "/fail") throw new RangeError("this request fails");
            return `answer to ${req.url}`;
          } finally {
            active--;
          }
        },
        { signal: controller.signal },
      );
      res.end(body);
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
  const base = await listen(server);
  try {
    const paths = ["/a", "/b", "/c", "/fail", "/d"];
    const replies = await Promise.all(
      paths.map(async (p) => {
        const response = await fetch(base + p);
        return `${response.status} ${await response.text()}`;
      }),
    );
    assert.deepEqual(replies, [
      "200 answer to /a",
      "200 answer to /b",
      "200 answer to /c",
      "500 RangeError: this request fails",
      "200 answer to /d",
    ]);
    assert.ok(peak >= 2, `the handlers overlapped (peak ${peak})`);
    assert.equal(loops.size, 1, "on one shared loop");
  } finally {
    await close(server);
  }
});

test("a request whose client goes away cancels its run(): the handler's finally runs", async () => {
  const log: string[] = [];
  let settled: (value: string) => void = () => {};
  const outcome = new Promise<string>((resolve) => {
    settled = resolve;
  });
  const server = createServer(async (_req, res) => {
    const controller = new AbortController();
    res.on("close", () => controller.abort(new Error("the client went away")));
    try {
      await run(
        function* slowHandler() {
          try {
            yield* sleep(30);
          } finally {
            log.push("handler cleaned up");
          }
        },
        { signal: controller.signal },
      );
      settled("finished?");
    } catch (error) {
      settled(error instanceof CancelledError ? `cancelled: ${error.message}` : String(error));
    }
  });
  const base = await listen(server);
  try {
    const client = new AbortController();
    const request = fetch(`${base}/slow`, { signal: client.signal }).catch(() => "aborted");
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.abort();
    assert.equal(await request, "aborted");
    assert.equal(await outcome, "cancelled: run() was aborted: the client went away");
    assert.deepEqual(log, ["handler cleaned up"]);
  } finally {
    await close(server);
  }
});

test("a session's leftover tasks are cancelled when its main ends, while other sessions run on", async () => {
  const log: string[] = [];
  const long = run(function* host() {
    yield* sleep(0.2);
    log.push("host done");
    return "host";
  });
  const guest = run(function* guest() {
    createTask(function* orphan() {
      try {
        yield* sleep(10);
      } finally {
        log.push("guest's orphan cancelled");
      }
    });
    yield* sleep(0.01);
    return "guest";
  });
  assert.equal(await guest, "guest");
  assert.deepEqual(log, ["guest's orphan cancelled"], "before the host finished");
  assert.equal(await long, "host");
  assert.deepEqual(log, ["guest's orphan cancelled", "host done"]);
  // Everything ended: a new run() makes a new loop.
  assert.equal(
    await run(function* again() {
      return "again";
    }),
    "again",
  );
});

test("bad input: run() inside a task, a clock for a loop already shared, a signal that is not one", async () => {
  await run(
    function* main() {
      assert.throws(
        () => run(function* () {}),
        (error: unknown) =>
          error instanceof RuntimeError && /inside a coroutine/.test(error.message),
      );
      yield;
    },
    { clock: new VirtualClock() },
  );
  const first = run(function* () {
    yield* sleep(0.01);
  });
  assert.throws(() => run(function* () {}, { clock: new VirtualClock() }), {
    name: "RuntimeError",
    message:
      "run(): another run() is in progress and its loop's clock is set; overlapping run() calls share one loop, so drop the clock option (or wait for the other run() to end)",
  });
  await first;
  assert.throws(() => run(function* () {}, { signal: "stop" as never }), {
    name: "TypeError",
    message:
      "run(): options.signal must be an AbortSignal (from an AbortController, or a request's signal)",
  });
});
