// IO2/IO3 HTTP GETs: 10k GETs of a small page from a local node:http server (in the same process)
// at concurrency 10 and 100: spindle's AsyncHTTPClient (maxClients = concurrency, keep-alive; over
// undici) against undici's Pool and Python Tornado's AsyncHTTPClient (against a Tornado server in
// its own process, since it cannot share ours). A reference row measures bare node:http with a
// keep-alive Agent, the transport spindle used before undici (no target: it shows why).
import http, { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

const REQUESTS = 10_000;
const PAGE = "<html><body>hello from the bench server</body></html>";

async function withServer(
  run: (base: string, requests: number, concurrency: number) => Promise<number>,
  p: Params,
): Promise<Body> {
  return async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html", "content-length": PAGE.length });
      res.end(PAGE);
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const t0 = performance.now();
    const bytes = await run(base, p.requests!, p.concurrency!);
    const seconds = (performance.now() - t0) / 1000;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    return { requestsPerSec: p.requests! / seconds, bytes };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindle(p: Params) {
    const { run } = await import("spindle");
    const { AsyncHTTPClient } = await import("spindle/tornado");
    return withServer(async (base, requests, concurrency) => {
      const client = new AsyncHTTPClient({ maxClients: concurrency });
      let bytes = 0;
      await run(function* () {
        // As a Tornado user would: hand every request to the client at once; it queues them.
        const futures = Array.from({ length: requests }, () => client.fetch(`${base}/`));
        for (const f of futures) bytes += (yield* f).body.length;
      });
      client.close();
      return bytes;
    }, p);
  },

  async undici(p: Params) {
    const { Pool } = await import("undici");
    return withServer(async (base, requests, concurrency) => {
      const pool = new Pool(base, { connections: concurrency });
      let bytes = 0;
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next++ < requests) {
            const { body } = await pool.request({ path: "/", method: "GET" });
            const got = (await body.arrayBuffer()).byteLength; // not `bytes += await …`: it would
            bytes += got; // read `bytes` before the await and lose the other workers' counts
          }
        }),
      );
      await pool.close();
      return bytes;
    }, p);
  },

  /** Bare node:http, keep-alive Agent with maxSockets = concurrency, as many workers. */
  async nodehttp(p: Params) {
    return withServer(async (base, requests, concurrency) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
      const get = () =>
        new Promise<number>((resolve, reject) => {
          const req = http.get(`${base}/`, { agent }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => resolve(Buffer.concat(chunks).length));
            res.on("error", reject);
          });
          req.on("error", reject);
        });
      let bytes = 0;
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next++ < requests) {
            const got = await get();
            bytes += got;
          }
        }),
      );
      agent.destroy();
      return bytes;
    }, p);
  },
};

const here = import.meta.url;
const metric = "requestsPerSec";

function workload(id: string, concurrency: number): Workload {
  const params = { requests: REQUESTS, concurrency };
  return {
    id,
    title: `HTTP: ${REQUESTS / 1000}k GETs of a small page from a local server, concurrency ${concurrency}`,
    metrics: [{ key: metric, label: "requests/s", unit: "rate", better: "higher" }],
    impls: [
      nodeImpl("spindle", "spindle AsyncHTTPClient (undici)", here, "spindle", params, {
        spindle: true,
        reps: 3,
      }),
      nodeImpl("undici", "undici Pool.request", here, "undici", params, { reps: 3 }),
      nodeImpl("nodehttp", "node:http keep-alive Agent (reference)", here, "nodehttp", params, {
        reps: 3,
      }),
      pythonImpl("tornado", "Python Tornado AsyncHTTPClient", "io.py", "http", params, {
        reps: 3,
      }),
    ],
    targets: [
      { impl: "undici", metric, ratio: { op: ">=", limit: 0.8 } },
      { impl: "tornado", metric, ratio: { op: ">=", limit: 3 } },
    ],
    checksum: "bytes",
  };
}

export const io2 = workload("IO2", 10);
export const io3 = workload("IO3", 100);
