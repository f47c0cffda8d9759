import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type Coroutine, createTask, type Future, run } from "../../src/asyncio/index.js";
import {
  AsyncHTTPClient,
  HTTPClientError,
  HTTPRequest,
  type HTTPResponse,
  HTTPStreamClosedError,
  HTTPTimeoutError,
} from "../../src/tornado/index.js";
import { startTestServer, type TestServer } from "./support.js";

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

/** Runs `main(client)` on a real-clock loop and closes the client afterwards. */
async function withClient<T>(
  main: (client: AsyncHTTPClient) => Coroutine<T>,
  options = {},
): Promise<T> {
  const client = new AsyncHTTPClient(options);
  try {
    return await run(main(client));
  } finally {
    client.close();
  }
}

/** The error a fetch fails with. */
function* failure(f: Future<unknown>) {
  try {
    yield* f;
  } catch (e) {
    return e as HTTPClientError;
  }
  throw new Error("the fetch did not fail");
}

test("fetch: a 200 response with body, headers, code and requestTime in seconds", async () => {
  const r = await withClient(function* (client) {
    return yield* client.fetch(`${server.base}/ok`);
  });
  assert.equal(r.code, 200);
  assert.equal(r.reason, "OK");
  assert.equal(r.body.toString(), "hello");
  assert.equal(r.headers["content-length"], "5");
  assert.equal(r.error, null);
  assert.ok(r.requestTime >= 0 && r.requestTime < 5);
  assert.equal(r.request.url, `${server.base}/ok`);
});

test("fetch: with a callback every failure is on response.error; 599 when no response came", async () => {
  const got: HTTPResponse[] = [];
  await withClient(function* (client) {
    const fs = [
      client.fetch(`${server.base}/missing`, (r) => got.push(r)),
      client.fetch("http://127.0.0.1:1/", (r) => got.push(r)),
    ];
    for (const f of fs) yield* f;
  });
  got.sort((a, b) => a.code - b.code);
  assert.equal(got[0]!.code, 404);
  assert.equal(got[0]!.error!.message, "HTTP 404: Not Found");
  assert.equal(got[0]!.body.toString(), "missing");
  assert.equal(got[1]!.code, 599);
  assert.equal(
    got[1]!.error!.message,
    "HTTP 599: connect ECONNREFUSED 127.0.0.1:1 (nothing listens there: is the server running?)",
  );
});

test("fetch: without a callback a non-2xx fails with HTTPClientError, unless raiseError: false", async () => {
  await withClient(function* (client) {
    const e = yield* failure(client.fetch(`${server.base}/missing`));
    assert.ok(e instanceof HTTPClientError);
    assert.equal(e.code, 404);
    assert.equal(e.response?.body.toString(), "missing");
    const r = yield* client.fetch(`${server.base}/missing`, { raiseError: false });
    assert.equal(r.code, 404);
    assert.equal(r.error?.code, 404);
  });
});

test("fetch: a DNS failure is a 599", async () => {
  await withClient(function* (client) {
    const e = yield* failure(client.fetch("http://no-such-host.invalid/"));
    assert.equal(e.code, 599);
    assert.match(
      e.message,
      /^HTTP 599: getaddrinfo .*no-such-host\.invalid \(the host name could not be resolved: check the URL\)$/,
    );
  });
});

test("fetch: a response slower than requestTimeout fails with HTTPTimeoutError", async () => {
  await withClient(function* (client) {
    const e = yield* failure(client.fetch(`${server.base}/slow?ms=500`, { requestTimeout: 0.05 }));
    assert.ok(e instanceof HTTPTimeoutError);
    assert.equal(
      e.message,
      "HTTP 599: Timeout during request: no complete response within requestTimeout (0.05 s); raise it if the server is slow",
    );
  });
});

test("fetch: a server that closes mid-body fails with HTTPStreamClosedError", async () => {
  await withClient(function* (client) {
    const e = yield* failure(client.fetch(`${server.base}/cut`));
    assert.ok(e instanceof HTTPStreamClosedError, String(e));
    assert.equal(e.code, 599);
    assert.match(
      e.message,
      /^HTTP 599: Stream closed: the server closed the connection after \d+ bytes of the body, before the end$/,
    );
  });
});

test("fetch: a body over maxBodySize fails (declared or streamed)", async () => {
  await withClient(function* (client) {
    const declared = yield* failure(client.fetch(`${server.base}/big`, { maxBodySize: 1000 }));
    assert.equal(
      declared.message,
      "HTTP 599: Body too large: 5000 bytes is more than maxBodySize (1000); raise maxBodySize to accept it",
    );
    const streamed = yield* failure(
      client.fetch(`${server.base}/chunked-big`, { maxBodySize: 1500 }),
    );
    assert.match(
      streamed.message,
      /^HTTP 599: Body too large: \d+ bytes is more than maxBodySize \(1500\)/,
    );
  });
});

