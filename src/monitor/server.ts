import { existsSync, unlinkSync } from "node:fs";
import { chmod } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type Loop, RuntimeError } from "../core/index.js";
import { onEveryLoop, WeakLoops } from "./attach.js";
import { measureLag } from "./lag.js";
import { defaultLoop, givenOrRunning, snapshot } from "./snapshot.js";
import { formatTree } from "./tree.js";
import { watcherOf } from "./watcher.js";

/**
 * Options of {@link serve}: a TCP port on a loopback address, or a unix socket path.
 * @example
 * await serve({ port: 0 });                        // a free port on 127.0.0.1
 * await serve({ path: "/tmp/app.monitor.sock" });  // a unix socket, mode 600
 */
export interface ServeOptions {
  /** A TCP port (0: any free one). */
  readonly port?: number;
  /** A unix socket path; it must not exist yet. */
  readonly path?: string;
  /** The loopback address for `port`: "127.0.0.1" (default), "::1" or "localhost". */
  readonly host?: string;
  /** The loop to show; by default the running one (the server then closes with it), else every loop. */
  readonly loop?: Loop;
}

/**
 * A live monitor server (from {@link serve}): HTTP on loopback or a unix socket. `GET /snapshot`
 * answers the snapshot as JSON, `GET /tree` the await tree as text. It never keeps the process
 * alive by itself, and closes with its loop (or at exit).
 * @example
 * const server = await serve({ port: 0 });
 * console.log(`spindle top --connect ${server.address}`);
 * await server.close();
 */
export interface MonitorServer {
  /** What `spindle top --connect` and `spindle ps` take: "127.0.0.1:<port>" or the socket path. */
  readonly address: string;
  readonly port: number | null;
  readonly path: string | null;
  /** Stops listening and removes the socket file; resolves once closed. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/**
 * Serves the monitor's view of this process on a loopback TCP port or a unix socket, for
 * `spindle top --connect …` and `spindle ps …`: only when asked (this call, or the
 * `SPINDLE_MONITOR=<port|path>` environment variable), never on a public address. Watching is on
 * while it serves (creation sites, steps, CPU time, lag). Called inside `run()` it serves that
 * loop and closes with it; outside, it serves whichever loop runs, and closes at exit.
 * Rejects with a clear error for a port in use or a socket path that exists; nothing is left
 * listening then.
 * @example
 * const server = await serve({ port: 0 }); // outside run(): it shows whichever loop runs
 * console.error(`spindle top --connect ${server.address}`);
 * await run(main);
 * await server.close();
 */
export function serve(options: ServeOptions): Promise<MonitorServer> {
  const { port, path, host } = checkServeOptions(options);
  // None given or running: serve whichever loop runs when asked, and watch every loop.
  const loop = givenOrRunning(options.loop, "serve()");
  const where = path !== null ? `path ${path}` : `port ${port} on ${host}`;
  if (path !== null && existsSync(path)) {
    return Promise.reject(
      new RuntimeError(
        `serve({ path }): ${path} already exists; if it is the socket of an earlier run that died, delete it, or choose another path`,
      ),
    );
  }
  const target = loop;
  const server = createServer((request, response) => answer(request, response, target));
  // Neither the server nor a connection to it keeps the process alive.
  server.on("connection", (socket) => socket.unref());
  return new Promise<MonitorServer>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      server.close();
      const why =
        error.code === "EADDRINUSE"
          ? `${where} is in use; choose another${path !== null ? " path" : " port, or port 0 for a free one"}`
          : error.code === "EACCES"
            ? `not allowed to listen on ${where}`
            : `cannot listen on ${where}: ${error.message}`;
      reject(new RuntimeError(`serve(): ${why}`));
    };
    server.once("error", failed);
    const listening = async () => {
      server.off("error", failed);
      server.unref();
      if (path !== null) await chmod(path, 0o600).catch(() => {});
      const bound = server.address();
      const actualPort = typeof bound === "object" && bound !== null ? bound.port : null;
      const address = path ?? `${host.includes(":") ? `[${host}]` : host}:${actualPort}`;
      const stops: (() => void)[] = [measureLag()];
      if (target !== null) stops.push(watcherOf(target).use(true));
      else {
        const watched = new WeakLoops();
        stops.push(
          onEveryLoop((each) => {
            watched.add(each);
            watcherOf(each).acquire(true);
          }),
          () => {
            for (const each of watched.alive()) watcherOf(each).release(true);
          },
        );
      }
      let closed: Promise<void> | null = null;
      const removeSocket = () => {
        if (path !== null && existsSync(path)) unlinkSync(path);
      };
      const close = (): Promise<void> => {
        closed ??= new Promise<void>((done) => {
          for (const stop of stops) stop();
          process.off("exit", removeSocket);
          untrack();
          server.close(() => {
            removeSocket();
            done();
          });
          server.closeAllConnections();
        });
        return closed;
      };
      process.once("exit", removeSocket);
      const untrack =
        target !== null && !target.isClosed()
          ? target.trackResource({ describe: () => `monitor server on ${address}`, close: () => void close() }) // biome-ignore format: one call
          : () => {};
      resolve({
        address,
        port: actualPort,
        path,
        close,
        [Symbol.asyncDispose]: close,
      });
    };
    if (path !== null) server.listen(path, () => void listening());
    else server.listen(port, host, () => void listening());
  });
}

function checkServeOptions(options: ServeOptions): {
  port: number;
  path: string | null;
  host: string;
} {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("serve(options): options must be an object like { port: 0 } or { path: \"/tmp/app.sock\" }"); // biome-ignore format: one message
  }
  const { port, path, host = "127.0.0.1" } = options;
  if ((port === undefined) === (path === undefined)) {
    throw new TypeError("serve(): give exactly one of { port } (TCP on loopback) or { path } (a unix socket)"); // biome-ignore format: one message
  }
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new RangeError(`serve({ port }): port must be a whole number from 0 to 65535 (0: any free port); got ${String(port)}`); // biome-ignore format: one message
  }
  if (path !== undefined && (typeof path !== "string" || path === "")) {
    throw new TypeError(`serve({ path }): path must be a file path for a unix socket; got ${String(path)}`); // biome-ignore format: one message
  }
  if (!LOOPBACK.has(host)) {
    throw new RangeError(
      `serve({ host }): the monitor listens on loopback only (127.0.0.1, ::1 or localhost), since it shows the program's internals; got "${host}". To watch from another machine, forward the port (ssh -L)`,
    );
  }
  return { port: port ?? 0, path: path ?? null, host };
}

function answer(request: IncomingMessage, response: ServerResponse, loop: Loop | null): void {
  response.setHeader("Connection", "close");
  const url = new URL(request.url ?? "/", "http://monitor");
  if (request.method !== "GET") {
    send(response, 405, "text/plain", "only GET: /snapshot (JSON) or /tree (text)\n");
    return;
  }
  if (url.pathname !== "/snapshot" && url.pathname !== "/tree") {
    send(response, 404, "text/plain", "spindle monitor: GET /snapshot (JSON) or /tree (text)\n");
    return;
  }
  let target: Loop;
  try {
    target = loop ?? defaultLoop("snapshot()");
  } catch (error) {
    send(response, 503, "application/json", JSON.stringify({ error: (error as Error).message }));
    return;
  }
  const snap = snapshot(target);
  if (url.pathname === "/tree") send(response, 200, "text/plain", `${formatTree(snap)}\n`);
  else send(response, 200, "application/json", JSON.stringify(snap));
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { "Content-Type": `${type}; charset=utf-8` });
  response.end(body);
}
