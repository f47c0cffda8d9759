import { type AddressInfo, createServer, type Server as NetServer, type Socket } from "node:net";
import {
  type Awaitable,
  type Coroutine,
  type Loop,
  resolved,
  type Task,
  type WaitTarget,
} from "../../core/index.js";
import { WaitQueue } from "../../core/internal.js";
import { attach } from "./attach.js";
import { runningLoopFor } from "./connection.js";
import { StreamOp } from "./op.js";
import { DEFAULT_LIMIT, type StreamReader } from "./reader.js";
import { checkAddress, checkLimit } from "./validate.js";
import type { StreamWriter } from "./writer.js";

/**
 * What `startServer` calls for each connection: a generator function (run as a task), an async
 * function, or a plain function.
 * @example
 * const handler: ClientConnected = function* (reader, writer) { writer.write(yield* reader.readline()); writer.close(); };
 */
export type ClientConnected = (
  reader: StreamReader,
  writer: StreamWriter,
) => Coroutine<unknown> | PromiseLike<unknown> | undefined | void;

/**
 * Options of {@link startServer}.
 * @example
 * yield* startServer(handler, "127.0.0.1", 0, { limit: 1024, backlog: 511 });
 */
export interface StartServerOptions {
  /** The readers' line limit in bytes (default 64 KiB). */
  limit?: number;
  /** The listen backlog (default: Node's, 511). */
  backlog?: number;
}

/**
 * A listening socket as `server.sockets` lists it: `address()` gives the bound address and port.
 * @example
 * const port = server.sockets[0]!.address().port;
 */
export interface ServerSocket {
  address(): AddressInfo;
}

/**
 * A snapshot of a {@link Server}.
 * @example
 * server.statistics(); // { serving: true, connections: 3, accepted: 10, handlers: 3 }
 */
export interface ServerStatistics {
  /** Whether it accepts connections. */
  serving: boolean;
  /** Connections open now. */
  connections: number;
  /** Connections accepted since it started. */
  accepted: number;
  /** Handler tasks still running. */
  handlers: number;
}

const DONE = resolved(undefined);

/**
 * A TCP server (asyncio.Server), made by {@link startServer}. Each connection gets its own reader,
 * writer and handler task (named `handler for <peer>`).
 *
 * Closing: `close()` stops accepting (open connections carry on, as in asyncio); `closeClients()`
 * closes them gracefully, `abortClients()` at once; `waitClosed()` waits until the listening socket
 * and every connection are closed. `await using server = ...` does all three.
 *
 * A handler that throws is reported to the loop's exception handler and its connection aborted;
 * a handler that returns leaves its connection to whoever holds the writer (as in asyncio).
 * @example
 * const server = yield* startServer(function* (reader, writer) {
 *   const line = yield* reader.readline();
 *   writer.write(line);
 *   yield* writer.drain();
 *   writer.close();
 * }, "127.0.0.1", 0);
 * console.log(`listening on ${server.port}`);
 * yield* server.serveForever();
 */
export class Server implements WaitTarget {
  readonly #net: NetServer;
  readonly #loop: Loop;
  readonly #handler: ClientConnected;
  readonly #limit: number;
  readonly #writers = new Set<StreamWriter>();
  readonly #handlers = new Set<Task<unknown>>();
  readonly #closers: WaitQueue<void>;
  #serving = true;
  #closed = false;
  #accepted = 0;
  #address: AddressInfo | null = null;
  /**
   * A server is outside work until its 'close' (not `close()`): a connection may arrive, or an
   * open one end, and wake anyone.
   */
  #release: (() => void) | null;
  /**
   * A resource of its loop while it serves or any of its connections is not closing: if the loop
   * closes first, it closes the server and aborts those connections (debug mode warns).
   */
  #untrack: (() => void) | null;
  /** Connections whose writer has not started closing. */
  #unclosed = 0;

