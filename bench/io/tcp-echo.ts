// IO1 TCP echo: 200 connections x 500 round trips of one 64-byte line each, on 127.0.0.1. The
// client is the same raw node:net client for both Node rows, so the rows differ only in the
// server: spindle's streams (a handler task per connection: readline, write, drain) against a
// raw node:net echo (write back inside the 'data' callback). Python runs asyncio streams on both
// sides (it has no other client to share).
import { connect, createServer, type Server } from "node:net";
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

const CONNECTIONS = 200;
const ROUND_TRIPS = 500;
const LINE = `${"x".repeat(63)}\n`;

/** The shared client: each connection sends a line, waits for it to come back, `trips` times. */
async function client(port: number, connections: number, trips: number): Promise<number> {
  let echoed = 0;
  await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect({ port, host: "127.0.0.1", noDelay: true });
          let left = trips;
          let pending = 0;
          socket.on("error", reject);
          socket.on("connect", () => socket.write(LINE));
          socket.on("data", (chunk: Buffer) => {
            pending += chunk.length;
            while (pending >= LINE.length) {
              pending -= LINE.length;
              echoed++;
              if (--left === 0) {
                socket.end();
                resolve();
                return;
              }
              socket.write(LINE);
            }
          });
        }),
    ),
  );
  return echoed;
}

function body(start: () => Promise<{ port: number; stop: () => Promise<void> }>, p: Params): Body {
  return async () => {
    const server = await start();
    const t0 = performance.now();
    const echoed = await client(server.port, p.connections!, p.trips!);
    const seconds = (performance.now() - t0) / 1000;
    await server.stop();
    return { roundTripsPerSec: echoed / seconds, echoed };
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
}

export const cases: Record<string, CaseFactory> = {
  async spindle(p: Params) {
    const { newEventLoop, startServer } = await import("spindle");
    return body(async () => {
      const loop = newEventLoop();
      let stop!: () => void;
      const stopped = new Promise<void>((r) => {
        stop = r;
      });
      let port = 0;
      const ready = new Promise<void>((resolveReady) => {
        void loop
          .runUntilComplete(function* () {
            const server = yield* startServer(
              function* (reader, writer) {
                for (;;) {
                  const line = yield* reader.readline();
                  if (line.length === 0) break;
                  writer.write(line);
                  yield* writer.drain();
                }
                writer.close();
              },
              "127.0.0.1",
              0,
            );
            port = server.port;
            resolveReady();
            yield stopped;
            server.close();
            server.closeClients();
            yield* server.waitClosed();
          })
          .finally(() => loop.close());
      });
      await ready;
      return {
        port,
        stop: async () => {
          stop();
          await new Promise((r) => setTimeout(r, 10));
        },
      };
    }, p);
  },

  async raw(p: Params) {
    return body(async () => {
      const server = createServer({ noDelay: true }, (socket) => {
        socket.on("data", (chunk) => socket.write(chunk));
        socket.on("end", () => socket.end());
      });
      const port = await listen(server);
      return { port, stop: () => new Promise<void>((r) => server.close(() => r())) };
    }, p);
  },
};

const here = import.meta.url;
const metric = "roundTripsPerSec";
const params = { connections: CONNECTIONS, trips: ROUND_TRIPS };

export const io1: Workload = {
  id: "IO1",
  title: `TCP echo on 127.0.0.1: ${CONNECTIONS} connections x ${ROUND_TRIPS} round trips of 64-byte lines`,
  metrics: [{ key: metric, label: "round trips/s", unit: "rate", better: "higher" }],
  impls: [
    nodeImpl("spindle", "spindle streams server (raw client)", here, "spindle", params, {
      spindle: true,
      reps: 3,
    }),
    nodeImpl("raw", "node:net echo server (raw client)", here, "raw", params, { reps: 3 }),
    pythonImpl("asyncio", "Python asyncio streams (both sides)", "io.py", "echo", params, {
      reps: 3,
    }),
  ],
  targets: [
    { impl: "raw", metric, ratio: { op: ">=", limit: 0.8 } },
    { impl: "asyncio", metric, ratio: { op: ">=", limit: 3 } },
  ],
  checksum: "echoed",
};
