// IO4 idle connections: a server holds 10k idle TCP connections open (on 127.0.0.1), each one
// waiting for a line that never comes. spindle: startServer with every handler task parked in
// `reader.readline()`. Raw: a node:net server with a 'data' listener per socket. Measured in the
// server's process, after a full GC: JS heap and RSS growth per held connection. The clients run
// in a child process (idle-clients.ts): `ulimit -n` is 20000 here, and the clients' memory must
// not count. The bound (DESIGN §6 "without growing memory past a stated bound") is on spindle's
// heap per connection: the raw server's cost plus spindle's own (reader, writer, handler task),
// see bench/README.md.
import { fork } from "node:child_process";
import { createServer, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import type { Body, CaseFactory, Params, Sample } from "../lib/case.js";
import { nodeImpl, type Workload } from "../lib/workload.js";

const CONNECTIONS = 10_000;
/** Heap bytes per idle connection spindle may use, all in (see bench/README.md, IO4). */
export const IDLE_HEAP_BOUND = 4096;
/** A run that takes longer than this is broken (it normally takes 1-2 s). */
const DEADLINE_MS = 30_000;

const gc = (globalThis as { gc?: () => void }).gc;
const clientScript = fileURLToPath(new URL("./idle-clients.js", import.meta.url));

/** A server holding connections, as the measurement sees it. */
interface Held {
  port: number;
  /** Connections whose handler waits for a line now. */
  parked: () => number;
  /** Connections open now, server side. */
  open: () => number;
  stop: () => Promise<void>;
}

function settle(): NodeJS.MemoryUsage {
  if (gc === undefined) throw new Error("run node with --expose-gc to measure memory");
  gc();
  gc();
  return process.memoryUsage();
}

async function until(what: string, done: () => boolean): Promise<void> {
  const give = Date.now() + DEADLINE_MS;
  while (!done()) {
    if (Date.now() > give) throw new Error(`IO4: timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function body(start: () => Promise<Held>, p: Params): Body {
  return async (): Promise<Sample> => {
    const n = p.connections!;
    const server = await start();
    const before = settle();
    const t0 = performance.now();
    const clients = fork(clientScript, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const reply = () =>
      new Promise<string>((resolve) => clients.once("message", (m) => resolve(String(m))));
    clients.send({ port: server.port, connections: n });
    const opened = await reply();
    if (opened !== "open") throw new Error(`IO4 clients: ${opened}`);
    await until(`${n} handlers wait for a line`, () => server.parked() === n);
    const openMs = performance.now() - t0;
    const held = settle();
    const parked = server.parked();
    clients.send("close");
    await reply();
    await until("every connection is closed", () => server.open() === 0 && server.parked() === 0);
    await server.stop();
    return {
      heapPerConn: (held.heapUsed - before.heapUsed) / n,
      rssPerConn: (held.rss - before.rss) / n,
      openMs,
      parked,
    };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindle(p: Params) {
    const { newEventLoop, startServer } = await import("spindle");
    return body(async () => {
      const loop = newEventLoop();
      let parked = 0;
      let stop!: () => void;
      const stopped = new Promise<void>((r) => {
        stop = r;
      });
      let server!: Awaited<ReturnType<typeof startServer>>;
      let finished!: Promise<void>;
      await new Promise<void>((ready) => {
        finished = loop
          .runUntilComplete(function* () {
            server = yield* startServer(
              function* (reader, writer) {
                parked++;
                try {
                  for (;;) {
                    const line = yield* reader.readline();
                    if (line.length === 0) break;
                    writer.write(line);
                  }
                } finally {
                  parked--;
                }
                writer.close();
              },
              "127.0.0.1",
              0,
              { backlog: 1024 },
            );
            ready();
            yield stopped;
            server.close();
            server.closeClients();
            yield* server.waitClosed();
          })
          .finally(() => loop.close());
      });
      return {
        port: server.port,
        parked: () => parked,
        open: () => server.statistics().connections + server.statistics().handlers,
        stop: async () => {
          stop();
          await finished;
        },
      };
    }, p);
  },

  async raw(p: Params) {
    return body(async () => {
      const sockets = new Set<Socket>();
      let parked = 0;
      const net = createServer((socket) => {
        sockets.add(socket);
        parked++;
        let pending = "";
        socket.setEncoding("latin1");
        socket.on("data", (chunk: string) => {
          pending += chunk; // a line protocol would split here; nothing ever arrives
        });
        socket.on("end", () => socket.end());
        socket.on("error", () => {});
        socket.on("close", () => {
          parked--;
          sockets.delete(socket);
          void pending;
        });
      });
      await new Promise<void>((r) => net.listen({ port: 0, host: "127.0.0.1", backlog: 1024 }, r));
      return {
        port: (net.address() as { port: number }).port,
        parked: () => parked,
        open: () => sockets.size,
        stop: () => new Promise<void>((r) => net.close(() => r())),
      };
    }, p);
  },
};

const here = import.meta.url;
const params = { connections: CONNECTIONS };

export const io4: Workload = {
  id: "IO4",
  title: `idle connections: a server holds ${CONNECTIONS / 1000}k idle TCP connections (clients in another process)`,
  metrics: [
    { key: "heapPerConn", label: "heap B/conn", unit: "bytes", better: "lower" },
    { key: "rssPerConn", label: "RSS B/conn", unit: "bytes", better: "lower" },
    { key: "openMs", label: "open+park ms", unit: "ms", better: "lower" },
  ],
  impls: [
    nodeImpl("spindle", "spindle startServer, handlers in readline()", here, "spindle", params, {
      spindle: true,
      // Memory is growth within one run (±1% between runs): no warm-up, one run per round keeps
      // IO4 near 20 s (opening 10k connections takes 2-3 s a run).
      reps: 2,
      warmup: 0,
    }),
    nodeImpl("raw", "node:net server, a 'data' listener each", here, "raw", params, {
      reps: 2,
      warmup: 0,
    }),
  ],
  targets: [
    { impl: "spindle", metric: "heapPerConn", value: { op: "<=", limit: IDLE_HEAP_BOUND } },
  ],
  checksum: "parked",
};