  /** @internal Made by `startServer`. */
  constructor(net: NetServer, loop: Loop, handler: ClientConnected, limit: number) {
    this.#net = net;
    this.#loop = loop;
    this.#handler = handler;
    this.#limit = limit;
    this.#closers = new WaitQueue<void>(this, { operation: ".waitClosed()" });
    this.#release = loop.keepAlive();
    this.#untrack = loop.trackResource({
      describe: () => this.#describeOpen(),
      close: () => this.#loopClosing(),
    });
    net.on("connection", (socket: Socket) => this.#accept(socket));
    net.on("close", () => this.#closedNow());
  }

  /** The listening sockets: one, whose `address().port` is the bound port. Empty once closed. */
  get sockets(): readonly ServerSocket[] {
    if (!this.#serving || this.#address === null) return [];
    const address = this.#address;
    return [{ address: () => address }];
  }

  /** The bound port (the one the system chose when asked for port 0). */
  get port(): number {
    return this.#addressInfo().port;
  }

  /** Whether it accepts connections. */
  isServing(): boolean {
    return this.#serving;
  }

  /** Stops accepting connections; the open ones carry on. Idempotent. */
  close(): void {
    if (!this.#serving) return;
    this.#serving = false;
    this.#net.close(); // its 'close' comes once every connection is closed too
    this.#settle();
  }

  /** Closes every open connection once its buffered bytes are sent. */
  closeClients(): void {
    for (const writer of this.#writers) writer.close();
  }

  /** Closes every open connection at once, dropping unsent bytes. */
  abortClients(): void {
    for (const writer of this.#writers) writer.abort();
  }

  /** Waits until the server is closed and every connection too. */
  waitClosed(): Awaitable<void> {
    if (this.#closed) return DONE;
    return this.#parkForClose();
  }

  /**
   * Waits until the server is closed (asyncio's `serve_forever`). Cancelling the waiting task
   * closes the server and its connections.
   */
  serveForever(): Awaitable<void> {
    return new StreamOp("Server.serveForever()", () => this.#serveForever());
  }

  /** A snapshot for tests and the monitor. */
  statistics(): ServerStatistics {
    return {
      serving: this.#serving,
      connections: this.#writers.size,
      accepted: this.#accepted,
      handlers: this.#handlers.size,
    };
  }

  /** `Server on 127.0.0.1:5000`, for reports. */
  describe(): string {
    const a = this.#address;
    return a === null ? "Server" : `Server on ${a.address}:${a.port}`;
  }

  /** `await using server = ...`: closes the server and its connections and waits for it. */
  [Symbol.asyncDispose](): PromiseLike<void> {
    this.close();
    this.closeClients();
    return this.waitClosed();
  }

  /** @internal A connection's writer started closing (WriterOwner). */
  writerClosing(): void {
    this.#unclosed--;
    this.#settle();
  }

  /** Nothing of it is left for the loop to close: it stops being a resource of the loop. */
  #settle(): void {
    if (this.#serving || this.#unclosed > 0) return;
    this.#untrack?.();
    this.#untrack = null;
  }

  /** For the loop's warning: what the program left open. */
  #describeOpen(): string {
    const n = this.#unclosed;
    const connections = `${n} connection${n === 1 ? "" : "s"}`;
    if (!this.#serving) return `${this.describe()} (closed; ${connections} still open)`;
    return n === 0 ? this.describe() : `${this.describe()} (${connections} open)`;
  }

  /** The loop closes with the server open: stop listening, abort what the program left open. */
  #loopClosing(): void {
    this.close();
    for (const writer of this.#writers) if (!writer.isClosing()) writer.abort();
  }

  /** @internal Records the bound address once listening. */
  listening(): void {
    this.#address = this.#net.address() as AddressInfo;
  }

  *#serveForever(): Coroutine<void> {
    if (this.#closed) return;
    try {
      yield* this.#parkForClose();
    } catch (error) {
      this.close();
      this.closeClients();
      throw error;
    }
  }

  #parkForClose() {
    return this.#closers.park();
  }

  #addressInfo(): AddressInfo {
    if (this.#address === null) {
      throw new RangeError("the server has no address: it is not listening");
    }
    return this.#address;
  }

  #accept(socket: Socket): void {
    if (this.#loop.isClosed()) {
      socket.destroy(); // nobody is left to serve it (the loop closes the server with it)
      return;
    }
    this.#accepted++;
    socket.setNoDelay(true);
    this.#unclosed++;
    const [reader, writer] = attach(socket, this.#loop, this.#limit, this);
    this.#writers.add(writer);
    socket.once("close", () => this.#writers.delete(writer));
    let result: ReturnType<ClientConnected>;
    try {
      result = this.#handler(reader, writer);
    } catch (error) {
      this.#handlerFailed(error, writer, null);
      return;
    }
    if (result === undefined || result === null) return;
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    const task = this.#loop.createTask(result as Coroutine<unknown>, {
      name: `handler for ${peer}`,
    });
    this.#handlers.add(task);
    task.addListener({
      futureDone: () => {
        this.#handlers.delete(task);
        if (task.cancelled()) writer.abort();
        else if (task.exception() !== undefined) {
          this.#handlerFailed(task.exception(), writer, task);
        }
      },
    });
  }

  #handlerFailed(error: unknown, writer: StreamWriter, task: Task<unknown> | null): void {
    writer.abort();
    this.#loop.callExceptionHandler({
      message: `the startServer() handler for ${writer.describe().replace("StreamWriter for ", "")} failed; its connection was closed. Catch errors inside the handler to answer the client first.`,
      exception: error,
      ...(task === null ? {} : { task }),
    });
  }

  #closedNow(): void {
    this.#serving = false;
    this.#settle();
    this.#closed = true;
    this.#release?.();
    this.#release = null;
    this.#closers.unparkAll(undefined);
  }
}

