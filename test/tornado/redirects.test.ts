// Redirects and credentials: a redirect to another origin (scheme, host, port) drops
// Authorization, Cookie and Proxy-Authorization, as fetch, curl and requests do; a same-origin one
// keeps them. Two real servers on 127.0.0.1: different ports are different origins.
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { run } from "../../src/asyncio/index.js";
import { AsyncHTTPClient, type HTTPClientError } from "../../src/tornado/index.js";

interface Origin {
  base: string;
  /** The credential headers each request to this server carried, in order. */
  seen: { path: string; credentials: Record<string, string> }[];
  close(): Promise<void>;
}

const CREDENTIALS = ["authorization", "cookie", "proxy-authorization"];

/** `/to?url=X` redirects (302) to X; `/bad` sends an unparsable Location; anything else echoes. */
async function startOrigin(): Promise<Origin> {
  const seen: Origin["seen"] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    seen.push({ path: url.pathname, credentials: credentialsOf(req.headers) });
    if (url.pathname === "/to") {
      res.writeHead(302, { location: url.searchParams.get("url") ?? "/" });
      res.end();
    } else if (url.pathname === "/bad") {
      res.writeHead(301, { location: "http://[::1" });
      res.end();
    } else if (url.pathname === "/ftp") {
      res.writeHead(302, { location: "ftp://127.0.0.1/file" });
      res.end();
    } else {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ other: req.headers["x-other"] ?? null }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function credentialsOf(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CREDENTIALS) {
    const value = headers[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

let a: Origin;
let b: Origin;
before(async () => {
  [a, b] = await Promise.all([startOrigin(), startOrigin()]);
});
after(() => Promise.all([a.close(), b.close()]));

const headers = {
  Authorization: "Bearer secret",
  cookie: "session=42",
  "PROXY-AUTHORIZATION": "Basic cHJveHk6cHc=",
  "X-Other": "kept",
};
const all = {
  authorization: "Bearer secret",
  cookie: "session=42",
  "proxy-authorization": "Basic cHJveHk6cHc=",
};

async function fetchJson(url: string): Promise<unknown> {
  const client = new AsyncHTTPClient();
  try {
    return await run(function* () {
      const response = yield* client.fetch(url, { headers });
      return JSON.parse(response.body.toString());
    });
  } finally {
    client.close();
  }
}

test("a same-origin redirect keeps Authorization, Cookie and Proxy-Authorization", async () => {
  a.seen.length = 0;
  assert.deepEqual(await fetchJson(`${a.base}/to?url=/echo`), { other: "kept" });
  assert.deepEqual(a.seen, [
    { path: "/to", credentials: all },
    { path: "/echo", credentials: all },
  ]);
});

test("a redirect to another origin (another port) drops the credentials, other headers stay", async () => {
  a.seen.length = 0;
  b.seen.length = 0;
  const target = encodeURIComponent(`${b.base}/echo`);
  assert.deepEqual(await fetchJson(`${a.base}/to?url=${target}`), { other: "kept" });
  assert.deepEqual(a.seen, [{ path: "/to", credentials: all }]);
  assert.deepEqual(b.seen, [{ path: "/echo", credentials: {} }]);
});

test("once dropped they stay dropped, even when the chain comes back to the first origin", async () => {
  a.seen.length = 0;
  b.seen.length = 0;
  const back = encodeURIComponent(`${a.base}/echo`);
  const viaB = encodeURIComponent(`${b.base}/to?url=${back}`);
  assert.deepEqual(await fetchJson(`${a.base}/to?url=${viaB}`), { other: "kept" });
  assert.deepEqual(a.seen, [
    { path: "/to", credentials: all },
    { path: "/echo", credentials: {} },
  ]);
  assert.deepEqual(b.seen, [{ path: "/to", credentials: {} }]);
});

test("an invalid redirect Location is reported as such, naming it", async () => {
  const client = new AsyncHTTPClient();
  const failure = (url: string) =>
    run(function* () {
      try {
        yield* client.fetch(url);
      } catch (e) {
        return e as HTTPClientError;
      }
      throw new Error("the fetch did not fail");
    });
  try {
    const error = await failure(`${a.base}/bad`);
    assert.equal(error.name, "HTTPClientError");
    assert.equal(error.code, 599);
    assert.equal(
      error.message,
      `HTTP 599: Invalid redirect: ${a.base}/bad answered 301 with Location "http://[::1", which is not a valid URL; the redirect was not followed`,
    );
    const ftp = await failure(`${a.base}/ftp`);
    assert.equal(
      ftp.message,
      `HTTP 599: Invalid redirect: ${a.base}/ftp answered 302 with Location "ftp://127.0.0.1/file", whose scheme is not http: or https:; the redirect was not followed`,
    );
  } finally {
    client.close();
  }
});