test("fetch: redirects are followed up to maxRedirects", async () => {
  await withClient(function* (client) {
    const r = yield* client.fetch(`${server.base}/redirect`);
    assert.equal(r.code, 200);
    assert.equal(r.effectiveUrl, `${server.base}/ok`);
    const e = yield* failure(client.fetch(`${server.base}/loop`, { maxRedirects: 2 }));
    assert.equal(e.code, 302);
    const no = yield* client.fetch(`${server.base}/redirect`, {
      followRedirects: false,
      raiseError: false,
    });
    assert.equal(no.code, 302);
  });
});

test("fetch: bad input fails at the call", async () => {
  await withClient(function* (client) {
    assert.throws(() => client.fetch("not a url"), {
      name: "RangeError",
      message:
        'HTTPRequest: "not a url" is not a valid URL; give an absolute one such as "http://127.0.0.1:8888/path"',
    });
    assert.throws(() => client.fetch("ftp://127.0.0.1/"), {
      name: "RangeError",
      message:
        'HTTPRequest: unsupported scheme "ftp:" in "ftp://127.0.0.1/"; only http: and https: are supported',
    });
    assert.throws(() => new HTTPRequest(`${server.base}/ok`, { requestTimeout: -1 }), {
      name: "RangeError",
      message: "HTTPRequest: requestTimeout must be a positive number of seconds; got -1",
    });
    assert.throws(() => new HTTPRequest(`${server.base}/ok`, { body: "x" }), {
      name: "RangeError",
      message:
        'HTTPRequest: a GET request cannot have a body; use method "POST" or "PUT" to send one',
    });
    assert.throws(() => new AsyncHTTPClient({ maxClients: 0 }), {
      name: "RangeError",
      message: "AsyncHTTPClient maxClients must be a whole number >= 1; got 0",
    });
    const r = yield* client.fetch(
      new HTTPRequest(`${server.base}/echo-method`, { method: "post", body: "x" }),
    );
    assert.equal(r.body.toString(), "POST");
  });
});

test("fetch: at most maxClients run at once, the rest queue; keep-alive reuses connections", async () => {
  const before = server.connections();
  await withClient(
    function* (client) {
      const fs = Array.from({ length: 12 }, () => client.fetch(`${server.base}/slow?ms=30`));
      assert.deepEqual(client.statistics(), { active: 3, queued: 9, completed: 0, maxClients: 3 });
      for (const f of fs) assert.equal((yield* f).body.toString(), "late");
      assert.deepEqual(client.statistics(), { active: 0, queued: 0, completed: 12, maxClients: 3 });
    },
    { maxClients: 3 },
  );
  assert.equal(server.connections() - before, 3, "12 requests over 3 kept-alive connections");
});

test("fetch: cancelling the waiting task aborts the request and frees its slot", async () => {
  await withClient(
    function* (client) {
      const slow = client.fetch(`${server.base}/slow?ms=2000`);
      const waiter = createTask(function* () {
        return yield* slow;
      });
      yield* createTask(function* () {
        yield;
      });
      waiter.cancel();
      assert.ok(slow.cancelled());
      const r = yield* client.fetch(`${server.base}/ok`);
      assert.equal(r.code, 200);
      assert.equal(client.statistics().active, 0);
    },
    { maxClients: 1 },
  );
});

test("close(): the client's kept-alive connections are closed, nothing is left open", async () => {
  await withClient(function* (client) {
    for (let i = 0; i < 3; i++) yield* client.fetch(`${server.base}/ok`);
  });
  for (let i = 0; i < 50 && server.openSockets() > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(server.openSockets(), 0);
});

test("fetch: a request that waits in the queue past min(connectTimeout, requestTimeout) fails with 599", async () => {
  await withClient(
    function* (client) {
      const running = client.fetch(`${server.base}/slow?ms=300`);
      const queued = client.fetch(`${server.base}/ok`, { connectTimeout: 0.05 });
      const e = yield* failure(queued);
      assert.ok(e instanceof HTTPTimeoutError);
      assert.equal(
        e.message,
        "HTTP 599: Timeout in request queue: 1 requests ran the whole 0.05 s; raise maxClients or the timeouts",
      );
      assert.equal((yield* running).body.toString(), "late");
    },
    { maxClients: 1 },
  );
});