/**
 * Starts a TCP server on `host:port` (port 0: a free one) calling `handler(reader, writer)` for each
 * connection (asyncio.start_server); returns the listening {@link Server}. Fails with Node's error
 * (`EADDRINUSE`, ...) when it cannot listen.
 * @example
 * const server = yield* startServer(function* (reader, writer) {
 *   for (;;) {
 *     const line = yield* reader.readline();
 *     if (line.length === 0) break;
 *     writer.write(line);
 *     yield* writer.drain();
 *   }
 *   writer.close();
 * }, "127.0.0.1", 0);
 */
export function startServer(
  handler: ClientConnected,
  host: string,
  port: number,
  options: StartServerOptions = {},
): Awaitable<Server> {
  if (typeof handler !== "function") {
    throw new TypeError(
      "startServer(handler, host, port) needs a handler function (reader, writer) => ..., e.g. a generator function",
    );
  }
  checkAddress("startServer()", host, port);
  const limit = checkLimit("startServer()", options.limit ?? DEFAULT_LIMIT);
  const backlog = options.backlog;
  if (backlog !== undefined && (!Number.isInteger(backlog) || backlog < 0)) {
    throw new RangeError(`startServer(): backlog must be a whole number >= 0; got ${backlog}`);
  }
  const loop = runningLoopFor("startServer()");
  return new StreamOp("startServer()", () => listen(loop, handler, host, port, limit, backlog));
}

function* listen(
  loop: Loop,
  handler: ClientConnected,
  host: string,
  port: number,
  limit: number,
  backlog: number | undefined,
): Coroutine<Server> {
  const net = createServer({ allowHalfOpen: true, noDelay: true });
  const ready = loop.createFuture<void>(`startServer('${host}', ${port})`);
  const release = loop.keepAlive();
  const onError = (error: Error) => {
    if (ready.done()) return;
    error.message = `startServer('${host}', ${port}) failed: ${error.message}`;
    ready.setException(error);
  };
  net.once("error", onError);
  const server = new Server(net, loop, handler, limit);
  net.listen({ host, port, ...(backlog === undefined ? {} : { backlog }) }, () => {
    if (!ready.done()) ready.setResult(undefined);
  });
  try {
    yield* ready;
  } catch (error) {
    server.close();
    throw error;
  } finally {
    release();
    net.off("error", onError);
  }
  // Later errors (rare for a listening socket) must not crash the process: report them.
  net.on("error", (error) =>
    loop.callExceptionHandler({ message: `${server.describe()} failed`, exception: error }),
  );
  server.listening();
  return server;
}
