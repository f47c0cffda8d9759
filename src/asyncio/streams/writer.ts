import { Buffer } from "node:buffer";
import type { Socket } from "node:net";
import {
  type Awaitable,
  type Loop,
  RuntimeError,
  resolved,
  type WaitTarget,
} from "../../core/index.js";
import { WaitQueue } from "../../core/internal.js";
import type { StreamReader } from "./reader.js";

/**
 * A snapshot of a {@link StreamWriter}.
 * @example
 * writer.statistics(); // { buffered: 0, bytesWritten: 1024, closing: false, closed: false, drainWaiters: 0 }
 */
export interface StreamWriterStatistics {
  /** Bytes written but not yet handed to the kernel (the socket's buffer). */
  buffered: number;
  /** Bytes passed to `write` so far. */
  bytesWritten: number;
  /** Whether `close()` was called or the connection was lost. */
  closing: boolean;
  /** Whether the socket is fully closed. */
  closed: boolean;
  /** Tasks waiting in `drain()`. */
  drainWaiters: number;
}

const DONE = resolved(undefined);

/**
 * Who answers for a connection until it is closed: its server, or for a client connection the
 * record that makes it a resource of its loop. Either closes it if the loop closes first. Told
 * once, when the writer starts closing (by `close()`, `abort()`, or the connection's loss).
 * @internal
 */
export interface WriterOwner {
  writerClosing(writer: StreamWriter): void;
}

/**
 * The writing half of a connection (asyncio.StreamWriter). `write` never blocks: it queues the
 * bytes on the socket. `drain()` is the back-pressure: it waits while the socket's buffer is over
 * its high-water mark (the peer reads slower than we write), and returns at once otherwise.
 *
 * ```
 * writer.write(chunk);   // queued on the socket
 * yield* writer.drain(); // waits for the socket's 'drain' only if write() said the buffer is full
 * ```
 * @example
 * writer.write("hello\n");
 * yield* writer.drain();
 * writer.close();
 * yield* writer.waitClosed();
 */
export class StreamWriter implements WaitTarget {
  readonly #socket: Socket;
  readonly #loop: Loop;
  readonly #reader: StreamReader | null;
  readonly #name: string;
  /** Made on first use: most connections never wait in drain() or waitClosed(), and a server
   * holding 10k idle connections pays for every queue it makes up front. */
  #drainers: WaitQueue<void> | null = null;
  #closers: WaitQueue<void> | null = null;
  #releaseDrain: (() => void) | null = null;
  #releaseClose: (() => void) | null = null;
  #closing = false;
  #closed = false;
  #error: unknown = null;
  #bytesWritten = 0;
  /** Told once when the writer starts closing (see {@link WriterOwner}); null after. */
  #owner: WriterOwner | null;

  /** @internal Made by `openConnection` and `startServer`. */
  constructor(
    socket: Socket,
    loop: Loop,
    reader: StreamReader | null,
    name: string,
    owner: WriterOwner | null = null,
  ) {
    this.#socket = socket;
    this.#loop = loop;
    this.#reader = reader;
    this.#name = `StreamWriter for ${name}`;
    this.#owner = owner;
  }

  /** The reader of the same connection, or null. */
  get reader(): StreamReader | null {
    return this.#reader;
  }

  /**
   * Queues `data` (a Buffer, bytes or a UTF-8 string) for sending. Never waits: follow a burst of
   * writes with `yield* writer.drain()`. Throws RuntimeError after `close()`.
   */
  write(data: string | Uint8Array): void {
    if (typeof data !== "string" && !(data instanceof Uint8Array)) {
      throw new TypeError(
        `StreamWriter.write() needs a string or a Buffer; got ${data === null ? "null" : typeof data}`,
      );
    }
    if (this.#closing) {
      throw new RuntimeError(
        `StreamWriter.write() on ${this.#name}, which is closing or closed; open a new connection to send more`,
      );
    }
    this.#bytesWritten += typeof data === "string" ? Buffer.byteLength(data) : data.length;
    this.#socket.write(data);
  }

  /** Writes each item of `lines` in turn (no separators are added, as in asyncio). */
  writelines(lines: Iterable<string | Uint8Array>): void {
    this.#socket.cork();
    try {
      for (const line of lines) this.write(line);
    } finally {
      this.#socket.uncork();
    }
  }

  /** Whether `writeEof()` is supported: true for TCP. */
  canWriteEof(): boolean {
    return true;
  }

