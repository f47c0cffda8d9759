import { connect } from "node:net";
import {
  type Awaitable,
  type Coroutine,
  getRunningLoop,
  type Loop,
  type LoopResource,
  RuntimeError,
} from "../../core/index.js";
import { attach } from "./attach.js";
import { StreamOp } from "./op.js";
import { DEFAULT_LIMIT, type StreamReader } from "./reader.js";
import { checkAddress, checkLimit } from "./validate.js";
import type { StreamWriter, WriterOwner } from "./writer.js";

/**
 * Options of {@link openConnection}.
 * @example
 * yield* openConnection("127.0.0.1", 8888, { limit: 1024 });
 */
export interface OpenConnectionOptions {
  /** The reader's line limit in bytes (default 64 KiB, as asyncio). */
  limit?: number;
}

/**
 * Opens a TCP connection and returns its `[reader, writer]` (asyncio.open_connection). Fails with
 * Node's error (`code` `ECONNREFUSED`, `ENOTFOUND`, ...) when the connection cannot be made;
 * cancelling the wait abandons the attempt and closes the socket.
 * @example
 * const [reader, writer] = yield* openConnection("127.0.0.1", port);
 * writer.write("ping\n");
 * const reply = (yield* reader.readline()).toString();
 * writer.close();
 * yield* writer.waitClosed();
 */
export function openConnection(
  host: string,
  port: number,
  options: OpenConnectionOptions = {},
): Awaitable<[StreamReader, StreamWriter]> {
  checkAddress("openConnection()", host, port);
  const limit = checkLimit("openConnection()", options.limit ?? DEFAULT_LIMIT);
  const loop = runningLoopFor("openConnection()");
  return new StreamOp("openConnection()", () => connectTo(loop, host, port, limit));
}

function* connectTo(
  loop: Loop,
  host: string,
  port: number,
  limit: number,
): Coroutine<[StreamReader, StreamWriter]> {
  const socket = connect({ host, port, noDelay: true, allowHalfOpen: true });
  const connected = loop.createFuture<void>(`openConnection('${host}', ${port})`);
  const release = loop.keepAlive(); // the answer comes from the network
  const onConnect = () => {
    if (!connected.done()) connected.setResult(undefined);
  };
  const onError = (error: Error & { code?: string }) => {
    if (connected.done()) return;
    error.message = `openConnection('${host}', ${port}) failed: ${error.message}${hint(error.code)}`;
    connected.setException(error);
  };
  socket.once("connect", onConnect);
  socket.once("error", onError);
  try {
    yield* connected;
  } catch (error) {
    socket.destroy(); // cancelled, or failed: nothing stays open
    throw error;
  } finally {
    release();
    socket.off("connect", onConnect);
    socket.off("error", onError);
  }
  const connection = new ClientConnection(loop);
  const [reader, writer] = attach(socket, loop, limit, connection);
  connection.writer = writer;
  return [reader, writer];
}

/** What to do about the usual connection errors. */
function hint(code: string | undefined): string {
  switch (code) {
    case "ECONNREFUSED":
      return " (nothing listens there: start the server first, or check host and port)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return " (the host name could not be resolved: check its spelling and your DNS)";
    case "ETIMEDOUT":
      return " (the host did not answer: check that it is reachable)";
    default:
      return "";
  }
}

/** The running loop, or a RuntimeError naming the call. @internal */
export function runningLoopFor(call: string): Loop {
  try {
    return getRunningLoop();
  } catch {
    throw new RuntimeError(`${call} needs a running loop: call it from a task inside run(...)`);
  }
}

/**
 * A client connection (`openConnection`) as a resource of its loop, until its writer starts
 * closing: the loop aborts it if the program left it open, and debug mode says so.
 */
class ClientConnection implements WriterOwner, LoopResource {
  writer: StreamWriter | null = null;
  readonly #untrack: () => void;

  constructor(loop: Loop) {
    this.#untrack = loop.trackResource(this);
  }

  describe(): string {
    return this.writer?.describe() ?? "a client connection";
  }

  close(): void {
    this.writer?.abort();
  }

  writerClosing(): void {
    this.#untrack();
  }
}