  /** Sends EOF after the buffered bytes (half-close); the connection stays open for reading. */
  writeEof(): void {
    if (!this.#closing) this.#socket.end();
  }

  /**
   * Waits until the socket's buffer is below its high-water mark (returns at once when it already
   * is). Throws the connection's error if it failed, or RuntimeError if it is closed.
   */
  drain(): Awaitable<void> {
    if (this.#error !== null) throw this.#error;
    if (this.#closed) {
      throw new RuntimeError(
        `StreamWriter.drain() on ${this.#name}: the connection is closed; nothing can be sent any more`,
      );
    }
    if (!this.#socket.writableNeedDrain) return DONE;
    // Only the socket's 'drain' (or its closing) can wake us: outside work for the loop.
    this.#releaseDrain ??= this.#loop.keepAlive();
    this.#drainers ??= new WaitQueue<void>(this, { operation: ".drain()" });
    return this.#drainers.park();
  }

  /**
   * Closes the connection once the buffered bytes are sent (asyncio's `close()`: it does not wait;
   * `waitClosed()` does). Idempotent.
   */
  close(): void {
    if (this.#closing) return;
    this.#startClosing();
    this.#socket.destroySoon();
  }

  /** Closes at once, dropping unsent bytes (asyncio's `transport.abort()`). */
  abort(): void {
    this.#startClosing();
    this.#socket.destroy();
  }

  /** Whether `close()` was called or the connection was lost. */
  isClosing(): boolean {
    return this.#closing;
  }

  /** Waits until the socket is fully closed. Never throws: the connection's error is on the reader. */
  waitClosed(): Awaitable<void> {
    if (this.#closed) return DONE;
    this.#releaseClose ??= this.#loop.keepAlive();
    this.#closers ??= new WaitQueue<void>(this, { operation: ".waitClosed()" });
    return this.#closers.park();
  }

  /**
   * Connection details, as asyncio's `get_extra_info`: `"peername"` and `"sockname"` give
   * `[address, port]`, `"socket"` the Node socket; anything else gives `defaultValue`.
   */
  getExtraInfo(name: string, defaultValue: unknown = undefined): unknown {
    const s = this.#socket;
    switch (name) {
      case "peername":
        return s.remoteAddress === undefined ? defaultValue : [s.remoteAddress, s.remotePort];
      case "sockname":
        return s.localAddress === undefined ? defaultValue : [s.localAddress, s.localPort];
      case "socket":
        return s;
      default:
        return defaultValue;
    }
  }

  /** A snapshot for tests and the monitor. */
  statistics(): StreamWriterStatistics {
    return {
      buffered: this.#socket.writableLength,
      bytesWritten: this.#bytesWritten,
      closing: this.#closing,
      closed: this.#closed,
      drainWaiters: this.#drainers?.length ?? 0,
    };
  }

  /** `StreamWriter for 127.0.0.1:5000`, for reports. */
  describe(): string {
    return this.#name;
  }

  /** `await using writer = ...`: closes and waits until closed. */
  [Symbol.asyncDispose](): PromiseLike<void> {
    this.close();
    return this.waitClosed();
  }

  /** Closing from now on (closed by the program, or lost): its owner is told, once. */
  #startClosing(): void {
    this.#closing = true;
    const owner = this.#owner;
    if (owner === null) return;
    this.#owner = null;
    owner.writerClosing(this);
  }

  /** @internal The socket's 'drain': wake every task in `drain()`. */
  drained(): void {
    this.#drainers?.unparkAll(undefined);
    this.#releaseDrain?.();
    this.#releaseDrain = null;
  }

  /** @internal The socket failed: drains throw `error`. */
  failed(error: unknown): void {
    this.#error ??= error;
    this.#startClosing();
    this.#drainers?.failAll(error);
    this.#releaseDrain?.();
    this.#releaseDrain = null;
  }

  /** @internal The socket closed: wake drains and closers; nothing is left open. */
  closedNow(): void {
    this.#startClosing();
    this.#closed = true;
    if (this.#drainers !== null && this.#drainers.length > 0) {
      this.#drainers.failAll(
        new RuntimeError(
          `StreamWriter.drain() on ${this.#name}: the connection closed before the buffered bytes were sent`,
        ),
      );
    }
    this.#releaseDrain?.();
    this.#releaseDrain = null;
    this.#closers?.unparkAll(undefined);
    this.#releaseClose?.();
    this.#releaseClose = null;
  }
}
